// Named shapes where the NUMA layout is the point: GPU-memory nodes that are
// never host nodes (POWER9 with the nodes kept, and the 1.x Lassen export),
// GPUs outside a cpuset partition (SGI UV2000) and a PCI device local to two
// nodes (Dell R910). Expected values from INDEX.md, the reports and hwloc-calc.
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "shape_support.h"

namespace golden {
namespace {

using namespace machines;

const char *const kPower9BusIds =
    "0004:05:00.0,0004:06:00.0,0006:00:00.0,0007:00:00.0,0035:04:00.0,0035:05:00.0";

// The capture keeps only class and local_cpus, so its six V100 are PCI
// devices of vendor 0000: discovery finds no GPU.
TEST(ShapePower9Kept, DiscoveryFindsNoGpuWithVendorZero) {
    GOLDEN_LOAD_OR_SKIP(topology, kPower9Kept);
    int count = -1;
    ASSERT_EQ(nb_topology_gpu_count(&count, topology.get(), nullptr), NB_OK);
    EXPECT_EQ(count, 0);
    nb_status status;
    Plan plan = compute_plan(topology.get(), nullptr, 0, &status);
    EXPECT_EQ(status, NB_ENOGPU) << status_text(status);
}

// With explicit bus ids the GPUs bind to the CPU nodes P#0 (0-15) and P#8
// (88-103), never to the GPUMemory nodes P#250-255 that share their package's
// cpuset (and would otherwise win on a naive cpuset comparison: P#250 < P#8).
TEST(ShapePower9Kept, ExplicitBusIdsBindToCpuNodesNeverGpuMemory) {
    GOLDEN_LOAD_OR_SKIP(topology, kPower9Kept);
    Options options = make_options(NB_MODE_NODE);
    ASSERT_EQ(nb_options_set_pci_bus_ids(options.get(), kPower9BusIds), NB_OK) << nb_last_error();

    TopologyInfo info;
    ASSERT_NO_FATAL_FAILURE(describe(topology.get(), options.get(), &info));
    ASSERT_EQ(info.numa_nodes.size(), 8u);
    for (int os : {250, 251, 252, 253, 254, 255}) {
        const NumaNodeInfo *node = info.node(os);
        ASSERT_NE(node, nullptr) << "P#" << os;
        EXPECT_FALSE(node->has_cpus) << "P#" << os;
        EXPECT_EQ(node->subtype, "GPUMemory") << "P#" << os;
    }
    ASSERT_NE(info.node(0), nullptr);
    EXPECT_TRUE(info.node(0)->has_cpus);
    EXPECT_EQ(bus_ids(info), (std::vector<std::string>{"0004:05:00.0", "0004:06:00.0", "0006:00:00.0",
                                                       "0007:00:00.0", "0035:04:00.0", "0035:05:00.0"}));

    std::vector<RankView> ranks;
    ASSERT_NO_FATAL_FAILURE(plan_ranks(topology.get(), options.get(), 0, &ranks));
    ASSERT_EQ(ranks.size(), 6u);
    const int expected_nodes[6] = {0, 0, 0, 8, 8, 8};
    for (size_t r = 0; r < 6; ++r) {
        SCOPED_TRACE("rank " + std::to_string(r));
        EXPECT_EQ(ranks[r].status, NB_OK);
        EXPECT_EQ(ranks[r].numa_node, expected_nodes[r]);
        EXPECT_EQ(cpus(ranks[r]), r < 3 ? "0-15" : "88-103");
    }

    // Socket: the package's only CPU node (its GPU-memory nodes add nothing).
    Options socket = make_options(NB_MODE_SOCKET);
    ASSERT_EQ(nb_options_set_pci_bus_ids(socket.get(), kPower9BusIds), NB_OK);
    ASSERT_NO_FATAL_FAILURE(plan_ranks(topology.get(), socket.get(), 0, &ranks));
    EXPECT_EQ(cpus(ranks[0]), "0-15");
    EXPECT_EQ(cpus(ranks[5]), "88-103");
}

// The 1.x Lassen export carries GPU-memory nodes P#252-255 that hwloc 2.9
// imports with EMPTY cpusets at Machine level: present in the JSON, CPU-less,
// never a host node.
TEST(ShapeLassenV1, EmptyGpuMemoryNodesAreNeverHostNodes) {
    GOLDEN_LOAD_OR_SKIP(topology, kLassenV1);
    TopologyInfo info;
    ASSERT_NO_FATAL_FAILURE(describe(topology.get(), nullptr, &info));
    ASSERT_EQ(info.numa_nodes.size(), 6u);
    for (int os : {252, 253, 254, 255}) {
        const NumaNodeInfo *node = info.node(os);
        ASSERT_NE(node, nullptr) << "P#" << os;
        EXPECT_FALSE(node->has_cpus) << "P#" << os;
        EXPECT_TRUE(node->cpus.empty()) << "P#" << os;
    }
    std::vector<RankView> node, socket;
    ASSERT_NO_FATAL_FAILURE(plan_ranks_in_mode(topology.get(), NB_MODE_NODE, &node));
    ASSERT_NO_FATAL_FAILURE(plan_ranks_in_mode(topology.get(), NB_MODE_SOCKET, &socket));
    ASSERT_EQ(node.size(), 4u);
    EXPECT_EQ(node[0].numa_node, 0);
    EXPECT_EQ(node[3].numa_node, 8);
    EXPECT_EQ(cpus(node[0]), "8-87");
    EXPECT_EQ(cpus(node[3]), "96-175");
    EXPECT_EQ(cpus(socket[0]), "8-87");
    EXPECT_EQ(cpus(socket[3]), "96-175");
}

// SGI UV2000 partition: only NUMA P#0-1 (CPUs 0-15) are allowed; both NVIDIA
// GPUs hang below packages outside the partition, local to NUMA P#4 (CPUs
// 32-39) and P#7 (56-63) (`hwloc-calc --disallowed -i F pci=0002:01:00.0`).
// No mode may bind them to CPUs they are not near: every rank is
// NB_ENOTALLOWED, and the plan call itself still succeeds.
TEST(ShapeSgiUv2000, GpusOutsideThePartitionAreNotAllowedInEveryMode) {
    GOLDEN_LOAD_OR_SKIP(topology, kSgiUv2000);
    TopologyInfo info;
    ASSERT_NO_FATAL_FAILURE(describe(topology.get(), nullptr, &info));
    EXPECT_EQ(nbtest::format_cpu_list(info.allowed), "0-15");
    EXPECT_EQ(bus_ids(info), (std::vector<std::string>{"0002:01:00.0", "0004:01:00.0"}));
    for (const auto &gpu : info.gpus)
        EXPECT_TRUE(nbtest::cpu_intersection(gpu.local_cpus, info.allowed).empty())
            << gpu.pci_bus_id << " local CPUs " << nbtest::format_cpu_list(gpu.local_cpus);

    for (nb_mode mode : {NB_MODE_NODE, NB_MODE_SOCKET, NB_MODE_EXCLUSIVE, NB_MODE_CORE_COMPLEX,
                         NB_MODE_CLOSEST}) {
        SCOPED_TRACE(nb_mode_name(mode));
        Options options = make_options(mode);
        nb_status status;
        Plan plan = compute_plan(topology.get(), options.get(), 0, &status);
        ASSERT_EQ(status, NB_OK) << "a rank's own failure does not fail the plan: " << nb_last_error();
        ASSERT_EQ(nb_plan_size(plan.get()), 2);
        for (int r = 0; r < 2; ++r) {
            EXPECT_EQ(nb_plan_rank_status(plan.get(), r), NB_ENOTALLOWED) << "rank " << r;
            std::string code, message;
            ASSERT_NO_FATAL_FAILURE(rank_error(plan.get(), r, &code, &message));
            EXPECT_EQ(code, "NB_ENOTALLOWED");
        }
        nb_cpuset *none = nullptr;
        EXPECT_EQ(nb_compute_cpuset(&none, topology.get(), options.get(), 0), NB_ENOTALLOWED);
        EXPECT_EQ(none, nullptr);
    }
}

// Dell R910 with forced PCI locality: the Matrox VGA 0000:09:03.0 is local to
// NUMA P#0 and P#2 (even CPUs 0-38). Its host node is the lowest, P#0
// (0,4,...,36); closest keeps the whole two-node locality.
TEST(ShapeDellR910, PciDeviceLocalToTwoNodesHostsOnTheLowest) {
    GOLDEN_LOAD_OR_SKIP(topology, kDellR910);
    int count = -1;
    ASSERT_EQ(nb_topology_gpu_count(&count, topology.get(), nullptr), NB_OK);
    EXPECT_EQ(count, 0) << "a Matrox VGA is not a GPU";

    Options node = make_options(NB_MODE_NODE);
    ASSERT_EQ(nb_options_set_pci_bus_ids(node.get(), "09:03.0"), NB_OK) << "domain 0 may be omitted";
    std::vector<RankView> ranks;
    ASSERT_NO_FATAL_FAILURE(plan_ranks(topology.get(), node.get(), 0, &ranks));
    ASSERT_EQ(ranks.size(), 1u);
    EXPECT_EQ(ranks[0].numa_node, 0);
    EXPECT_EQ(cpus(ranks[0]), "0,4,8,12,16,20,24,28,32,36");

    Options closest = make_options(NB_MODE_CLOSEST);
    ASSERT_EQ(nb_options_set_pci_bus_ids(closest.get(), "0000:09:03.0"), NB_OK);
    ASSERT_NO_FATAL_FAILURE(plan_ranks(topology.get(), closest.get(), 0, &ranks));
    ASSERT_EQ(ranks.size(), 1u);
    EXPECT_EQ(cpus(ranks[0]), "0,2,4,6,8,10,12,14,16,18,20,22,24,26,28,30,32,34,36,38");
}

// An explicit bus id the topology lacks is reported when the plan is computed.
TEST(ShapeDellR910, UnknownExplicitBusIdIsEgpusel) {
    GOLDEN_LOAD_OR_SKIP(topology, kDellR910);
    Options options = make_options(NB_MODE_NODE);
    ASSERT_EQ(nb_options_set_pci_bus_ids(options.get(), "0000:77:00.0"), NB_OK);
    nb_status status;
    Plan plan = compute_plan(topology.get(), options.get(), 0, &status);
    EXPECT_EQ(status, NB_EGPUSEL) << status_text(status);
    EXPECT_TRUE(last_error_names("0000:77:00.0"));
}

}  // namespace
}  // namespace golden
