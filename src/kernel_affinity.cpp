#include "kernel_affinity.h"

#include <sched.h>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <string>
#include <vector>

#include "error.h"

namespace numabind {

namespace {

using Words = std::vector<unsigned long>;
constexpr unsigned kBitsPerWord = sizeof(unsigned long) * CHAR_BIT;

// sched_getaffinity fails with EINVAL when the buffer is shorter than the
// kernel's CPU mask (nr_cpu_ids bits), so the size is found once by doubling,
// as glibc's and CPython's wrappers do. 2^20 CPUs is far beyond any kernel.
size_t kernel_mask_words() {
    static const size_t words = [] {
        for (size_t n = 1024 / kBitsPerWord; n <= (size_t{1} << 20) / kBitsPerWord; n *= 2) {
            Words probe(n);
            if (sched_getaffinity(0, n * sizeof(unsigned long), reinterpret_cast<cpu_set_t *>(probe.data())) == 0)
                return n;
            if (errno != EINVAL) break;
        }
        return (size_t{1} << 20) / kBitsPerWord;
    }();
    return words;
}

Words to_words(const CpuSet &cpus) {
    const int last = hwloc_bitmap_last(cpus.raw());
    const size_t needed = last < 0 ? 0 : static_cast<size_t>(last) / kBitsPerWord + 1;
    Words words(std::max(needed, kernel_mask_words()));
    hwloc_bitmap_to_ulongs(cpus.raw(), static_cast<unsigned>(words.size()), words.data());
    return words;
}

}  // namespace

CpuSet get_thread_affinity(pid_t tid) {
    Words words(kernel_mask_words());
    if (sched_getaffinity(tid, words.size() * sizeof(unsigned long), reinterpret_cast<cpu_set_t *>(words.data())) != 0)
        throw os_error(NB_ESYSTEM, "sched_getaffinity(" + std::to_string(tid) + ")", errno);
    CpuSet cpus;
    hwloc_bitmap_from_ulongs(cpus.raw(), static_cast<unsigned>(words.size()), words.data());
    return cpus;
}

void set_thread_affinity(pid_t tid, const CpuSet &cpus, bool verify) {
    if (cpus.empty()) throw Error(NB_EEMPTY, "cannot bind to an empty CPU set");
    const Words words = to_words(cpus);
    if (sched_setaffinity(tid, words.size() * sizeof(unsigned long),
                          reinterpret_cast<const cpu_set_t *>(words.data())) != 0) {
        const int error = errno;
        if (error == EINVAL)
            throw os_error(NB_EAFFINITY,
                           "cannot bind to CPUs " + cpus.format() +
                               ": none of them is present, online and inside this process's cgroup cpuset",
                           error);
        throw os_error(error == ESRCH ? NB_ESYSTEM : NB_EAFFINITY,
                       "sched_setaffinity(" + std::to_string(tid) + ", " + cpus.format() + ")", error);
    }
    if (!verify) return;
    const CpuSet effective = get_thread_affinity(tid);
    if (effective == cpus) return;
    CpuSet dropped = cpus;
    hwloc_bitmap_andnot(dropped.raw(), cpus.raw(), effective.raw());
    throw Error(NB_EAFFINITY, "cannot bind to CPUs " + cpus.format() + ": CPUs " + dropped.format() +
                                  " do not exist here, are offline, or are outside this process's cgroup cpuset");
}

}  // namespace numabind
