// Helpers shared by the module unit tests: load a synthetic machine through
// numabind::Topology, find its objects, read a set's members straight from
// hwloc (not through the code under test), check a thrown numabind::Error,
// and set an environment variable for one scope.
#ifndef NUMABIND_TESTS_UNIT_SUPPORT_H
#define NUMABIND_TESTS_UNIT_SUPPORT_H

#include <hwloc.h>

#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include "cpu_list.h"
#include "cpuset.h"
#include "error.h"
#include "numabind.h"
#include "synthetic_topology.h"
#include "topology.h"

namespace unit {

/// The members of an hwloc bitmap, read with hwloc_bitmap_next.
nbtest::CpuSet members(hwloc_const_bitmap_t bitmap);
inline nbtest::CpuSet members(const numabind::CpuSet &set) { return members(set.raw()); }

/// A numabind::CpuSet holding exactly `cpus`, set bit by bit on its bitmap.
numabind::CpuSet make_set(const nbtest::CpuSet &cpus);
inline numabind::CpuSet make_set(const std::string &list) { return make_set(nbtest::parse_cpu_list(list)); }

/// hwloc_xml(spec) loaded the way the library loads any XML buffer.
std::unique_ptr<numabind::Topology> load_machine(const nbtest::MachineSpec &spec);
std::unique_ptr<numabind::Topology> load_xml(const std::string &xml);

/// One object of a hand-written hwloc 2.x XML document, for shapes the
/// synthetic generator does not make (memory-side caches, an L3 above NUMA
/// nodes). Sets are CPU/node list strings; memory children go in `children`
/// like any other (hwloc sorts them out).
struct XmlObject {
    std::string type;
    int os_index = -1;  ///< -1: none written
    std::string cpus;
    std::string nodes;
    std::string extra;  ///< more attributes, written as given (" subtype=\"HBM\"")
    std::vector<XmlObject> children;
};
/// The document with `machine` as its root object (all its CPUs allowed).
std::string hwloc_xml_of(const XmlObject &machine);

/// 2 packages of 2 cores x 2 PUs (package p: cores 2p, 2p+1; CPUs 4p..4p+3,
/// core c = CPUs 2c, 2c+1), one L3 per package. DRAM node P#p sits behind a
/// memory-side cache (MemCache) of package p, as in Optane 2LM or HBM cache
/// mode; package 0 also has an HBM node P#2 attached directly.
XmlObject memory_side_cache_machine();

/// One package of 4 cores x 2 PUs (core c = CPUs 2c, 2c+1) with a single L3
/// over two SNC nodes: Group 0 (CPUs 0-3) holds node P#0, Group 1 (CPUs 4-7)
/// node P#1.
XmlObject l3_over_two_nodes_machine();

/// Four packages of one core x 2 PUs (package p = core p = CPUs 2p, 2p+1).
/// Node P#0 hangs from a Group over packages 0 and 1 (CPUs 0-3); P#1 and P#2
/// sit in packages 2 and 3; GPU memory P#3 hangs from the machine (all CPUs).
XmlObject node_over_two_packages_machine();

/// The NUMA node with this OS index, or nullptr.
hwloc_obj_t numa_node(const numabind::Topology &topology, unsigned os_index);
/// The first normal object of `type` with this OS index, or nullptr.
hwloc_obj_t object_by_os_index(const numabind::Topology &topology, hwloc_obj_type_t type, unsigned os_index);
/// The PCI device at "DDDD:BB:DD.F", or nullptr.
hwloc_obj_t pci_device(const numabind::Topology &topology, const std::string &bus_id);

/// Whether `body()` throws numabind::Error with `code` and a message containing `named`.
template <class Body>
::testing::AssertionResult throws_error(Body &&body, nb_status code, const std::string &named = "") {
    try {
        body();
    } catch (const numabind::Error &e) {
        if (e.code() != code)
            return ::testing::AssertionFailure()
                   << "threw " << nb_status_name(e.code()) << " (" << e.what() << "), expected "
                   << nb_status_name(code);
        if (std::string(e.what()).find(named) == std::string::npos)
            return ::testing::AssertionFailure() << "message \"" << e.what() << "\" does not name \"" << named << "\"";
        return ::testing::AssertionSuccess() << e.what();
    } catch (const std::exception &e) {
        return ::testing::AssertionFailure() << "threw a non-Error exception: " << e.what();
    } catch (...) {
        return ::testing::AssertionFailure() << "threw something that is not an exception";
    }
    return ::testing::AssertionFailure() << "threw nothing, expected " << nb_status_name(code);
}

/// Sets (value != nullptr) or unsets an environment variable until the end of
/// the scope, then restores what was there.
class ScopedEnv {
public:
    ScopedEnv(std::string name, const char *value);
    ~ScopedEnv();
    ScopedEnv(const ScopedEnv &) = delete;
    ScopedEnv &operator=(const ScopedEnv &) = delete;

private:
    std::string name_;
    std::optional<std::string> old_;
};

}  // namespace unit

#endif
