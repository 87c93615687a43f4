#include "temp_dir.h"

#include <ftw.h>
#include <sys/stat.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <stdexcept>
#include <vector>

namespace nbtest {

namespace {

int remove_entry(const char *path, const struct stat *, int, struct FTW *) { return std::remove(path); }

}  // namespace

TempDir::TempDir() {
    const char *base = std::getenv("TMPDIR");
    const std::string pattern = std::string(base != nullptr && *base != '\0' ? base : "/tmp") + "/numabind-test-XXXXXX";
    std::vector<char> buffer(pattern.begin(), pattern.end());
    buffer.push_back('\0');
    if (mkdtemp(buffer.data()) == nullptr) throw std::runtime_error("mkdtemp failed for " + pattern);
    path_ = buffer.data();
}

TempDir::~TempDir() { nftw(path_.c_str(), remove_entry, 16, FTW_DEPTH | FTW_PHYS); }

std::string TempDir::write(const std::string &name, const std::string &text) const {
    const std::string path = file(name);
    std::ofstream stream(path, std::ios::binary);
    stream << text;
    if (!stream.flush()) throw std::runtime_error("cannot write " + path);
    return path;
}

}  // namespace nbtest
