// A thread's CPU affinity through sched_{get,set}affinity(2), with masks of
// the kernel's size rather than glibc's fixed 1024-CPU cpu_set_t.
#pragma once

#include <sys/types.h>

#include "cpuset.h"

namespace numabind {

// The affinity of thread `tid` (0: the calling thread).
// Throws Error(NB_ESYSTEM) with the errno (ESRCH when the thread has gone).
CpuSet get_thread_affinity(pid_t tid);

// Sets the affinity of thread `tid` (0: the calling thread) to `cpus`, which
// must not be empty. The kernel silently drops CPUs that do not exist here,
// are offline or lie outside the cgroup's cpuset; `verify` reads the result
// back and throws Error(NB_EAFFINITY) naming the dropped CPUs (the thread is
// then left with what the kernel kept: the caller restores it). Throws
// Error(NB_EAFFINITY) when the kernel refuses the whole set.
void set_thread_affinity(pid_t tid, const CpuSet &cpus, bool verify);

}  // namespace numabind
