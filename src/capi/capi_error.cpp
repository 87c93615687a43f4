// Version, status codes and messages, and nb_free.
#include <cstdlib>

#include "error.h"
#include "numabind.h"

namespace {

struct StatusText {
    const char *name;
    const char *description;
};

// One entry per code; -Wswitch flags a code added to the header but not here.
StatusText describe(nb_status status) {
    switch (status) {
    case NB_OK: return {"NB_OK", "success"};
    case NB_EINVAL: return {"NB_EINVAL", "invalid argument"};
    case NB_ENOMEM: return {"NB_ENOMEM", "out of memory"};
    case NB_EMODE: return {"NB_EMODE", "unknown mode or name"};
    case NB_ECPULIST: return {"NB_ECPULIST", "malformed CPU list"};
    case NB_EJSON: return {"NB_EJSON", "malformed or invalid JSON"};
    case NB_ETOPOLOGY: return {"NB_ETOPOLOGY", "topology cannot be loaded"};
    case NB_ENOGPU: return {"NB_ENOGPU", "no GPU found"};
    case NB_ERANK: return {"NB_ERANK", "local rank out of range"};
    case NB_EGPUSEL: return {"NB_EGPUSEL", "GPU selection names no GPU"};
    case NB_ENOTALLOWED: return {"NB_ENOTALLOWED", "GPU's CPUs are outside the allowed CPUs"};
    case NB_ECORES: return {"NB_ECORES", "fewer cores than GPUs on the NUMA node"};
    case NB_EEMPTY: return {"NB_EEMPTY", "empty CPU set"};
    case NB_ENONUMA: return {"NB_ENONUMA", "no NUMA node with CPUs is local to the GPU"};
    case NB_EINTERNAL: return {"NB_EINTERNAL", "internal error"};
    case NB_ESTACK: return {"NB_ESTACK", "nothing pushed on this thread's affinity stack"};
    case NB_EAFFINITY: return {"NB_EAFFINITY", "CPU affinity refused by the kernel"};
    case NB_EMEMPOLICY: return {"NB_EMEMPOLICY", "memory policy refused by the kernel"};
    case NB_EEXEC: return {"NB_EEXEC", "program cannot be executed"};
    case NB_ESYSTEM: return {"NB_ESYSTEM", "system call failed"};
    case NB_STATUS_FORCE_INT: break;
    }
    return {"NB_UNKNOWN", "unknown status code"};
}

}  // namespace

extern "C" {

uint32_t nb_version_number(void) { return NB_VERSION_NUMBER; }

const char *nb_version_string(void) {
#define NB_STRINGIFY2(x) #x
#define NB_STRINGIFY(x) NB_STRINGIFY2(x)
    return NB_STRINGIFY(NB_VERSION_MAJOR) "." NB_STRINGIFY(NB_VERSION_MINOR) "." NB_STRINGIFY(NB_VERSION_PATCH);
#undef NB_STRINGIFY
#undef NB_STRINGIFY2
}

const char *nb_last_error(void) { return numabind::last_error(); }

int nb_last_os_error(void) { return numabind::last_os_error(); }

const char *nb_strerror(nb_status status) { return describe(status).description; }

const char *nb_status_name(nb_status status) { return describe(status).name; }

void nb_free(void *ptr) { std::free(ptr); }

}  // extern "C"
