// The capi suite's helpers: the shared owning handles and checks over the C
// API (tests/support/c_api_handles.h), and the name of a table-driven case.
#ifndef NUMABIND_TESTS_CAPI_SUPPORT_H
#define NUMABIND_TESTS_CAPI_SUPPORT_H

#include <cctype>
#include <ostream>
#include <string>

#include <gtest/gtest.h>

#include "c_api_handles.h"

namespace capi {

using namespace nbtest::capi;

/// `text` for a test's parameter printout: printable ASCII as is, anything
/// else as \\xHH, so that a case value never puts control bytes in a listing.
inline std::string printable(const char *text) {
    static const char kHex[] = "0123456789abcdef";
    std::string out;
    for (const char *c = text; *c; ++c) {
        const auto byte = static_cast<unsigned char>(*c);
        if (byte >= 0x20 && byte < 0x7f) {
            out += *c;
        } else {
            out += "\\x";
            out += kHex[byte >> 4];
            out += kHex[byte & 0xf];
        }
    }
    return out;
}

/// The test name of a parameterised case with a `why`: its index, "_", then
/// `why` with every character that is not a letter or digit written as '_'.
template <class Case>
std::string indexed_why_name(const ::testing::TestParamInfo<Case> &param) {
    std::string name = std::to_string(param.index) + "_";
    for (const char *c = param.param.why; *c; ++c) name += isalnum(static_cast<unsigned char>(*c)) ? *c : '_';
    return name;
}

}  // namespace capi

#endif
