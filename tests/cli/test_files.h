// Topology files for the CLI tests: a private temporary directory, the
// small machines the tests write themselves, and the real-machine files
// (bundled fixtures first, then the shared collection beside the checkout).
#ifndef NUMABIND_CLI_TESTS_TEST_FILES_H
#define NUMABIND_CLI_TESTS_TEST_FILES_H

#include <optional>
#include <string>

namespace nbtest {

// A directory under $TMPDIR (or /tmp), removed with everything in it.
class TempDir {
public:
    TempDir();
    ~TempDir();
    TempDir(const TempDir &) = delete;
    TempDir &operator=(const TempDir &) = delete;

    const std::string &path() const { return path_; }
    // Writes `text` to path()/name and returns the file's path.
    std::string write(const std::string &name, const std::string &text) const;

private:
    std::string path_;
};

// A real machine's hwloc XML by file name: NUMABIND_FIXTURES_DIR/name, else
// NUMABIND_SHARED_TOPOLOGIES/xml/name; nullopt when neither exists.
std::optional<std::string> real_topology_xml(const std::string &name);

// A sysfs capture tarball by file name: NUMABIND_FIXTURES_DIR/name, else
// NUMABIND_SHARED_TOPOLOGIES/fsroot-captures/name; nullopt when neither exists.
std::optional<std::string> sysfs_capture_tarball(const std::string &name);

}  // namespace nbtest

#endif
