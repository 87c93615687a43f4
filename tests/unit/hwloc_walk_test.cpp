// src/hwloc_walk.h: cpu_subtree_of, walk_subtree, numa_nodes_attached_to,
// numa_nodes_inside and ancestor_or_self on generated machines (and on
// hand-written XML for memory-side caches).
#include <hwloc.h>

#include <set>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "hwloc_walk.h"
#include "unit_support.h"

namespace unit {
namespace {

using nbtest::MachineSpec;
using numabind::ancestor_or_self;
using numabind::cpu_subtree_of;
using numabind::numa_nodes_attached_to;
using numabind::numa_nodes_inside;
using numabind::walk_subtree;

// 2 packages x 2 nodes x 2 L3 x 2 cores, SMT 2, x86 numbering: 16 cores, CPUs
// 0..31. Node n (P#n) holds cores 4n..4n+3 = CPUs 4n..4n+3 and 16+4n..19+4n;
// package p holds nodes 2p, 2p+1. GPU memory P#4 hangs off package 0, P#5 off
// the machine.
MachineSpec two_by_two() {
    MachineSpec s;
    s.packages = 2;
    s.nodes_per_package = 2;
    s.l3_per_node = 2;
    s.cores_per_l3 = 2;
    s.smt = 2;
    s.cpuless_nodes = {{4, 0, "GPUMemory", ""}, {5, -1, "GPUMemory", ""}};
    return s;
}

nbtest::CpuSet node_cpus(int n) { return nbtest::cpu_union(nbtest::cpu_range(4 * n, 4 * n + 3),
                                                           nbtest::cpu_range(16 + 4 * n, 19 + 4 * n)); }

std::set<unsigned> os_indexes(const std::vector<hwloc_obj_t> &nodes) {
    std::set<unsigned> out;
    for (hwloc_obj_t node : nodes) {
        EXPECT_EQ(node->type, HWLOC_OBJ_NUMANODE);
        out.insert(node->os_index);
    }
    return out;
}

hwloc_obj_t pu(const numabind::Topology &topology, unsigned cpu) {
    return object_by_os_index(topology, HWLOC_OBJ_PU, cpu);
}

// ---- cpu_subtree_of ------------------------------------------------------------------

TEST(CpuSubtreeOf, NodeInAGroupIsThatGroup) {
    const auto topology = load_machine(two_by_two());
    for (unsigned n = 0; n < 4; ++n) {
        SCOPED_TRACE(n);
        const hwloc_obj_t subtree = cpu_subtree_of(numa_node(*topology, n));
        ASSERT_NE(subtree, nullptr);
        EXPECT_EQ(subtree->type, HWLOC_OBJ_GROUP);
        EXPECT_EQ(members(subtree->cpuset), node_cpus(static_cast<int>(n)));
    }
}

TEST(CpuSubtreeOf, OneNodePerPackageIsThePackage) {
    MachineSpec s;
    s.packages = 2;
    s.cores_per_l3 = 3;
    const auto topology = load_machine(s);
    const hwloc_obj_t subtree = cpu_subtree_of(numa_node(*topology, 1));
    ASSERT_NE(subtree, nullptr);
    EXPECT_EQ(subtree->type, HWLOC_OBJ_PACKAGE);
    EXPECT_EQ(subtree->os_index, 1u);
    EXPECT_EQ(members(subtree->cpuset), nbtest::cpu_range(3, 5));
}

TEST(CpuSubtreeOf, CpulessNodesGetTheObjectTheyHangFrom) {
    const auto topology = load_machine(two_by_two());
    const hwloc_obj_t package_memory = cpu_subtree_of(numa_node(*topology, 4));
    ASSERT_NE(package_memory, nullptr);
    EXPECT_EQ(package_memory->type, HWLOC_OBJ_PACKAGE);
    EXPECT_EQ(package_memory->os_index, 0u);
    EXPECT_EQ(cpu_subtree_of(numa_node(*topology, 5)), hwloc_get_root_obj(topology->hwloc()));
}

TEST(CpuSubtreeOf, NodeBehindAMemorySideCacheIsTheNormalObjectAboveTheCache) {
    // The MemCache between package and node is a memory object with no CPU
    // children; the normal object holding exactly the node's CPUs is the package.
    const auto topology = load_xml(hwloc_xml_of(memory_side_cache_machine()));
    for (unsigned n = 0; n < 2; ++n) {
        SCOPED_TRACE(n);
        const hwloc_obj_t node = numa_node(*topology, n);
        ASSERT_NE(node, nullptr);
        const hwloc_obj_t subtree = cpu_subtree_of(node);
        ASSERT_NE(subtree, nullptr);
        EXPECT_EQ(subtree->type, HWLOC_OBJ_PACKAGE) << "got " << hwloc_obj_type_string(subtree->type);
        EXPECT_EQ(members(subtree->cpuset), nbtest::cpu_range(4 * static_cast<int>(n), 4 * static_cast<int>(n) + 3));
    }
}

TEST(CpuSubtreeOf, NoObjectWithExactlyTheNodesCpusIsNull) {
    // Hand-linked objects: hwloc itself always gives a node its parent's CPUs.
    hwloc_obj parent{}, node{};
    hwloc_bitmap_t parent_cpus = hwloc_bitmap_alloc(), node_cpus_bitmap = hwloc_bitmap_alloc();
    hwloc_bitmap_set_range(parent_cpus, 0, 7);
    hwloc_bitmap_set_range(node_cpus_bitmap, 0, 3);
    parent.type = HWLOC_OBJ_PACKAGE;
    parent.cpuset = parent_cpus;
    node.type = HWLOC_OBJ_NUMANODE;
    node.cpuset = node_cpus_bitmap;
    node.parent = &parent;
    EXPECT_EQ(cpu_subtree_of(&node), nullptr);
    node.parent = nullptr;
    EXPECT_EQ(cpu_subtree_of(&node), nullptr) << "no parent at all";
    hwloc_bitmap_free(parent_cpus);
    hwloc_bitmap_free(node_cpus_bitmap);
}

// ---- walk_subtree ------------------------------------------------------------------

TEST(WalkSubtree, DepthFirstChildrenInOrderNormalObjectsOnly) {
    // Machine > Package > L3 > {Core 0 > PU 0, Core 1 > PU 1}, plus a GPU and a NUMA node,
    // which are I/O and memory children and so not visited.
    MachineSpec s;
    s.cores_per_l3 = 2;
    s.pci_devices = {nbtest::nvidia_gpu("0000:10:00.0", 0, 0)};
    const auto topology = load_machine(s);
    std::vector<std::string> visited;
    walk_subtree(hwloc_get_root_obj(topology->hwloc()), [&](hwloc_obj_t obj) {
        visited.push_back(std::string(hwloc_obj_type_string(obj->type)) + "#" + std::to_string(obj->os_index));
        return true;
    });
    EXPECT_EQ(visited, (std::vector<std::string>{"Machine#0", "Package#0", "L3Cache#0", "Core#0", "PU#0", "Core#1",
                                                 "PU#1"}));
}

TEST(WalkSubtree, FalseSkipsTheChildren) {
    const auto topology = load_machine(two_by_two());
    int cores = 0, pus = 0, l3s = 0;
    walk_subtree(hwloc_get_root_obj(topology->hwloc()), [&](hwloc_obj_t obj) {
        if (obj->type == HWLOC_OBJ_L3CACHE) ++l3s;
        if (obj->type == HWLOC_OBJ_CORE) ++cores;
        if (obj->type == HWLOC_OBJ_PU) ++pus;
        return obj->type != HWLOC_OBJ_CORE;  // do not enter cores
    });
    EXPECT_EQ(l3s, 8);
    EXPECT_EQ(cores, 16);
    EXPECT_EQ(pus, 0);
}

TEST(WalkSubtree, StartsAtTheGivenObject) {
    const auto topology = load_machine(two_by_two());
    const hwloc_obj_t package1 = object_by_os_index(*topology, HWLOC_OBJ_PACKAGE, 1);
    ASSERT_NE(package1, nullptr);
    nbtest::CpuSet cpus;
    hwloc_obj_t first = nullptr;
    walk_subtree(package1, [&](hwloc_obj_t obj) {
        if (first == nullptr) first = obj;
        if (obj->type == HWLOC_OBJ_PU) cpus.insert(static_cast<int>(obj->os_index));
        return true;
    });
    EXPECT_EQ(first, package1);
    EXPECT_EQ(cpus, nbtest::cpu_union(node_cpus(2), node_cpus(3)));
}

// ---- numa_nodes_attached_to / numa_nodes_inside --------------------------------------

TEST(NumaNodesAttachedTo, OnlyTheObjectsOwnMemoryChildren) {
    const auto topology = load_machine(two_by_two());
    const hwloc_obj_t root = hwloc_get_root_obj(topology->hwloc());
    const hwloc_obj_t package0 = object_by_os_index(*topology, HWLOC_OBJ_PACKAGE, 0);
    const hwloc_obj_t group2 = cpu_subtree_of(numa_node(*topology, 2));
    std::vector<hwloc_obj_t> out;
    numa_nodes_attached_to(root, out);
    EXPECT_EQ(os_indexes(out), (std::set<unsigned>{5}));
    out.clear();
    numa_nodes_attached_to(package0, out);
    EXPECT_EQ(os_indexes(out), (std::set<unsigned>{4}));
    out.clear();
    numa_nodes_attached_to(group2, out);
    EXPECT_EQ(os_indexes(out), (std::set<unsigned>{2}));
    out.clear();
    numa_nodes_attached_to(pu(*topology, 0)->parent, out);  // a core
    EXPECT_TRUE(out.empty());
}

TEST(NumaNodesAttachedTo, AppendsToWhatIsThere) {
    const auto topology = load_machine(two_by_two());
    std::vector<hwloc_obj_t> out = {numa_node(*topology, 0)};
    numa_nodes_attached_to(object_by_os_index(*topology, HWLOC_OBJ_PACKAGE, 0), out);
    ASSERT_EQ(out.size(), 2u);
    EXPECT_EQ(out[0]->os_index, 0u);
    EXPECT_EQ(out[1]->os_index, 4u);
}

TEST(NumaNodesAttachedTo, ThroughAMemorySideCache) {
    const auto topology = load_xml(hwloc_xml_of(memory_side_cache_machine()));
    std::vector<hwloc_obj_t> out;
    numa_nodes_attached_to(object_by_os_index(*topology, HWLOC_OBJ_PACKAGE, 0), out);
    EXPECT_EQ(os_indexes(out), (std::set<unsigned>{0, 2})) << "P#0 behind the cache, P#2 directly";
}

TEST(NumaNodesInside, EveryNodeOfTheSubtree) {
    const auto topology = load_machine(two_by_two());
    const hwloc_obj_t root = hwloc_get_root_obj(topology->hwloc());
    EXPECT_EQ(os_indexes(numa_nodes_inside(root)), (std::set<unsigned>{0, 1, 2, 3, 4, 5}));
    EXPECT_EQ(os_indexes(numa_nodes_inside(object_by_os_index(*topology, HWLOC_OBJ_PACKAGE, 0))),
              (std::set<unsigned>{0, 1, 4}));
    EXPECT_EQ(os_indexes(numa_nodes_inside(object_by_os_index(*topology, HWLOC_OBJ_PACKAGE, 1))),
              (std::set<unsigned>{2, 3}));
    EXPECT_EQ(os_indexes(numa_nodes_inside(cpu_subtree_of(numa_node(*topology, 3)))), (std::set<unsigned>{3}));
    EXPECT_EQ(numa_nodes_inside(object_by_os_index(*topology, HWLOC_OBJ_L3CACHE, 0)).size(), 0u)
        << "nodes hang above the L3s";
    EXPECT_EQ(numa_nodes_inside(root).size(), 6u) << "each node once";
}

TEST(NumaNodesInside, ThroughMemorySideCaches) {
    const auto topology = load_xml(hwloc_xml_of(memory_side_cache_machine()));
    EXPECT_EQ(os_indexes(numa_nodes_inside(hwloc_get_root_obj(topology->hwloc()))), (std::set<unsigned>{0, 1, 2}));
}

// ---- ancestor_or_self ------------------------------------------------------------------

TEST(AncestorOrSelf, FindsTheEnclosingObjectOfAType) {
    const auto topology = load_machine(two_by_two());
    const hwloc_obj_t cpu5 = pu(*topology, 5), cpu9 = pu(*topology, 9), cpu29 = pu(*topology, 29);
    ASSERT_NE(cpu5, nullptr);
    EXPECT_EQ(ancestor_or_self(cpu5, HWLOC_OBJ_PACKAGE)->os_index, 0u);
    EXPECT_EQ(ancestor_or_self(cpu9, HWLOC_OBJ_PACKAGE)->os_index, 1u);
    EXPECT_EQ(ancestor_or_self(cpu29, HWLOC_OBJ_PACKAGE)->os_index, 1u) << "CPU 29 is thread 1 of core 13";
    EXPECT_EQ(members(ancestor_or_self(cpu5, HWLOC_OBJ_GROUP)->cpuset), node_cpus(1));
    EXPECT_EQ(ancestor_or_self(cpu5, HWLOC_OBJ_CORE)->os_index, 5u);
    EXPECT_EQ(ancestor_or_self(cpu5, HWLOC_OBJ_MACHINE), hwloc_get_root_obj(topology->hwloc()));
}

TEST(AncestorOrSelf, IncludesTheObjectItself) {
    const auto topology = load_machine(two_by_two());
    const hwloc_obj_t cpu5 = pu(*topology, 5);
    EXPECT_EQ(ancestor_or_self(cpu5, HWLOC_OBJ_PU), cpu5);
    const hwloc_obj_t package1 = object_by_os_index(*topology, HWLOC_OBJ_PACKAGE, 1);
    EXPECT_EQ(ancestor_or_self(package1, HWLOC_OBJ_PACKAGE), package1);
}

TEST(AncestorOrSelf, NoneOfThatTypeAboveIsNull) {
    const auto topology = load_machine(two_by_two());
    EXPECT_EQ(ancestor_or_self(hwloc_get_root_obj(topology->hwloc()), HWLOC_OBJ_PACKAGE), nullptr);
    EXPECT_EQ(ancestor_or_self(pu(*topology, 5), HWLOC_OBJ_NUMANODE), nullptr) << "NUMA nodes are no ancestors";
}

TEST(AncestorOrSelf, FromANumaNodeUpwards) {
    const auto topology = load_machine(two_by_two());
    EXPECT_EQ(ancestor_or_self(numa_node(*topology, 3), HWLOC_OBJ_PACKAGE)->os_index, 1u);
    EXPECT_EQ(ancestor_or_self(numa_node(*topology, 4), HWLOC_OBJ_PACKAGE)->os_index, 0u);
    EXPECT_EQ(ancestor_or_self(numa_node(*topology, 5), HWLOC_OBJ_PACKAGE), nullptr);
}

}  // namespace
}  // namespace unit
