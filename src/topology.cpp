#include "topology.h"

#include <sys/stat.h>

#include <cerrno>
#include <climits>
#include <cstdlib>
#include <cstring>
#include <dirent.h>
#include <fstream>
#include <new>
#include <utility>

#include "error.h"

namespace numabind {

namespace {

// hwloc handle that frees itself unless ownership is released.
struct HwlocHandle {
    hwloc_topology_t topology = nullptr;
    ~HwlocHandle() {
        if (topology) hwloc_topology_destroy(topology);
    }
    hwloc_topology_t release() { return std::exchange(topology, nullptr); }
};

[[noreturn]] void fail(const std::string &source, const char *step) {
    const int saved = errno;
    throw Error(NB_ETOPOLOGY, "cannot load topology from " + source + ": " + step + " failed" +
                                  (saved ? std::string(" (") + std::strerror(saved) + ")" : std::string()));
}

// Common configuration: keep objects outside the allowed set (so a GPU outside
// a cgroup or partition is reported as such rather than vanishing) and keep
// every PCI and OS device (so explicit bus ids can name any device).
HwlocHandle init_topology(const std::string &source) {
    HwlocHandle handle;
    if (hwloc_topology_init(&handle.topology) < 0) throw std::bad_alloc();
    if (hwloc_topology_set_flags(handle.topology, HWLOC_TOPOLOGY_FLAG_INCLUDE_DISALLOWED) < 0 ||
        hwloc_topology_set_io_types_filter(handle.topology, HWLOC_TYPE_FILTER_KEEP_ALL) < 0)
        fail(source, "configuring hwloc");
    return handle;
}

void require_file(const std::string &path, const std::string &source) {
    struct stat st;
    if (stat(path.c_str(), &st) != 0)
        throw Error(NB_ETOPOLOGY, "cannot load topology from " + source + ": " + std::strerror(errno));
    if (!S_ISREG(st.st_mode))
        throw Error(NB_ETOPOLOGY, "cannot load topology from " + source + ": not a regular file");
}

// /proc/driver/nvidia/gpus/<bus id>/information holds "GPU UUID: GPU-...".
std::map<PciBusId, std::string> read_driver_gpu_uuids() {
    std::map<PciBusId, std::string> uuids;
    const char *root = "/proc/driver/nvidia/gpus";
    DIR *dir = opendir(root);
    if (dir == nullptr) return uuids;  // no NVIDIA driver: nothing to add
    while (const dirent *entry = readdir(dir)) {
        if (entry->d_name[0] == '.') continue;
        PciBusId id;
        try {
            id = PciBusId::parse(entry->d_name);
        } catch (const Error &) {
            continue;  // not a bus-id entry
        }
        std::ifstream info(std::string(root) + "/" + entry->d_name + "/information");
        std::string line;
        while (std::getline(info, line)) {
            static const std::string kKey = "GPU UUID:";
            if (line.compare(0, kKey.size(), kKey) != 0) continue;
            const size_t start = line.find_first_not_of(" \t", kKey.size());
            if (start != std::string::npos) uuids[id] = line.substr(start);
        }
    }
    closedir(dir);
    return uuids;
}

}  // namespace

Topology::Topology(hwloc_topology_t topology, bool live, std::string source)
    : topology_(topology),
      live_(live),
      source_(std::move(source)),
      allowed_cpus_(hwloc_topology_get_allowed_cpuset(topology)) {}

Topology::~Topology() { hwloc_topology_destroy(topology_); }

std::unique_ptr<Topology> Topology::load_xml_path(const std::string &path, std::string source) {
    require_file(path, source);
    HwlocHandle handle = init_topology(source);
    if (hwloc_topology_set_xml(handle.topology, path.c_str()) < 0) fail(source, "hwloc reading it as topology XML");
    if (hwloc_topology_load(handle.topology) < 0) fail(source, "hwloc building a topology from it");
    return std::unique_ptr<Topology>(new Topology(handle.release(), false, std::move(source)));
}

std::unique_ptr<Topology> Topology::load_live() {
    if (const char *path = std::getenv("NUMABIND_TOPOLOGY"); path != nullptr && *path != '\0') {
        return load_xml_path(path, "NUMABIND_TOPOLOGY=" + std::string(path));
    }
    const std::string source = "the live machine";
    HwlocHandle handle = init_topology(source);
    // hwloc's Linux backend reads CPUs, caches, NUMA nodes and PCI from sysfs,
    // which is all a binding needs. Its plugins that open GPU runtimes (CUDA,
    // NVML, OpenCL, ROCm SMI, Level Zero) must not run: a launcher computes
    // bindings before it forks workers, and a runtime initialised in the
    // parent breaks CUDA in the children. The libpciaccess and X11 plugins
    // only repeat what sysfs says (the former leaking on every load).
    for (const char *component : {"cuda", "nvml", "opencl", "rsmi", "levelzero", "gl", "pci"})
        hwloc_topology_set_components(handle.topology, HWLOC_TOPOLOGY_COMPONENTS_FLAG_BLACKLIST, component);
    if (hwloc_topology_load(handle.topology) < 0) fail(source, "hwloc discovery");
    // HWLOC_XMLFILE or HWLOC_FSROOT in the environment make hwloc load something
    // else; only a topology of this system may be combined with our affinity.
    const bool live = hwloc_topology_is_thissystem(handle.topology) != 0;
    std::unique_ptr<Topology> topology(new Topology(handle.release(), live, source));
    if (live) topology->driver_gpu_uuids_ = read_driver_gpu_uuids();
    return topology;
}

std::unique_ptr<Topology> Topology::load_xml_file(const std::string &path) {
    return load_xml_path(path, "XML file " + quote(path));
}

std::unique_ptr<Topology> Topology::load_xml_buffer(std::string_view xml, std::string source) {
    if (xml.size() >= static_cast<size_t>(INT_MAX))
        throw Error(NB_ETOPOLOGY, "cannot load topology from " + source + ": the XML is too large");
    HwlocHandle handle = init_topology(source);
    // hwloc wants the length to include a terminating NUL; give it a copy that has one.
    const std::string copy(xml);
    if (hwloc_topology_set_xmlbuffer(handle.topology, copy.c_str(), static_cast<int>(copy.size() + 1)) < 0)
        fail(source, "hwloc reading it as topology XML");
    if (hwloc_topology_load(handle.topology) < 0) fail(source, "hwloc building a topology from it");
    return std::unique_ptr<Topology>(new Topology(handle.release(), false, std::move(source)));
}

std::unique_ptr<Topology> Topology::load_fsroot(const std::string &dir) {
    return load_xml_buffer(fsroot_to_xml(dir), "sysfs capture " + quote(dir));
}

}  // namespace numabind
