// numabind::build_machine_view (src/machine_view.h): the visible GPUs in rank
// order with their host nodes, each one's place among the GPUs sharing its
// node, the allowed CPUs an override gives, the per-node choices, and
// compute_binding (src/policy.h) reading them.
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "machine_view.h"
#include "policy.h"
#include "unit_support.h"

namespace unit {
namespace {

using nbtest::MachineSpec;
using numabind::MachineView;
using numabind::Options;

// 2 packages x 1 node x 4 cores, SMT 1: node P#0 = CPUs 0-3, node P#1 = CPUs 4-7.
// NVIDIA GPUs in bus-id order: 0 = 10 (node 0), 1 = 20 (node 1), 2 = 30 (node 0), 3 = 40 (node 0).
MachineSpec four_gpus() {
    MachineSpec s;
    s.packages = 2;
    s.cores_per_l3 = 4;
    s.pci_devices = {nbtest::nvidia_gpu("0000:30:00.0", 0, 2), nbtest::nvidia_gpu("0000:10:00.0", 0, 0),
                     nbtest::nvidia_gpu("0000:40:00.0", 0, 3), nbtest::nvidia_gpu("0000:20:00.0", 1, 1)};
    return s;
}

// One line per rank: "gpu G node N pos P of C".
std::vector<std::string> ranks(const MachineView &view) {
    std::vector<std::string> out;
    for (const auto &slot : view.visible) {
        const std::string node = slot.host_node ? std::to_string(slot.host_node->os_index) : "none";
        out.push_back("gpu " + std::to_string(slot.gpu_index) + " node " + node + " pos " +
                      std::to_string(slot.position_on_node) + " of " + std::to_string(slot.gpus_on_node));
    }
    return out;
}

using Lines = std::vector<std::string>;

class MachineViewTest : public ::testing::Test {
protected:
    MachineView build(const Options &options) { return numabind::build_machine_view(*topology_, options); }
    std::string binding(const MachineView &view, size_t rank) {
        return nbtest::format_cpu_list(members(numabind::compute_binding(view, rank)));
    }

    // The host's GPU selection must not leak in.
    ScopedEnv cuda_{"CUDA_VISIBLE_DEVICES", nullptr};
    ScopedEnv rocr_{"ROCR_VISIBLE_DEVICES", nullptr};
    ScopedEnv hip_{"HIP_VISIBLE_DEVICES", nullptr};
    std::unique_ptr<numabind::Topology> topology_ = load_machine(four_gpus());
};

TEST_F(MachineViewTest, RanksTakeGpusInBusOrderAndCountPerNode) {
    const MachineView view = build({});
    EXPECT_EQ(ranks(view), (Lines{"gpu 0 node 0 pos 0 of 3", "gpu 1 node 1 pos 0 of 1", "gpu 2 node 0 pos 1 of 3",
                                  "gpu 3 node 0 pos 2 of 3"}));
    ASSERT_EQ(view.gpus.size(), 4u);
    EXPECT_EQ(view.gpu_of(view.visible[3]).bus_id.str(), "0000:40:00.0");
}

TEST_F(MachineViewTest, VisibleOrderDecidesThePositions) {
    Options options;
    options.visible_devices = "3,1,0";
    const MachineView view = build(options);
    EXPECT_EQ(ranks(view), (Lines{"gpu 3 node 0 pos 0 of 2", "gpu 1 node 1 pos 0 of 1", "gpu 0 node 0 pos 1 of 2"}));
    EXPECT_EQ(view.gpus.size(), 4u) << "gpus is the list before the visible remap";
}

TEST_F(MachineViewTest, EnvironmentVisibleDevicesApply) {
    setenv("CUDA_VISIBLE_DEVICES", "2,1", 1);
    EXPECT_EQ(ranks(build({})), (Lines{"gpu 2 node 0 pos 0 of 1", "gpu 1 node 1 pos 0 of 1"}));
}

TEST_F(MachineViewTest, NoVisibleGpuIsEnogpu) {
    Options options;
    options.visible_devices = "";
    EXPECT_TRUE(throws_error([&] { build(options); }, NB_ENOGPU));
}

TEST_F(MachineViewTest, DescribeGpuNamesIndexAndBusId) {
    const MachineView view = build({});
    EXPECT_EQ(numabind::describe_gpu(view, view.visible[3]), "GPU 3 (0000:40:00.0)");
    EXPECT_EQ(numabind::describe_gpu(view, view.visible[1]), "GPU 1 (0000:20:00.0)");
}

TEST_F(MachineViewTest, AllowedIsTheOverride) {
    Options options;
    options.allowed_cpus = make_set("1-2,5");
    EXPECT_EQ(members(build(options).allowed), (nbtest::CpuSet{1, 2, 5}));
}

TEST_F(MachineViewTest, AllowedOverrideIsNarrowedByTheTopologysAllowedCpus) {
    MachineSpec s = four_gpus();
    s.allowed_cpus = "0-5";
    topology_ = load_machine(s);
    Options options;
    options.allowed_cpus = make_set("4-7");
    EXPECT_EQ(members(build(options).allowed), (nbtest::CpuSet{4, 5}));
}

TEST_F(MachineViewTest, WithoutOverrideAFileTopologysAllowedCpusApply) {
    MachineSpec s = four_gpus();
    s.allowed_cpus = "1-6";
    topology_ = load_machine(s);
    EXPECT_EQ(members(build({}).allowed), nbtest::cpu_range(1, 6));
}

TEST_F(MachineViewTest, OverrideSharingNoAllowedCpuIsEnotallowed) {
    MachineSpec s = four_gpus();
    s.allowed_cpus = "0-3";
    topology_ = load_machine(s);
    Options options;
    options.allowed_cpus = make_set("4-7");
    EXPECT_TRUE(throws_error([&] { build(options); }, NB_ENOTALLOWED));
}

TEST_F(MachineViewTest, ChoicesForEveryHostNodeInNodeModes) {
    Options options;
    options.mode = NB_MODE_EXCLUSIVE;
    const MachineView view = build(options);
    ASSERT_EQ(view.choices_by_node.size(), 2u);
    EXPECT_EQ(view.choices_by_node.count(numa_node(*topology_, 0)), 1u);
    EXPECT_EQ(view.choices_by_node.count(numa_node(*topology_, 1)), 1u);
    // Node 0: 4 cores for 3 GPUs (ranks 0, 2, 3) = 2, 1, 1; node 1: 4 cores for rank 1.
    EXPECT_EQ(binding(view, 0), "0-1");
    EXPECT_EQ(binding(view, 1), "4-7");
    EXPECT_EQ(binding(view, 2), "2");
    EXPECT_EQ(binding(view, 3), "3");
}

TEST_F(MachineViewTest, ClosestModeHasNoPerNodeChoices) {
    Options options;
    options.mode = NB_MODE_CLOSEST;
    const MachineView view = build(options);
    EXPECT_TRUE(view.choices_by_node.empty());
    EXPECT_EQ(binding(view, 1), "4-7") << "the GPU's locality, package 1";
}

TEST_F(MachineViewTest, BindingWithNoAllowedCpuOnTheNodeIsEnotallowed) {
    Options options;
    options.allowed_cpus = make_set("0-3");
    const MachineView view = build(options);
    EXPECT_EQ(binding(view, 0), "0-3");
    EXPECT_TRUE(throws_error([&] { numabind::compute_binding(view, 1); }, NB_ENOTALLOWED, "GPU 1 (0000:20:00.0)"));
}

TEST_F(MachineViewTest, BindingOnANodeWithTooFewCoresIsEcores) {
    Options options;
    options.mode = NB_MODE_EXCLUSIVE;
    options.allowed_cpus = make_set("0-1,4-7");  // node 0: 2 cores for 3 GPUs
    const MachineView view = build(options);
    EXPECT_TRUE(throws_error([&] { numabind::compute_binding(view, 0); }, NB_ECORES));
    EXPECT_TRUE(throws_error([&] { numabind::compute_binding(view, 2); }, NB_ECORES));
    EXPECT_EQ(binding(view, 1), "4-7") << "the other node is unaffected";
}

TEST_F(MachineViewTest, VisibleSubsetSharesANodeOnlyWithVisibleGpus) {
    // Only GPUs 0 and 3 of node 0 are visible: exclusive splits node 0 in two.
    Options options;
    options.mode = NB_MODE_EXCLUSIVE;
    options.visible_devices = "3,0";
    const MachineView view = build(options);
    EXPECT_EQ(ranks(view), (Lines{"gpu 3 node 0 pos 0 of 2", "gpu 0 node 0 pos 1 of 2"}));
    EXPECT_EQ(binding(view, 0), "0-1");
    EXPECT_EQ(binding(view, 1), "2-3");
}

TEST(MachineViewPartitions, PartitionsOfOneDeviceCountSeparately) {
    // An MI300-like device on node 0 split in two (rsmi0, rsmi1), and a plain AMD GPU on node 1.
    ScopedEnv cuda("CUDA_VISIBLE_DEVICES", nullptr), rocr("ROCR_VISIBLE_DEVICES", nullptr),
        hip("HIP_VISIBLE_DEVICES", nullptr);
    MachineSpec s;
    s.packages = 2;
    s.cores_per_l3 = 4;
    nbtest::PciDevice apu = nbtest::amd_gpu("0000:02:00.0", 0, 0);
    apu.pci_class = 0x1200;
    apu.os_devices = {nbtest::rsmi_osdev(0), nbtest::rsmi_osdev(1)};
    s.pci_devices = {apu, nbtest::amd_gpu("0000:03:00.0", 1, 2)};
    const auto topology = load_machine(s);
    Options options;
    options.mode = NB_MODE_EXCLUSIVE;
    const MachineView view = numabind::build_machine_view(*topology, options);
    EXPECT_EQ(ranks(view), (Lines{"gpu 0 node 0 pos 0 of 2", "gpu 1 node 0 pos 1 of 2", "gpu 2 node 1 pos 0 of 1"}));
    EXPECT_EQ(nbtest::format_cpu_list(members(numabind::compute_binding(view, 1))), "2-3");
}

}  // namespace
}  // namespace unit
