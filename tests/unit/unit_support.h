// The unit suites' helpers: the shared owning handles and checks over the C
// API (tests/support/c_api_handles.h), and the name of a table-driven case.
#ifndef NUMABIND_TESTS_UNIT_SUPPORT_H
#define NUMABIND_TESTS_UNIT_SUPPORT_H

#include <cctype>
#include <string>

#include <gtest/gtest.h>

#include "c_api_handles.h"

namespace unit {

using namespace nbtest::capi;

/// The test name of a parameterised case with a `why`: its index, "_", then
/// `why` with every character that is not a letter or digit written as '_'.
template <class Case>
std::string indexed_why_name(const ::testing::TestParamInfo<Case> &param) {
    std::string name = std::to_string(param.index) + "_";
    for (const char *c = param.param.why; *c; ++c) name += isalnum(static_cast<unsigned char>(*c)) ? *c : '_';
    return name;
}

}  // namespace unit

#endif
