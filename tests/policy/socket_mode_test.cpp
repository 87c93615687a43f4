// Mode "socket": the CPUs of every CPU-bearing NUMA node in the package(s)
// holding the GPU's host node; nodes with no allowed CPU contribute nothing.
#include "policy_fixture.h"

namespace nbtest {
namespace {

// 2 packages x 2 nodes x 4 cores, SMT 2: T = 16 cores.
// Package p holds nodes 2p, 2p+1 = cores 8p..8p+7 and siblings 16+8p..16+8p+7.
constexpr int kCores = 16, kPerNode = 4, kPerPackage = 8;

class SocketMode : public ModeTest<NB_MODE_SOCKET> {};

TEST_F(SocketMode, PackageWithTwoNodesGivesBothNodes) {
    MachineSpec s = four_node_machine();
    s.pci_devices.push_back(nvidia_gpu("0000:10:00.0", 1, 0));  // package 0
    s.pci_devices.push_back(nvidia_gpu("0000:20:00.0", 2, 1));  // package 1
    load(s);
    EXPECT_EQ(cpus_of(0), x86_cores(0, kPerPackage, 2, kCores));
    EXPECT_EQ(cpus_of(1), x86_cores(kPerPackage, kPerPackage, 2, kCores));
}

TEST_F(SocketMode, OneNodePerPackageEqualsTheNode) {
    MachineSpec s;
    s.packages = 2;
    s.cores_per_l3 = 6;
    s.pci_devices.push_back(nvidia_gpu("0000:10:00.0", 1, 0));
    load(s);
    EXPECT_EQ(cpus_of(0), cpu_range(6, 11));
}

// Node 0 (cores 0..3, 16..19) has no allowed CPU: the GPU on node 1 gets node 1 only.
TEST_F(SocketMode, NodeWithNoAllowedCpuContributesNothing) {
    MachineSpec s = four_node_machine();
    s.allowed_cpus = "4-15,20-31";
    s.pci_devices.push_back(nvidia_gpu("0000:10:00.0", 1, 0));
    load(s);
    EXPECT_EQ(cpus_of(0), x86_cores(kPerNode, kPerNode, 2, kCores));
}

// Only part of the sibling node allowed: that part joins.
TEST_F(SocketMode, PartlyAllowedSiblingNodeJoinsWithItsAllowedCpus) {
    MachineSpec s = four_node_machine();
    s.allowed_cpus = "1,4-7";  // node 0 keeps CPU 1; node 1 keeps its first threads
    s.pci_devices.push_back(nvidia_gpu("0000:10:00.0", 1, 0));
    load(s);
    EXPECT_EQ(list_of(0), "1,4-7");
}

// GPU memory nodes of the package (POWER9) add no CPU of their own and do not break the union.
TEST_F(SocketMode, GpuMemoryNodesInThePackageAreHarmless) {
    MachineSpec s = four_node_machine();
    s.cpuless_nodes.push_back({254, 0, "GPUMemory", "0000:10:00.0"});
    s.pci_devices.push_back(nvidia_gpu("0000:10:00.0", 0, 0));
    load(s);
    EXPECT_EQ(cpus_of(0), x86_cores(0, kPerPackage, 2, kCores));
}

TEST_F(SocketMode, PackageWithoutAllowedCpuIsNotAllowed) {
    MachineSpec s = four_node_machine();
    s.allowed_cpus = "8-15,24-31";  // package 1 only
    s.pci_devices.push_back(nvidia_gpu("0000:10:00.0", 0, 0));
    load(s);
    EXPECT_EQ(compute(0, nullptr), NB_ENOTALLOWED);
}

// Non-monotonic node numbering does not change which nodes form the package.
TEST_F(SocketMode, SparseNodeIndexesStillGroupByPackage) {
    MachineSpec s = four_node_machine();
    s.node_os_indexes = {6, 2, 0, 9};
    s.pci_devices.push_back(nvidia_gpu("0000:10:00.0", 3, 0));  // P#9, package 1
    load(s);
    EXPECT_EQ(cpus_of(0), x86_cores(kPerPackage, kPerPackage, 2, kCores));
}

}  // namespace
}  // namespace nbtest
