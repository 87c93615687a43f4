// Small helpers shared by the unit suites: owning handles over the C API and
// a check that the last error message names a value.
#ifndef NUMABIND_TESTS_UNIT_SUPPORT_H
#define NUMABIND_TESTS_UNIT_SUPPORT_H

#include <memory>
#include <string>

#include <gtest/gtest.h>

#include "numabind.h"

namespace unit {

struct CpusetFree { void operator()(nb_cpuset *s) const { nb_cpuset_free(s); } };
struct OptionsFree { void operator()(nb_options *o) const { nb_options_free(o); } };
struct StringFree { void operator()(char *s) const { nb_free(s); } };

using Cpuset = std::unique_ptr<nb_cpuset, CpusetFree>;
using Options = std::unique_ptr<nb_options, OptionsFree>;
using String = std::unique_ptr<char, StringFree>;

/// Passes when nb_last_error() contains `needle`.
inline ::testing::AssertionResult last_error_names(const std::string &needle) {
    const std::string message = nb_last_error();
    if (message.find(needle) != std::string::npos) return ::testing::AssertionSuccess();
    return ::testing::AssertionFailure() << "nb_last_error() \"" << message << "\" does not name \"" << needle
                                         << "\"";
}

/// The canonical list string of a set (through nb_cpuset_format).
inline std::string format(const nb_cpuset *set) {
    char *text = nullptr;
    if (nb_cpuset_format(&text, set) != NB_OK) return "<format failed: " + std::string(nb_last_error()) + ">";
    String owned(text);
    return text;
}

}  // namespace unit

#endif
