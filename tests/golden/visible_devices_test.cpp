// Visible-devices remapping on real machines: by index and by UUID on the AWS
// g4dn.metal (its NVML osdevs carry the real GPU UUIDs, listed below from the
// XML, in bus order), the environment variables and the options override,
// and the AMD ROCR -> HIP chain on Tioga.
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "scoped_env.h"
#include "shape_support.h"

namespace golden {
namespace {

using namespace machines;

// NVIDIAUUID info of nvml0..nvml7, which sit on the GPUs in bus order.
const char *const kAwsUuids[8] = {
    "GPU-029490c8-a116-638b-7018-1a6b7a9002ef",  // 0000:18:00.0
    "GPU-e5f1ef2b-71b8-2963-d316-108ad8712874",  // 0000:19:00.0
    "GPU-541de847-535a-023c-84c0-5bead20b12e0",  // 0000:35:00.0
    "GPU-a2f7dfad-d430-4c75-6ba2-e417160afec7",  // 0000:36:00.0
    "GPU-3b0fc29b-614f-8158-8ea6-f4a8c9fa5c27",  // 0000:e7:00.0
    "GPU-84bc1679-aa5f-9954-5afe-8c689c01ec13",  // 0000:e8:00.0
    "GPU-cbe0afec-aa16-5bc7-8379-8e739474cec1",  // 0000:f4:00.0
    "GPU-688323de-3533-d2ca-844c-af1c0f723c87",  // 0000:f5:00.0
};
const char *const kNode0 = "0-23,48-71";  // hwloc-calc --pi node:0 --po -I pu
const char *const kNode1 = "24-47,72-95";

// Plan with options.visible_devices = value (nproc 0); returns the call status.
nb_status plan_visible(const nb_topology *topology, const char *value, std::vector<RankView> *ranks) {
    Options options = make_options(NB_MODE_NODE);
    if (nb_options_set_visible_devices(options.get(), value) != NB_OK) return NB_EINTERNAL;
    nb_status status;
    Plan plan = compute_plan(topology, options.get(), 0, &status);
    if (status == NB_OK) *ranks = read_plan(plan.get());
    return status;
}

TEST(VisibleDevicesAws, UuidsComeFromTheNvmlOsDevices) {
    GOLDEN_LOAD_OR_SKIP(topology, kAwsG4dn);
    TopologyInfo info;
    ASSERT_NO_FATAL_FAILURE(describe(topology.get(), nullptr, &info));
    ASSERT_EQ(info.gpus.size(), 8u);
    for (size_t i = 0; i < 8; ++i) EXPECT_EQ(info.gpus[i].uuid, kAwsUuids[i]) << info.gpus[i].pci_bus_id;
}

TEST(VisibleDevicesAws, ByIndexRemapsRanks) {
    GOLDEN_LOAD_OR_SKIP(topology, kAwsG4dn);
    std::vector<RankView> ranks;
    ASSERT_EQ(plan_visible(topology.get(), "4,0", &ranks), NB_OK) << nb_last_error();
    ASSERT_EQ(ranks.size(), 2u) << "nproc 0: one rank per visible GPU";
    EXPECT_EQ(ranks[0].gpu_index, 4);
    EXPECT_EQ(ranks[0].numa_node, 1);
    EXPECT_EQ(cpus(ranks[0]), kNode1);
    EXPECT_EQ(ranks[1].gpu_index, 0);
    EXPECT_EQ(ranks[1].numa_node, 0);
    EXPECT_EQ(cpus(ranks[1]), kNode0);
}

TEST(VisibleDevicesAws, ByFullUuidAndByUniquePrefix) {
    GOLDEN_LOAD_OR_SKIP(topology, kAwsG4dn);
    std::vector<RankView> ranks;
    ASSERT_EQ(plan_visible(topology.get(), kAwsUuids[4], &ranks), NB_OK) << nb_last_error();
    ASSERT_EQ(ranks.size(), 1u);
    EXPECT_EQ(ranks[0].gpu_index, 4);

    ASSERT_EQ(plan_visible(topology.get(), "GPU-84bc", &ranks), NB_OK) << nb_last_error();
    ASSERT_EQ(ranks.size(), 1u);
    EXPECT_EQ(ranks[0].gpu_index, 5);

    const std::string mixed = std::string(kAwsUuids[7]) + ",1";
    ASSERT_EQ(plan_visible(topology.get(), mixed.c_str(), &ranks), NB_OK) << nb_last_error();
    ASSERT_EQ(ranks.size(), 2u);
    EXPECT_EQ(ranks[0].gpu_index, 7);
    EXPECT_EQ(ranks[1].gpu_index, 1);
}

TEST(VisibleDevicesAws, BadSelectionsAreEgpuselNamingTheEntry) {
    GOLDEN_LOAD_OR_SKIP(topology, kAwsG4dn);
    std::vector<RankView> ranks;
    struct Case { const char *value; const char *named; const char *why; };
    const Case cases[] = {
        {"8", "8", "index past the 8 GPUs"},
        {"0,0", "0", "the same GPU twice"},
        {"GPU-", "GPU-", "a prefix every UUID shares"},
        {"GPU-ffffffff", "GPU-ffffffff", "a UUID no GPU has"},
        {"2,GPU-541de847", "GPU-541de847", "GPU 2 named twice, by index and by UUID"},
    };
    for (const auto &c : cases) {
        SCOPED_TRACE(std::string(c.value) + ": " + c.why);
        EXPECT_EQ(plan_visible(topology.get(), c.value, &ranks), NB_EGPUSEL);
        EXPECT_TRUE(last_error_names(c.named));
    }
}

TEST(VisibleDevicesAws, EmptyValueHidesEveryGpu) {
    GOLDEN_LOAD_OR_SKIP(topology, kAwsG4dn);
    std::vector<RankView> ranks;
    EXPECT_EQ(plan_visible(topology.get(), "", &ranks), NB_ENOGPU);
}

TEST(VisibleDevicesAws, CudaVisibleDevicesFromTheEnvironmentAndTheOverride) {
    GOLDEN_LOAD_OR_SKIP(topology, kAwsG4dn);
    ScopedEnv cuda("CUDA_VISIBLE_DEVICES", "6");
    std::vector<RankView> ranks;
    ASSERT_NO_FATAL_FAILURE(plan_ranks(topology.get(), nullptr, 0, &ranks));
    ASSERT_EQ(ranks.size(), 1u);
    EXPECT_EQ(ranks[0].gpu_index, 6);

    // The options' value replaces the environment entirely.
    ASSERT_EQ(plan_visible(topology.get(), "2,3", &ranks), NB_OK) << nb_last_error();
    ASSERT_EQ(ranks.size(), 2u);
    EXPECT_EQ(ranks[0].gpu_index, 2);
    EXPECT_EQ(ranks[1].gpu_index, 3);
}

TEST(VisibleDevicesAws, HipAndRocrVariablesDoNotApplyToNvidia) {
    GOLDEN_LOAD_OR_SKIP(topology, kAwsG4dn);
    ScopedEnv hip("HIP_VISIBLE_DEVICES", "3");
    ScopedEnv rocr("ROCR_VISIBLE_DEVICES", "1");
    std::vector<RankView> ranks;
    ASSERT_NO_FATAL_FAILURE(plan_ranks(topology.get(), nullptr, 0, &ranks));
    EXPECT_EQ(ranks.size(), 8u);
}

TEST(VisibleDevicesAws, RanksBeyondTheVisibleGpusAreErank) {
    GOLDEN_LOAD_OR_SKIP(topology, kAwsG4dn);
    Options options = make_options(NB_MODE_NODE);
    ASSERT_EQ(nb_options_set_visible_devices(options.get(), "1"), NB_OK);
    std::vector<RankView> ranks;
    ASSERT_NO_FATAL_FAILURE(plan_ranks(topology.get(), options.get(), 2, &ranks));
    ASSERT_EQ(ranks.size(), 2u);
    EXPECT_EQ(ranks[0].status, NB_OK);
    EXPECT_EQ(ranks[0].gpu_index, 1);
    EXPECT_EQ(ranks[1].status, NB_ERANK);
}

// Tioga's 8 GCDs in bus order: c1 c6 c9 ce d1 d6 d9 de. ROCR_VISIBLE_DEVICES
// selects first; HIP_VISIBLE_DEVICES (or CUDA_VISIBLE_DEVICES when HIP_ is
// unset) then indexes into what ROCR left.
TEST(VisibleDevicesTioga, RocrThenHipIndexesIntoTheResult) {
    GOLDEN_LOAD_OR_SKIP(topology, kTioga);
    ScopedEnv rocr("ROCR_VISIBLE_DEVICES", "1,3,5");
    std::vector<RankView> ranks;
    {
        ScopedEnv hip("HIP_VISIBLE_DEVICES", "2");
        ASSERT_NO_FATAL_FAILURE(plan_ranks(topology.get(), nullptr, 0, &ranks));
        ASSERT_EQ(ranks.size(), 1u);
        EXPECT_EQ(ranks[0].gpu_index, 5);    // 0000:d6:00.0
        EXPECT_EQ(ranks[0].numa_node, 0);
    }
    {
        ScopedEnv cuda("CUDA_VISIBLE_DEVICES", "0");
        ASSERT_NO_FATAL_FAILURE(plan_ranks(topology.get(), nullptr, 0, &ranks));
        ASSERT_EQ(ranks.size(), 1u);
        EXPECT_EQ(ranks[0].gpu_index, 1);    // 0000:c6:00.0
        EXPECT_EQ(ranks[0].numa_node, 3);
    }
    ASSERT_NO_FATAL_FAILURE(plan_ranks(topology.get(), nullptr, 0, &ranks));
    ASSERT_EQ(ranks.size(), 3u);
    EXPECT_EQ(ranks[2].gpu_index, 5);
}

}  // namespace
}  // namespace golden
