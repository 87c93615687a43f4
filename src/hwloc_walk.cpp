#include "hwloc_walk.h"

namespace numabind {

hwloc_obj_t cpu_subtree_of(hwloc_obj_t node) {
    hwloc_obj_t parent = node->parent;
    if (parent == nullptr || parent->cpuset == nullptr || node->cpuset == nullptr) return nullptr;
    return hwloc_bitmap_isequal(parent->cpuset, node->cpuset) ? parent : nullptr;
}

void walk_subtree(hwloc_obj_t root, const std::function<bool(hwloc_obj_t)> &visit) {
    if (!visit(root)) return;
    for (unsigned i = 0; i < root->arity; ++i) walk_subtree(root->children[i], visit);
}

void numa_nodes_attached_to(hwloc_obj_t obj, std::vector<hwloc_obj_t> &out) {
    for (hwloc_obj_t child = obj->memory_first_child; child; child = child->next_sibling) {
        if (child->type == HWLOC_OBJ_NUMANODE) out.push_back(child);
        else numa_nodes_attached_to(child, out);  // a memory-side cache in front of nodes
    }
}

std::vector<hwloc_obj_t> numa_nodes_inside(hwloc_obj_t root) {
    std::vector<hwloc_obj_t> nodes;
    walk_subtree(root, [&](hwloc_obj_t obj) {
        numa_nodes_attached_to(obj, nodes);
        return true;
    });
    return nodes;
}

hwloc_obj_t ancestor_or_self(hwloc_obj_t obj, hwloc_obj_type_t type) {
    for (; obj; obj = obj->parent)
        if (obj->type == type) return obj;
    return nullptr;
}

}  // namespace numabind
