// Applying a binding (CPUs + memory policy) to the calling thread, whole or
// not at all, and putting back what the thread had.
#pragma once

#include <optional>

#include "cpuset.h"
#include "kernel_mempolicy.h"
#include "numabind.h"

namespace numabind {

struct Binding {
    CpuSet cpus;
    nb_mem_policy mem_policy = NB_MEM_POLICY_LOCAL;
};

// What a thread had before a binding: its affinity, and its memory policy
// when the binding changes it (LOCAL leaves the policy alone, so the common
// case costs no get_mempolicy call).
struct ThreadState {
    CpuSet affinity;
    std::optional<KernelMemPolicy> mem_policy;
};

// The calling thread's state, with its memory policy when `binding` would
// change it.
ThreadState capture_calling_thread(const Binding &binding);

// Applies `binding` to the calling thread. On failure the thread is put back
// to `before` (captured for this binding) and the error is rethrown:
// NB_EAFFINITY, NB_EMEMPOLICY, NB_EEMPTY.
void apply_to_calling_thread(const Binding &binding, const ThreadState &before);

// Puts the calling thread back to `state`. Throws NB_EAFFINITY or
// NB_EMEMPOLICY when the kernel refuses (the cgroup changed meanwhile).
void restore_calling_thread(const ThreadState &state);

}  // namespace numabind
