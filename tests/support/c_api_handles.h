// Owning C++ handles over the public C API, and the small helpers the capi,
// policy and golden suites share: read an nb_cpuset into an nbtest::CpuSet,
// build one, format one, take a library string, and check what nb_last_error()
// names. Everything goes through include/numabind.h; nothing here decides a
// binding.
//
// Header-only: unlike the rest of numabind_test_support it needs numabind (and
// GoogleTest for last_error_names), which a target including it links itself.
#ifndef NUMABIND_TESTS_SUPPORT_C_API_HANDLES_H
#define NUMABIND_TESTS_SUPPORT_C_API_HANDLES_H

#include <memory>
#include <string>

#include <gtest/gtest.h>

#include "c_api_owners.h"
#include "cpu_list.h"
#include "numabind.h"

namespace nbtest {
namespace capi {

/// Take ownership of a library string: copy it and nb_free() it ("" for NULL).
inline std::string take_string(char *text) {
    String owned(text);
    return text ? text : "";
}

/// The CPUs of an nb_cpuset, read with nb_cpuset_next (NULL -> empty).
inline CpuSet to_cpu_set(const nb_cpuset *set) {
    CpuSet cpus;
    if (!set) return cpus;
    for (int cpu = nb_cpuset_next(set, -1); cpu >= 0; cpu = nb_cpuset_next(set, cpu)) cpus.insert(cpu);
    return cpus;
}

/// An nb_cpuset holding exactly `cpus` (built with nb_cpuset_add); empty when nb_cpuset_new fails.
inline Cpuset make_cpuset(const CpuSet &cpus) {
    nb_cpuset *set = nullptr;
    if (nb_cpuset_new(&set) != NB_OK) return nullptr;
    for (int cpu : cpus) nb_cpuset_add(set, cpu);
    return Cpuset(set);
}

/// The canonical list string of a set (through nb_cpuset_format).
inline std::string format(const nb_cpuset *set) {
    char *text = nullptr;
    if (nb_cpuset_format(&text, set) != NB_OK) return "<format failed: " + std::string(nb_last_error()) + ">";
    return take_string(text);
}

/// Passes when nb_last_error() contains `needle`; the failure quotes the whole message.
inline ::testing::AssertionResult last_error_names(const std::string &needle) {
    const std::string message = nb_last_error();
    if (message.find(needle) != std::string::npos) return ::testing::AssertionSuccess();
    return ::testing::AssertionFailure() << "nb_last_error() \"" << message << "\" does not name \"" << needle
                                         << "\"";
}

}  // namespace capi
}  // namespace nbtest

#endif
