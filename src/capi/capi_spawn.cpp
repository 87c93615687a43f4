// Starting bound children.
#include "fallback.h"
#include "handles.h"
#include "numabind.h"
#include "bound_spawn.h"

using numabind::guard;
using numabind::options_or_defaults;
using numabind::require_arg;
using numabind::SpawnRequest;
using numabind::Target;

extern "C" {

nb_status nb_spawn(int *pid, const char *const argv[], const char *const envp[], const char *cwd,
                   const nb_cpuset *cpus, const nb_options *options) {
    return guard([&, fn = __func__] {
        require_arg(pid, fn, "pid");
        require_arg(argv, fn, "argv");
        require_arg(cpus, fn, "cpus");
        const numabind::Options &opts = options_or_defaults(options);
        *pid = numabind::spawn(SpawnRequest{argv, envp, cwd}, numabind::binding_for(cpus->value, opts), opts,
                               Target{"child", {}, {}});
        return NB_OK;
    });
}

nb_status nb_spawn_rank(int *pid, const char *const argv[], const char *const envp[], const char *cwd,
                        const nb_topology *topology, const nb_options *options, int local_rank) {
    return guard([&, fn = __func__] {
        require_arg(pid, fn, "pid");
        require_arg(argv, fn, "argv");
        require_arg(topology, fn, "topology");
        const numabind::Options &opts = options_or_defaults(options);
        const Target target{"child", local_rank, {}};
        *pid = numabind::spawn(SpawnRequest{argv, envp, cwd},
                               numabind::binding_for_rank(*topology->value, opts, local_rank, target), opts,
                               target);
        return NB_OK;
    });
}

}  // extern "C"
