// Named shapes of AMD machines: Tioga's GPU locality finer than a NUMA node,
// the MI300A GPU partitions (several GPUs per PCI device), and Corona's
// BMC VGA next to compute GPUs. Expected CPU sets from hwloc-calc on the files.
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "shape_support.h"

namespace golden {
namespace {

using namespace machines;

// Tioga (EPYC 7A53, NPS4): each MI250X GCD hangs below one L3 (a CCD of 8
// cores / 16 PUs), half of its NUMA node. Rank 0 drives 0000:c1:00.0 on NUMA
// P#3 (48-63,112-127) whose locality is L3 L#6 = 48-55,112-119
// (`hwloc-calc -i F pci=0000:c1:00.0`); rank 1 (c6) has the other L3.
TEST(ShapeTioga, ClosestIsOneL3StrictlyInsideTheNode) {
    GOLDEN_LOAD_OR_SKIP(topology, kTioga);
    std::vector<RankView> node, closest;
    ASSERT_NO_FATAL_FAILURE(plan_ranks_in_mode(topology.get(), NB_MODE_NODE, &node));
    ASSERT_NO_FATAL_FAILURE(plan_ranks_in_mode(topology.get(), NB_MODE_CLOSEST, &closest));
    ASSERT_EQ(node.size(), 8u);
    ASSERT_EQ(closest.size(), 8u);
    EXPECT_EQ(node[0].numa_node, 3);
    EXPECT_EQ(cpus(node[0]), "48-63,112-127");
    EXPECT_EQ(cpus(closest[0]), "48-55,112-119");
    EXPECT_EQ(closest[0].cpus.size(), 16u);
    EXPECT_LT(closest[0].cpus.size(), node[0].cpus.size());
    EXPECT_EQ(cpus(closest[1]), "56-63,120-127");
    EXPECT_EQ(cpus(closest[4]), "0-7,64-71");  // 0000:d1:00.0 on P#0
}

// Core-complex: node P#3 has two L3 groups of 16 CPUs; the first GPU on the
// node (rank 0) takes the one with the lowest CPU, the second the other.
// Exclusive: 16 cores for 2 GPUs, 8 consecutive cores each (with SMT twins).
TEST(ShapeTioga, CoreComplexAndExclusiveSplitTheNodeByL3) {
    GOLDEN_LOAD_OR_SKIP(topology, kTioga);
    std::vector<RankView> complex, exclusive;
    ASSERT_NO_FATAL_FAILURE(plan_ranks_in_mode(topology.get(), NB_MODE_CORE_COMPLEX, &complex));
    ASSERT_NO_FATAL_FAILURE(plan_ranks_in_mode(topology.get(), NB_MODE_EXCLUSIVE, &exclusive));
    EXPECT_EQ(cpus(complex[0]), "48-55,112-119");
    EXPECT_EQ(cpus(complex[1]), "56-63,120-127");
    EXPECT_EQ(cpus(exclusive[0]), "48-55,112-119");
    EXPECT_EQ(cpus(exclusive[1]), "56-63,120-127");
}

// MI300A (flux-core, LGPL: shared collection only). One PCI device per APU;
// in CPX mode it carries 6 rsmi GPUs, in TPX 3, in SPX 1: each rsmi is a GPU,
// with the PCI device's bus id, in rsmi order.
struct Mi300aCase {
    const char *path;
    int per_apu;
};

/// GoogleTest prints the case (listings, failures) as its file and count, not its bytes.
void PrintTo(const Mi300aCase &c, std::ostream *os) { *os << c.path << " (" << c.per_apu << " GPUs per APU)"; }

class ShapeMi300a : public ::testing::TestWithParam<Mi300aCase> {};

TEST_P(ShapeMi300a, EachRsmiPartitionIsAGpuOnItsApuNode) {
    GOLDEN_LOAD_OR_SKIP(topology, GetParam().path);
    const int per_apu = GetParam().per_apu;
    const char *apu_bus[4] = {"0000:02:00.0", "0001:02:00.0", "0002:02:00.0", "0003:02:00.0"};
    TopologyInfo info;
    ASSERT_NO_FATAL_FAILURE(describe(topology.get(), nullptr, &info));
    ASSERT_EQ(info.gpus.size(), static_cast<size_t>(4 * per_apu));
    for (size_t i = 0; i < info.gpus.size(); ++i) {
        SCOPED_TRACE("GPU " + std::to_string(i));
        EXPECT_EQ(info.gpus[i].pci_bus_id, apu_bus[i / per_apu]);
        EXPECT_EQ(info.gpus[i].numa_node, static_cast<int>(i) / per_apu);
        EXPECT_EQ(info.gpus[i].pci_class, "1200");
    }
}

std::string mi300a_name(const ::testing::TestParamInfo<Mi300aCase> &param) {
    switch (param.param.per_apu) {
        case 6: return "Cpx24";
        case 3: return "Tpx12";
        default: return "Spx4";
    }
}

INSTANTIATE_TEST_SUITE_P(Modes, ShapeMi300a,
                         ::testing::Values(Mi300aCase{kMi300aCpx, 6}, Mi300aCase{kMi300aTpx, 3},
                                           Mi300aCase{kMi300aSpx, 1}),
                         mi300a_name);

// CPX: the 6 GPUs of APU 0 share node P#0 (24 cores, PUs 0-23 + 96-119), so
// exclusive gives each 4 cores: hwloc-calc node:0.core:0-3 = 0-3,96-99 and
// node:0.core:20-23 = 20-23,116-119.
TEST(ShapeMi300aCpx, ExclusiveGivesSixPartitionsFourCoresEach) {
    GOLDEN_LOAD_OR_SKIP(topology, kMi300aCpx);
    std::vector<RankView> ranks;
    ASSERT_NO_FATAL_FAILURE(plan_ranks_in_mode(topology.get(), NB_MODE_EXCLUSIVE, &ranks));
    ASSERT_EQ(ranks.size(), 24u);
    EXPECT_EQ(cpus(ranks[0]), "0-3,96-99");
    EXPECT_EQ(cpus(ranks[1]), "4-7,100-103");
    EXPECT_EQ(cpus(ranks[5]), "20-23,116-119");
    EXPECT_EQ(ranks[6].numa_node, 1);
    EXPECT_EQ(cpus(ranks[6]), "24-27,120-123");
}

// Corona (EPYC 7402, NPS1): 8 MI50 (class 0380) and an ASPEED BMC VGA
// 0000:65:00.0 that is not a GPU; each node has 8 L3 of 3 cores, and its 4
// GPUs take the first 4 L3 groups (hwloc-calc l3:0 = 0-2,48-50, l3:3 = 9-11,57-59).
TEST(ShapeCorona, AspeedIsNotAGpuAndCoreComplexTakesOneCcxEach) {
    GOLDEN_LOAD_OR_SKIP(topology, kCoronaNps1);
    TopologyInfo info;
    ASSERT_NO_FATAL_FAILURE(describe(topology.get(), nullptr, &info));
    ASSERT_EQ(info.gpus.size(), 8u);
    for (const auto &gpu : info.gpus) {
        EXPECT_NE(gpu.pci_bus_id, "0000:65:00.0");
        EXPECT_EQ(gpu.vendor, "amd");
    }
    std::vector<RankView> ranks;
    ASSERT_NO_FATAL_FAILURE(plan_ranks_in_mode(topology.get(), NB_MODE_CORE_COMPLEX, &ranks));
    ASSERT_EQ(ranks.size(), 8u);
    EXPECT_EQ(cpus(ranks[0]), "0-2,48-50");
    EXPECT_EQ(cpus(ranks[3]), "9-11,57-59");
    EXPECT_EQ(cpus(ranks[4]), "24-26,72-74");  // first L3 of node P#1

    Options nvidia = make_options(NB_MODE_NODE);
    ASSERT_EQ(nb_options_set_gpu_vendor(nvidia.get(), NB_GPU_VENDOR_NVIDIA), NB_OK);
    nb_status status;
    Plan plan = compute_plan(topology.get(), nvidia.get(), 0, &status);
    EXPECT_EQ(status, NB_ENOGPU) << "no NVIDIA GPU on an all-AMD machine";
}

}  // namespace
}  // namespace golden
