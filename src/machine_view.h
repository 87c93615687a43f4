// Everything the binding modes need, gathered once per computation: the GPU
// list, the visible GPUs in rank order with their localities and host nodes,
// and the allowed CPUs. Building it is where environment and affinity are
// read; the modes (policy.h) then only read it.
#pragma once

#include <hwloc.h>

#include <map>
#include <string>
#include <vector>

#include "cpuset.h"
#include "gpu_discovery.h"
#include "numabind.h"
#include "options.h"
#include "policy.h"
#include "topology.h"

namespace numabind {

struct GpuSlot {
    size_t gpu_index = 0;            // into MachineView::gpus
    hwloc_obj_t locality = nullptr;  // nearest non-I/O ancestor of the PCI device
    hwloc_obj_t host_node = nullptr; // nullptr: see host_status
    nb_status host_status = NB_OK;
    std::string host_error;          // full message when host_status != NB_OK
    // Among the visible GPUs sharing host_node (partitions count separately):
    size_t position_on_node = 0;  // this one's place, in rank order
    size_t gpus_on_node = 0;      // how many
};

struct MachineView {
    const Topology *topology = nullptr;
    nb_mode mode = NB_MODE_NODE;
    std::vector<Gpu> gpus;         // as the options select them, before the visible remap
    std::vector<GpuSlot> visible;  // rank r drives visible[r]
    CpuSet allowed;
    std::map<hwloc_obj_t, NodeChoices> choices_by_node;  // every host node, for modes decided per node

    const Gpu &gpu_of(const GpuSlot &slot) const { return gpus[slot.gpu_index]; }
};

// Throws for problems that concern every rank: no GPU, bad visible devices,
// no allowed CPU. Decides the options' mode for every host node.
MachineView build_machine_view(const Topology &topology, const Options &options);

// "GPU 3 (0000:4e:00.0)", for messages.
std::string describe_gpu(const MachineView &view, const GpuSlot &slot);

}  // namespace numabind
