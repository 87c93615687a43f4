#include "golden_paths.h"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <system_error>

namespace fs = std::filesystem;

namespace golden {

std::string fixtures_dir() { return NUMABIND_FIXTURES_DIR; }

std::string shared_topologies_dir() {
    const char *override_dir = std::getenv("NUMABIND_SHARED_TOPOLOGIES");
    std::string dir = override_dir && *override_dir ? override_dir : NUMABIND_SHARED_TOPOLOGIES;
    std::error_code ec;
    return fs::is_directory(dir, ec) ? dir : std::string();
}

std::string base_name(const std::string &path) {
    size_t slash = path.find_last_of('/');
    return slash == std::string::npos ? path : path.substr(slash + 1);
}

std::string locate_topology(const std::string &collection_path) {
    std::error_code ec;
    fs::path bundled = fs::path(fixtures_dir()) / base_name(collection_path);
    if (fs::is_regular_file(bundled, ec)) return bundled.string();
    std::string shared = shared_topologies_dir();
    if (shared.empty()) return {};
    fs::path in_shared = fs::path(shared) / collection_path;
    return fs::is_regular_file(in_shared, ec) ? in_shared.string() : std::string();
}

std::vector<std::string> list_collection(const std::string &subdir, const std::string &suffix) {
    std::vector<std::string> files;
    std::string shared = shared_topologies_dir();
    std::error_code ec;
    if (shared.empty() || !fs::is_directory(fs::path(shared) / subdir, ec)) return files;
    for (const auto &entry : fs::directory_iterator(fs::path(shared) / subdir, ec)) {
        std::string name = entry.path().filename().string();
        if (entry.is_regular_file(ec) && name.size() > suffix.size() &&
            name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0)
            files.push_back(subdir + "/" + name);
    }
    std::sort(files.begin(), files.end());
    return files;
}

}  // namespace golden
