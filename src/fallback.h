// The fall-back rule, in one place for every applying function: a binding
// that cannot be computed or applied leaves its target unbound when the
// options ask for it, is reported, and the call succeeds.
#pragma once

#include <optional>

#include "binding_log.h"
#include "error.h"
#include "options.h"
#include "thread_binding.h"
#include "topology.h"

namespace numabind {

// Failures of computing or applying a binding, which a fall-back may answer.
// Bad arguments, a program that cannot run and bugs are never answered so.
bool is_binding_failure(nb_status status) noexcept;

// The binding of `cpus` under the options.
Binding binding_for(const CpuSet &cpus, const Options &options);

// The binding computed for `local_rank`; with the fall-back, a computing
// failure is reported and gives nullopt (run unbound).
std::optional<Binding> binding_for_rank(const Topology &topology, const Options &options, int local_rank,
                                        const Target &target);

// Runs `apply()`. When it throws a binding failure and the options fall
// back, reports it and returns false (the target stays unbound, which
// `apply` guarantees on failure); otherwise rethrows. True when applied.
template <class Apply>
bool apply_or_fall_back(const Options &options, const Target &target, Apply &&apply) {
    try {
        apply();
        return true;
    } catch (const Error &error) {
        if (!options.fallback || !is_binding_failure(error.code())) throw;
        report_fallback(target, options, error);
        return false;
    }
}

// Applies `binding` to the calling thread under the fall-back rule. Returns
// the state the thread had before, or nullopt when there was no binding or
// applying it fell back (the thread is then as it was).
std::optional<ThreadState> bind_calling_thread(const std::optional<Binding> &binding, const Options &options,
                                               const Target &target);

}  // namespace numabind
