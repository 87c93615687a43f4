#include "fallback.h"

#include "plan.h"

namespace numabind {

bool is_binding_failure(nb_status status) noexcept {
    switch (status) {
    case NB_ETOPOLOGY:
    case NB_ENOGPU:
    case NB_ERANK:
    case NB_EGPUSEL:
    case NB_ENOTALLOWED:
    case NB_ECORES:
    case NB_EEMPTY:
    case NB_ENONUMA:
    case NB_EAFFINITY:
    case NB_EMEMPOLICY:
    case NB_ESYSTEM:
        return true;
    default:
        return false;
    }
}

Binding binding_for(const CpuSet &cpus, const Options &options) { return Binding{cpus, options.mem_policy}; }

std::optional<Binding> binding_for_rank(const Topology &topology, const Options &options, int local_rank,
                                        const Target &target) {
    std::optional<Binding> binding;
    apply_or_fall_back(options, target, [&] {
        binding = binding_for(compute_rank_cpus(topology, options, local_rank), options);
    });
    return binding;
}

std::optional<ThreadState> bind_calling_thread(const std::optional<Binding> &binding, const Options &options,
                                               const Target &target) {
    if (!binding) return std::nullopt;
    std::optional<ThreadState> before;
    apply_or_fall_back(options, target, [&] {
        ThreadState state = capture_calling_thread(*binding);
        apply_to_calling_thread(*binding, state);
        before = std::move(state);
    });
    return before;
}

}  // namespace numabind
