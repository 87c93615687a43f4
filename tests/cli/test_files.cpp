#include "test_files.h"

#include <cstdlib>
#include <fstream>
#include <ftw.h>
#include <stdexcept>
#include <sys/stat.h>
#include <unistd.h>
#include <vector>

namespace nbtest {

namespace {

bool is_file(const std::string &path) {
    struct stat info {};
    return stat(path.c_str(), &info) == 0 && S_ISREG(info.st_mode);
}

std::optional<std::string> first_existing_file(const std::vector<std::string> &candidates) {
    for (const std::string &candidate : candidates) {
        if (is_file(candidate)) {
            return candidate;
        }
    }
    return std::nullopt;
}

int remove_entry(const char *path, const struct stat *, int, struct FTW *) {
    return remove(path);
}

}  // namespace

TempDir::TempDir() {
    const char *base = std::getenv("TMPDIR");
    std::string pattern = std::string(base != nullptr && *base != '\0' ? base : "/tmp") +
                          "/numabind-cli-test-XXXXXX";
    std::vector<char> buffer(pattern.begin(), pattern.end());
    buffer.push_back('\0');
    if (mkdtemp(buffer.data()) == nullptr) {
        throw std::runtime_error("mkdtemp failed for " + pattern);
    }
    path_ = buffer.data();
}

TempDir::~TempDir() { nftw(path_.c_str(), remove_entry, 16, FTW_DEPTH | FTW_PHYS); }

std::string TempDir::write(const std::string &name, const std::string &text) const {
    const std::string file = path_ + "/" + name;
    std::ofstream stream(file, std::ios::binary);
    stream << text;
    if (!stream.flush()) {
        throw std::runtime_error("cannot write " + file);
    }
    return file;
}

std::optional<std::string> real_topology_xml(const std::string &name) {
    return first_existing_file({std::string(NUMABIND_FIXTURES_DIR) + "/" + name,
                                std::string(NUMABIND_SHARED_TOPOLOGIES) + "/xml/" + name});
}

std::optional<std::string> sysfs_capture_tarball(const std::string &name) {
    return first_existing_file(
        {std::string(NUMABIND_FIXTURES_DIR) + "/" + name,
         std::string(NUMABIND_SHARED_TOPOLOGIES) + "/fsroot-captures/" + name});
}

}  // namespace nbtest
