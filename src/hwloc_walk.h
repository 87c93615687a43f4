// Tree walks that cost what the part of the machine they visit costs, not
// what the whole machine costs: the building blocks that keep a plan linear
// in CPUs + GPUs.
#pragma once

#include <hwloc.h>

#include <functional>
#include <vector>

namespace numabind {

// The normal object whose subtree holds exactly the CPUs of `node` (its
// parent, when the parent's cpuset equals the node's), or nullptr when the
// node is attached higher up and no object has exactly its CPUs.
hwloc_obj_t cpu_subtree_of(hwloc_obj_t node);

// Visits `root` and its normal descendants, depth first, children in order.
// `visit` returns false to skip an object's children.
void walk_subtree(hwloc_obj_t root, const std::function<bool(hwloc_obj_t)> &visit);

// The NUMA nodes attached to `obj` itself (through memory-side caches too).
void numa_nodes_attached_to(hwloc_obj_t obj, std::vector<hwloc_obj_t> &out);

// The NUMA nodes attached anywhere inside `root`'s subtree.
std::vector<hwloc_obj_t> numa_nodes_inside(hwloc_obj_t root);

// The first ancestor of `obj` (itself included) of `type`, or nullptr.
hwloc_obj_t ancestor_or_self(hwloc_obj_t obj, hwloc_obj_type_t type);

}  // namespace numabind
