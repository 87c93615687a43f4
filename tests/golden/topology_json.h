// The topology as nb_topology_to_json describes it, parsed into plain structs
// so tests can compare CPU sets (the NUMA nodes' and GPUs' CPUs are hwloc's
// own cpusets, exported; the GPU list is the code under test's discovery).
#ifndef NUMABIND_TESTS_GOLDEN_TOPOLOGY_JSON_H
#define NUMABIND_TESTS_GOLDEN_TOPOLOGY_JSON_H

#include <string>
#include <vector>

#include "cpu_list.h"
#include "numabind.h"

namespace golden {

struct NumaNodeInfo {
    int os_index = -1;
    nbtest::CpuSet cpus;
    bool has_cpus = false;
    int package = -1;       ///< -1 when null
    std::string subtype;    ///< "" when null
};

struct GpuInfo {
    int index = -1;
    std::string pci_bus_id;
    std::string vendor;
    std::string pci_id;
    std::string pci_class;
    std::string uuid;        ///< "" when null
    int numa_node = -1;      ///< -1 when null
    nbtest::CpuSet local_cpus;
    std::vector<std::string> os_devices;
};

struct TopologyInfo {
    std::string json;        ///< the raw document, for failure messages
    nbtest::CpuSet allowed;
    std::vector<NumaNodeInfo> numa_nodes;
    std::vector<GpuInfo> gpus;

    /// The node with this OS index, or nullptr.
    const NumaNodeInfo *node(int os_index) const;
};

/// nb_topology_to_json, parsed. A failing call's status is returned with `out`
/// untouched; a document that does not parse is NB_EJSON, with out->json set.
nb_status describe_topology(TopologyInfo *out, const nb_topology *topology, const nb_options *options);

}  // namespace golden

#endif
