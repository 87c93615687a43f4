// Mode "node": every allowed CPU of the GPU's host NUMA node.
#include "policy_fixture.h"

namespace nbtest {
namespace {

// 2 packages x 2 nodes x 4 cores, SMT 2: T = 16 cores, CPUs 0..31.
// Node n holds cores 4n..4n+3 and their siblings 16+4n..16+4n+3.
constexpr int kCores = 16, kPerNode = 4;

class NodeMode : public ModeTest<NB_MODE_NODE> {};

TEST_F(NodeMode, EachRankGetsItsGpusWholeNode) {
    MachineSpec s = four_node_machine();
    for (int n = 0; n < 4; ++n) s.pci_devices.push_back(nvidia_gpu(bus_id_for(0x10 * (n + 1)), n, n));
    load(s);
    for (int n = 0; n < 4; ++n)
        EXPECT_EQ(cpus_of(n), x86_cores(n * kPerNode, kPerNode, 2, kCores)) << "rank " << n;
}

TEST_F(NodeMode, NullOptionsMeanNodeMode) {
    MachineSpec s = four_node_machine();
    s.pci_devices.push_back(nvidia_gpu("0000:10:00.0", 2, 0));
    load(s);
    nb_cpuset *set = nullptr;
    ASSERT_EQ(nb_compute_cpuset(&set, topo_, nullptr, 0), NB_OK) << nb_last_error();
    capi::Cpuset owned(set);
    EXPECT_EQ(to_cpu_set(set), x86_cores(2 * kPerNode, kPerNode, 2, kCores));
}

// Rank i drives the i-th GPU in bus-id order, not the order the nodes come in.
TEST_F(NodeMode, RanksFollowBusIdOrderNotNodeOrder) {
    MachineSpec s = four_node_machine();
    s.pci_devices.push_back(nvidia_gpu("0000:20:00.0", 0, 1));
    s.pci_devices.push_back(nvidia_gpu("0000:10:00.0", 3, 0));
    load(s);
    EXPECT_EQ(cpus_of(0), x86_cores(3 * kPerNode, kPerNode, 2, kCores));  // bus 10 on node 3
    EXPECT_EQ(cpus_of(1), x86_cores(0, kPerNode, 2, kCores));             // bus 20 on node 0
}

TEST_F(NodeMode, GpusSharingANodeShareAllOfIt) {
    MachineSpec s = four_node_machine();
    s.pci_devices.push_back(nvidia_gpu("0000:10:00.0", 1, 0));
    s.pci_devices.push_back(nvidia_gpu("0000:11:00.0", 1, 1));
    load(s);
    EXPECT_EQ(cpus_of(0), x86_cores(kPerNode, kPerNode, 2, kCores));
    EXPECT_EQ(cpus_of(1), x86_cores(kPerNode, kPerNode, 2, kCores));
}

// A GPU local to one L3 still gets the whole node in this mode (closest is the finer one).
TEST_F(NodeMode, L3LocalGpuStillGetsTheWholeNode) {
    MachineSpec s = four_node_machine();
    s.l3_per_node = 2;
    s.cores_per_l3 = 2;  // still 4 cores per node
    PciDevice gpu = amd_gpu("0000:c1:00.0", 1, 0);
    gpu.attach = Attach::kL3;
    gpu.l3 = 1;
    s.pci_devices.push_back(gpu);
    load(s);
    EXPECT_EQ(cpus_of(0), x86_cores(kPerNode, kPerNode, 2, kCores));
}

// The file's allowed set trims the node: node 1 = cores 4..7 + 20..23; allowed 0-5,20.
TEST_F(NodeMode, ResultIsTrimmedToTheFilesAllowedCpus) {
    MachineSpec s = four_node_machine();
    s.allowed_cpus = "0-5,20";
    s.pci_devices.push_back(nvidia_gpu("0000:10:00.0", 1, 0));
    load(s);
    EXPECT_EQ(list_of(0), "4-5,20");
}

TEST_F(NodeMode, NodeWithoutAllowedCpuIsNotAllowed) {
    MachineSpec s = four_node_machine();
    s.allowed_cpus = "0-3,16-19";  // node 0 only
    s.pci_devices.push_back(nvidia_gpu("0000:10:00.0", 1, 0));
    load(s);
    EXPECT_EQ(compute(0, nullptr), NB_ENOTALLOWED);
}

TEST_F(NodeMode, RankOutsideTheGpuListIsARankError) {
    MachineSpec s = four_node_machine();
    s.pci_devices.push_back(nvidia_gpu("0000:10:00.0", 1, 0));
    load(s);
    EXPECT_EQ(compute(1, nullptr), NB_ERANK);
    EXPECT_EQ(compute(-1, nullptr), NB_ERANK);
}

TEST_F(NodeMode, MachineWithoutGpuIsNoGpu) {
    MachineSpec s = four_node_machine();
    s.pci_devices.push_back(bmc_vga("0000:03:00.0", 0));
    load(s);
    EXPECT_EQ(compute(0, nullptr), NB_ENOGPU);
}

// The smallest two-node machine: CPU 0 is node 0, CPU 1 is node 1, one GPU each.
TEST_F(NodeMode, TwoSingleCpuNodesWithOneGpuEach) {
    MachineSpec s;
    s.nodes_per_package = 2;
    s.pci_devices.push_back(nvidia_gpu("0000:10:00.0", 0, 0));
    s.pci_devices.push_back(nvidia_gpu("0000:20:00.0", 1, 1));
    load(s);
    EXPECT_EQ(cpus_of(0), CpuSet{0});
    EXPECT_EQ(cpus_of(1), CpuSet{1});
}

}  // namespace
}  // namespace nbtest
