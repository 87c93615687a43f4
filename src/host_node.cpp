#include "host_node.h"

#include <cstring>

#include "cpuset.h"
#include <vector>

namespace numabind {

namespace {

bool subtype_is(hwloc_obj_t node, const char *prefix) {
    return node->subtype != nullptr && std::strncmp(node->subtype, prefix, std::strlen(prefix)) == 0;
}

hwloc_obj_t lowest_os_index_with_cpus(hwloc_topology_t topology, hwloc_const_cpuset_t locality,
                                      unsigned long flags) {
    unsigned count = hwloc_get_nbobjs_by_type(topology, HWLOC_OBJ_NUMANODE);
    if (count == 0) return nullptr;
    std::vector<hwloc_obj_t> nodes(count);
    hwloc_location location;
    location.type = HWLOC_LOCATION_TYPE_CPUSET;
    // The field is not const-qualified, but hwloc only reads it.
    location.location.cpuset = const_cast<hwloc_cpuset_t>(locality);
    if (hwloc_get_local_numanode_objs(topology, &location, &count, nodes.data(), flags) < 0) return nullptr;
    hwloc_obj_t best = nullptr;
    for (unsigned i = 0; i < count; ++i)
        if (numa_node_has_cpus(nodes[i]) && (best == nullptr || nodes[i]->os_index < best->os_index))
            best = nodes[i];
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

hwloc_obj_t find_host_node(hwloc_topology_t topology, hwloc_const_cpuset_t locality) {
    // hwloc matches an empty locality with every node; a GPU with no CPU here
    // (outside a partition) has no host node instead.
    if (locality == nullptr || hwloc_bitmap_iszero(locality)) return nullptr;
    if (hwloc_obj_t node = lowest_os_index_with_cpus(topology, locality, HWLOC_LOCAL_NUMANODE_FLAG_LARGER_LOCALITY))
        return node;
    return lowest_os_index_with_cpus(topology, locality, HWLOC_LOCAL_NUMANODE_FLAG_SMALLER_LOCALITY);
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
    placement.host_node = find_host_node(topology, locality->cpuset);
    if (placement.host_node == nullptr) {
        placement.status = NB_ENONUMA;
        placement.problem = "has no NUMA node with CPUs local to its CPUs " + CpuSet(locality->cpuset).format();
    }
    return placement;
}

}  // namespace numabind
