// nb_bind_current_process: bind the threads of this process that still have
// its original affinity, from inside the process.
#pragma once

#include <optional>

#include "binding_log.h"
#include "options.h"
#include "thread_binding.h"

namespace numabind {

// Applies `binding` to the calling thread (affinity and memory policy), then
// sets the affinity of every other thread whose affinity equals the calling
// thread's former one. Without a binding (computing it fell back) nothing
// changes. On failure every thread changed so far is put back; with the
// fall-back the failure is reported and the call returns normally. Throws
// Error(NB_ESTACK) when the calling thread has pushes of its own.
void bind_current_process(const std::optional<Binding> &binding, const Options &options, const Target &target);

}  // namespace numabind
