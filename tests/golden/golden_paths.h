// Where the golden tests find real-machine topologies: the bundled fixtures
// (tests/fixtures) first, then the shared collection beside the checkout
// (../shared/topologies, described by its INDEX.md), which may be absent.
#ifndef NUMABIND_TESTS_GOLDEN_PATHS_H
#define NUMABIND_TESTS_GOLDEN_PATHS_H

#include <string>
#include <vector>

namespace golden {

/// The bundled fixtures directory (always present in a checkout).
std::string fixtures_dir();

/// The shared collection's root ("…/shared/topologies"), or "" when it is absent.
/// The environment variable NUMABIND_SHARED_TOPOLOGIES overrides the built-in path.
std::string shared_topologies_dir();

/// A file of the collection named by its path there ("xml/aws-….xml"): the
/// bundled fixture of the same file name when there is one (a byte-for-byte
/// copy), else the shared collection's file; "" when neither exists.
std::string locate_topology(const std::string &collection_path);

/// The regular files under <shared>/<subdir> whose name ends in `suffix`, as
/// collection paths ("xml/….xml"), sorted; empty when the directory is absent.
std::vector<std::string> list_collection(const std::string &subdir, const std::string &suffix);

/// The last path component ("xml/a.xml" -> "a.xml").
std::string base_name(const std::string &path);

}  // namespace golden

/// Sets `var` to the located file, or skips the test (saying why) when the
/// file is neither bundled nor in the shared collection.
#define GOLDEN_LOCATE_OR_SKIP(var, collection_path)                                      \
    const std::string var = ::golden::locate_topology(collection_path);                   \
    if (var.empty())                                                                      \
    GTEST_SKIP() << (collection_path)                                                     \
                 << " is neither bundled in tests/fixtures nor present in the shared "    \
                    "topology collection (" << ::golden::shared_topologies_dir() << ")"

#endif
