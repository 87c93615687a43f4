#include "machine_view.h"

#include "allowed_cpus.h"
#include "error.h"
#include "host_node.h"
#include "visible_devices.h"

namespace numabind {

namespace {

GpuSlot make_slot(const MachineView &view, size_t gpu_index) {
    const GpuPlacement placement = place_gpu(view.topology->hwloc(), view.gpus[gpu_index].pcidev);
    GpuSlot slot;
    slot.gpu_index = gpu_index;
    slot.locality = placement.locality;
    slot.host_node = placement.host_node;
    slot.host_status = placement.status;
    if (placement.status != NB_OK) slot.host_error = describe_gpu(view, slot) + " " + placement.problem;
    return slot;
}

}  // namespace

std::string describe_gpu(const MachineView &view, const GpuSlot &slot) {
    return "GPU " + std::to_string(slot.gpu_index) + " (" + view.gpus[slot.gpu_index].bus_id.str() + ")";
}

MachineView build_machine_view(const Topology &topology, const Options &options) {
    MachineView view;
    view.topology = &topology;
    view.mode = options.mode;
    view.gpus = discover_gpus(topology, options);
    const auto layers = visible_layers(options, view.gpus);
    const auto visible = select_visible(view.gpus, layers);
    if (visible.empty())
        throw Error(NB_ENOGPU, "no GPU is visible: " + layers.back().source + " is " + quote(layers.back().value));
    view.allowed = compute_allowed_cpus(topology, options);
    view.visible.reserve(visible.size());
    std::map<hwloc_obj_t, size_t> gpus_per_node;
    for (size_t gpu_index : visible) {
        GpuSlot slot = make_slot(view, gpu_index);
        if (slot.host_node) slot.position_on_node = gpus_per_node[slot.host_node]++;
        view.visible.push_back(std::move(slot));
    }
    for (GpuSlot &slot : view.visible)
        if (slot.host_node) slot.gpus_on_node = gpus_per_node[slot.host_node];
    if (view.mode != NB_MODE_CLOSEST)
        for (const auto &[node, gpus] : gpus_per_node)
            view.choices_by_node.emplace(node, node_choices(topology.hwloc(), node, view.allowed, view.mode, gpus));
    return view;
}

}  // namespace numabind
