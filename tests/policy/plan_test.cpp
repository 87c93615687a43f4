// nb_plan_compute: whole-plan failures fail the call; a rank that cannot be
// bound carries its own status, and the others are still computed.
#include "policy_fixture.h"

namespace nbtest {
namespace {

// 2 nodes x 4 cores, SMT 1 (node 0 = 0..3, node 1 = 4..7); GPUs 0, 1 on node 0, GPU 2 on node 1.
MachineSpec small_machine(const std::string &allowed = "") {
    MachineSpec s;
    s.nodes_per_package = 2;
    s.cores_per_l3 = 4;
    s.allowed_cpus = allowed;
    s.pci_devices.push_back(nvidia_gpu("0000:10:00.0", 0, 0));
    s.pci_devices.push_back(nvidia_gpu("0000:20:00.0", 0, 1));
    s.pci_devices.push_back(nvidia_gpu("0000:30:00.0", 1, 2));
    return s;
}

class Plan : public PolicyTest {
protected:
    capi::Plan plan(int nproc) {
        nb_plan *p = nullptr;
        nb_status status = nb_plan_compute(&p, topo_, opts_, nproc);
        EXPECT_EQ(status, NB_OK) << nb_last_error();
        return capi::Plan(p);
    }
};

TEST_F(Plan, ZeroRanksMeansOnePerVisibleGpu) {
    load(small_machine());
    EXPECT_EQ(nb_plan_size(plan(0).get()), 3);
    ASSERT_EQ(nb_options_set_visible_devices(opts_, "2"), NB_OK);
    EXPECT_EQ(nb_plan_size(plan(0).get()), 1);
}

// Node 1 entirely disallowed: rank 2 fails alone, ranks 0 and 1 are bound.
TEST_F(Plan, DisallowedRankFailsAlone) {
    load(small_machine("0-3"));
    capi::Plan p = plan(0);
    ASSERT_EQ(nb_plan_size(p.get()), 3);
    EXPECT_EQ(nb_plan_rank_status(p.get(), 0), NB_OK);
    EXPECT_EQ(nb_plan_rank_status(p.get(), 1), NB_OK);
    EXPECT_EQ(nb_plan_rank_status(p.get(), 2), NB_ENOTALLOWED);
    nb_cpuset *set = nullptr;
    EXPECT_EQ(nb_plan_rank_cpuset(&set, p.get(), 2), NB_ENOTALLOWED);
    EXPECT_EQ(set, nullptr);
    ASSERT_EQ(nb_plan_rank_cpuset(&set, p.get(), 1), NB_OK);
    capi::Cpuset owned(set);
    EXPECT_EQ(to_cpu_set(set), cpu_range(0, 3));
    int gpu = -2, node = -2;
    ASSERT_EQ(nb_plan_rank_gpu(&gpu, &node, p.get(), 2), NB_OK);
    EXPECT_EQ(gpu, 2);
    EXPECT_EQ(node, 1);
}

// Exclusive with node 0 restricted to one core for its two GPUs: ranks 0, 1
// get NB_ECORES, rank 2 on node 1 is bound.
TEST_F(Plan, CoresErrorOnOneNodeLeavesOtherNodesBound) {
    load(small_machine("0,4-7"));
    set_mode(NB_MODE_EXCLUSIVE);
    capi::Plan p = plan(0);
    EXPECT_EQ(nb_plan_rank_status(p.get(), 0), NB_ECORES);
    EXPECT_EQ(nb_plan_rank_status(p.get(), 1), NB_ECORES);
    ASSERT_EQ(nb_plan_rank_status(p.get(), 2), NB_OK);
    nb_cpuset *set = nullptr;
    ASSERT_EQ(nb_plan_rank_cpuset(&set, p.get(), 2), NB_OK);
    capi::Cpuset owned(set);
    EXPECT_EQ(to_cpu_set(set), cpu_range(4, 7));
}

// The documented limit is a count a plan may have, not an error; one more is.
TEST_F(Plan, AcceptsUpTo65536RanksAndRefusesMore) {
    load(small_machine());
    capi::Plan p = plan(65536);
    ASSERT_EQ(nb_plan_size(p.get()), 65536);
    EXPECT_EQ(nb_plan_rank_status(p.get(), 2), NB_OK);
    EXPECT_EQ(nb_plan_rank_status(p.get(), 65535), NB_ERANK);
    nb_plan *over = nullptr;
    EXPECT_EQ(nb_plan_compute(&over, topo_, opts_, 65537), NB_EINVAL);
    EXPECT_EQ(over, nullptr);
    EXPECT_TRUE(capi::last_error_names("65537"));
}

TEST_F(Plan, ExtraRanksHaveNoGpu) {
    load(small_machine());
    capi::Plan p = plan(5);
    ASSERT_EQ(nb_plan_size(p.get()), 5);
    EXPECT_EQ(nb_plan_rank_status(p.get(), 2), NB_OK);
    EXPECT_EQ(nb_plan_rank_status(p.get(), 3), NB_ERANK);
    EXPECT_EQ(nb_plan_rank_status(p.get(), 4), NB_ERANK);
    nb_cpuset *set = nullptr;
    EXPECT_EQ(nb_plan_rank_cpuset(&set, p.get(), 4), NB_ERANK);
}

TEST_F(Plan, StatusOutsideThePlanIsRankError) {
    load(small_machine());
    capi::Plan p = plan(2);
    EXPECT_EQ(nb_plan_rank_status(p.get(), 2), NB_ERANK);
    EXPECT_EQ(nb_plan_rank_status(p.get(), -1), NB_ERANK);
    EXPECT_EQ(nb_plan_rank_status(nullptr, 0), NB_EINVAL);
    EXPECT_EQ(nb_plan_size(nullptr), 0);
}

TEST_F(Plan, NoGpuFailsTheWholePlan) {
    MachineSpec s = small_machine();
    s.pci_devices = {bmc_vga("0000:02:00.0", 0)};
    load(s);
    nb_plan *p = nullptr;
    EXPECT_EQ(nb_plan_compute(&p, topo_, opts_, 0), NB_ENOGPU);
    EXPECT_EQ(p, nullptr);
}

TEST_F(Plan, NegativeRankCountIsInvalid) {
    load(small_machine());
    nb_plan *p = nullptr;
    EXPECT_EQ(nb_plan_compute(&p, topo_, opts_, -1), NB_EINVAL);
    EXPECT_EQ(p, nullptr);
}

// The JSON form carries the same facts: bound ranks with "cpus", failed ones
// with "error", extra ranks with null gpu and node.
TEST_F(Plan, JsonShowsPerRankResultsAndErrors) {
    load(small_machine("0-3"));
    nlohmann::json doc = plan_json(4);
    ASSERT_TRUE(doc.is_object());
    EXPECT_EQ(doc["schema"], "numabind.plan/1");
    EXPECT_EQ(doc["mode"], "node");
    EXPECT_EQ(doc["fallback"], false);
    const nlohmann::json &ranks = doc["ranks"];
    ASSERT_EQ(ranks.size(), 4u);
    for (int r = 0; r < 4; ++r) EXPECT_EQ(ranks[r]["local_rank"], r);
    EXPECT_EQ(ranks[0]["gpu"]["index"], 0);
    EXPECT_EQ(ranks[0]["gpu"]["pci_bus_id"], "0000:10:00.0");
    EXPECT_EQ(ranks[0]["numa_node"], 0);
    EXPECT_EQ(ranks[0]["cpus"], "0-3");
    EXPECT_FALSE(ranks[0].contains("error"));
    EXPECT_EQ(ranks[2]["gpu"]["pci_bus_id"], "0000:30:00.0");
    EXPECT_EQ(ranks[2]["numa_node"], 1);
    EXPECT_EQ(ranks[2]["error"]["code"], "NB_ENOTALLOWED");
    EXPECT_TRUE(ranks[2]["error"]["message"].is_string());
    EXPECT_FALSE(ranks[2].contains("cpus"));
    EXPECT_TRUE(ranks[3]["gpu"].is_null());
    EXPECT_TRUE(ranks[3]["numa_node"].is_null());
    EXPECT_EQ(ranks[3]["error"]["code"], "NB_ERANK");
}

// Every rank of a plan agrees with nb_compute_cpuset for the same rank.
TEST_F(Plan, PlanAgreesWithSingleRankComputation) {
    load(small_machine());
    set_mode(NB_MODE_EXCLUSIVE);
    capi::Plan p = plan(0);
    // Node 0's 4 cores split between GPUs 0 and 1; GPU 2 alone on node 1.
    const CpuSet expected[3] = {cpu_range(0, 1), cpu_range(2, 3), cpu_range(4, 7)};
    for (int r = 0; r < 3; ++r) {
        nb_cpuset *set = nullptr;
        ASSERT_EQ(nb_plan_rank_cpuset(&set, p.get(), r), NB_OK);
        capi::Cpuset owned(set);
        EXPECT_EQ(to_cpu_set(set), expected[r]) << "rank " << r;
        EXPECT_EQ(cpus_of(r), expected[r]) << "rank " << r;
    }
}

}  // namespace
}  // namespace nbtest
