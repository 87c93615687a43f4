#include "synthetic_topology.h"

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <set>
#include <stdexcept>
#include <unistd.h>
#include <utility>
#include <vector>

#include "cpu_list.h"

namespace nbtest {

int MachineSpec::node_os_index(int node) const {
    return node_os_indexes.empty() ? node : node_os_indexes.at(static_cast<size_t>(node));
}

int MachineSpec::cpu_of(int core, int thread) const {
    return numbering == PuNumbering::kThreadMajor ? thread * cores() + core : core * smt + thread;
}

namespace {

struct BusId {
    unsigned domain = 0, bus = 0, device = 0, function = 0;
};

BusId parse_bus_id(const std::string &text) {
    BusId id;
    char tail = 0;
    if (std::sscanf(text.c_str(), "%4x:%2x:%2x.%1x%c", &id.domain, &id.bus, &id.device,
                    &id.function, &tail) != 4 ||
        text.size() != 12)
        throw std::invalid_argument("PCI bus id '" + text + "' is not DDDD:BB:DD.F");
    return id;
}

std::string escape(const std::string &text) {
    std::string out;
    for (char c : text) {
        switch (c) {
        case '&': out += "&amp;"; break;
        case '<': out += "&lt;"; break;
        case '>': out += "&gt;"; break;
        case '"': out += "&quot;"; break;
        case '\'': out += "&apos;"; break;
        default: out += c;
        }
    }
    return out;
}

std::string hex(unsigned value, int digits) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%0*x", digits, value);
    return buf;
}

void validate(const MachineSpec &s) {
    if (s.packages < 1 || s.nodes_per_package < 1 || s.l3_per_node < 1 || s.cores_per_l3 < 1 ||
        s.smt < 1)
        throw std::invalid_argument("every MachineSpec count must be >= 1");
    if (!s.node_os_indexes.empty() && static_cast<int>(s.node_os_indexes.size()) != s.nodes())
        throw std::invalid_argument("node_os_indexes must name every CPU node");
    std::set<int> seen;
    for (int n = 0; n < s.nodes(); ++n)
        if (s.node_os_index(n) < 0 || !seen.insert(s.node_os_index(n)).second)
            throw std::invalid_argument("repeated or negative NUMA OS index " +
                                        std::to_string(s.node_os_index(n)));
    for (const CpulessNode &c : s.cpuless_nodes) {
        if (c.os_index < 0 || !seen.insert(c.os_index).second)
            throw std::invalid_argument("repeated or negative NUMA OS index " +
                                        std::to_string(c.os_index));
        if (c.package < -1 || c.package >= s.packages)
            throw std::invalid_argument("cpu-less node on missing package " +
                                        std::to_string(c.package));
    }
    for (const PciDevice &d : s.pci_devices) {
        parse_bus_id(d.bus_id);
        if (d.node < 0 || d.node >= s.nodes())
            throw std::invalid_argument("device " + d.bus_id + " on missing node " +
                                        std::to_string(d.node));
        if (d.attach == Attach::kL3 && (!s.l3_caches || d.l3 < 0 || d.l3 >= s.l3_per_node))
            throw std::invalid_argument("device " + d.bus_id + " on missing L3 " +
                                        std::to_string(d.l3));
    }
}

// Writes the document; sets are computed from the spec's arithmetic.
class XmlWriter {
public:
    explicit XmlWriter(const MachineSpec &spec) : s_(spec) {
        if (!s_.allowed_cpus.empty()) allowed_ = parse_cpu_list(s_.allowed_cpus);
    }

    std::string run() {
        out_ += "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
        out_ += "<!DOCTYPE topology SYSTEM \"hwloc2.dtd\">\n";
        out_ += "<topology version=\"2.0\">\n";
        write_machine();
        out_ += "</topology>\n";
        return std::move(out_);
    }

private:
    CpuSet cores_cpus(int first_core, int count) const {
        CpuSet cpus;
        for (int c = first_core; c < first_core + count; ++c)
            for (int t = 0; t < s_.smt; ++t) cpus.insert(s_.cpu_of(c, t));
        return cpus;
    }
    CpuSet node_cpus(int node) const {
        return cores_cpus(node * s_.cores_per_node(), s_.cores_per_node());
    }
    CpuSet package_cpus(int package) const {
        int per = s_.nodes_per_package * s_.cores_per_node();
        return cores_cpus(package * per, per);
    }
    CpuSet package_nodeset(int package) const {
        CpuSet nodes;
        for (int k = 0; k < s_.nodes_per_package; ++k)
            nodes.insert(s_.node_os_index(package * s_.nodes_per_package + k));
        for (const CpulessNode &c : s_.cpuless_nodes)
            if (c.package == package) nodes.insert(c.os_index);
        return nodes;
    }

    void indent() { out_.append(static_cast<size_t>(2 * depth_), ' '); }

    // Opens <object type=...> with the normal-object set attributes.
    void open(const std::string &type, int os_index, const CpuSet &cpus, const CpuSet &nodes,
              const std::string &extra = "") {
        indent();
        std::string cpuset = hwloc_bitmap_text(cpus), nodeset = hwloc_bitmap_text(nodes);
        out_ += "<object type=\"" + type + "\"";
        if (os_index >= 0) out_ += " os_index=\"" + std::to_string(os_index) + "\"";
        out_ += " cpuset=\"" + cpuset + "\" complete_cpuset=\"" + cpuset + "\"";
        out_ += " nodeset=\"" + nodeset + "\" complete_nodeset=\"" + nodeset + "\"";
        out_ += extra + ">\n";
        ++depth_;
    }
    void close() {
        --depth_;
        indent();
        out_ += "</object>\n";
    }
    void info(const std::string &name, const std::string &value) {
        indent();
        out_ += "<info name=\"" + escape(name) + "\" value=\"" + escape(value) + "\"/>\n";
    }

    void write_machine() {
        CpuSet all = cores_cpus(0, s_.cores());
        CpuSet all_nodes;
        for (int n = 0; n < s_.nodes(); ++n) all_nodes.insert(s_.node_os_index(n));
        for (const CpulessNode &c : s_.cpuless_nodes) all_nodes.insert(c.os_index);
        const CpuSet &allowed = s_.allowed_cpus.empty() ? all : allowed_;
        for (int cpu : allowed)
            if (!all.count(cpu))
                throw std::invalid_argument("allowed CPU " + std::to_string(cpu) +
                                            " is not a CPU of the machine");
        open("Machine", 0, all, all_nodes,
             " allowed_cpuset=\"" + hwloc_bitmap_text(allowed) + "\" allowed_nodeset=\"" +
                 hwloc_bitmap_text(all_nodes) + "\"");
        for (const CpulessNode &c : s_.cpuless_nodes)
            if (c.package == -1) write_cpuless_node(c, all);
        for (int p = 0; p < s_.packages; ++p) write_package(p);
        for (const PciDevice &d : s_.pci_devices)
            if (d.attach == Attach::kMachine) write_device(d);
        close();
    }

    void write_package(int p) {
        open("Package", p, package_cpus(p), package_nodeset(p));
        for (const CpulessNode &c : s_.cpuless_nodes)
            if (c.package == p) write_cpuless_node(c, package_cpus(p));
        for (int k = 0; k < s_.nodes_per_package; ++k) {
            int node = p * s_.nodes_per_package + k;
            if (s_.nodes_per_package > 1) {
                open("Group", -1, node_cpus(node), CpuSet{s_.node_os_index(node)});
                write_node_contents(node);
                close();
            } else {
                write_node_contents(node);
            }
        }
        for (const PciDevice &d : s_.pci_devices)
            if (d.attach == Attach::kPackage && d.node / s_.nodes_per_package == p) write_device(d);
        close();
    }

    void write_cpuless_node(const CpulessNode &c, const CpuSet &cpus) {
        std::string extra;
        if (!c.subtype.empty()) extra += " subtype=\"" + escape(c.subtype) + "\"";
        extra += " local_memory=\"17179869184\"";
        open("NUMANode", c.os_index, cpus, CpuSet{c.os_index}, extra);
        if (!c.pci_bus_id.empty()) info("PCIBusID", c.pci_bus_id);
        close();
    }

    // The node's NUMANode, its L3s (or bare cores) and the devices local to it,
    // written into the currently open Group or Package.
    void write_node_contents(int node) {
        CpuSet nodes{s_.node_os_index(node)};
        open("NUMANode", s_.node_os_index(node), node_cpus(node), nodes,
             " local_memory=\"68719476736\"");
        close();
        int first_core = node * s_.cores_per_node();
        for (int l = 0; l < s_.l3_per_node; ++l) {
            int l3_first_core = first_core + l * s_.cores_per_l3;
            if (s_.l3_caches) {
                open("L3Cache", node * s_.l3_per_node + l, cores_cpus(l3_first_core, s_.cores_per_l3),
                     nodes,
                     " cache_size=\"33554432\" depth=\"3\" cache_linesize=\"64\""
                     " cache_associativity=\"16\" cache_type=\"0\"");
            }
            for (int c = l3_first_core; c < l3_first_core + s_.cores_per_l3; ++c) {
                open("Core", c, cores_cpus(c, 1), nodes);
                for (int t = 0; t < s_.smt; ++t) {
                    open("PU", s_.cpu_of(c, t), CpuSet{s_.cpu_of(c, t)}, nodes);
                    close();
                }
                close();
            }
            if (s_.l3_caches) {
                for (const PciDevice &d : s_.pci_devices)
                    if (d.node == node && d.attach == Attach::kL3 && d.l3 == l) write_device(d);
                close();
            }
        }
        for (const PciDevice &d : s_.pci_devices)
            if (d.node == node && d.attach == Attach::kNode) write_device(d);
    }

    // A host bridge (as hwloc writes one per root bus) holding the device.
    void write_device(const PciDevice &d) {
        BusId id = parse_bus_id(d.bus_id);
        std::string bus = hex(id.bus, 2);
        indent();
        out_ += "<object type=\"Bridge\" bridge_type=\"0-1\" depth=\"0\" bridge_pci=\"" +
                hex(id.domain, 4) + ":[" + bus + "-" + bus + "]\">\n";
        ++depth_;
        indent();
        out_ += "<object type=\"PCIDev\" pci_busid=\"" + hex(id.domain, 4) + ":" + bus + ":" +
                hex(id.device, 2) + "." + hex(id.function, 1) + "\" pci_type=\"" +
                hex(d.pci_class, 4) + " [" + hex(d.vendor_id, 4) + ":" + hex(d.device_id, 4) +
                "] [" + hex(d.vendor_id, 4) + ":0000] 00\" pci_link_speed=\"0.000000\">\n";
        ++depth_;
        for (const OsDevice &o : d.os_devices) {
            indent();
            out_ += "<object type=\"OSDev\" name=\"" + escape(o.name) + "\"";
            if (!o.subtype.empty()) out_ += " subtype=\"" + escape(o.subtype) + "\"";
            out_ += " osdev_type=\"" + std::to_string(static_cast<int>(o.type)) + "\">\n";
            ++depth_;
            for (const auto &kv : o.infos) info(kv.first, kv.second);
            close();
        }
        close();
        close();
    }

    const MachineSpec &s_;
    CpuSet allowed_;
    std::string out_;
    int depth_ = 0;
};

}  // namespace

std::string hwloc_xml(const MachineSpec &spec) {
    validate(spec);
    return XmlWriter(spec).run();
}

// ---- ready-made devices --------------------------------------------------------

OsDevice cuda_osdev(int index) {
    return {"cuda" + std::to_string(index), OsDevType::kCoproc, "CUDA",
            {{"Backend", "CUDA"}, {"GPUVendor", "NVIDIA Corporation"}}};
}

OsDevice nvml_osdev(int index, const std::string &uuid) {
    OsDevice o{"nvml" + std::to_string(index), OsDevType::kGpu, "NVML",
               {{"Backend", "NVML"}, {"GPUVendor", "NVIDIA Corporation"}}};
    if (!uuid.empty()) o.infos.emplace_back("NVIDIAUUID", uuid);
    return o;
}

OsDevice rsmi_osdev(int index) {
    return {"rsmi" + std::to_string(index), OsDevType::kGpu, "RSMI",
            {{"Backend", "RSMI"}, {"GPUVendor", "AMD"}}};
}

OsDevice opencl_osdev(int platform, int device) {
    return {"opencl" + std::to_string(platform) + "d" + std::to_string(device), OsDevType::kCoproc,
            "OpenCL", {{"Backend", "OpenCL"}}};
}

OsDevice drm_render_osdev(int minor) {
    return {"renderD" + std::to_string(minor), OsDevType::kGpu, "", {}};
}

OsDevice drm_card_osdev(int index) {
    return {"card" + std::to_string(index), OsDevType::kGpu, "", {}};
}

namespace {

// A device attached at its node (Attach::kNode), with these ids and OS devices.
PciDevice pci_device(const std::string &bus_id, int node, unsigned vendor_id, unsigned device_id,
                     unsigned pci_class, std::vector<OsDevice> os_devices) {
    PciDevice d;
    d.bus_id = bus_id;
    d.vendor_id = vendor_id;
    d.device_id = device_id;
    d.pci_class = pci_class;
    d.node = node;
    d.os_devices = std::move(os_devices);
    return d;
}

}  // namespace

PciDevice nvidia_gpu(const std::string &bus_id, int node, int index, const std::string &uuid) {
    return pci_device(bus_id, node, 0x10de, 0x2330, 0x0302, {cuda_osdev(index), nvml_osdev(index, uuid)});
}

PciDevice amd_gpu(const std::string &bus_id, int node, int index) {
    return pci_device(bus_id, node, 0x1002, 0x7408, 0x0380, {rsmi_osdev(index)});
}

PciDevice bmc_vga(const std::string &bus_id, int node, int card) {
    return pci_device(bus_id, node, 0x1a03, 0x2000, 0x0300, {drm_card_osdev(card)});
}

PciDevice nvswitch(const std::string &bus_id, int node) {
    return pci_device(bus_id, node, 0x10de, 0x22a3, 0x0680, {});
}

std::string bus_id_for(int bus, int domain) {
    if (bus < 0 || bus > 255 || domain < 0 || domain > 0xffff)
        throw std::invalid_argument("bus " + std::to_string(bus) + " or domain out of range");
    return hex(static_cast<unsigned>(domain), 4) + ":" + hex(static_cast<unsigned>(bus), 2) +
           ":00.0";
}

// ---- files ---------------------------------------------------------------------

TempFile::TempFile(const std::string &content, const std::string &suffix) {
    const char *dir = std::getenv("TMPDIR");
    std::string pattern = std::string(dir && *dir ? dir : "/tmp") + "/numabind-test-XXXXXX" + suffix;
    std::vector<char> name(pattern.begin(), pattern.end());
    name.push_back('\0');
    int fd = mkstemps(name.data(), static_cast<int>(suffix.size()));
    if (fd < 0) throw std::runtime_error("cannot create a temporary file from " + pattern);
    path_ = name.data();
    size_t done = 0;
    while (done < content.size()) {
        ssize_t n = ::write(fd, content.data() + done, content.size() - done);
        if (n <= 0) {
            ::close(fd);
            ::unlink(path_.c_str());
            throw std::runtime_error("cannot write " + path_);
        }
        done += static_cast<size_t>(n);
    }
    ::close(fd);
}

TempFile::~TempFile() {
    if (!path_.empty()) ::unlink(path_.c_str());
}

TempFile::TempFile(TempFile &&other) noexcept : path_(std::move(other.path_)) {
    other.path_.clear();
}

TempFile &TempFile::operator=(TempFile &&other) noexcept {
    if (this != &other) {
        if (!path_.empty()) ::unlink(path_.c_str());
        path_ = std::move(other.path_);
        other.path_.clear();
    }
    return *this;
}

TempFile write_temp_xml(const MachineSpec &spec) { return TempFile(hwloc_xml(spec)); }

}  // namespace nbtest
