// src/host_node.h: which NUMA nodes count as having CPUs (hand-built hwloc
// objects for each marker, generated machines for the real shapes), and the
// host node find_host_node picks for a GPU's locality.
#include <hwloc.h>

#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "host_node.h"
#include "unit_support.h"

namespace unit {
namespace {

using nbtest::Attach;
using nbtest::MachineSpec;
using nbtest::PciDevice;
using numabind::find_host_node;
using numabind::numa_node_has_cpus;

// ---- hand-built objects ----------------------------------------------------------

// A NUMANode object outside any topology: a cpuset, an optional subtype and
// optional infos, everything else zero. Enough for numa_node_has_cpus and, with
// a parent and memory children linked by hand, for find_host_node.
class FakeObject {
public:
    FakeObject(hwloc_obj_type_t type, const std::string &cpus, const std::string &subtype = "")
        : cpuset_(hwloc_bitmap_alloc()), subtype_(subtype) {
        obj_.type = type;
        for (int cpu : nbtest::parse_cpu_list(cpus)) hwloc_bitmap_set(cpuset_, static_cast<unsigned>(cpu));
        obj_.cpuset = cpuset_;
        if (!subtype_.empty()) obj_.subtype = &subtype_[0];
    }
    ~FakeObject() { hwloc_bitmap_free(cpuset_); }
    FakeObject(const FakeObject &) = delete;
    FakeObject &operator=(const FakeObject &) = delete;

    void add_info(const std::string &name, const std::string &value) {
        names_.push_back(name);
        values_.push_back(value);
        infos_.clear();
        for (size_t i = 0; i < names_.size(); ++i) infos_.push_back({&names_[i][0], &values_[i][0]});
        obj_.infos = infos_.data();
        obj_.infos_count = static_cast<unsigned>(infos_.size());
    }
    void set_os_index(unsigned os_index) { obj_.os_index = os_index; }
    void attach_memory(FakeObject &child) {
        child.obj_.parent = &obj_;
        obj_.memory_first_child = &child.obj_;
        obj_.memory_arity = 1;
    }
    void drop_cpuset() { obj_.cpuset = nullptr; }
    hwloc_obj_t get() { return &obj_; }

private:
    hwloc_obj obj_{};
    hwloc_bitmap_t cpuset_;
    std::string subtype_;
    std::vector<std::string> names_, values_;
    std::vector<hwloc_info_s> infos_;
};

TEST(NumaNodeHasCpus, PlainNodeWithCpusHasThem) {
    FakeObject node(HWLOC_OBJ_NUMANODE, "0-7");
    EXPECT_TRUE(numa_node_has_cpus(node.get()));
}

TEST(NumaNodeHasCpus, DramSubtypeIsOrdinaryMemory) {
    // hwloc marks ordinary memory "DRAM" on machines that also have HBM or CXL.
    FakeObject node(HWLOC_OBJ_NUMANODE, "0-7", "DRAM");
    EXPECT_TRUE(numa_node_has_cpus(node.get()));
}

TEST(NumaNodeHasCpus, MemoryOnlySubtypesHaveNoneDespiteACpuset) {
    for (const char *subtype : {"GPUMemory", "MCDRAM", "HBM", "CXL", "CXL-DRAM", "NVM", "SPM"}) {
        SCOPED_TRACE(subtype);
        FakeObject node(HWLOC_OBJ_NUMANODE, "0-7", subtype);
        EXPECT_FALSE(numa_node_has_cpus(node.get()));
    }
}

TEST(NumaNodeHasCpus, PciBusIdInfoMeansADevicesMemory) {
    FakeObject node(HWLOC_OBJ_NUMANODE, "0-7");
    node.add_info("Vendor", "NVIDIA");
    node.add_info("PCIBusID", "0004:04:00.0");
    EXPECT_FALSE(numa_node_has_cpus(node.get()));
}

TEST(NumaNodeHasCpus, OtherInfosDoNotMatter) {
    FakeObject node(HWLOC_OBJ_NUMANODE, "0-7");
    node.add_info("Vendor", "Intel");
    EXPECT_TRUE(numa_node_has_cpus(node.get()));
}

TEST(NumaNodeHasCpus, EmptyOrMissingCpusetHasNone) {
    FakeObject empty(HWLOC_OBJ_NUMANODE, "");
    EXPECT_FALSE(numa_node_has_cpus(empty.get()));
    FakeObject missing(HWLOC_OBJ_NUMANODE, "0-3");
    missing.drop_cpuset();
    EXPECT_FALSE(numa_node_has_cpus(missing.get()));
}

TEST(FindHostNode, NoCpuBearingNodeAnywhereIsNull) {
    // A lone package whose only memory is a GPU's.
    FakeObject package(HWLOC_OBJ_PACKAGE, "0-3");
    FakeObject gpu_memory(HWLOC_OBJ_NUMANODE, "0-3", "GPUMemory");
    package.attach_memory(gpu_memory);
    EXPECT_EQ(find_host_node(package.get()), nullptr);
}

TEST(FindHostNode, NodeAttachedToTheLocalityItself) {
    FakeObject package(HWLOC_OBJ_PACKAGE, "0-3");
    FakeObject node(HWLOC_OBJ_NUMANODE, "0-3");
    node.set_os_index(7);
    package.attach_memory(node);
    EXPECT_EQ(find_host_node(package.get()), node.get());
}

// ---- generated machines ------------------------------------------------------------

hwloc_obj_t locality_of(const numabind::Topology &topology, const std::string &bus_id) {
    const hwloc_obj_t pcidev = pci_device(topology, bus_id);
    return pcidev ? hwloc_get_non_io_ancestor_obj(topology.hwloc(), pcidev) : nullptr;
}

unsigned host_os_index(const numabind::Topology &topology, const std::string &bus_id) {
    const hwloc_obj_t locality = locality_of(topology, bus_id);
    if (locality == nullptr) {
        ADD_FAILURE() << "no PCI device " << bus_id;
        return ~0u;
    }
    const hwloc_obj_t host = find_host_node(locality);
    if (host == nullptr) {
        ADD_FAILURE() << "no host node for " << bus_id;
        return ~0u;
    }
    EXPECT_EQ(host->type, HWLOC_OBJ_NUMANODE);
    return host->os_index;
}

PciDevice gpu_at(const std::string &bus_id, int node, Attach attach, int l3 = 0) {
    PciDevice d = nbtest::nvidia_gpu(bus_id, node, 0);
    d.attach = attach;
    d.l3 = l3;
    return d;
}

TEST(NumaNodeHasCpus, GeneratedGpuMemoryNodeSharesThePackageCpusetButHasNoCpus) {
    MachineSpec s;
    s.cores_per_l3 = 4;
    s.node_os_indexes = {8};
    s.cpuless_nodes.push_back({0, 0, "GPUMemory", "0004:04:00.0"});
    const auto topology = load_machine(s);
    const hwloc_obj_t cpu_node = numa_node(*topology, 8);
    const hwloc_obj_t gpu_node = numa_node(*topology, 0);
    ASSERT_NE(cpu_node, nullptr);
    ASSERT_NE(gpu_node, nullptr);
    EXPECT_EQ(members(gpu_node->cpuset), nbtest::cpu_range(0, 3)) << "hwloc gives it the package's CPUs";
    EXPECT_TRUE(numa_node_has_cpus(cpu_node));
    EXPECT_FALSE(numa_node_has_cpus(gpu_node));
}

TEST(FindHostNode, GpuAtItsNodeGetsThatNode) {
    MachineSpec s;
    s.packages = 2;
    s.nodes_per_package = 2;
    s.cores_per_l3 = 2;
    s.node_os_indexes = {0, 1, 2, 3};
    s.pci_devices = {gpu_at("0000:10:00.0", 0, Attach::kNode), gpu_at("0000:20:00.0", 3, Attach::kNode)};
    const auto topology = load_machine(s);
    EXPECT_EQ(host_os_index(*topology, "0000:10:00.0"), 0u);
    EXPECT_EQ(host_os_index(*topology, "0000:20:00.0"), 3u);
}

TEST(FindHostNode, LocalityFinerThanTheNodeWalksUpToIt) {
    // Tioga-like: the GPU hangs below the second L3 of logical node 1 (P#4).
    MachineSpec s;
    s.nodes_per_package = 2;
    s.l3_per_node = 2;
    s.cores_per_l3 = 2;
    s.node_os_indexes = {9, 4};
    s.pci_devices = {gpu_at("0000:c1:00.0", 1, Attach::kL3, 1)};
    const auto topology = load_machine(s);
    const hwloc_obj_t locality = locality_of(*topology, "0000:c1:00.0");
    ASSERT_NE(locality, nullptr);
    EXPECT_EQ(locality->type, HWLOC_OBJ_L3CACHE);
    EXPECT_EQ(host_os_index(*topology, "0000:c1:00.0"), 4u);
}

TEST(FindHostNode, LocalitySpanningTwoNodesTakesTheLowestOsIndexInside) {
    // Package of two nodes, P#6 then P#2 in logical order.
    MachineSpec s;
    s.nodes_per_package = 2;
    s.cores_per_l3 = 4;
    s.node_os_indexes = {6, 2};
    s.pci_devices = {gpu_at("0000:10:00.0", 0, Attach::kPackage)};
    const auto topology = load_machine(s);
    EXPECT_EQ(locality_of(*topology, "0000:10:00.0")->type, HWLOC_OBJ_PACKAGE);
    EXPECT_EQ(host_os_index(*topology, "0000:10:00.0"), 2u);
}

TEST(FindHostNode, RootLocalityTakesTheLowestOsIndexOfTheMachine) {
    MachineSpec s;
    s.packages = 2;
    s.nodes_per_package = 2;
    s.cores_per_l3 = 2;
    s.node_os_indexes = {5, 7, 3, 4};
    s.pci_devices = {gpu_at("0000:10:00.0", 0, Attach::kMachine)};
    const auto topology = load_machine(s);
    EXPECT_EQ(host_os_index(*topology, "0000:10:00.0"), 3u);
}

TEST(FindHostNode, CpulessNodeAboveTheLocalityIsSkippedDespiteItsLowerIndex) {
    // POWER9-like: the GPU's own memory is P#0, attached to the package above the GPU's node.
    MachineSpec s;
    s.packages = 2;
    s.cores_per_l3 = 4;
    s.node_os_indexes = {8, 9};
    s.cpuless_nodes = {{0, 0, "GPUMemory", "0004:04:00.0"}, {1, 1, "GPUMemory", "0035:03:00.0"}};
    s.pci_devices = {gpu_at("0004:04:00.0", 0, Attach::kNode), gpu_at("0035:03:00.0", 1, Attach::kNode)};
    const auto topology = load_machine(s);
    EXPECT_EQ(host_os_index(*topology, "0004:04:00.0"), 8u);
    EXPECT_EQ(host_os_index(*topology, "0035:03:00.0"), 9u);
}

TEST(FindHostNode, CpulessNodeAtTheRootIsSkipped) {
    // GH200-like: GPU memory nodes hang off the machine and get every CPU.
    MachineSpec s;
    s.cores_per_l3 = 4;
    s.node_os_indexes = {8};
    s.cpuless_nodes = {{0, -1, "GPUMemory", ""}, {1, -1, "", "0009:01:00.0"}};
    s.pci_devices = {gpu_at("0009:01:00.0", 0, Attach::kNode)};
    const auto topology = load_machine(s);
    EXPECT_EQ(host_os_index(*topology, "0009:01:00.0"), 8u);
}

TEST(FindHostNode, CpulessNodeInsideASpanningLocalityIsSkipped) {
    MachineSpec s;
    s.nodes_per_package = 2;
    s.cores_per_l3 = 2;
    s.node_os_indexes = {3, 1};
    s.cpuless_nodes = {{0, 0, "HBM", ""}};
    s.pci_devices = {gpu_at("0000:10:00.0", 0, Attach::kPackage)};
    const auto topology = load_machine(s);
    EXPECT_EQ(host_os_index(*topology, "0000:10:00.0"), 1u);
}

// ---- place_gpu ----------------------------------------------------------------------

TEST(PlaceGpu, GivesLocalityAndHostNode) {
    MachineSpec s;
    s.nodes_per_package = 2;
    s.l3_per_node = 2;
    s.cores_per_l3 = 2;
    s.node_os_indexes = {9, 4};
    s.pci_devices = {gpu_at("0000:c1:00.0", 1, Attach::kL3, 0)};
    const auto topology = load_machine(s);
    const auto placement = numabind::place_gpu(topology->hwloc(), pci_device(*topology, "0000:c1:00.0"));
    EXPECT_EQ(placement.status, NB_OK);
    ASSERT_NE(placement.locality, nullptr);
    EXPECT_EQ(placement.locality->type, HWLOC_OBJ_L3CACHE);
    EXPECT_EQ(members(placement.locality->cpuset), (nbtest::CpuSet{4, 5})) << "first L3 of logical node 1";
    ASSERT_NE(placement.host_node, nullptr);
    EXPECT_EQ(placement.host_node->os_index, 4u);
}

}  // namespace
}  // namespace unit
