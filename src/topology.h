// An hwloc topology, loaded once and never modified afterwards (so any number
// of threads may read it). Owns the hwloc handle.
#pragma once

#include <hwloc.h>

#include <map>
#include <memory>
#include <string>
#include <string_view>

#include "cpuset.h"
#include "pci_bus_id.h"

namespace numabind {

class Topology {
public:
    // The live machine; an XML file instead when NUMABIND_TOPOLOGY names one.
    static std::unique_ptr<Topology> load_live();
    static std::unique_ptr<Topology> load_xml_file(const std::string &path);
    static std::unique_ptr<Topology> load_xml_buffer(std::string_view xml, std::string source);
    static std::unique_ptr<Topology> load_fsroot(const std::string &dir);

    ~Topology();
    Topology(const Topology &) = delete;
    Topology &operator=(const Topology &) = delete;

    // hwloc's query functions take a non-const handle even though they only read.
    hwloc_topology_t hwloc() const { return topology_; }
    // The real machine this process runs on (affinity of the calling thread applies).
    bool is_live() const { return live_; }
    // Where it came from, for messages: "live machine", "XML file '...'", ...
    const std::string &source() const { return source_; }
    const CpuSet &allowed_cpus() const { return allowed_cpus_; }
    // NVIDIA GPU UUIDs the driver reports under /proc (live machine only).
    const std::map<PciBusId, std::string> &driver_gpu_uuids() const { return driver_gpu_uuids_; }

private:
    Topology(hwloc_topology_t topology, bool live, std::string source);
    static std::unique_ptr<Topology> load_xml_path(const std::string &path, std::string source);

    hwloc_topology_t topology_;
    bool live_;
    std::string source_;
    CpuSet allowed_cpus_;
    std::map<PciBusId, std::string> driver_gpu_uuids_;
};

// Serialises a sysfs capture as hwloc XML; see topology_fsroot.cpp.
std::string fsroot_to_xml(const std::string &dir);

}  // namespace numabind
