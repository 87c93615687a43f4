// The CPUs a binding may use.
#pragma once

#include "cpuset.h"
#include "options.h"
#include "topology.h"

namespace numabind {

// The topology's allowed CPUs, narrowed by the options' allowed list when set,
// else (live machine only) by the calling thread's current affinity, which
// carries taskset, cgroup cpusets and Slurm's binding. Reading that affinity
// is the only system call of a computation. Throws NB_ENOTALLOWED when
// nothing is left.
CpuSet compute_allowed_cpus(const Topology &topology, const Options &options);

}  // namespace numabind
