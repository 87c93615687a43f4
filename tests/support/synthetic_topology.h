// Synthetic hwloc 2.x XML topologies for tests and benchmarks.
//
// Describe a machine with a handful of numbers (packages, NUMA nodes per
// package, L3 caches per node, cores per L3, SMT width) plus the PCI devices
// and special NUMA nodes it should carry, and get back an hwloc 2.x XML
// document that Debian's hwloc 2.9 loads (`lstopo --input file.xml`).
//
// The layout is fully determined by the numbers, so a test can state the
// expected CPU sets with plain arithmetic instead of asking the code under
// test. With the default numbering, for a machine of N nodes, C cores per node
// and T = N*C cores in all:
//   core c (0 .. T-1) belongs to node c / C, package c / (C * nodes_per_package),
//   L3 c / cores_per_l3;
//   hardware thread t (0 .. smt-1) of core c is CPU  t*T + c  (Linux x86 style:
//   all first threads, then all second threads), or CPU c*smt + t with
//   PuNumbering::kCoreMajor (POWER style).
//
// Object tree (hwloc 2.x):
//   Machine
//     Package p                      memory children: CpulessNode{package = p}
//       [Group per node]             only when nodes_per_package > 1
//         NUMANode (memory child)    OS index node_os_indexes[n] or n
//         L3Cache l (when l3_caches) each holding cores_per_l3 cores
//           Core > PU...
//           host Bridge > PCIDev > OSDev...   PciDevice{attach = kL3, l3 = l}
//         host Bridge > PCIDev > OSDev...     PciDevice{attach = kNode}
//       host Bridge > PCIDev > OSDev...       PciDevice{attach = kPackage}
//     host Bridge > PCIDev > OSDev...         PciDevice{attach = kMachine}
//     NUMANode (memory child of Machine)     CpulessNode{package = -1}
// hwloc merges a Group, or an L3, whose cpuset equals its only child's (e.g. one L3
// per node, one core per node), moving the NUMANode and bridges down to that child;
// the localities stay the same.
//
// This library does not depend on numabind; it is plain C++17.
#ifndef NUMABIND_TESTS_SUPPORT_SYNTHETIC_TOPOLOGY_H
#define NUMABIND_TESTS_SUPPORT_SYNTHETIC_TOPOLOGY_H

#include <string>
#include <utility>
#include <vector>

namespace nbtest {

/// hwloc 2.x OS device types (the osdev_type XML attribute, enum hwloc_obj_osdev_type_e).
enum class OsDevType { kBlock = 0, kGpu = 1, kNetwork = 2, kOpenFabrics = 3, kDma = 4, kCoproc = 5 };

/// An OS device under a PCI device, e.g. "cuda0", "nvml0", "rsmi0", "renderD128", "card0".
struct OsDevice {
    std::string name;
    OsDevType type = OsDevType::kGpu;
    std::string subtype;  ///< "CUDA", "NVML", "RSMI", "OpenCL"; empty writes no subtype.
    std::vector<std::pair<std::string, std::string>> infos;  ///< <info name= value=/> children.
};

/// Where a PCI device's host bridge hangs, which sets its hwloc locality.
enum class Attach {
    kNode,     ///< under the node's Group (or its Package when nodes_per_package == 1): locality = the node.
    kL3,       ///< under one L3 of the node: locality = that L3's cores, finer than the node (LLNL Tioga).
    kPackage,  ///< under the Package holding the node: locality = the whole package (all its nodes).
    kMachine,  ///< under the Machine: locality = every CPU (PCI attached to the root).
};

/// One PCI device (GPU, BMC VGA, NVSwitch, ...) behind its own host bridge.
struct PciDevice {
    std::string bus_id;        ///< "DDDD:BB:DD.F", hexadecimal; written in lower case.
    unsigned vendor_id = 0;    ///< 0x10de NVIDIA, 0x1002 AMD, 0x1a03 ASPEED.
    unsigned device_id = 0;
    unsigned pci_class = 0;    ///< 0x0302 3D controller, 0x0300 VGA, 0x0380 display, 0x1200 accelerator.
    /// Logical index (0 .. nodes()-1) of the CPU node whose locality holds it (with kPackage:
    /// the package of that node; ignored with kMachine).
    int node = 0;
    Attach attach = Attach::kNode;
    int l3 = 0;                ///< with Attach::kL3: which L3 of the node, 0 .. l3_per_node-1.
    std::vector<OsDevice> os_devices;
};

/// A NUMA node without CPUs of its own (GPU memory on POWER9 / Grace Hopper, HBM, CXL).
struct CpulessNode {
    int os_index = 0;
    /// Package whose memory child it is; its cpuset is then that package's CPUs, as hwloc 2.x
    /// reports POWER9 GPU memory. -1: a memory child of the Machine (hwloc then gives it the
    /// whole machine's cpuset, as it does to every memory child), like GH200's GPU nodes.
    int package = 0;
    std::string subtype = "GPUMemory";  ///< empty writes no subtype.
    std::string pci_bus_id;             ///< PCIBusID info; empty writes none.
};

/// How PU OS indexes are numbered (see the file comment).
enum class PuNumbering {
    kThreadMajor,  ///< thread t of core c is CPU t*cores() + c (Linux on x86).
    kCoreMajor,    ///< thread t of core c is CPU c*smt + t (POWER).
};

/// A parametric machine. Every count must be >= 1.
struct MachineSpec {
    int packages = 1;
    int nodes_per_package = 1;
    int l3_per_node = 1;
    int cores_per_l3 = 1;
    int smt = 1;  ///< hardware threads per core: 1, 2, 4, 8, ...
    PuNumbering numbering = PuNumbering::kThreadMajor;
    /// false: no cache objects at all (cores sit directly under the node; "no cache info").
    /// Attach::kL3 devices then need l3_caches = true.
    bool l3_caches = true;
    /// OS index of each CPU-bearing node, in logical order (sparse or non-monotonic indexes);
    /// empty means 0 .. nodes()-1. Must not collide with cpuless_nodes' indexes.
    std::vector<int> node_os_indexes;
    std::vector<CpulessNode> cpuless_nodes;
    std::vector<PciDevice> pci_devices;
    /// The root's allowed_cpuset as a list string ("0-3,8"); empty means every CPU.
    /// Disallowed PUs stay in the tree (as `lstopo --disallowed` exports them).
    std::string allowed_cpus;

    int nodes() const { return packages * nodes_per_package; }
    int cores_per_node() const { return l3_per_node * cores_per_l3; }
    int cores() const { return nodes() * cores_per_node(); }
    int cpus() const { return cores() * smt; }
    int node_os_index(int node) const;
    /// CPU (PU OS index) of hardware thread `thread` of global core `core`.
    int cpu_of(int core, int thread) const;
};

/// The machine as an hwloc 2.x XML document. Throws std::invalid_argument
/// when the spec is inconsistent (a count below 1, a device on a missing node or L3,
/// a malformed allowed list, colliding NUMA OS indexes).
std::string hwloc_xml(const MachineSpec &spec);

// ---- ready-made devices ----------------------------------------------------

/// NVIDIA H100 SXM (10de:2330, class 0302) with "cuda<index>" (CUDA) and "nvml<index>" (NVML)
/// OS devices; `uuid` ("GPU-...") becomes the nvml device's NVIDIAUUID info when not empty.
PciDevice nvidia_gpu(const std::string &bus_id, int node, int index, const std::string &uuid = "");
/// AMD MI250X GCD (1002:7408, class 0380) with an "rsmi<index>" (RSMI) OS device.
PciDevice amd_gpu(const std::string &bus_id, int node, int index);
/// ASPEED BMC VGA (1a03:2000, class 0300) with a "card<card>" DRM OS device only.
PciDevice bmc_vga(const std::string &bus_id, int node, int card = 0);
/// NVIDIA NVSwitch (10de:22a3, class 0680), no OS device.
PciDevice nvswitch(const std::string &bus_id, int node);

OsDevice cuda_osdev(int index);
OsDevice nvml_osdev(int index, const std::string &uuid = "");
OsDevice rsmi_osdev(int index);
OsDevice opencl_osdev(int platform, int device);
OsDevice drm_render_osdev(int minor);  ///< "renderD<minor>", e.g. 128.
OsDevice drm_card_osdev(int index);    ///< "card<index>".

/// A PCI bus id "0000:BB:00.0" for a bus number (0 .. 255), convenient for long device lists.
std::string bus_id_for(int bus, int domain = 0);

// ---- files -------------------------------------------------------------------

/// A file in $TMPDIR (or /tmp) removed when the object dies. Move-only.
class TempFile {
public:
    /// Writes `content` to a new unique file whose name ends in `suffix`. Throws std::runtime_error.
    explicit TempFile(const std::string &content, const std::string &suffix = ".xml");
    ~TempFile();
    TempFile(TempFile &&other) noexcept;
    TempFile &operator=(TempFile &&other) noexcept;
    TempFile(const TempFile &) = delete;
    TempFile &operator=(const TempFile &) = delete;

    const std::string &path() const { return path_; }

private:
    std::string path_;
};

/// hwloc_xml(spec) written to a temporary file.
TempFile write_temp_xml(const MachineSpec &spec);

}  // namespace nbtest

#endif
