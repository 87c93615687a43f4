#include "json_export.h"

#include <algorithm>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <vector>

#include "gpu_discovery.h"
#include "error.h"
#include "host_node.h"

namespace numabind {

namespace {

using Json = nlohmann::ordered_json;

Json package_of(hwloc_topology_t topology, hwloc_obj_t obj) {
    hwloc_obj_t package = hwloc_get_ancestor_obj_by_type(topology, HWLOC_OBJ_PACKAGE, obj);
    if (package == nullptr && obj->cpuset != nullptr && !hwloc_bitmap_iszero(obj->cpuset)) {
        // NUMA nodes hang off a package's descendant or off a group above
        // packages; for the latter name the package when there is only one.
        package = hwloc_get_next_obj_covering_cpuset_by_type(topology, obj->cpuset, HWLOC_OBJ_PACKAGE, nullptr);
    }
    return package ? Json(package->os_index) : Json(nullptr);
}

Json numa_nodes_json(hwloc_topology_t topology) {
    std::vector<hwloc_obj_t> nodes;
    for (hwloc_obj_t node = hwloc_get_next_obj_by_type(topology, HWLOC_OBJ_NUMANODE, nullptr); node;
         node = hwloc_get_next_obj_by_type(topology, HWLOC_OBJ_NUMANODE, node))
        nodes.push_back(node);
    std::sort(nodes.begin(), nodes.end(), [](hwloc_obj_t a, hwloc_obj_t b) { return a->os_index < b->os_index; });
    Json out = Json::array();
    for (hwloc_obj_t node : nodes) {
        Json entry;
        entry["os_index"] = node->os_index;
        entry["cpus"] = CpuSet(node->cpuset).format();
        entry["has_cpus"] = numa_node_has_cpus(node);
        entry["package"] = package_of(topology, node);
        entry["subtype"] = node->subtype ? Json(node->subtype) : Json(nullptr);
        entry["memory_bytes"] = node->attr ? node->attr->numanode.local_memory : 0;
        out.push_back(std::move(entry));
    }
    return out;
}

Json gpu_json(const Topology &topology, const Gpu &gpu, size_t index) {
    hwloc_topology_t raw = topology.hwloc();
    const auto &pci = gpu.pcidev->attr->pcidev;
    char pci_id[16], pci_class[8];
    std::snprintf(pci_id, sizeof pci_id, "%04x:%04x", pci.vendor_id, pci.device_id);
    std::snprintf(pci_class, sizeof pci_class, "%04x", pci.class_id);
    const GpuPlacement placement = place_gpu(raw, gpu.pcidev);
    const hwloc_obj_t locality = placement.locality;

    Json entry;
    entry["index"] = index;
    entry["pci_bus_id"] = gpu.bus_id.str();
    entry["vendor"] = gpu_vendor_label(gpu);
    entry["pci_id"] = pci_id;
    entry["pci_class"] = pci_class;
    entry["uuid"] = gpu.uuid.empty() ? Json(nullptr) : Json(gpu.uuid);
    entry["numa_node"] = placement.host_node ? Json(placement.host_node->os_index) : Json(nullptr);
    if (placement.status != NB_OK) entry["numa_error"] = "GPU " + std::to_string(index) + " " + placement.problem;
    entry["package"] = locality ? package_of(raw, locality) : Json(nullptr);
    entry["local_cpus"] = locality ? CpuSet(locality->cpuset).format() : std::string();
    entry["os_devices"] = gpu.os_devices;
    return entry;
}

}  // namespace

std::string topology_to_json(const Topology &topology, const Options &options) {
    Json json;
    json["schema"] = "numabind.topology/1";
    json["source"] = topology.source();
    json["live"] = topology.is_live();
    json["allowed_cpus"] = topology.allowed_cpus().format();
    json["numa_nodes"] = numa_nodes_json(topology.hwloc());
    Json gpus = Json::array();
    try {
        const auto list = discover_gpus(topology, options);
        for (size_t i = 0; i < list.size(); ++i) gpus.push_back(gpu_json(topology, list[i], i));
    } catch (const Error &e) {
        if (e.code() != NB_ENOGPU) throw;  // "no GPU" is an empty list here, not a failure
    }
    json["gpus"] = std::move(gpus);
    // Subtypes, UUIDs and OS device names come from the topology file or
    // sysfs as raw bytes: a report shows a byte that is not UTF-8 as U+FFFD
    // rather than failing (the serializer's default throws).
    return json.dump(-1, ' ', false, Json::error_handler_t::replace);
}

}  // namespace numabind
