// A thread's memory policy through {get,set}_mempolicy(2), which glibc does
// not wrap. Only the calling thread's policy can be read or changed.
#pragma once

#include <vector>

#include "cpuset.h"
#include "numabind.h"

namespace numabind {

// A policy exactly as the kernel reports it, so that it can be put back:
// mode with its flags, and the node mask.
struct KernelMemPolicy {
    int mode = 0;
    std::vector<unsigned long> nodes;
};

// Throws Error(NB_EMEMPOLICY) with the errno: a thread that may not read its
// policy may not change it either.
KernelMemPolicy get_thread_mempolicy();

// Puts back a policy get_thread_mempolicy() returned.
// Throws Error(NB_EMEMPOLICY) with the errno.
void restore_thread_mempolicy(const KernelMemPolicy &policy);

// Applies `policy` over `nodes` (OS indexes) to the calling thread. Not for
// NB_MEM_POLICY_LOCAL, which changes nothing. Throws Error(NB_EMEMPOLICY)
// with the errno and what it means (EPERM: the container forbids it).
void set_thread_mempolicy(nb_mem_policy policy, const CpuSet &nodes);

}  // namespace numabind
