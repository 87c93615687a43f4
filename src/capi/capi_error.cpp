// Version, status codes and messages, and nb_free.
#include <cstdlib>

#include "error.h"
#include "numabind.h"

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

const char *nb_strerror(nb_status status) {
    switch (status) {
    case NB_OK: return "success";
    case NB_EINVAL: return "invalid argument";
    case NB_ENOMEM: return "out of memory";
    case NB_EMODE: return "unknown mode or name";
    case NB_ECPULIST: return "malformed CPU list";
    case NB_EJSON: return "malformed or invalid JSON";
    case NB_ETOPOLOGY: return "topology cannot be loaded";
    case NB_ENOGPU: return "no GPU found";
    case NB_ERANK: return "local rank out of range";
    case NB_EGPUSEL: return "GPU selection names no GPU";
    case NB_ENOTALLOWED: return "GPU's CPUs are outside the allowed CPUs";
    case NB_ECORES: return "fewer cores than GPUs on the NUMA node";
    case NB_EEMPTY: return "empty CPU set";
    case NB_ENONUMA: return "no NUMA node with CPUs is local to the GPU";
    case NB_EINTERNAL: return "internal error";
    case NB_STATUS_FORCE_INT: break;  // listed so that -Wswitch flags any code left out
    }
    return "unknown status code";
}

const char *nb_status_name(nb_status status) {
    switch (status) {
    case NB_OK: return "NB_OK";
    case NB_EINVAL: return "NB_EINVAL";
    case NB_ENOMEM: return "NB_ENOMEM";
    case NB_EMODE: return "NB_EMODE";
    case NB_ECPULIST: return "NB_ECPULIST";
    case NB_EJSON: return "NB_EJSON";
    case NB_ETOPOLOGY: return "NB_ETOPOLOGY";
    case NB_ENOGPU: return "NB_ENOGPU";
    case NB_ERANK: return "NB_ERANK";
    case NB_EGPUSEL: return "NB_EGPUSEL";
    case NB_ENOTALLOWED: return "NB_ENOTALLOWED";
    case NB_ECORES: return "NB_ECORES";
    case NB_EEMPTY: return "NB_EEMPTY";
    case NB_ENONUMA: return "NB_ENONUMA";
    case NB_EINTERNAL: return "NB_EINTERNAL";
    case NB_STATUS_FORCE_INT: break;
    }
    return "NB_UNKNOWN";
}

void nb_free(void *ptr) { std::free(ptr); }

}  // extern "C"
