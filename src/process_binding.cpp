#include "process_binding.h"

#include <dirent.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "affinity_stack.h"
#include "error.h"
#include "fallback.h"
#include "kernel_affinity.h"

namespace numabind {

namespace {

std::vector<pid_t> list_threads() {
    std::unique_ptr<DIR, int (*)(DIR *)> dir(opendir("/proc/self/task"), closedir);
    if (!dir) throw os_error(NB_ESYSTEM, "cannot list /proc/self/task", errno);
    std::vector<pid_t> tids;
    while (const dirent *entry = readdir(dir.get())) {
        if (entry->d_name[0] < '0' || entry->d_name[0] > '9') continue;
        tids.push_back(static_cast<pid_t>(std::strtol(entry->d_name, nullptr, 10)));
    }
    return tids;
}

// A thread that exits while we look at it is simply gone: not an error.
bool thread_gone(const Error &error) { return error.os_error() == ESRCH; }

// Rebinds the other threads that share `original`; records each in `rebound`
// as soon as it is changed, so the caller can put them back.
void rebind_other_threads(const CpuSet &original, const CpuSet &cpus, std::vector<pid_t> &rebound) {
    const auto self = static_cast<pid_t>(syscall(SYS_gettid));
    std::set<pid_t> seen{self};
    // Threads started meanwhile inherit either affinity; those that kept the
    // original one show up in the next pass, so read until a pass finds none.
    for (bool found_new = true; found_new;) {
        found_new = false;
        for (pid_t tid : list_threads()) {
            if (!seen.insert(tid).second) continue;
            found_new = true;
            try {
                if (get_thread_affinity(tid) != original) continue;  // bound on purpose: left alone
                set_thread_affinity(tid, cpus, /*verify=*/false);
                rebound.push_back(tid);
            } catch (const Error &error) {
                if (!thread_gone(error)) throw;
            }
        }
    }
}

void put_back(const std::vector<pid_t> &rebound, const CpuSet &original) noexcept {
    for (pid_t tid : rebound) {
        try {
            set_thread_affinity(tid, original, /*verify=*/false);
        } catch (...) {
            // Gone, or the cgroup changed: nothing better to do on an error path.
        }
    }
}

void bind_all(const Binding &binding) {
    const ThreadState before = capture_calling_thread(binding);
    apply_to_calling_thread(binding, before);  // checks the set against the kernel first
    std::vector<pid_t> rebound;
    try {
        rebind_other_threads(before.affinity, binding.cpus, rebound);
    } catch (...) {
        put_back(rebound, before.affinity);
        try {
            restore_calling_thread(before);
        } catch (...) {
        }
        throw;
    }
}

}  // namespace

void bind_current_process(const std::optional<Binding> &binding, const Options &options, const Target &target) {
    require_empty_affinity_stack("nb_bind_current_process");
    if (binding && apply_or_fall_back(options, target, [&] { bind_all(*binding); }))
        report_bound(target, options, binding->cpus);
}

}  // namespace numabind
