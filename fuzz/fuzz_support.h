// What every fuzz target shares: owning handles over the C API, a check that
// aborts (which libFuzzer records as a crash, with the input that caused it),
// and the statuses a call may legitimately fail with.
#ifndef NUMABIND_FUZZ_SUPPORT_H
#define NUMABIND_FUZZ_SUPPORT_H

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <initializer_list>
#include <string>

#include "c_api_owners.h"
#include "numabind.h"

namespace fuzz {

// The test suites' owning handles (tests/support/c_api_owners.h).
using nbtest::capi::Cpuset;
using nbtest::capi::Options;
using nbtest::capi::Plan;
using nbtest::capi::String;
using nbtest::capi::Topology;

// The fuzz input as the C string the API takes: bytes up to the first NUL.
inline std::string c_string(const uint8_t *data, size_t size) {
    std::string text(reinterpret_cast<const char *>(data), size);
    return text.substr(0, text.find('\0'));
}

[[noreturn]] inline void fail(const char *file, int line, const char *what, nb_status status) {
    std::fprintf(stderr, "%s:%d: check failed: %s (status %s, last error \"%s\")\n", file, line, what,
                 nb_status_name(status), nb_last_error());
    std::abort();
}

// CHECK(condition, status): abort with the status and nb_last_error() when false.
#define FUZZ_CHECK(condition, status) \
    ((condition) ? (void)0 : ::fuzz::fail(__FILE__, __LINE__, #condition, (status)))

// A failure the documentation allows: one of `allowed`, with a message.
// NB_EINTERNAL (a bug) or NB_ENOMEM (the fuzzer's inputs are small) never is.
inline bool is_one_of(nb_status status, std::initializer_list<nb_status> allowed) {
    for (nb_status expected : allowed)
        if (status == expected) return nb_last_error()[0] != '\0';
    return false;
}

// A plan's JSON must always be writable, and each rank's status one a rank may carry.
inline void check_plan(const nb_plan *plan) {
    char *json = nullptr;
    const nb_status written = nb_plan_to_json(&json, plan);
    FUZZ_CHECK(written == NB_OK && json != nullptr, written);
    const String owned(json);
    for (int rank = 0; rank < nb_plan_size(plan); ++rank) {
        const nb_status status = nb_plan_rank_status(plan, rank);
        FUZZ_CHECK(status == NB_OK || is_one_of(status, {NB_ERANK, NB_ENOTALLOWED, NB_ECORES, NB_ENONUMA}), status);
        nb_cpuset *cpus = nullptr;
        const nb_status got = nb_plan_rank_cpuset(&cpus, plan, rank);
        const Cpuset owned_cpus(cpus);
        FUZZ_CHECK(got == status && (got == NB_OK) == (cpus != nullptr), got);
        if (cpus != nullptr) FUZZ_CHECK(nb_cpuset_count(cpus) > 0, got);
    }
}

}  // namespace fuzz

#endif
