// The generator's XML, read back by hwloc itself (the reference reader), by
// lstopo, and by numabind: each object and set must be what the spec's
// arithmetic says.
#include "synthetic_topology.h"

#include "c_api_handles.h"
#include "cpu_list.h"

#include <gtest/gtest.h>
#include <hwloc.h>
#include <numabind.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <sys/stat.h>
#include <sys/wait.h>

namespace nbtest {
namespace {

// hwloc's view of a generated document: disallowed PUs kept, every I/O object kept.
class HwlocTopology {
public:
    explicit HwlocTopology(const std::string &xml) {
        hwloc_topology_init(&topo_);
        hwloc_topology_set_flags(topo_, HWLOC_TOPOLOGY_FLAG_INCLUDE_DISALLOWED);
        hwloc_topology_set_io_types_filter(topo_, HWLOC_TYPE_FILTER_KEEP_ALL);
        if (hwloc_topology_set_xmlbuffer(topo_, xml.data(), static_cast<int>(xml.size())) != 0 ||
            hwloc_topology_load(topo_) != 0)
            throw std::runtime_error("hwloc rejected the XML");
    }
    ~HwlocTopology() { hwloc_topology_destroy(topo_); }
    HwlocTopology(const HwlocTopology &) = delete;
    HwlocTopology &operator=(const HwlocTopology &) = delete;

    int count(hwloc_obj_type_t type) const { return hwloc_get_nbobjs_by_type(topo_, type); }
    hwloc_obj_t obj(hwloc_obj_type_t type, int index) const {
        return hwloc_get_obj_by_type(topo_, type, static_cast<unsigned>(index));
    }
    hwloc_obj_t numa_by_os_index(int os_index) const {
        for (hwloc_obj_t n = obj(HWLOC_OBJ_NUMANODE, 0); n; n = n->next_cousin)
            if (static_cast<int>(n->os_index) == os_index) return n;
        return nullptr;
    }
    hwloc_obj_t pcidev(const std::string &bus_id) const {
        unsigned dom, bus, dev, fn;
        std::sscanf(bus_id.c_str(), "%x:%x:%x.%x", &dom, &bus, &dev, &fn);
        return hwloc_get_pcidev_by_busid(topo_, dom, bus, dev, fn);
    }
    hwloc_topology_t get() const { return topo_; }

private:
    hwloc_topology_t topo_ = nullptr;
};

CpuSet to_set(hwloc_const_bitmap_t map) {
    CpuSet out;
    for (int bit = hwloc_bitmap_first(map); bit != -1; bit = hwloc_bitmap_next(map, bit))
        out.insert(bit);
    return out;
}

// 2 packages x 2 nodes x 2 L3 x 3 cores, SMT 2: T = 24 cores, 48 CPUs.
MachineSpec two_socket_spec() {
    MachineSpec s;
    s.packages = 2;
    s.nodes_per_package = 2;
    s.l3_per_node = 2;
    s.cores_per_l3 = 3;
    s.smt = 2;
    return s;
}

TEST(SyntheticTopology, ObjectCountsFollowTheSpec) {
    HwlocTopology topo(hwloc_xml(two_socket_spec()));
    EXPECT_EQ(topo.count(HWLOC_OBJ_PACKAGE), 2);
    EXPECT_EQ(topo.count(HWLOC_OBJ_NUMANODE), 2 * 2);
    EXPECT_EQ(topo.count(HWLOC_OBJ_L3CACHE), 2 * 2 * 2);
    EXPECT_EQ(topo.count(HWLOC_OBJ_CORE), 2 * 2 * 2 * 3);
    EXPECT_EQ(topo.count(HWLOC_OBJ_PU), 2 * 2 * 2 * 3 * 2);
}

TEST(SyntheticTopology, ThreadMajorNumberingPutsSiblingsOneMachineApart) {
    HwlocTopology topo(hwloc_xml(two_socket_spec()));
    const int total_cores = 24;
    for (int c = 0; c < total_cores; ++c) {
        hwloc_obj_t core = topo.obj(HWLOC_OBJ_CORE, c);
        ASSERT_NE(core, nullptr);
        EXPECT_EQ(static_cast<int>(core->os_index), c);
        EXPECT_EQ(to_set(core->cpuset), (CpuSet{c, c + total_cores})) << "core " << c;
    }
}

TEST(SyntheticTopology, CoreMajorNumberingKeepsSiblingsAdjacent) {
    MachineSpec s = two_socket_spec();
    s.smt = 4;
    s.numbering = PuNumbering::kCoreMajor;
    HwlocTopology topo(hwloc_xml(s));
    for (int c = 0; c < 24; ++c)
        EXPECT_EQ(to_set(topo.obj(HWLOC_OBJ_CORE, c)->cpuset), cpu_range(4 * c, 4 * c + 3));
}

TEST(SyntheticTopology, NodesCarrySparseOsIndexesAndTheirCores) {
    MachineSpec s = two_socket_spec();
    s.node_os_indexes = {0, 6, 2, 33};
    HwlocTopology topo(hwloc_xml(s));
    const int per_node = 6, total = 24;
    for (int n = 0; n < 4; ++n) {
        hwloc_obj_t node = topo.numa_by_os_index(s.node_os_indexes[n]);
        ASSERT_NE(node, nullptr) << "P#" << s.node_os_indexes[n];
        CpuSet expected = cpu_union(cpu_range(n * per_node, n * per_node + per_node - 1),
                                    cpu_range(total + n * per_node, total + n * per_node + per_node - 1));
        EXPECT_EQ(to_set(node->cpuset), expected) << "node " << n;
        // Node n sits in package n / 2.
        hwloc_obj_t package = hwloc_get_ancestor_obj_by_type(topo.get(), HWLOC_OBJ_PACKAGE, node);
        ASSERT_NE(package, nullptr);
        EXPECT_EQ(static_cast<int>(package->os_index), n / 2);
    }
}

TEST(SyntheticTopology, NodeAttachedDeviceIsLocalToItsNode) {
    MachineSpec s = two_socket_spec();
    s.pci_devices.push_back(nvidia_gpu("0000:4e:00.0", 1, 0));
    HwlocTopology topo(hwloc_xml(s));
    hwloc_obj_t dev = topo.pcidev("0000:4e:00.0");
    ASSERT_NE(dev, nullptr);
    hwloc_obj_t locality = hwloc_get_non_io_ancestor_obj(topo.get(), dev);
    // Node 1: cores 6..11 and their siblings 30..35.
    EXPECT_EQ(to_set(locality->cpuset), cpu_union(cpu_range(6, 11), cpu_range(30, 35)));
}

TEST(SyntheticTopology, L3AttachedDeviceIsLocalToOneL3) {
    MachineSpec s = two_socket_spec();
    PciDevice gpu = amd_gpu("0000:c1:00.0", 2, 0);
    gpu.attach = Attach::kL3;
    gpu.l3 = 1;
    s.pci_devices.push_back(gpu);
    HwlocTopology topo(hwloc_xml(s));
    hwloc_obj_t locality = hwloc_get_non_io_ancestor_obj(topo.get(), topo.pcidev("0000:c1:00.0"));
    EXPECT_EQ(locality->type, HWLOC_OBJ_L3CACHE);
    // Node 2 starts at core 12; its second L3 holds cores 15..17 (+24 for siblings).
    EXPECT_EQ(to_set(locality->cpuset), cpu_union(cpu_range(15, 17), cpu_range(39, 41)));
}

TEST(SyntheticTopology, PackageAndMachineAttachedDevicesSpanTheirAncestor) {
    MachineSpec s = two_socket_spec();
    PciDevice on_package = nvidia_gpu("0000:10:00.0", 3, 0);
    on_package.attach = Attach::kPackage;  // node 3 is in package 1
    PciDevice on_machine = nvidia_gpu("0000:20:00.0", 0, 1);
    on_machine.attach = Attach::kMachine;
    s.pci_devices = {on_package, on_machine};
    HwlocTopology topo(hwloc_xml(s));
    hwloc_obj_t package = hwloc_get_non_io_ancestor_obj(topo.get(), topo.pcidev("0000:10:00.0"));
    EXPECT_EQ(package->type, HWLOC_OBJ_PACKAGE);
    // Package 1: cores 12..23 and siblings 36..47.
    EXPECT_EQ(to_set(package->cpuset), cpu_union(cpu_range(12, 23), cpu_range(36, 47)));
    hwloc_obj_t machine = hwloc_get_non_io_ancestor_obj(topo.get(), topo.pcidev("0000:20:00.0"));
    EXPECT_EQ(machine->type, HWLOC_OBJ_MACHINE);
    EXPECT_EQ(to_set(machine->cpuset), cpu_range(0, 47));
}

TEST(SyntheticTopology, DeviceIdsClassAndOsDevicesComeThrough) {
    MachineSpec s = two_socket_spec();
    s.pci_devices.push_back(nvidia_gpu("0001:4e:02.1", 0, 3, "GPU-abc"));
    HwlocTopology topo(hwloc_xml(s));
    hwloc_obj_t dev = topo.pcidev("0001:4e:02.1");
    ASSERT_NE(dev, nullptr);
    EXPECT_EQ(dev->attr->pcidev.vendor_id, 0x10de);
    EXPECT_EQ(dev->attr->pcidev.device_id, 0x2330);
    EXPECT_EQ(dev->attr->pcidev.class_id, 0x0302);
    ASSERT_NE(dev->io_first_child, nullptr);
    hwloc_obj_t cuda = dev->io_first_child, nvml = cuda->next_sibling;
    EXPECT_STREQ(cuda->name, "cuda3");
    EXPECT_EQ(cuda->attr->osdev.type, HWLOC_OBJ_OSDEV_COPROC);
    ASSERT_NE(nvml, nullptr);
    EXPECT_STREQ(nvml->name, "nvml3");
    EXPECT_EQ(nvml->attr->osdev.type, HWLOC_OBJ_OSDEV_GPU);
    const char *uuid = hwloc_obj_get_info_by_name(nvml, "NVIDIAUUID");
    ASSERT_NE(uuid, nullptr);
    EXPECT_STREQ(uuid, "GPU-abc");
}

TEST(SyntheticTopology, CpulessNodesKeepSubtypeBusIdAndPackageCpus) {
    MachineSpec s = two_socket_spec();
    s.cpuless_nodes.push_back({255, 1, "GPUMemory", "0004:05:00.0"});
    s.cpuless_nodes.push_back({254, -1, "", ""});
    HwlocTopology topo(hwloc_xml(s));
    hwloc_obj_t gpu_mem = topo.numa_by_os_index(255);
    ASSERT_NE(gpu_mem, nullptr);
    ASSERT_NE(gpu_mem->subtype, nullptr);
    EXPECT_STREQ(gpu_mem->subtype, "GPUMemory");
    const char *bus = hwloc_obj_get_info_by_name(gpu_mem, "PCIBusID");
    ASSERT_NE(bus, nullptr);
    EXPECT_STREQ(bus, "0004:05:00.0");
    // Package 1 = cores 12..23 and siblings 36..47.
    EXPECT_EQ(to_set(gpu_mem->cpuset), cpu_union(cpu_range(12, 23), cpu_range(36, 47)));
    hwloc_obj_t machine_level = topo.numa_by_os_index(254);
    ASSERT_NE(machine_level, nullptr);
    EXPECT_EQ(machine_level->parent->type, HWLOC_OBJ_MACHINE);
    EXPECT_EQ(topo.count(HWLOC_OBJ_NUMANODE), 4 + 2);
}

TEST(SyntheticTopology, AllowedCpusetIsSmallerThanComplete) {
    MachineSpec s = two_socket_spec();
    s.allowed_cpus = "0-5,30";
    HwlocTopology topo(hwloc_xml(s));
    EXPECT_EQ(to_set(hwloc_topology_get_allowed_cpuset(topo.get())), parse_cpu_list("0-5,30"));
    EXPECT_EQ(to_set(hwloc_topology_get_complete_cpuset(topo.get())), cpu_range(0, 47));
}

TEST(SyntheticTopology, NoCacheInfoLeavesNoCacheObjects) {
    MachineSpec s = two_socket_spec();
    s.l3_caches = false;
    HwlocTopology topo(hwloc_xml(s));
    EXPECT_EQ(topo.count(HWLOC_OBJ_L3CACHE), 0);
    EXPECT_EQ(topo.count(HWLOC_OBJ_CORE), 24);
}

TEST(SyntheticTopology, InconsistentSpecsAreRejected) {
    MachineSpec s = two_socket_spec();
    s.smt = 0;
    EXPECT_THROW(hwloc_xml(s), std::invalid_argument);
    s = two_socket_spec();
    s.pci_devices.push_back(nvidia_gpu("0000:4e:00.0", 4, 0));  // nodes are 0..3
    EXPECT_THROW(hwloc_xml(s), std::invalid_argument);
    s = two_socket_spec();
    s.pci_devices.push_back(nvidia_gpu("4e:00.0", 0, 0));
    EXPECT_THROW(hwloc_xml(s), std::invalid_argument);
    s = two_socket_spec();
    s.node_os_indexes = {0, 1, 1, 2};
    EXPECT_THROW(hwloc_xml(s), std::invalid_argument);
    s = two_socket_spec();
    s.allowed_cpus = "48";
    EXPECT_THROW(hwloc_xml(s), std::invalid_argument);
}

TEST(SyntheticTopology, LargeMachineLoads) {
    MachineSpec s;
    s.packages = 8;
    s.nodes_per_package = 4;
    s.l3_per_node = 4;
    s.cores_per_l3 = 16;
    s.smt = 2;  // 8*4*4*16 = 2048 cores, 4096 CPUs
    for (int g = 0; g < 64; ++g) s.pci_devices.push_back(nvidia_gpu(bus_id_for(g + 1), g / 2, g));
    HwlocTopology topo(hwloc_xml(s));
    EXPECT_EQ(topo.count(HWLOC_OBJ_PU), 4096);
    EXPECT_EQ(topo.count(HWLOC_OBJ_PCI_DEVICE), 64);
    // GPU 63 sits on node 31: cores 31*64 .. 31*64+63.
    hwloc_obj_t locality = hwloc_get_non_io_ancestor_obj(topo.get(), topo.pcidev(bus_id_for(64)));
    EXPECT_EQ(to_set(locality->cpuset),
              cpu_union(cpu_range(1984, 2047), cpu_range(2048 + 1984, 2048 + 2047)));
}

TEST(TempFile, HoldsTheContentAndIsRemovedAfterwards) {
    std::string path;
    {
        TempFile file("hello", ".txt");
        path = file.path();
        std::ifstream in(path);
        std::stringstream content;
        content << in.rdbuf();
        EXPECT_EQ(content.str(), "hello");
        EXPECT_EQ(path.substr(path.size() - 4), ".txt");
    }
    struct stat st;
    EXPECT_NE(stat(path.c_str(), &st), 0) << path << " still exists";
}

// A spec with every feature at once, for the external readers below.
MachineSpec everything_spec() {
    MachineSpec s = two_socket_spec();
    s.node_os_indexes = {0, 6, 2, 1};
    s.pci_devices.push_back(nvidia_gpu("0000:4e:00.0", 1, 0, "GPU-1234"));
    PciDevice amd = amd_gpu("0000:c1:00.0", 2, 0);
    amd.attach = Attach::kL3;
    amd.l3 = 1;
    amd.os_devices.push_back(drm_render_osdev(128));
    s.pci_devices.push_back(amd);
    s.pci_devices.push_back(bmc_vga("0000:03:00.0", 0));
    s.pci_devices.push_back(nvswitch("0000:90:00.0", 3));
    s.cpuless_nodes.push_back({250, 1, "GPUMemory", "0000:4e:00.0"});
    s.allowed_cpus = "0-5,17";
    return s;
}

TEST(SyntheticTopology, LstopoLoadsItWithoutComplaint) {
    std::string lstopo = NUMABIND_LSTOPO;
    if (lstopo.empty()) GTEST_SKIP() << "lstopo is not installed (Debian package hwloc)";
    TempFile xml = write_temp_xml(everything_spec());
    TempFile err("", ".err");
    std::string command = lstopo + " --input " + xml.path() + " --of console > /dev/null 2> " + err.path();
    int status = std::system(command.c_str());
    ASSERT_TRUE(WIFEXITED(status));
    EXPECT_EQ(WEXITSTATUS(status), 0);
    // lstopo may note "assuming ... is a XML file"; anything else is a complaint.
    std::ifstream in(err.path());
    std::string line, complaints;
    while (std::getline(in, line))
        if (line.rfind("assuming", 0) != 0) complaints += line + "\n";
    EXPECT_EQ(complaints, "");
}

TEST(SyntheticTopology, NumabindLoadsItFromBufferAndFile) {
    std::string xml = hwloc_xml(everything_spec());
    nb_topology *topo = nullptr;
    ASSERT_EQ(nb_topology_load_xml_buffer(&topo, xml.data(), xml.size()), NB_OK) << nb_last_error();
    capi::Topology from_buffer(topo);
    EXPECT_EQ(nb_topology_is_live(topo), 0);
    TempFile file(xml);
    topo = nullptr;
    ASSERT_EQ(nb_topology_load_xml(&topo, file.path().c_str()), NB_OK) << nb_last_error();
    capi::Topology from_file(topo);
}

}  // namespace
}  // namespace nbtest
