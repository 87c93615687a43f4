// nb_affinity_push / nb_affinity_pop: a stack of saved thread states, one
// stack per thread (thread_local), so threads never see each other's pushes.
#pragma once

#include <optional>

#include "binding_log.h"
#include "options.h"
#include "thread_binding.h"

namespace numabind {

// Saves the calling thread's state and applies `binding` to it. Without a
// binding (computing it fell back), or when applying it falls back, the
// thread stays as it is and the push still counts, so that pushes and pops
// stay paired. Throws when the binding fails without a fall-back; nothing is
// pushed then.
void affinity_push(const std::optional<Binding> &binding, const Options &options, const Target &target);

// Restores the state saved by the latest push and drops it.
// Throws Error(NB_ESTACK) when nothing is pushed.
void affinity_pop();

size_t affinity_depth() noexcept;

// Throws Error(NB_ESTACK) naming `function` when the calling thread has pushes.
void require_empty_affinity_stack(const char *function);

}  // namespace numabind
