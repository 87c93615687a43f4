#include "policy.h"

#include <algorithm>
#include <map>
#include <vector>

#include "error.h"
#include "host_node.h"

namespace numabind {

namespace {

std::string node_name(hwloc_obj_t node) { return "NUMA node " + std::to_string(node->os_index); }

// Objects of `type` whose cpuset intersects `set`: inside the smallest object
// covering the set, or above it. Walking that subtree keeps a rank's cost
// proportional to its node, not to the machine.
void collect_inside(hwloc_obj_t obj, hwloc_const_cpuset_t set, hwloc_obj_type_t type, std::vector<hwloc_obj_t> &out) {
    if (obj->cpuset == nullptr || !hwloc_bitmap_intersects(obj->cpuset, set)) return;
    if (obj->type == type) {
        out.push_back(obj);
        return;  // objects of one type do not nest
    }
    for (unsigned i = 0; i < obj->arity; ++i) collect_inside(obj->children[i], set, type, out);
}

std::vector<hwloc_obj_t> objects_around(hwloc_topology_t topology, hwloc_const_cpuset_t set, hwloc_obj_type_t type) {
    hwloc_obj_t cover = hwloc_get_obj_covering_cpuset(topology, set);
    if (cover == nullptr) cover = hwloc_get_root_obj(topology);
    for (hwloc_obj_t above = cover->parent; above; above = above->parent)
        if (above->type == type) return {above};
    std::vector<hwloc_obj_t> out;
    collect_inside(cover, set, type, out);
    return out;
}

CpuSet node_cpus(const MachineView &view, hwloc_obj_t node) { return CpuSet(node->cpuset) &= view.allowed; }

CpuSet socket_cpus(const MachineView &view, hwloc_obj_t host) {
    hwloc_topology_t topology = view.topology->hwloc();
    CpuSet packages;
    for (hwloc_obj_t package : objects_around(topology, host->cpuset, HWLOC_OBJ_PACKAGE)) packages |= package->cpuset;
    if (packages.empty()) packages |= hwloc_topology_get_topology_cpuset(topology);  // no package objects
    CpuSet cpus;
    for (hwloc_obj_t node = hwloc_get_next_obj_by_type(topology, HWLOC_OBJ_NUMANODE, nullptr); node;
         node = hwloc_get_next_obj_by_type(topology, HWLOC_OBJ_NUMANODE, node))
        if (numa_node_has_cpus(node) && hwloc_bitmap_intersects(node->cpuset, packages.raw())) cpus |= node->cpuset;
    return cpus &= view.allowed;
}

// The allowed PUs of a node grouped by physical core, cores in CPU order. A PU
// with no Core above it (some exports lack cores) is a core of its own.
std::vector<CpuSet> cores_of(const MachineView &view, hwloc_obj_t node) {
    hwloc_topology_t topology = view.topology->hwloc();
    const CpuSet usable = node_cpus(view, node);
    std::map<hwloc_obj_t, size_t> index_of_core;
    std::vector<CpuSet> cores;
    for (hwloc_obj_t pu : objects_around(topology, usable.raw(), HWLOC_OBJ_PU)) {
        if (!usable.contains(pu->os_index)) continue;
        hwloc_obj_t core = hwloc_get_ancestor_obj_by_type(topology, HWLOC_OBJ_CORE, pu);
        if (core == nullptr) core = pu;
        auto [it, inserted] = index_of_core.emplace(core, cores.size());
        if (inserted) cores.emplace_back();
        cores[it->second].add(pu->os_index);
    }
    // Tree order need not be CPU order (POWER, some AMD parts): sort by lowest CPU.
    std::sort(cores.begin(), cores.end(), [](const CpuSet &a, const CpuSet &b) { return a.first() < b.first(); });
    return cores;
}

CpuSet exclusive_cpus(const MachineView &view, size_t rank) {
    const hwloc_obj_t node = view.visible[rank].host_node;
    const auto cores = cores_of(view, node);
    const size_t position = view.visible[rank].position_on_node, gpus = view.visible[rank].gpus_on_node;
    if (cores.empty()) return {};  // nothing allowed on the node: reported as such by the caller
    if (cores.size() < gpus)
        throw Error(NB_ECORES, "mode exclusive: " + node_name(node) + " has " + std::to_string(cores.size()) +
                                   " allowed physical cores for " + std::to_string(gpus) + " GPUs");
    const size_t base = cores.size() / gpus, extra = cores.size() % gpus;
    const size_t begin = position * base + std::min(position, extra);
    const size_t end = begin + base + (position < extra ? 1 : 0);
    CpuSet cpus;
    for (size_t i = begin; i < end; ++i) cpus |= cores[i];
    return cpus;
}

// Cache objects of the deepest data/unified level present around the node.
std::vector<hwloc_obj_t> top_level_caches(hwloc_topology_t topology, const CpuSet &cpus) {
    static const hwloc_obj_type_t kLevels[] = {HWLOC_OBJ_L5CACHE, HWLOC_OBJ_L4CACHE, HWLOC_OBJ_L3CACHE,
                                               HWLOC_OBJ_L2CACHE, HWLOC_OBJ_L1CACHE};
    if (cpus.empty()) return {};
    for (hwloc_obj_type_t level : kLevels) {
        auto caches = objects_around(topology, cpus.raw(), level);
        if (!caches.empty()) return caches;
    }
    return {};
}

CpuSet core_complex_cpus(const MachineView &view, size_t rank) {
    const hwloc_obj_t node = view.visible[rank].host_node;
    const CpuSet usable = node_cpus(view, node);
    std::vector<CpuSet> groups;
    for (hwloc_obj_t cache : top_level_caches(view.topology->hwloc(), usable)) {
        CpuSet group = CpuSet(cache->cpuset) &= usable;
        if (!group.empty()) groups.push_back(std::move(group));
    }
    if (groups.empty()) return usable;  // no cache information: the node is one complex
    std::stable_sort(groups.begin(), groups.end(), [](const CpuSet &a, const CpuSet &b) {
        if (a.count() != b.count()) return a.count() > b.count();
        return a.first() < b.first();
    });
    return groups[view.visible[rank].position_on_node % groups.size()];
}

}  // namespace

CpuSet compute_binding(const MachineView &view, size_t rank, nb_mode mode) {
    const GpuSlot &slot = view.visible[rank];
    if (slot.host_status != NB_OK) throw Error(slot.host_status, slot.host_error);

    CpuSet cpus;
    std::string scope;
    switch (mode) {
    case NB_MODE_NODE:
        cpus = node_cpus(view, slot.host_node);
        scope = node_name(slot.host_node);
        break;
    case NB_MODE_SOCKET:
        cpus = socket_cpus(view, slot.host_node);
        scope = "the package of " + node_name(slot.host_node);
        break;
    case NB_MODE_EXCLUSIVE:
        cpus = exclusive_cpus(view, rank);
        scope = node_name(slot.host_node);
        break;
    case NB_MODE_CORE_COMPLEX:
        cpus = core_complex_cpus(view, rank);
        scope = node_name(slot.host_node);
        break;
    case NB_MODE_CLOSEST:
        cpus = CpuSet(slot.locality->cpuset) &= view.allowed;
        scope = "its locality " + CpuSet(slot.locality->cpuset).format();
        break;
    default:
        throw Error(NB_EMODE, "unknown mode value " + std::to_string(static_cast<int>(mode)));
    }
    if (cpus.empty())
        throw Error(NB_ENOTALLOWED, describe_gpu(view, slot) + ": no CPU of " + scope +
                                        " is among the allowed CPUs " + view.allowed.format());
    return cpus;
}

}  // namespace numabind
