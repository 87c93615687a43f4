#include "kernel_mempolicy.h"

#include <linux/mempolicy.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <string>

#include "error.h"
#include "options.h"

// Linux 5.15; older userspace headers lack the constant, older kernels
// answer EINVAL (reported as such).
#ifndef MPOL_PREFERRED_MANY
#define MPOL_PREFERRED_MANY 5
#endif

namespace numabind {

namespace {

constexpr unsigned long kBitsPerWord = sizeof(unsigned long) * CHAR_BIT;

// get_mempolicy fails with EINVAL when the mask is shorter than the kernel's
// node count (MAX_NUMNODES bits), so the size is found once by doubling.
size_t node_mask_words() {
    static const size_t words = [] {
        for (size_t n = 1024 / kBitsPerWord; n <= (size_t{1} << 16) / kBitsPerWord; n *= 2) {
            std::vector<unsigned long> probe(n);
            int mode = 0;
            if (syscall(SYS_get_mempolicy, &mode, probe.data(), n * kBitsPerWord, nullptr, 0UL) == 0) return n;
            if (errno != EINVAL) break;
        }
        return 1024 / kBitsPerWord;
    }();
    return words;
}

// set_mempolicy reads maxnode - 1 bits (a long-standing kernel quirk that
// numactl works around the same way), hence the + 1.
long call_set_mempolicy(int mode, const std::vector<unsigned long> &nodes) {
    if (nodes.empty()) return syscall(SYS_set_mempolicy, mode, nullptr, 0UL);
    return syscall(SYS_set_mempolicy, mode, nodes.data(), nodes.size() * kBitsPerWord + 1);
}

// Appended to a message before os_error() adds strerror.
std::string explain(int error) {
    switch (error) {
    case EPERM: return " (this container or its seccomp profile forbids memory policies)";
    case EINVAL: return " (nodes outside this process's cgroup memory nodes, or a policy this kernel lacks)";
    default: return "";
    }
}

}  // namespace

KernelMemPolicy get_thread_mempolicy() {
    KernelMemPolicy policy;
    policy.nodes.assign(node_mask_words(), 0);
    if (syscall(SYS_get_mempolicy, &policy.mode, policy.nodes.data(), policy.nodes.size() * kBitsPerWord, nullptr,
                0UL) != 0) {
        const int error = errno;
        throw os_error(NB_EMEMPOLICY, "cannot read the memory policy (get_mempolicy)" + explain(error), error);
    }
    return policy;
}

void restore_thread_mempolicy(const KernelMemPolicy &policy) {
    // MPOL_DEFAULT takes no node mask.
    const std::vector<unsigned long> none;
    if (call_set_mempolicy(policy.mode, policy.mode == MPOL_DEFAULT ? none : policy.nodes) != 0) {
        const int error = errno;
        throw os_error(NB_EMEMPOLICY, "cannot restore the memory policy (set_mempolicy mode " +
                                          std::to_string(policy.mode) + ")" + explain(error), error);
    }
}

void set_thread_mempolicy(nb_mem_policy policy, const CpuSet &nodes) {
    int mode = MPOL_DEFAULT;
    switch (policy) {
    case NB_MEM_POLICY_PREFERRED: mode = nodes.count() == 1 ? MPOL_PREFERRED : MPOL_PREFERRED_MANY; break;
    case NB_MEM_POLICY_BIND: mode = MPOL_BIND; break;
    case NB_MEM_POLICY_INTERLEAVE: mode = MPOL_INTERLEAVE; break;
    default:
        throw Error(NB_EINTERNAL, "set_thread_mempolicy: policy " + std::to_string(static_cast<int>(policy)));
    }
    if (nodes.empty())
        throw Error(NB_EMEMPOLICY, std::string("memory policy '") + mem_policy_name(policy) +
                                       "': the binding's CPUs belong to no NUMA node of this machine");
    const int last = hwloc_bitmap_last(nodes.raw());
    std::vector<unsigned long> words(static_cast<size_t>(last) / kBitsPerWord + 1);
    hwloc_bitmap_to_ulongs(nodes.raw(), static_cast<unsigned>(words.size()), words.data());
    if (call_set_mempolicy(mode, words) != 0) {
        const int error = errno;
        throw os_error(NB_EMEMPOLICY, std::string("cannot set memory policy '") + mem_policy_name(policy) +
                                          "' on nodes " + nodes.format() + explain(error), error);
    }
}

}  // namespace numabind
