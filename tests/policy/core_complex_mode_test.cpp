// Mode "core-complex": groups = (L3 ∩ node ∩ allowed), empty ones dropped,
// ordered by size descending then lowest CPU; GPU k on the node takes group
// k mod #groups. No cache information: the node is one group.
#include "policy_fixture.h"

namespace nbtest {
namespace {

class CoreComplexMode : public ModeTest<NB_MODE_CORE_COMPLEX> {};

// 2 nodes x 4 L3 x 2 cores, SMT 2: T = 16 cores. L3 l (global) holds cores
// 2l, 2l+1 and their siblings 16+2l, 17+2l. Node 1 holds L3s 4..7.
constexpr int kCores = 16;

MachineSpec ccx_machine() {
    MachineSpec s;
    s.nodes_per_package = 2;
    s.l3_per_node = 4;
    s.cores_per_l3 = 2;
    s.smt = 2;
    return s;
}

TEST_F(CoreComplexMode, EqualGroupsGoInCpuOrder) {
    MachineSpec s = ccx_machine();
    for (int g = 0; g < 4; ++g) s.pci_devices.push_back(nvidia_gpu(bus_id_for(0x10 + g), 1, g));
    load(s);
    for (int k = 0; k < 4; ++k)
        EXPECT_EQ(cpus_of(k), x86_cores(2 * (4 + k), 2, 2, kCores)) << "GPU " << k;
}

// 6 GPUs, 4 groups: GPU 4 wraps to group 0, GPU 5 to group 1.
TEST_F(CoreComplexMode, MoreGpusThanGroupsWrapAround) {
    MachineSpec s = ccx_machine();
    for (int g = 0; g < 6; ++g) s.pci_devices.push_back(nvidia_gpu(bus_id_for(0x10 + g), 0, g));
    load(s);
    EXPECT_EQ(cpus_of(4), x86_cores(0, 2, 2, kCores));
    EXPECT_EQ(cpus_of(5), x86_cores(2, 2, 2, kCores));
}

// Node 0's L3s after the allowed set (each L3 has 4 CPUs: 2l, 2l+1, 16+2l, 17+2l):
//   L3 0: 0,1,16       (3)   L3 1: 2,3,18,19 (4)
//   L3 2: 4            (1)   L3 3: 6,7,22,23 (4)
// Order: L3 1 (4, lowest CPU 2), L3 3 (4, lowest 6), L3 0 (3), L3 2 (1).
TEST_F(CoreComplexMode, GroupsOrderBySizeThenLowestCpu) {
    MachineSpec s = ccx_machine();
    s.allowed_cpus = "0-4,6-15,16,18-19,22-31";
    for (int g = 0; g < 4; ++g) s.pci_devices.push_back(nvidia_gpu(bus_id_for(0x10 + g), 0, g));
    load(s);
    EXPECT_EQ(list_of(0), "2-3,18-19");
    EXPECT_EQ(list_of(1), "6-7,22-23");
    EXPECT_EQ(list_of(2), "0-1,16");
    EXPECT_EQ(list_of(3), "4");
}

// L3 0 of node 0 fully disallowed: 3 groups left, GPU 3 wraps to the first of them.
TEST_F(CoreComplexMode, FullyDisallowedGroupIsDropped) {
    MachineSpec s = ccx_machine();
    s.allowed_cpus = "2-15,18-31";
    for (int g = 0; g < 4; ++g) s.pci_devices.push_back(nvidia_gpu(bus_id_for(0x10 + g), 0, g));
    load(s);
    EXPECT_EQ(cpus_of(0), x86_cores(2, 2, 2, kCores));  // L3 1
    EXPECT_EQ(cpus_of(1), x86_cores(4, 2, 2, kCores));  // L3 2
    EXPECT_EQ(cpus_of(2), x86_cores(6, 2, 2, kCores));  // L3 3
    EXPECT_EQ(cpus_of(3), x86_cores(2, 2, 2, kCores));  // 3 mod 3 = 0 -> L3 1
}

// The group index counts GPUs on the same node only.
TEST_F(CoreComplexMode, GpuIndexIsCountedPerNode) {
    MachineSpec s = ccx_machine();
    s.pci_devices.push_back(nvidia_gpu("0000:10:00.0", 0, 0));
    s.pci_devices.push_back(nvidia_gpu("0000:20:00.0", 1, 1));
    s.pci_devices.push_back(nvidia_gpu("0000:30:00.0", 1, 2));
    load(s);
    EXPECT_EQ(cpus_of(0), x86_cores(0, 2, 2, kCores));  // node 0, first GPU: L3 0
    EXPECT_EQ(cpus_of(1), x86_cores(8, 2, 2, kCores));  // node 1, first GPU: L3 4
    EXPECT_EQ(cpus_of(2), x86_cores(10, 2, 2, kCores)); // node 1, second GPU: L3 5
}

// Without cache objects the node is one group: every GPU gets the whole node.
TEST_F(CoreComplexMode, NoCacheInfoMakesTheNodeOneGroup) {
    MachineSpec s = ccx_machine();
    s.l3_caches = false;
    for (int g = 0; g < 3; ++g) s.pci_devices.push_back(nvidia_gpu(bus_id_for(0x10 + g), 1, g));
    load(s);
    for (int k = 0; k < 3; ++k) EXPECT_EQ(cpus_of(k), x86_cores(8, 8, 2, kCores)) << "GPU " << k;
}

TEST_F(CoreComplexMode, NodeWithoutAllowedCpuIsNotAllowed) {
    MachineSpec s = ccx_machine();
    s.allowed_cpus = "0-7,16-23";  // node 0 only
    s.pci_devices.push_back(nvidia_gpu("0000:10:00.0", 1, 0));
    load(s);
    EXPECT_EQ(compute(0, nullptr), NB_ENOTALLOWED);
}

}  // namespace
}  // namespace nbtest
