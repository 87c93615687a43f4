// The binding modes. A mode is decided per host NUMA node, once per plan: it
// offers the GPUs sharing that node a list of CPU sets, and the j-th of those
// GPUs (in rank order) takes choice j mod the list's length. Pure functions of
// the topology and the allowed CPUs: no I/O, no syscalls, so they can be
// tested against any machine's topology.
#pragma once

#include <hwloc.h>

#include <string>
#include <vector>

#include "cpuset.h"
#include "numabind.h"

namespace numabind {

struct MachineView;

struct NodeChoices {
    std::vector<CpuSet> choices;  // never empty when status is NB_OK
    nb_status status = NB_OK;     // NB_ECORES when the node cannot serve its GPUs
    std::string error;
};

// What `mode` offers the `gpus_on_node` GPUs whose host node is `node`.
// Not for NB_MODE_CLOSEST, which is decided per GPU.
NodeChoices node_choices(hwloc_topology_t topology, hwloc_obj_t node, const CpuSet &allowed, nb_mode mode,
                         size_t gpus_on_node);

// The CPUs for the worker driving view.visible[rank] (rank < visible.size()).
// Throws Error with NB_ENOTALLOWED, NB_ECORES or the GPU's host-node error.
CpuSet compute_binding(const MachineView &view, size_t rank);

}  // namespace numabind
