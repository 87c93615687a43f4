// The log callback (nb_set_log_callback) and the events applying functions
// send through it: a fall-back taken, a binding applied.
#pragma once

#include <optional>

#include "cpuset.h"
#include "error.h"
#include "numabind.h"
#include "options.h"

namespace numabind {

// What an applying call binds, for its events.
struct Target {
    const char *kind;                // "thread", "process" or "child"
    std::optional<int> local_rank;   // for the *_rank functions
    std::optional<int> pid;          // for a child, once it exists
};

void set_log_callback(nb_log_callback callback, void *user_data) noexcept;

// True when a caller installed a callback: info events are built only then.
bool log_callback_installed() noexcept;

// Sends {"event":"fallback",...} at NB_LOG_WARNING. Never throws.
void report_fallback(const Target &target, const Options &options, const Error &error) noexcept;

// Sends {"event":"bound",...} at NB_LOG_INFO when a callback is installed.
// Never throws.
void report_bound(const Target &target, const Options &options, const CpuSet &cpus) noexcept;

}  // namespace numabind
