// Status codes: every code has its symbolic name and its own description;
// unknown values still get non-NULL text; nb_last_error is per thread.
#include <set>
#include <string>
#include <thread>

#include <gtest/gtest.h>

#include "capi_support.h"

namespace capi {
namespace {

struct Code {
    nb_status status;
    const char *name;
    int value;  ///< the ABI value, which must never change
};

const Code kCodes[] = {
    {NB_OK, "NB_OK", 0},
    {NB_EINVAL, "NB_EINVAL", -1},
    {NB_ENOMEM, "NB_ENOMEM", -2},
    {NB_EMODE, "NB_EMODE", -3},
    {NB_ECPULIST, "NB_ECPULIST", -4},
    {NB_EJSON, "NB_EJSON", -5},
    {NB_ETOPOLOGY, "NB_ETOPOLOGY", -6},
    {NB_ENOGPU, "NB_ENOGPU", -7},
    {NB_ERANK, "NB_ERANK", -8},
    {NB_EGPUSEL, "NB_EGPUSEL", -9},
    {NB_ENOTALLOWED, "NB_ENOTALLOWED", -10},
    {NB_ECORES, "NB_ECORES", -11},
    {NB_EEMPTY, "NB_EEMPTY", -12},
    {NB_ENONUMA, "NB_ENONUMA", -13},
    {NB_EINTERNAL, "NB_EINTERNAL", -14},
    {NB_ESTACK, "NB_ESTACK", -15},
    {NB_EAFFINITY, "NB_EAFFINITY", -16},
    {NB_EMEMPOLICY, "NB_EMEMPOLICY", -17},
    {NB_EEXEC, "NB_EEXEC", -18},
    {NB_ESYSTEM, "NB_ESYSTEM", -19},
};

TEST(Status, EveryCodeHasItsNameAndValue) {
    for (const auto &code : kCodes) {
        EXPECT_EQ(static_cast<int>(code.status), code.value) << code.name;
        ASSERT_NE(nb_status_name(code.status), nullptr) << code.name;
        EXPECT_STREQ(nb_status_name(code.status), code.name);
    }
}

TEST(Status, EveryCodeHasItsOwnDescription) {
    std::set<std::string> seen;
    for (const auto &code : kCodes) {
        const char *text = nb_strerror(code.status);
        ASSERT_NE(text, nullptr) << code.name;
        EXPECT_STRNE(text, "") << code.name;
        EXPECT_TRUE(seen.insert(text).second) << code.name << " shares its description: " << text;
    }
}

TEST(Status, UnknownValuesStillGetText) {
    for (int value : {1, -20, -99, 12345}) {
        const nb_status unknown = static_cast<nb_status>(value);
        ASSERT_NE(nb_status_name(unknown), nullptr) << value;
        ASSERT_NE(nb_strerror(unknown), nullptr) << value;
        EXPECT_STRNE(nb_strerror(unknown), "") << value;
        for (const auto &code : kCodes) EXPECT_STRNE(nb_status_name(unknown), code.name) << value;
    }
}

TEST(LastError, IsEmptyInAThreadThatNeverFailed) {
    std::string seen = "unset";
    std::thread([&seen] { seen = nb_last_error(); }).join();
    EXPECT_EQ(seen, "");
}

TEST(LastError, IsPerThread) {
    nb_mode mode;
    ASSERT_EQ(nb_mode_parse(&mode, "main-thread-mode"), NB_EMODE);
    std::string in_thread;
    std::thread([&in_thread] {
        nb_mode other;
        nb_mode_parse(&other, "worker-mode");
        in_thread = nb_last_error();
    }).join();
    EXPECT_NE(in_thread.find("worker-mode"), std::string::npos) << in_thread;
    EXPECT_TRUE(last_error_names("main-thread-mode")) << "another thread's failure does not overwrite ours";
}

}  // namespace
}  // namespace capi
