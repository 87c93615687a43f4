// Mode "closest": the allowed CPUs of the GPU's own hwloc locality (its
// non-I/O ancestor), finer than the NUMA node when the GPU sits under an L3.
#include "policy_fixture.h"

namespace nbtest {
namespace {

class ClosestMode : public ModeTest<NB_MODE_CLOSEST> {};

// Tioga-like: 1 package, 4 nodes x 2 L3 x 8 cores, SMT 2: T = 64 cores.
// L3 l (global, 0..7) holds cores 8l..8l+7 and siblings 64+8l..64+8l+7.
constexpr int kCores = 64;

MachineSpec tioga_like() {
    MachineSpec s;
    s.nodes_per_package = 4;
    s.l3_per_node = 2;
    s.cores_per_l3 = 8;
    s.smt = 2;
    return s;
}

PciDevice gcd_under_l3(const std::string &bus, int node, int l3, int index) {
    PciDevice gpu = amd_gpu(bus, node, index);
    gpu.attach = Attach::kL3;
    gpu.l3 = l3;
    return gpu;
}

// Eight GCDs, one per L3; bus order runs against L3 order (rank r sits on L3 7-r).
TEST_F(ClosestMode, GpuUnderAnL3GetsThatL3Only) {
    MachineSpec s = tioga_like();
    for (int r = 0; r < 8; ++r) {
        int l3 = 7 - r;
        s.pci_devices.push_back(gcd_under_l3(bus_id_for(0xc1 + r), l3 / 2, l3 % 2, r));
    }
    load(s);
    for (int r = 0; r < 8; ++r)
        EXPECT_EQ(cpus_of(r), x86_cores(8 * (7 - r), 8, 2, kCores)) << "rank " << r;
}

TEST_F(ClosestMode, GpuAtNodeLevelGetsTheNode) {
    MachineSpec s = tioga_like();
    s.pci_devices.push_back(nvidia_gpu("0000:10:00.0", 2, 0));
    load(s);
    EXPECT_EQ(cpus_of(0), x86_cores(32, 16, 2, kCores));  // node 2 = L3s 4, 5 = cores 32..47
}

TEST_F(ClosestMode, GpuAtPackageLevelGetsThePackage) {
    MachineSpec s = tioga_like();
    s.packages = 2;  // T = 128 cores; package 1 = cores 64..127
    PciDevice gpu = nvidia_gpu("0000:10:00.0", 5, 0);
    gpu.attach = Attach::kPackage;
    s.pci_devices.push_back(gpu);
    load(s);
    EXPECT_EQ(cpus_of(0), x86_cores(64, 64, 2, 128));
}

// L3 3 = cores 24..31, 88..95; allowed keeps 24-27 and 90.
TEST_F(ClosestMode, ResultIsTrimmedToAllowed) {
    MachineSpec s = tioga_like();
    s.allowed_cpus = "0-27,90";
    s.pci_devices.push_back(gcd_under_l3("0000:c1:00.0", 1, 1, 0));
    load(s);
    EXPECT_EQ(list_of(0), "24-27,90");
}

// The GPU's L3 is entirely disallowed even though the rest of its node is not.
TEST_F(ClosestMode, DisallowedL3IsNotAllowed) {
    MachineSpec s = tioga_like();
    s.allowed_cpus = "0-23,64-87";  // L3s 0..2
    s.pci_devices.push_back(gcd_under_l3("0000:c1:00.0", 1, 1, 0));  // L3 3
    load(s);
    EXPECT_EQ(compute(0, nullptr), NB_ENOTALLOWED);
}

}  // namespace
}  // namespace nbtest
