#include "test_files.h"

#include <sys/stat.h>
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

}  // namespace

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
