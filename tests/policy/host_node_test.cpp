// The host NUMA node of a GPU: NUMA nodes at or above its locality, else
// inside it; CPU-less nodes (GPUMemory & co., PCIBusID-tagged) never qualify;
// the lowest OS index wins.
#include "policy_fixture.h"

namespace nbtest {
namespace {

class HostNode : public PolicyTest {};

// POWER9-like: 2 packages x 1 node x 4 cores, CPU nodes P#8 and P#9, and a
// GPU-memory node with a LOWER OS index in each package, like hwloc 2.x shows
// V100 memory. The GPU-memory node shares the package's cpuset, so only its
// subtype/PCIBusID tells it apart.
TEST_F(HostNode, GpuMemoryNodeIsNeverChosenEvenWithLowerIndex) {
    MachineSpec s;
    s.packages = 2;
    s.cores_per_l3 = 4;
    s.node_os_indexes = {8, 9};
    s.cpuless_nodes.push_back({0, 0, "GPUMemory", "0004:04:00.0"});
    s.cpuless_nodes.push_back({1, 1, "GPUMemory", "0035:03:00.0"});
    s.pci_devices.push_back(nvidia_gpu("0004:04:00.0", 0, 0));
    s.pci_devices.push_back(nvidia_gpu("0035:03:00.0", 1, 1));
    load(s);
    EXPECT_EQ(host_node_of(0), 8);
    EXPECT_EQ(host_node_of(1), 9);
    EXPECT_EQ(cpus_of(0), cpu_range(0, 3));
    EXPECT_EQ(cpus_of(1), cpu_range(4, 7));
}

// Each marker alone disqualifies a node: a PCIBusID info, or one of the
// memory-only subtypes.
struct CpulessMarker {
    const char *subtype;
    const char *pci_bus_id;
};

/// GoogleTest prints the marker (listings, failures), not its bytes.
void PrintTo(const CpulessMarker &marker, std::ostream *os) {
    if (*marker.subtype) *os << "subtype " << marker.subtype;
    else *os << "PCIBusID " << marker.pci_bus_id;
}

class HostNodeMarker : public HostNode, public ::testing::WithParamInterface<CpulessMarker> {};

TEST_P(HostNodeMarker, MarkedNodeIsSkipped) {
    MachineSpec s;
    s.cores_per_l3 = 4;
    s.node_os_indexes = {5};
    s.cpuless_nodes.push_back({2, 0, GetParam().subtype, GetParam().pci_bus_id});
    s.pci_devices.push_back(nvidia_gpu("0000:10:00.0", 0, 0));
    load(s);
    EXPECT_EQ(host_node_of(0), 5);
    EXPECT_EQ(cpus_of(0), cpu_range(0, 3));
}

INSTANTIATE_TEST_SUITE_P(Markers, HostNodeMarker,
                         ::testing::Values(CpulessMarker{"GPUMemory", ""},
                                           CpulessMarker{"", "0000:10:00.0"},
                                           CpulessMarker{"MCDRAM", ""}, CpulessMarker{"HBM", ""},
                                           CpulessMarker{"NVM", ""}, CpulessMarker{"SPM", ""},
                                           CpulessMarker{"CXL-DRAM", ""}),
                         [](const ::testing::TestParamInfo<CpulessMarker> &param_info) {
                             std::string name = *param_info.param.subtype ? param_info.param.subtype : "PCIBusID";
                             for (char &c : name)
                                 if (c == '-') c = '_';
                             return name;
                         });

// A GPU whose locality is a whole package of two nodes (P#6 then P#2 in
// logical order): no node sits at or above the package, so the nodes inside
// it are the candidates and the lowest OS index, P#2, wins.
TEST_F(HostNode, LocalitySpanningNodesPicksLowestOsIndex) {
    MachineSpec s;
    s.nodes_per_package = 2;
    s.cores_per_l3 = 4;  // logical node 0 (P#6) = CPUs 0..3, node 1 (P#2) = 4..7
    s.node_os_indexes = {6, 2};
    PciDevice gpu = nvidia_gpu("0000:10:00.0", 0, 0);
    gpu.attach = Attach::kPackage;
    s.pci_devices.push_back(gpu);
    load(s);
    set_mode(NB_MODE_NODE);
    EXPECT_EQ(host_node_of(0), 2);
    EXPECT_EQ(cpus_of(0), cpu_range(4, 7));
}

// PCI attached to the machine root: every node is inside; lowest OS index is P#3.
TEST_F(HostNode, RootAttachedGpuPicksLowestOsIndexOfAll) {
    MachineSpec s;
    s.packages = 2;
    s.nodes_per_package = 2;
    s.cores_per_l3 = 2;  // logical node n = CPUs 2n, 2n+1
    s.node_os_indexes = {5, 7, 3, 4};
    PciDevice gpu = nvidia_gpu("0000:10:00.0", 0, 0);
    gpu.attach = Attach::kMachine;
    s.pci_devices.push_back(gpu);
    load(s);
    EXPECT_EQ(host_node_of(0), 3);
    EXPECT_EQ(cpus_of(0), cpu_range(4, 5));  // P#3 is logical node 2
}

// Sparse, non-monotonic OS indexes (Magny-Cours style) are reported as is.
TEST_F(HostNode, SparseOsIndexesAreReported) {
    MachineSpec s;
    s.packages = 4;
    s.nodes_per_package = 2;
    s.cores_per_l3 = 2;  // logical node n = CPUs 2n, 2n+1
    s.node_os_indexes = {0, 1, 2, 33, 34, 45, 73, 72};
    for (int n = 0; n < 8; ++n) s.pci_devices.push_back(nvidia_gpu(bus_id_for(0x10 + n), n, n));
    load(s);
    for (int n = 0; n < 8; ++n) {
        EXPECT_EQ(host_node_of(n), s.node_os_indexes[n]) << "GPU " << n;
        EXPECT_EQ(cpus_of(n), cpu_range(2 * n, 2 * n + 1)) << "GPU " << n;
    }
}

// A GPU under an L3 finds the node attached above it (its own node), not a
// lower-numbered node elsewhere in the package.
TEST_F(HostNode, GpuUnderL3FindsTheNodeAboveIt) {
    MachineSpec s;
    s.nodes_per_package = 2;
    s.l3_per_node = 2;
    s.cores_per_l3 = 2;  // logical node 1 (P#4) = CPUs 4..7, its L3 1 = CPUs 6, 7
    s.node_os_indexes = {0, 4};
    PciDevice gpu = amd_gpu("0000:c1:00.0", 1, 0);
    gpu.attach = Attach::kL3;
    gpu.l3 = 1;
    s.pci_devices.push_back(gpu);
    load(s);
    EXPECT_EQ(host_node_of(0), 4);
    EXPECT_EQ(cpus_of(0), cpu_range(4, 7));
}

}  // namespace
}  // namespace nbtest
