// Named shapes of NVIDIA machines that INDEX.md calls out. Expected values come
// from INDEX.md, the reports, and hwloc-calc on the files (e.g.
// `hwloc-calc -i F --pi node:3 --po -I pu`), never from numabind.
#include <algorithm>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "scoped_env.h"
#include "shape_support.h"

namespace golden {
namespace {

using namespace machines;

// The example: on the SNC4 Dell XE8640, local rank 0 drives the GPU
// with the lowest bus id, 0000:4e:00.0 (cuda0), on NUMA P#3, and "node" binds
// it to that node's 28 PUs.
TEST(ShapeXe8640, Rank0IsGpu4eOnNuma3WithCpus42To55And154To167) {
    GOLDEN_LOAD_OR_SKIP(topology, kXe8640);
    nb_status status;
    Plan plan = compute_plan(topology.get(), nullptr, 0, &status);
    ASSERT_EQ(status, NB_OK) << nb_last_error();
    auto ranks = read_plan(plan.get());
    ASSERT_EQ(ranks.size(), 4u);
    EXPECT_EQ(ranks[0].status, NB_OK);
    EXPECT_EQ(ranks[0].gpu_index, 0);
    EXPECT_EQ(ranks[0].numa_node, 3);
    EXPECT_EQ(cpus(ranks[0]), "42-55,154-167");

    TopologyInfo info;
    ASSERT_NO_FATAL_FAILURE(describe(topology.get(), nullptr, &info));
    ASSERT_EQ(info.gpus.size(), 4u);
    EXPECT_EQ(info.gpus[0].pci_bus_id, "0000:4e:00.0");
    EXPECT_EQ(info.gpus[0].pci_id, "10de:2330");

    nb_cpuset *direct = nullptr;
    ASSERT_EQ(nb_compute_cpuset(&direct, topology.get(), nullptr, 0), NB_OK) << nb_last_error();
    Cpuset owned(direct);
    EXPECT_EQ(nbtest::format_cpu_list(to_cpu_set(direct)), "42-55,154-167");
}

// Socket mode: package 0 holds NUMA P#0-3 (`hwloc-calc -i F package:0 --po -I numa`).
TEST(ShapeXe8640, SocketIsTheFourNodesOfPackage0) {
    GOLDEN_LOAD_OR_SKIP(topology, kXe8640);
    std::vector<RankView> ranks;
    ASSERT_NO_FATAL_FAILURE(plan_ranks_in_mode(topology.get(), NB_MODE_SOCKET, &ranks));
    ASSERT_EQ(ranks.size(), 4u);
    EXPECT_EQ(cpus(ranks[0]), "0-55,112-167");
    EXPECT_EQ(cpus(ranks[1]), "0-55,112-167");  // 5f:00.0 on P#1, same package
}

// The XE8640 export was anonymised upstream: all four NVML UUIDs are
// GPU-00000000-0000-0000-0000-000000000000, so selecting by that UUID is
// ambiguous, from the options or from CUDA_VISIBLE_DEVICES.
TEST(ShapeXe8640, AnonymisedAllZeroUuidIsAmbiguous) {
    GOLDEN_LOAD_OR_SKIP(topology, kXe8640);
    const char *zero = "GPU-00000000-0000-0000-0000-000000000000";
    Options options = make_options(NB_MODE_NODE);
    ASSERT_EQ(nb_options_set_visible_devices(options.get(), zero), NB_OK);
    nb_status status;
    Plan plan = compute_plan(topology.get(), options.get(), 0, &status);
    EXPECT_EQ(status, NB_EGPUSEL) << status_text(status);
    EXPECT_TRUE(last_error_names("GPU-00000000"));

    ScopedEnv env("CUDA_VISIBLE_DEVICES", zero);
    Plan from_env = compute_plan(topology.get(), nullptr, 0, &status);
    EXPECT_EQ(status, NB_EGPUSEL) << status_text(status);
}

// DGX-2H: 16 V100 (class 0302) and 12 NVSwitches (10de:1ac2, class 0680) on
// the same vendor id; only the V100s are GPUs.
TEST(ShapeDgx2, SixteenGpusAndNoNvSwitch) {
    GOLDEN_LOAD_OR_SKIP(topology, kDgx2);
    TopologyInfo info;
    ASSERT_NO_FATAL_FAILURE(describe(topology.get(), nullptr, &info));
    ASSERT_EQ(info.gpus.size(), 16u);
    const std::vector<std::string> nvswitches = {"0000:61:00.0", "0000:62:00.0", "0000:63:00.0",
                                                 "0000:65:00.0", "0000:67:00.0", "0000:c1:00.0",
                                                 "0000:c2:00.0"};
    for (const auto &gpu : info.gpus) {
        EXPECT_EQ(gpu.pci_class, "0302") << gpu.pci_bus_id;
        EXPECT_EQ(gpu.pci_id, "10de:1db8") << gpu.pci_bus_id;
        EXPECT_EQ(std::count(nvswitches.begin(), nvswitches.end(), gpu.pci_bus_id), 0) << gpu.pci_bus_id;
    }
    // An explicit bus id selects any PCI device, an NVSwitch included.
    Options options = make_options(NB_MODE_NODE);
    ASSERT_EQ(nb_options_set_pci_bus_ids(options.get(), "0000:61:00.0"), NB_OK);
    TopologyInfo explicit_info;
    ASSERT_NO_FATAL_FAILURE(describe(topology.get(), options.get(), &explicit_info));
    ASSERT_EQ(explicit_info.gpus.size(), 1u);
    EXPECT_EQ(explicit_info.gpus[0].pci_class, "0680");
}

// The CPU side was trimmed upstream to 2 cores per socket: node mode still
// works (2 CPUs per node), exclusive cannot split 2 cores among 8 GPUs.
TEST(ShapeDgx2, ExclusiveWithEightGpusOnTwoCoresIsEcores) {
    GOLDEN_LOAD_OR_SKIP(topology, kDgx2);
    std::vector<RankView> node;
    ASSERT_NO_FATAL_FAILURE(plan_ranks_in_mode(topology.get(), NB_MODE_NODE, &node));
    ASSERT_EQ(node.size(), 16u);
    EXPECT_EQ(cpus(node[0]), "0-1");
    EXPECT_EQ(cpus(node[15]), "24-25");

    Options options = make_options(NB_MODE_EXCLUSIVE);
    nb_status status;
    Plan plan = compute_plan(topology.get(), options.get(), 0, &status);
    ASSERT_EQ(status, NB_OK) << "a rank's own failure does not fail the plan: " << nb_last_error();
    for (int r = 0; r < 16; ++r) {
        SCOPED_TRACE("rank " + std::to_string(r));
        EXPECT_EQ(nb_plan_rank_status(plan.get(), r), NB_ECORES);
        std::string code, message;
        ASSERT_NO_FATAL_FAILURE(rank_error(plan.get(), r, &code, &message));
        EXPECT_EQ(code, "NB_ECORES");
        // names the node and both counts: 2 cores, 8 GPUs
        EXPECT_TRUE(contains_number(message, r < 8 ? 0 : 1)) << message;
        EXPECT_TRUE(contains_number(message, 2)) << message;
        EXPECT_TRUE(contains_number(message, 8)) << message;
    }
    nb_cpuset *none = nullptr;
    EXPECT_EQ(nb_compute_cpuset(&none, topology.get(), options.get(), 0), NB_ECORES);
    EXPECT_EQ(none, nullptr);
    const std::string error = nb_last_error();
    EXPECT_TRUE(contains_number(error, 0)) << error;
    EXPECT_TRUE(contains_number(error, 2)) << error;
    EXPECT_TRUE(contains_number(error, 8)) << error;
}

// IBM x3950 M2: the only display device is an ATI ES1000 BMC chip (AMD
// vendor, class 0300) with nothing but a card0 display node.
TEST(ShapeX3950, BmcVgaOnlyIsNoGpu) {
    GOLDEN_LOAD_OR_SKIP(topology, kX3950);
    int count = -1;
    ASSERT_EQ(nb_topology_gpu_count(&count, topology.get(), nullptr), NB_OK);
    EXPECT_EQ(count, 0);
    nb_status status;
    Plan plan = compute_plan(topology.get(), nullptr, 0, &status);
    EXPECT_EQ(status, NB_ENOGPU) << status_text(status);
    EXPECT_EQ(plan, nullptr);

    Options amd = make_options(NB_MODE_NODE);
    ASSERT_EQ(nb_options_set_gpu_vendor(amd.get(), NB_GPU_VENDOR_AMD), NB_OK);
    ASSERT_EQ(nb_topology_gpu_count(&count, topology.get(), amd.get()), NB_OK);
    EXPECT_EQ(count, 0) << "a card node alone is a display, even with vendor amd";
}

// HP SL390s: three Fermi Teslas (bus order 06 < 11 < 14, not tree order) and
// an ES1000 BMC VGA 0000:01:03.0 that is not counted.
TEST(ShapeSl390s, ThreeNvidiaGpusAndTheEs1000IsNotCounted) {
    GOLDEN_LOAD_OR_SKIP(topology, kSl390s);
    TopologyInfo info;
    ASSERT_NO_FATAL_FAILURE(describe(topology.get(), nullptr, &info));
    EXPECT_EQ(bus_ids(info), (std::vector<std::string>{"0000:06:00.0", "0000:11:00.0", "0000:14:00.0"}));
    std::vector<RankView> ranks;
    ASSERT_NO_FATAL_FAILURE(plan_ranks_in_mode(topology.get(), NB_MODE_NODE, &ranks));
    ASSERT_EQ(ranks.size(), 3u);
    EXPECT_EQ(cpus(ranks[0]), "0,2,4,6,8,10,12,14,16,18,20,22");  // NUMA P#0: even PUs
    EXPECT_EQ(cpus(ranks[1]), "1,3,5,7,9,11,13,15,17,19,21,23");

    Options amd = make_options(NB_MODE_NODE);
    ASSERT_EQ(nb_options_set_gpu_vendor(amd.get(), NB_GPU_VENDOR_AMD), NB_OK);
    int count = -1;
    ASSERT_EQ(nb_topology_gpu_count(&count, topology.get(), amd.get()), NB_OK);
    EXPECT_EQ(count, 0) << "the ES1000 has no compute OS device";
}

// Supermicro X9DRG: three NVIDIA Teslas and an AMD Radeon HD 7970
// (0000:84:00.1, class 0300 with an OpenCL device) on NUMA P#1.
TEST(ShapeX9drg, AutoPrefersNvidiaOverTheRadeon) {
    GOLDEN_LOAD_OR_SKIP(topology, kX9drg);
    TopologyInfo info;
    ASSERT_NO_FATAL_FAILURE(describe(topology.get(), nullptr, &info));
    EXPECT_EQ(bus_ids(info), (std::vector<std::string>{"0000:03:00.0", "0000:83:00.0", "0000:84:00.0"}));
    for (const auto &gpu : info.gpus) EXPECT_EQ(gpu.vendor, "nvidia");

    Options nvidia = make_options(NB_MODE_NODE);
    ASSERT_EQ(nb_options_set_gpu_vendor(nvidia.get(), NB_GPU_VENDOR_NVIDIA), NB_OK);
    TopologyInfo forced;
    ASSERT_NO_FATAL_FAILURE(describe(topology.get(), nvidia.get(), &forced));
    EXPECT_EQ(bus_ids(forced), bus_ids(info));
}

TEST(ShapeX9drg, VendorAmdSelectsTheRadeon) {
    GOLDEN_LOAD_OR_SKIP(topology, kX9drg);
    Options amd = make_options(NB_MODE_NODE);
    ASSERT_EQ(nb_options_set_gpu_vendor(amd.get(), NB_GPU_VENDOR_AMD), NB_OK);
    TopologyInfo info;
    ASSERT_NO_FATAL_FAILURE(describe(topology.get(), amd.get(), &info));
    ASSERT_EQ(bus_ids(info), (std::vector<std::string>{"0000:84:00.1"}));
    EXPECT_EQ(info.gpus[0].vendor, "amd");
    EXPECT_EQ(info.gpus[0].numa_node, 1);
    std::vector<RankView> ranks;
    ASSERT_NO_FATAL_FAILURE(plan_ranks(topology.get(), amd.get(), 0, &ranks));
    ASSERT_EQ(ranks.size(), 1u);
    EXPECT_EQ(cpus(ranks[0]), "8-15,24-31");  // NUMA P#1
}

// Threadripper 2990WX (flux-sched, LGPL: shared collection only): one NVIDIA
// GP104 (class 0300) on NUMA P#0 and one AMD Vega 10 on P#2; two dies have no
// memory, so their 32 PUs are under no NUMA node at all.
TEST(ShapeThreadripper, NvidiaFirstThenAmdOnRequest) {
    GOLDEN_LOAD_OR_SKIP(topology, kThreadripper);
    std::vector<RankView> ranks;
    ASSERT_NO_FATAL_FAILURE(plan_ranks_in_mode(topology.get(), NB_MODE_NODE, &ranks));
    ASSERT_EQ(ranks.size(), 1u);
    EXPECT_EQ(ranks[0].numa_node, 0);
    EXPECT_EQ(cpus(ranks[0]), "0-7,32-39");
    TopologyInfo info;
    ASSERT_NO_FATAL_FAILURE(describe(topology.get(), nullptr, &info));
    EXPECT_EQ(bus_ids(info), (std::vector<std::string>{"0000:08:00.0"}));

    Options amd = make_options(NB_MODE_NODE);
    ASSERT_EQ(nb_options_set_gpu_vendor(amd.get(), NB_GPU_VENDOR_AMD), NB_OK);
    ASSERT_NO_FATAL_FAILURE(plan_ranks(topology.get(), amd.get(), 0, &ranks));
    ASSERT_EQ(ranks.size(), 1u);
    EXPECT_EQ(ranks[0].numa_node, 2);
    EXPECT_EQ(cpus(ranks[0]), "8-15,40-47");
    TopologyInfo amd_info;
    ASSERT_NO_FATAL_FAILURE(describe(topology.get(), amd.get(), &amd_info));
    EXPECT_EQ(bus_ids(amd_info), (std::vector<std::string>{"0000:44:00.0"}));
}

// LLNL Lassen (hwloc 2.x export): NUMA OS indexes 0 and 8 only, allowed CPUs
// 8-87,96-175 (PUs 0-7 and 88-95 reserved). POWER9 SMT4 cores are 4
// consecutive PUs, so exclusive gives each of a node's 2 GPUs 10 cores.
TEST(ShapeLassen, SparseNodesZeroAndEight) {
    GOLDEN_LOAD_OR_SKIP(topology, kLassen);
    TopologyInfo info;
    ASSERT_NO_FATAL_FAILURE(describe(topology.get(), nullptr, &info));
    ASSERT_EQ(info.numa_nodes.size(), 2u);
    EXPECT_NE(info.node(0), nullptr);
    EXPECT_NE(info.node(8), nullptr);
    EXPECT_EQ(nbtest::format_cpu_list(info.allowed), "8-87,96-175");

    std::vector<RankView> node, exclusive;
    ASSERT_NO_FATAL_FAILURE(plan_ranks_in_mode(topology.get(), NB_MODE_NODE, &node));
    ASSERT_EQ(node.size(), 4u);
    EXPECT_EQ(node[0].numa_node, 0);
    EXPECT_EQ(node[1].numa_node, 0);
    EXPECT_EQ(node[2].numa_node, 8);
    EXPECT_EQ(node[3].numa_node, 8);
    EXPECT_EQ(cpus(node[0]), "8-87");
    EXPECT_EQ(cpus(node[3]), "96-175");

    ASSERT_NO_FATAL_FAILURE(plan_ranks_in_mode(topology.get(), NB_MODE_EXCLUSIVE, &exclusive));
    ASSERT_EQ(exclusive.size(), 4u);
    EXPECT_EQ(cpus(exclusive[0]), "8-47");  // hwloc-calc node:0.core:0-9
    EXPECT_EQ(cpus(exclusive[1]), "48-87");
    EXPECT_EQ(cpus(exclusive[2]), "96-135");
    EXPECT_EQ(cpus(exclusive[3]), "136-175");
}

}  // namespace
}  // namespace golden
