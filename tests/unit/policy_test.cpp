// numabind::node_choices (src/policy.h): what each mode offers the GPUs of one
// host node, on generated machines whose CPU sets follow from their numbers,
// and on two hand-written shapes (a memory-side cache, an L3 over two nodes).
// A choice list is checked through what GPU j of the node takes, choice
// j mod the list's length, as the header defines it.
#include <memory>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "policy.h"
#include "unit_support.h"

namespace unit {
namespace {

using nbtest::MachineSpec;
using Lists = std::vector<std::string>;

// 2 packages x 2 nodes x 2 L3 x 2 cores, SMT 2, x86 numbering: 16 cores, CPUs 0..31.
// Core c = CPUs c and 16+c. Node n = cores 4n..4n+3, its L3 l = cores 4n+2l, 4n+2l+1.
//   node 0 = 0-3,16-19   node 1 = 4-7,20-23   node 2 = 8-11,24-27   node 3 = 12-15,28-31
//   package 0 = 0-7,16-23                     package 1 = 8-15,24-31
MachineSpec two_by_two() {
    MachineSpec s;
    s.packages = 2;
    s.nodes_per_package = 2;
    s.l3_per_node = 2;
    s.cores_per_l3 = 2;
    s.smt = 2;
    return s;
}

class NodeChoices : public ::testing::Test {
protected:
    void load(const MachineSpec &spec) { topology_ = load_machine(spec); }
    void load_xml_machine(const XmlObject &machine) { topology_ = load_xml(hwloc_xml_of(machine)); }

    // node_choices for the node with OS index `node_os`; `allowed` "" means the topology's allowed CPUs.
    numabind::NodeChoices offer(unsigned node_os, nb_mode mode, size_t gpus, const std::string &allowed = "") {
        const hwloc_obj_t node = numa_node(*topology_, node_os);
        EXPECT_NE(node, nullptr) << "no NUMA node P#" << node_os;
        if (node == nullptr) return {};
        const numabind::CpuSet cpus = allowed.empty() ? topology_->allowed_cpus() : make_set(allowed);
        return numabind::node_choices(topology_->hwloc(), node, cpus, mode, gpus);
    }

    // What GPU j (0 .. gpus-1) of the node takes, as list strings; a failed offer gives its error.
    Lists taken(unsigned node_os, nb_mode mode, size_t gpus, const std::string &allowed = "") {
        const numabind::NodeChoices result = offer(node_os, mode, gpus, allowed);
        if (result.status != NB_OK) return {std::string(nb_status_name(result.status)) + ": " + result.error};
        if (result.choices.empty()) return {"no choice at all"};
        Lists lists;
        for (size_t j = 0; j < gpus; ++j)
            lists.push_back(nbtest::format_cpu_list(members(result.choices[j % result.choices.size()])));
        return lists;
    }

    std::unique_ptr<numabind::Topology> topology_;
};

// ---- node ----------------------------------------------------------------------------

TEST_F(NodeChoices, NodeModeOffersEveryGpuTheWholeNode) {
    load(two_by_two());
    EXPECT_EQ(taken(1, NB_MODE_NODE, 3), (Lists{"4-7,20-23", "4-7,20-23", "4-7,20-23"}));
    EXPECT_EQ(taken(2, NB_MODE_NODE, 1), (Lists{"8-11,24-27"}));
}

TEST_F(NodeChoices, NodeModeKeepsOnlyAllowedCpus) {
    load(two_by_two());
    EXPECT_EQ(taken(1, NB_MODE_NODE, 1, "0-5,20,30"), (Lists{"4-5,20"}));
}

TEST_F(NodeChoices, NodeModeUsesTheNodeObjectNotItsLogicalPlace) {
    MachineSpec s = two_by_two();
    s.node_os_indexes = {6, 2, 7, 3};  // P#2 is logical node 1
    load(s);
    EXPECT_EQ(taken(2, NB_MODE_NODE, 1), (Lists{"4-7,20-23"}));
    EXPECT_EQ(taken(3, NB_MODE_NODE, 1), (Lists{"12-15,28-31"}));
}

// ---- socket --------------------------------------------------------------------------

TEST_F(NodeChoices, SocketModeOffersThePackage) {
    load(two_by_two());
    EXPECT_EQ(taken(1, NB_MODE_SOCKET, 2), (Lists{"0-7,16-23", "0-7,16-23"}));
    EXPECT_EQ(taken(2, NB_MODE_SOCKET, 1), (Lists{"8-15,24-31"}));
}

TEST_F(NodeChoices, SocketModeKeepsOnlyAllowedCpus) {
    load(two_by_two());
    EXPECT_EQ(taken(1, NB_MODE_SOCKET, 1, "0-9,30"), (Lists{"0-7"}));
    EXPECT_EQ(taken(3, NB_MODE_SOCKET, 1, "0-9,30"), (Lists{"8-9,30"}));
}

TEST_F(NodeChoices, SocketModeWithOneNodePerPackageIsTheNode) {
    MachineSpec s;
    s.packages = 2;
    s.cores_per_l3 = 4;
    load(s);
    EXPECT_EQ(taken(1, NB_MODE_SOCKET, 1), (Lists{"4-7"}));
}

TEST_F(NodeChoices, SocketModeOfANodeBehindAMemorySideCache) {
    load_xml_machine(memory_side_cache_machine());
    EXPECT_EQ(taken(1, NB_MODE_SOCKET, 1), (Lists{"4-7"}));
}

TEST_F(NodeChoices, SocketModeOfANodeOverTwoPackagesIsThosePackages) {
    // No package holds node P#0: the packages its CPUs touch do, and of the nodes
    // there only P#0 has CPUs (the machine-wide GPU memory P#3 does not count).
    load_xml_machine(node_over_two_packages_machine());
    EXPECT_EQ(taken(0, NB_MODE_SOCKET, 1), (Lists{"0-3"}));
    EXPECT_EQ(taken(1, NB_MODE_SOCKET, 1), (Lists{"4-5"}));
}

// ---- exclusive -------------------------------------------------------------------------

TEST_F(NodeChoices, ExclusiveOneGpuTakesEveryCore) {
    load(two_by_two());
    EXPECT_EQ(taken(0, NB_MODE_EXCLUSIVE, 1), (Lists{"0-3,16-19"}));
}

TEST_F(NodeChoices, ExclusiveSplitsCoresEvenlyWithAllTheirThreads) {
    load(two_by_two());
    EXPECT_EQ(taken(0, NB_MODE_EXCLUSIVE, 2), (Lists{"0-1,16-17", "2-3,18-19"}));
    EXPECT_EQ(taken(0, NB_MODE_EXCLUSIVE, 4), (Lists{"0,16", "1,17", "2,18", "3,19"}));
    EXPECT_EQ(taken(3, NB_MODE_EXCLUSIVE, 2), (Lists{"12-13,28-29", "14-15,30-31"}));
}

TEST_F(NodeChoices, ExclusiveRemainderCoresGoToTheLowestGpus) {
    load(two_by_two());
    // 4 cores for 3 GPUs: 2, 1, 1.
    EXPECT_EQ(taken(0, NB_MODE_EXCLUSIVE, 3), (Lists{"0-1,16-17", "2,18", "3,19"}));
}

TEST_F(NodeChoices, ExclusiveFewerCoresThanGpusIsEcores) {
    load(two_by_two());
    const numabind::NodeChoices result = offer(0, NB_MODE_EXCLUSIVE, 5);
    EXPECT_EQ(result.status, NB_ECORES);
    EXPECT_NE(result.error.find("NUMA node 0"), std::string::npos) << result.error;
}

TEST_F(NodeChoices, ExclusiveCoreWithOneAllowedThreadStillCounts) {
    load(two_by_two());
    // CPU 16 (core 0's second thread) is not allowed: core 0 brings CPU 0 alone.
    EXPECT_EQ(taken(0, NB_MODE_EXCLUSIVE, 2, "0-15,17-31"), (Lists{"0-1,17", "2-3,18-19"}));
}

TEST_F(NodeChoices, ExclusiveCountsOnlyCoresWithAnAllowedThread) {
    load(two_by_two());
    // Core 1 (CPUs 1, 17) is not allowed: cores 0, 2, 3 remain.
    EXPECT_EQ(taken(0, NB_MODE_EXCLUSIVE, 2, "0,2-16,18-31"), (Lists{"0,2,16,18", "3,19"}));
    EXPECT_EQ(offer(0, NB_MODE_EXCLUSIVE, 4, "0,2-16,18-31").status, NB_ECORES) << "3 cores for 4 GPUs";
}

TEST_F(NodeChoices, ExclusiveKeepsCoreMajorThreadsTogether) {
    // POWER numbering, SMT 4: core c = CPUs 4c..4c+3.
    MachineSpec s;
    s.cores_per_l3 = 4;
    s.smt = 4;
    s.numbering = nbtest::PuNumbering::kCoreMajor;
    load(s);
    EXPECT_EQ(taken(0, NB_MODE_EXCLUSIVE, 2), (Lists{"0-7", "8-15"}));
    EXPECT_EQ(taken(0, NB_MODE_EXCLUSIVE, 3), (Lists{"0-7", "8-11", "12-15"}));
}

TEST_F(NodeChoices, ExclusiveOnANodeBehindAMemorySideCache) {
    // Core 0 = CPUs 0-1, core 1 = CPUs 2-3 on node P#0.
    load_xml_machine(memory_side_cache_machine());
    EXPECT_EQ(taken(0, NB_MODE_EXCLUSIVE, 2), (Lists{"0-1", "2-3"}));
    EXPECT_EQ(taken(1, NB_MODE_EXCLUSIVE, 1), (Lists{"4-7"}));
}

TEST_F(NodeChoices, ExclusiveOnANodeUnderASharedL3) {
    load_xml_machine(l3_over_two_nodes_machine());
    EXPECT_EQ(taken(1, NB_MODE_EXCLUSIVE, 2), (Lists{"4-5", "6-7"}));
}

TEST_F(NodeChoices, ExclusiveOnANodeOverTwoPackages) {
    load_xml_machine(node_over_two_packages_machine());
    EXPECT_EQ(taken(0, NB_MODE_EXCLUSIVE, 2), (Lists{"0-1", "2-3"}));
}

// ---- core-complex ----------------------------------------------------------------------

TEST_F(NodeChoices, CoreComplexGivesEachGpuAnL3InCpuOrder) {
    load(two_by_two());
    EXPECT_EQ(taken(0, NB_MODE_CORE_COMPLEX, 1), (Lists{"0-1,16-17"}));
    EXPECT_EQ(taken(0, NB_MODE_CORE_COMPLEX, 2), (Lists{"0-1,16-17", "2-3,18-19"}));
    EXPECT_EQ(taken(2, NB_MODE_CORE_COMPLEX, 2), (Lists{"8-9,24-25", "10-11,26-27"}));
}

TEST_F(NodeChoices, CoreComplexMoreGpusThanL3sWrapAround) {
    load(two_by_two());
    EXPECT_EQ(taken(0, NB_MODE_CORE_COMPLEX, 3), (Lists{"0-1,16-17", "2-3,18-19", "0-1,16-17"}));
}

TEST_F(NodeChoices, CoreComplexOrdersByMostAllowedCpusFirst) {
    load(two_by_two());
    // CPU 0 not allowed: the first L3 has 3 allowed CPUs, the second 4.
    EXPECT_EQ(taken(0, NB_MODE_CORE_COMPLEX, 2, "1-31"), (Lists{"2-3,18-19", "1,16-17"}));
}

TEST_F(NodeChoices, CoreComplexSkipsAnL3WithNothingAllowed) {
    load(two_by_two());
    EXPECT_EQ(taken(0, NB_MODE_CORE_COMPLEX, 2, "2-15,18-31"), (Lists{"2-3,18-19", "2-3,18-19"}));
}

TEST_F(NodeChoices, CoreComplexSizeThenLowestCpuAmongFourL3s) {
    // One node of 4 L3s x 2 cores, SMT 1: L3 l = CPUs 2l, 2l+1. Without CPUs 0 and 2
    // the groups are {1}, {3}, {4,5}, {6,7}: the two full ones first, then by lowest CPU.
    MachineSpec s;
    s.l3_per_node = 4;
    s.cores_per_l3 = 2;
    load(s);
    EXPECT_EQ(taken(0, NB_MODE_CORE_COMPLEX, 4, "1,3-7"), (Lists{"4-5", "6-7", "1", "3"}));
    EXPECT_EQ(taken(0, NB_MODE_CORE_COMPLEX, 6, "1,3-7"), (Lists{"4-5", "6-7", "1", "3", "4-5", "6-7"}));
}

TEST_F(NodeChoices, CoreComplexWithoutCacheInformationIsTheNode) {
    MachineSpec s = two_by_two();
    s.l3_caches = false;
    load(s);
    EXPECT_EQ(taken(0, NB_MODE_CORE_COMPLEX, 2), (Lists{"0-3,16-19", "0-3,16-19"}));
    EXPECT_EQ(taken(0, NB_MODE_CORE_COMPLEX, 1, "2-31"), (Lists{"2-3,16-19"}));
}

TEST_F(NodeChoices, CoreComplexWithAnL3OverTwoNodesIsTheNodesShare) {
    load_xml_machine(l3_over_two_nodes_machine());
    EXPECT_EQ(taken(0, NB_MODE_CORE_COMPLEX, 2), (Lists{"0-3", "0-3"}));
    EXPECT_EQ(taken(1, NB_MODE_CORE_COMPLEX, 1), (Lists{"4-7"}));
}

TEST_F(NodeChoices, CoreComplexOnANodeBehindAMemorySideCache) {
    load_xml_machine(memory_side_cache_machine());
    EXPECT_EQ(taken(0, NB_MODE_CORE_COMPLEX, 2), (Lists{"0-3", "0-3"}));
}

TEST_F(NodeChoices, NodeModeOnANodeBehindAMemorySideCache) {
    load_xml_machine(memory_side_cache_machine());
    EXPECT_EQ(taken(0, NB_MODE_NODE, 1), (Lists{"0-3"}));
}

}  // namespace
}  // namespace unit
