// Applying bindings to the calling thread or process, the local rank from
// the environment, and the log callback.
#include "affinity_stack.h"
#include "binding_log.h"
#include "fallback.h"
#include "handles.h"
#include "local_rank_env.h"
#include "numabind.h"
#include "process_binding.h"

using numabind::guard;
using numabind::options_or_defaults;
using numabind::require_arg;
using numabind::Target;

extern "C" {

nb_status nb_affinity_push(const nb_cpuset *cpus, const nb_options *options) {
    return guard([&, fn = __func__] {
        require_arg(cpus, fn, "cpus");
        const numabind::Options &opts = options_or_defaults(options);
        numabind::affinity_push(numabind::binding_for(cpus->value, opts), opts, Target{"thread", {}, {}});
        return NB_OK;
    });
}

nb_status nb_affinity_push_rank(const nb_topology *topology, const nb_options *options, int local_rank) {
    return guard([&, fn = __func__] {
        require_arg(topology, fn, "topology");
        const numabind::Options &opts = options_or_defaults(options);
        const Target target{"thread", local_rank, {}};
        numabind::affinity_push(numabind::binding_for_rank(*topology->value, opts, local_rank, target), opts,
                                target);
        return NB_OK;
    });
}

nb_status nb_affinity_pop(void) {
    return guard([] {
        numabind::affinity_pop();
        return NB_OK;
    });
}

int nb_affinity_depth(void) { return static_cast<int>(numabind::affinity_depth()); }

nb_status nb_bind_current_process(const nb_cpuset *cpus, const nb_options *options) {
    return guard([&, fn = __func__] {
        require_arg(cpus, fn, "cpus");
        const numabind::Options &opts = options_or_defaults(options);
        numabind::bind_current_process(numabind::binding_for(cpus->value, opts), opts,
                                       Target{"process", {}, {}});
        return NB_OK;
    });
}

nb_status nb_bind_current_process_rank(const nb_topology *topology, const nb_options *options, int local_rank) {
    return guard([&, fn = __func__] {
        require_arg(topology, fn, "topology");
        numabind::require_empty_affinity_stack(fn);
        const numabind::Options &opts = options_or_defaults(options);
        const Target target{"process", local_rank, {}};
        numabind::bind_current_process(numabind::binding_for_rank(*topology->value, opts, local_rank, target),
                                       opts, target);
        return NB_OK;
    });
}

nb_status nb_local_rank_from_environment(int *out) {
    return guard([&, fn = __func__] {
        require_arg(out, fn, "out");
        *out = numabind::local_rank_from_environment();
        return NB_OK;
    });
}

void nb_set_log_callback(nb_log_callback callback, void *user_data) {
    numabind::set_log_callback(callback, user_data);
}

}  // extern "C"
