// nb_options_set_allowed_cpus: the override replaces the thread-affinity part,
// so the result is topology-allowed ∩ override ∩ (mode's CPUs).
#include "policy_fixture.h"

namespace nbtest {
namespace {

using capi::make_cpuset;

// 2 nodes x 8 cores, SMT 1: node 0 = CPUs 0..7, node 1 = 8..15; GPU on node 0.
MachineSpec two_nodes(const std::string &allowed = "") {
    MachineSpec s;
    s.nodes_per_package = 2;
    s.cores_per_l3 = 8;
    s.allowed_cpus = allowed;
    s.pci_devices.push_back(nvidia_gpu("0000:10:00.0", 0, 0));
    return s;
}

class AllowedOverride : public PolicyTest {};

TEST_F(AllowedOverride, OverrideTrimsTheNode) {
    load(two_nodes());
    ASSERT_EQ(nb_options_set_allowed_cpus(opts_, make_cpuset({2, 3, 9, 100}).get()), NB_OK);
    EXPECT_EQ(cpus_of(0), (CpuSet{2, 3}));  // 9 is node 1, 100 is not a CPU
}

TEST_F(AllowedOverride, OverrideIsIntersectedWithTheFilesAllowedSet) {
    load(two_nodes("0-5"));
    ASSERT_EQ(nb_options_set_allowed_cpus(opts_, make_cpuset(cpu_range(4, 9)).get()), NB_OK);
    EXPECT_EQ(cpus_of(0), cpu_range(4, 5));
}

TEST_F(AllowedOverride, OverrideOutsideTheNodeIsNotAllowed) {
    load(two_nodes());
    ASSERT_EQ(nb_options_set_allowed_cpus(opts_, make_cpuset(cpu_range(8, 15)).get()), NB_OK);
    EXPECT_EQ(compute(0, nullptr), NB_ENOTALLOWED);
}

TEST_F(AllowedOverride, OverrideCannotWidenTheFilesAllowedSet) {
    load(two_nodes("0-1"));
    ASSERT_EQ(nb_options_set_allowed_cpus(opts_, make_cpuset(cpu_range(0, 15)).get()), NB_OK);
    EXPECT_EQ(cpus_of(0), cpu_range(0, 1));
}

TEST_F(AllowedOverride, RemovingTheOverrideRestoresTheNode) {
    load(two_nodes());
    ASSERT_EQ(nb_options_set_allowed_cpus(opts_, make_cpuset({1}).get()), NB_OK);
    EXPECT_EQ(cpus_of(0), CpuSet{1});
    ASSERT_EQ(nb_options_set_allowed_cpus(opts_, nullptr), NB_OK);
    EXPECT_EQ(cpus_of(0), cpu_range(0, 7));
}

TEST_F(AllowedOverride, EmptyOverrideIsRejected) {
    capi::Cpuset empty = make_cpuset({});
    EXPECT_EQ(nb_options_set_allowed_cpus(opts_, empty.get()), NB_EEMPTY);
}

// In exclusive mode the override removes cores before the split:
// override 2-7 leaves 6 cores on node 0 for the 2 GPUs there.
TEST_F(AllowedOverride, ExclusiveSplitsOnlyTheOverriddenCores) {
    MachineSpec s = two_nodes();
    s.pci_devices.push_back(nvidia_gpu("0000:11:00.0", 0, 1));
    load(s);
    set_mode(NB_MODE_EXCLUSIVE);
    ASSERT_EQ(nb_options_set_allowed_cpus(opts_, make_cpuset(cpu_range(2, 7)).get()), NB_OK);
    EXPECT_EQ(cpus_of(0), cpu_range(2, 4));
    EXPECT_EQ(cpus_of(1), cpu_range(5, 7));
}

}  // namespace
}  // namespace nbtest
