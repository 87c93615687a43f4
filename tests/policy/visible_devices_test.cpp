// Visible devices: CUDA_VISIBLE_DEVICES (NVIDIA), ROCR_VISIBLE_DEVICES then
// HIP_VISIBLE_DEVICES or CUDA_VISIBLE_DEVICES (AMD), or the options' value
// instead. Every GPU sits on its own single-CPU node (GPU g on node g = P#g),
// so each rank's host node names its GPU.
#include "policy_fixture.h"

#include <cstdlib>

namespace nbtest {
namespace {

const char *const kUuids[4] = {"GPU-aa11-0000", "GPU-aa22-1111", "GPU-bb33-2222", "GPU-cc44-3333"};

MachineSpec four_nvidia() {
    MachineSpec s;
    s.nodes_per_package = 4;
    for (int g = 0; g < 4; ++g) s.pci_devices.push_back(nvidia_gpu(bus_id_for(0x10 + g), g, g, kUuids[g]));
    return s;
}

MachineSpec four_amd() {
    MachineSpec s;
    s.nodes_per_package = 4;
    for (int g = 0; g < 4; ++g) s.pci_devices.push_back(amd_gpu(bus_id_for(0xc0 + g), g, g));
    return s;
}

class VisibleDevices : public PolicyTest {
protected:
    nb_status plan_status() {
        nb_plan *plan = nullptr;
        nb_status status = nb_plan_compute(&plan, topo_, opts_, 0);
        capi::Plan owned(plan);
        if (status != NB_OK) {
            EXPECT_EQ(plan, nullptr);
        }
        return status;
    }
    void visible(const char *value) { ASSERT_EQ(nb_options_set_visible_devices(opts_, value), NB_OK); }
};

TEST_F(VisibleDevices, IndexesReorderAndHide) {
    load(four_nvidia());
    visible("2,0");
    EXPECT_EQ(host_nodes(), (std::vector<int>{2, 0}));
    EXPECT_EQ(cpus_of(0), CpuSet{2});
    EXPECT_EQ(compute(2, nullptr), NB_ERANK);  // only two visible
}

TEST_F(VisibleDevices, FullUuidsSelectGpus) {
    load(four_nvidia());
    visible("GPU-cc44-3333,GPU-aa22-1111");
    EXPECT_EQ(host_nodes(), (std::vector<int>{3, 1}));
}

TEST_F(VisibleDevices, UniqueUuidPrefixSelectsAndMixesWithIndexes) {
    load(four_nvidia());
    visible("GPU-bb,0");
    EXPECT_EQ(host_nodes(), (std::vector<int>{2, 0}));
}

TEST_F(VisibleDevices, AmbiguousUuidPrefixIsSelectionError) {
    load(four_nvidia());
    visible("GPU-aa");  // GPU-aa11... and GPU-aa22...
    EXPECT_EQ(plan_status(), NB_EGPUSEL);
    EXPECT_EQ(compute(0, nullptr), NB_EGPUSEL);
}

TEST_F(VisibleDevices, UnknownEntriesAreSelectionErrors) {
    load(four_nvidia());
    for (const char *value : {"4", "GPU-dd", "1,1", "0,GPU-aa11-0000"}) {
        visible(value);
        EXPECT_EQ(plan_status(), NB_EGPUSEL) << "value '" << value << "'";
    }
}

TEST_F(VisibleDevices, EmptyValueHidesEveryGpu) {
    load(four_nvidia());
    visible("");
    EXPECT_EQ(plan_status(), NB_ENOGPU);
}

TEST_F(VisibleDevices, CudaVisibleDevicesIsReadWhenNoOverride) {
    load(four_nvidia());
    setenv("CUDA_VISIBLE_DEVICES", "3,1", 1);
    EXPECT_EQ(host_nodes(), (std::vector<int>{3, 1}));
}

TEST_F(VisibleDevices, OverrideReplacesTheEnvironment) {
    load(four_nvidia());
    setenv("CUDA_VISIBLE_DEVICES", "3,1", 1);
    visible("2");
    EXPECT_EQ(host_nodes(), std::vector<int>{2});
    ASSERT_EQ(nb_options_set_visible_devices(opts_, nullptr), NB_OK);  // back to the environment
    EXPECT_EQ(host_nodes(), (std::vector<int>{3, 1}));
}

TEST_F(VisibleDevices, NvidiaIgnoresHipAndRocr) {
    load(four_nvidia());
    setenv("HIP_VISIBLE_DEVICES", "1", 1);
    setenv("ROCR_VISIBLE_DEVICES", "2", 1);
    EXPECT_EQ(host_nodes(), (std::vector<int>{0, 1, 2, 3}));
}

// ROCR "3,2,1" keeps GPUs [3,2,1]; HIP "2,0" indexes into that: [1,3].
TEST_F(VisibleDevices, AmdAppliesRocrThenHip) {
    load(four_amd());
    setenv("ROCR_VISIBLE_DEVICES", "3,2,1", 1);
    setenv("HIP_VISIBLE_DEVICES", "2,0", 1);
    EXPECT_EQ(host_nodes(), (std::vector<int>{1, 3}));
}

// Without HIP_VISIBLE_DEVICES, CUDA_VISIBLE_DEVICES is the second layer for AMD.
TEST_F(VisibleDevices, AmdFallsBackToCudaVisibleDevices) {
    load(four_amd());
    setenv("ROCR_VISIBLE_DEVICES", "3,2,1", 1);
    setenv("CUDA_VISIBLE_DEVICES", "1", 1);
    EXPECT_EQ(host_nodes(), std::vector<int>{2});
}

TEST_F(VisibleDevices, AmdHipIndexBeyondRocrIsSelectionError) {
    load(four_amd());
    setenv("ROCR_VISIBLE_DEVICES", "0,1", 1);
    setenv("HIP_VISIBLE_DEVICES", "2", 1);
    EXPECT_EQ(plan_status(), NB_EGPUSEL);
}

// The options' value is a single layer: it replaces ROCR and HIP alike.
TEST_F(VisibleDevices, AmdOverrideIsASingleLayer) {
    load(four_amd());
    setenv("ROCR_VISIBLE_DEVICES", "3", 1);
    setenv("HIP_VISIBLE_DEVICES", "0", 1);
    visible("1,2");
    EXPECT_EQ(host_nodes(), (std::vector<int>{1, 2}));
}

}  // namespace
}  // namespace nbtest
