// The NUMA node a GPU's worker should live on.
#pragma once

#include <hwloc.h>

#include <string>

#include "numabind.h"

namespace numabind {

// False for NUMA nodes that hold memory but no CPU: GPU memory (POWER9,
// Grace Hopper), MCDRAM/HBM, NVDIMM, CXL, and nodes with an empty cpuset.
// hwloc gives some of them their locality's cpuset, so the cpuset alone
// cannot tell.
bool numa_node_has_cpus(hwloc_obj_t node);

// The host node of a GPU whose locality is `locality` (its nearest non-I/O
// ancestor): among the CPU-bearing NUMA nodes attached at that object or
// above it (or, when it spans several nodes, inside it), the one with the
// lowest OS index. nullptr when there is none.
hwloc_obj_t find_host_node(hwloc_obj_t locality);

// Where a GPU sits: its locality (nearest non-I/O ancestor) and host node, or
// why it has none (NB_ENOTALLOWED: outside the loaded CPUs; NB_ENONUMA).
struct GpuPlacement {
    hwloc_obj_t locality = nullptr;
    hwloc_obj_t host_node = nullptr;
    nb_status status = NB_OK;
    std::string problem;  // completes "GPU 3 (0000:4e:00.0) ..."
};
GpuPlacement place_gpu(hwloc_topology_t topology, hwloc_obj_t pcidev);

}  // namespace numabind
