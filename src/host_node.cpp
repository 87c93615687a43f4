#include "host_node.h"

#include <cstring>
#include <vector>

#include "cpuset.h"
#include "hwloc_walk.h"

namespace numabind {

namespace {

bool subtype_is(hwloc_obj_t node, const char *prefix) {
    return node->subtype != nullptr && std::strncmp(node->subtype, prefix, std::strlen(prefix)) == 0;
}

hwloc_obj_t lowest_os_index_with_cpus(const std::vector<hwloc_obj_t> &nodes, hwloc_obj_t best) {
    for (hwloc_obj_t node : nodes)
        if (numa_node_has_cpus(node) && (best == nullptr || node->os_index < best->os_index)) best = node;
    return best;
}

}  // namespace

bool numa_node_has_cpus(hwloc_obj_t node) {
    if (node->cpuset == nullptr || hwloc_bitmap_iszero(node->cpuset)) return false;
    if (hwloc_obj_get_info_by_name(node, "PCIBusID") != nullptr) return false;  // a device's own memory
    static const char *const kMemoryOnly[] = {"GPUMemory", "MCDRAM", "HBM", "NVM", "SPM", "CXL"};
    for (const char *subtype : kMemoryOnly)
        if (subtype_is(node, subtype)) return false;
    return true;
}

hwloc_obj_t find_host_node(hwloc_obj_t locality) {
    // Nodes attached at the locality or above it: those hwloc reports as local
    // with a larger or equal locality. Walking up costs the tree's depth.
    hwloc_obj_t best = nullptr;
    std::vector<hwloc_obj_t> nodes;
    for (hwloc_obj_t obj = locality; obj; obj = obj->parent) {
        nodes.clear();
        numa_nodes_attached_to(obj, nodes);
        best = lowest_os_index_with_cpus(nodes, best);
    }
    if (best) return best;
    // The locality spans several nodes: the ones inside it.
    return lowest_os_index_with_cpus(numa_nodes_inside(locality), nullptr);
}

GpuPlacement place_gpu(hwloc_topology_t topology, hwloc_obj_t pcidev) {
    GpuPlacement placement;
    placement.locality = hwloc_get_non_io_ancestor_obj(topology, pcidev);
    const hwloc_obj_t locality = placement.locality;
    if (locality == nullptr || locality->cpuset == nullptr || hwloc_bitmap_iszero(locality->cpuset)) {
        placement.status = NB_ENOTALLOWED;
        placement.problem = "is attached outside the CPUs of this topology (a partition or cgroup excludes them)";
        return placement;
    }
    placement.host_node = find_host_node(locality);
    if (placement.host_node == nullptr) {
        placement.status = NB_ENONUMA;
        placement.problem = "has no NUMA node with CPUs local to its CPUs " + CpuSet(locality->cpuset).format();
    }
    return placement;
}

}  // namespace numabind
