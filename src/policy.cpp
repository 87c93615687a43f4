#include "policy.h"

#include <algorithm>

#include "error.h"
#include "host_node.h"
#include "hwloc_walk.h"
#include "machine_view.h"

namespace numabind {

namespace {

std::string node_name(hwloc_obj_t node) { return "NUMA node " + std::to_string(node->os_index); }

// The objects holding a node's CPUs. Usually one object has exactly those
// CPUs and its subtree is walked as it is; otherwise (a node attached above
// several packages) the smallest object covering them is walked, pruning
// whatever lies outside the node.
class NodeCpus {
public:
    NodeCpus(hwloc_topology_t topology, hwloc_obj_t node) : node_(node), root_(cpu_subtree_of(node)) {
        exact_ = root_ != nullptr;
        if (!exact_) root_ = hwloc_get_obj_covering_cpuset(topology, node->cpuset);
        if (root_ == nullptr) root_ = hwloc_get_root_obj(topology);
    }

    hwloc_obj_t root() const { return root_; }

    // Visits the objects inside the node's CPUs; `visit` returns false to skip children.
    template <class Visit>
    void walk(Visit &&visit) const {
        walk_subtree(root_, [&](hwloc_obj_t obj) {
            if (!exact_ && !hwloc_bitmap_intersects(obj->cpuset, node_->cpuset)) return false;
            return visit(obj);
        });
    }

private:
    hwloc_obj_t node_;
    hwloc_obj_t root_;
    bool exact_ = false;
};

// The node's allowed hardware threads grouped by physical core, cores in CPU
// order. A PU without a Core above it (some exports) is a core of its own.
std::vector<std::vector<unsigned>> allowed_cores(const NodeCpus &cpus, hwloc_obj_t node, const CpuSet &allowed) {
    std::vector<std::vector<unsigned>> cores;
    const auto usable = [&](hwloc_obj_t pu) {
        return allowed.contains(pu->os_index) && hwloc_bitmap_isset(node->cpuset, pu->os_index);
    };
    cpus.walk([&](hwloc_obj_t obj) {
        if (obj->type != HWLOC_OBJ_CORE && obj->type != HWLOC_OBJ_PU) return true;
        std::vector<unsigned> threads;
        walk_subtree(obj, [&](hwloc_obj_t inner) {
            if (inner->type == HWLOC_OBJ_PU && usable(inner)) threads.push_back(inner->os_index);
            return true;
        });
        if (!threads.empty()) {
            std::sort(threads.begin(), threads.end());
            cores.push_back(std::move(threads));
        }
        return false;
    });
    // Tree order need not be CPU order (POWER, some AMD parts).
    std::sort(cores.begin(), cores.end());
    return cores;
}

NodeChoices exclusive_choices(const NodeCpus &cpus, hwloc_obj_t node, const CpuSet &allowed, size_t gpus) {
    const auto cores = allowed_cores(cpus, node, allowed);
    NodeChoices result;
    if (cores.empty()) {  // nothing allowed on the node: reported per rank as such
        result.choices.emplace_back();
        return result;
    }
    if (cores.size() < gpus) {
        result.status = NB_ECORES;
        result.error = "mode exclusive: " + node_name(node) + " has " + std::to_string(cores.size()) +
                       " allowed physical cores for " + std::to_string(gpus) + " GPUs";
        return result;
    }
    const size_t base = cores.size() / gpus, extra = cores.size() % gpus;
    size_t next = 0;
    for (size_t gpu = 0; gpu < gpus; ++gpu) {
        const size_t take = base + (gpu < extra ? 1 : 0);
        std::vector<unsigned> threads;
        for (size_t i = next; i < next + take; ++i) threads.insert(threads.end(), cores[i].begin(), cores[i].end());
        next += take;
        result.choices.push_back(CpuSet::from_sorted(threads));
    }
    return result;
}

bool is_data_cache(hwloc_obj_type_t type) {
    return type == HWLOC_OBJ_L1CACHE || type == HWLOC_OBJ_L2CACHE || type == HWLOC_OBJ_L3CACHE ||
           type == HWLOC_OBJ_L4CACHE || type == HWLOC_OBJ_L5CACHE;
}

// Caches of the highest data/unified level around the node: one above it
// (an L3 spanning several SNC nodes) or those inside it.
std::vector<hwloc_obj_t> top_level_caches(const NodeCpus &cpus) {
    std::vector<hwloc_obj_t> best;
    unsigned best_depth = 0;
    const auto consider = [&](hwloc_obj_t cache) {
        const unsigned level = cache->attr->cache.depth;
        if (level > best_depth) {
            best_depth = level;
            best.clear();
        }
        if (level == best_depth) best.push_back(cache);
    };
    for (hwloc_obj_t above = cpus.root()->parent; above; above = above->parent)
        if (is_data_cache(above->type)) consider(above);
    cpus.walk([&](hwloc_obj_t obj) {
        if (is_data_cache(obj->type)) consider(obj);
        return true;
    });
    return best;
}

NodeChoices core_complex_choices(const NodeCpus &cpus, hwloc_obj_t node, const CpuSet &allowed, size_t gpus) {
    // Groups as CPU lists: sorting them needs only their sizes and first CPUs,
    // and only the groups some GPU takes become bitmaps.
    std::vector<std::vector<unsigned>> groups;
    for (hwloc_obj_t cache : top_level_caches(cpus)) {
        std::vector<unsigned> group;
        walk_subtree(cache, [&](hwloc_obj_t obj) {
            if (obj->type == HWLOC_OBJ_PU && allowed.contains(obj->os_index) &&
                hwloc_bitmap_isset(node->cpuset, obj->os_index))
                group.push_back(obj->os_index);
            return true;
        });
        if (!group.empty()) {
            std::sort(group.begin(), group.end());
            groups.push_back(std::move(group));
        }
    }
    NodeChoices result;
    if (groups.empty()) {  // no cache information: the node is one complex
        result.choices.push_back(CpuSet(node->cpuset) &= allowed);
        return result;
    }
    std::stable_sort(groups.begin(), groups.end(), [](const auto &a, const auto &b) {
        if (a.size() != b.size()) return a.size() > b.size();
        return a.front() < b.front();
    });
    // GPU j takes group j mod groups.size(): the first min(groups, GPUs) are used.
    groups.resize(std::min(groups.size(), std::max<size_t>(gpus, 1)));
    for (const auto &group : groups) result.choices.push_back(CpuSet::from_sorted(group));
    return result;
}

// Every CPU-bearing NUMA node of the package(s) holding `node`.
CpuSet socket_cpus(hwloc_topology_t topology, hwloc_obj_t node, const CpuSet &allowed) {
    std::vector<hwloc_obj_t> nodes;
    if (hwloc_obj_t package = ancestor_or_self(node->parent, HWLOC_OBJ_PACKAGE)) {
        nodes = numa_nodes_inside(package);
    } else {
        // The node spans packages, or there are none: take the packages its CPUs
        // touch (the whole machine without packages) and every node within.
        CpuSet packages;
        for (hwloc_obj_t p = hwloc_get_next_obj_by_type(topology, HWLOC_OBJ_PACKAGE, nullptr); p;
             p = hwloc_get_next_obj_by_type(topology, HWLOC_OBJ_PACKAGE, p))
            if (hwloc_bitmap_intersects(p->cpuset, node->cpuset)) packages |= p->cpuset;
        if (packages.empty()) packages |= hwloc_topology_get_topology_cpuset(topology);
        for (hwloc_obj_t n = hwloc_get_next_obj_by_type(topology, HWLOC_OBJ_NUMANODE, nullptr); n;
             n = hwloc_get_next_obj_by_type(topology, HWLOC_OBJ_NUMANODE, n))
            if (hwloc_bitmap_intersects(n->cpuset, packages.raw())) nodes.push_back(n);
    }
    CpuSet cpus;
    for (hwloc_obj_t n : nodes)
        if (numa_node_has_cpus(n)) cpus |= n->cpuset;
    return cpus &= allowed;
}

}  // namespace

NodeChoices node_choices(hwloc_topology_t topology, hwloc_obj_t node, const CpuSet &allowed, nb_mode mode,
                         size_t gpus_on_node) {
    NodeChoices result;
    switch (mode) {
    case NB_MODE_NODE:
        result.choices.push_back(CpuSet(node->cpuset) &= allowed);
        return result;
    case NB_MODE_SOCKET:
        result.choices.push_back(socket_cpus(topology, node, allowed));
        return result;
    case NB_MODE_EXCLUSIVE:
        return exclusive_choices(NodeCpus(topology, node), node, allowed, gpus_on_node);
    case NB_MODE_CORE_COMPLEX:
        return core_complex_choices(NodeCpus(topology, node), node, allowed, gpus_on_node);
    default:
        throw Error(NB_EINTERNAL, "node_choices: mode " + std::to_string(static_cast<int>(mode)) +
                                      " is not decided per node");
    }
}

CpuSet compute_binding(const MachineView &view, size_t rank) {
    const GpuSlot &slot = view.visible[rank];
    if (slot.host_status != NB_OK) throw Error(slot.host_status, slot.host_error);

    CpuSet cpus;
    std::string scope;
    if (view.mode == NB_MODE_CLOSEST) {
        cpus = CpuSet(slot.locality->cpuset) &= view.allowed;
        scope = "its locality " + CpuSet(slot.locality->cpuset).format();
    } else {
        const NodeChoices &offer = view.choices_by_node.at(slot.host_node);
        if (offer.status != NB_OK) throw Error(offer.status, offer.error);
        cpus = offer.choices[slot.position_on_node % offer.choices.size()];
        scope = (view.mode == NB_MODE_SOCKET ? "the package of " : "") + node_name(slot.host_node);
    }
    if (cpus.empty())
        throw Error(NB_ENOTALLOWED, describe_gpu(view, slot) + ": no CPU of " + scope +
                                        " is among the allowed CPUs " + view.allowed.format());
    return cpus;
}

}  // namespace numabind
