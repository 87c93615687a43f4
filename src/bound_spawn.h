// nb_spawn: a child bound from its first instruction. (Not spawn.h, which would
// hide <spawn.h> from this directory.) The binding is applied
// to the calling thread, the child is created with posix_spawnp (it inherits
// the thread's affinity and memory policy), and the thread is restored:
// PyTorch's "set, spawn, restore", which needs no other thread or process.
#pragma once

#include <sys/types.h>

#include <optional>

#include "binding_log.h"
#include "options.h"
#include "thread_binding.h"

namespace numabind {

struct SpawnRequest {
    const char *const *argv;  // argv[0] is looked up in PATH; NULL-terminated
    const char *const *envp;  // nullptr: the caller's environment
    const char *cwd;          // nullptr: the caller's working directory
};

// Starts the child bound to `binding` (unbound without one, or when applying
// it falls back) and returns its pid. The calling thread's affinity and
// memory policy are the same afterwards on every path. Throws
// Error(NB_EEXEC) when the program cannot be executed (no child then
// exists), NB_ESYSTEM when the child cannot be created, or the binding's
// error without a fall-back.
pid_t spawn(const SpawnRequest &request, const std::optional<Binding> &binding, const Options &options,
            Target target);

}  // namespace numabind
