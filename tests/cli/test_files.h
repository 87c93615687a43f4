// Topology files for the CLI tests (the private temporary directory is
// tests/support/temp_dir.h): the real-machine files
// (bundled fixtures first, then the shared collection beside the checkout).
#ifndef NUMABIND_CLI_TESTS_TEST_FILES_H
#define NUMABIND_CLI_TESTS_TEST_FILES_H

#include <optional>
#include <string>

#include "temp_dir.h"

namespace nbtest {

// A real machine's hwloc XML by file name: NUMABIND_FIXTURES_DIR/name, else
// NUMABIND_SHARED_TOPOLOGIES/xml/name; nullopt when neither exists.
std::optional<std::string> real_topology_xml(const std::string &name);

// A sysfs capture tarball by file name: NUMABIND_FIXTURES_DIR/name, else
// NUMABIND_SHARED_TOPOLOGIES/fsroot-captures/name; nullopt when neither exists.
std::optional<std::string> sysfs_capture_tarball(const std::string &name);

}  // namespace nbtest

#endif
