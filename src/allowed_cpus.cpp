#include "allowed_cpus.h"

#include <cerrno>
#include <cstring>

#include "error.h"

namespace numabind {

CpuSet compute_allowed_cpus(const Topology &topology, const Options &options) {
    CpuSet allowed = topology.allowed_cpus();
    std::string narrowed_by;
    if (options.allowed_cpus) {
        allowed &= *options.allowed_cpus;
        narrowed_by = "the allowed CPU list " + options.allowed_cpus->format();
    } else if (topology.is_live()) {
        CpuSet affinity;
        if (hwloc_get_cpubind(topology.hwloc(), affinity.raw(), HWLOC_CPUBIND_THREAD) < 0)
            throw Error(NB_ENOTALLOWED, std::string("cannot read the calling thread's CPU affinity: ") +
                                            std::strerror(errno));
        allowed &= affinity;
        narrowed_by = "the calling thread's affinity " + affinity.format();
    }
    if (allowed.empty() && narrowed_by.empty())
        throw Error(NB_ENOTALLOWED, topology.source() + " has no allowed CPU");
    if (allowed.empty())
        throw Error(NB_ENOTALLOWED, "no allowed CPU: " + narrowed_by + " shares no CPU with the allowed CPUs " +
                                        topology.allowed_cpus().format() + " of " + topology.source());
    return allowed;
}

}  // namespace numabind
