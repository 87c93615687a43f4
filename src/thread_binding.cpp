#include "thread_binding.h"

#include <exception>

#include "error.h"
#include "kernel_affinity.h"
#include "kernel_numa_nodes.h"

namespace numabind {

ThreadState capture_calling_thread(const Binding &binding) {
    ThreadState state{get_thread_affinity(0), std::nullopt};
    if (binding.mem_policy != NB_MEM_POLICY_LOCAL) state.mem_policy = get_thread_mempolicy();
    return state;
}

void apply_to_calling_thread(const Binding &binding, const ThreadState &before) {
    try {
        // CPUs the thread may already run on exist, are online and lie in its
        // cgroup, so the kernel keeps all of them: reading the result back is
        // needed only for a set that reaches beyond them.
        const bool within_current = hwloc_bitmap_isincluded(binding.cpus.raw(), before.affinity.raw()) != 0;
        set_thread_affinity(0, binding.cpus, /*verify=*/!within_current);
        if (binding.mem_policy != NB_MEM_POLICY_LOCAL)
            set_thread_mempolicy(binding.mem_policy, nodes_holding(this_machine_nodes(), binding.cpus));
    } catch (...) {
        try {
            restore_calling_thread(before);
        } catch (...) {
            // The first error is the one to report; the restore of the
            // thread's own previous state has no reason to fail.
        }
        throw;
    }
}

void restore_calling_thread(const ThreadState &state) {
    // Both halves are attempted whatever happens to the other, so that a
    // refused policy does not also leave the thread on the wrong CPUs.
    std::exception_ptr first_failure;
    try {
        set_thread_affinity(0, state.affinity, /*verify=*/false);
    } catch (...) {
        first_failure = std::current_exception();
    }
    if (state.mem_policy) {
        try {
            restore_thread_mempolicy(*state.mem_policy);
        } catch (...) {
            if (!first_failure) first_failure = std::current_exception();
        }
    }
    if (first_failure) std::rethrow_exception(first_failure);
}

}  // namespace numabind
