// src/error.h: quote() (printable, shortened), the thread-local last error,
// guard() turning each kind of exception into a status and a message, and
// require_arg.
#include <new>
#include <stdexcept>
#include <string>
#include <string_view>
#include <thread>
#include <type_traits>

#include <gtest/gtest.h>

#include "error.h"
#include "unit_support.h"

namespace unit {
namespace {

using numabind::Error;
using numabind::guard;
using numabind::quote;

// ---- quote ---------------------------------------------------------------------

TEST(Quote, PrintableTextIsWrappedInSingleQuotes) {
    EXPECT_EQ(quote("abc"), "'abc'");
    EXPECT_EQ(quote(""), "''");
    EXPECT_EQ(quote("0-3,8 GPU-x\\'~"), "'0-3,8 GPU-x\\'~'") << "printable ASCII, space and backslash stay as they are";
}

TEST(Quote, ControlBytesAreEscapedAsHex) {
    EXPECT_EQ(quote("a\nb"), "'a\\x0ab'");
    EXPECT_EQ(quote("\t\r\x1b[31m"), "'\\x09\\x0d\\x1b[31m'");
    EXPECT_EQ(quote(std::string_view("1\0" "2", 3)), "'1\\x002'");
    EXPECT_EQ(quote("\x7f"), "'\\x7f'");
    EXPECT_EQ(quote("\x1f\x20"), "'\\x1f '") << "0x1f is the last control byte, 0x20 is a space";
}

TEST(Quote, BytesAboveAsciiAreEscapedAsHex) {
    EXPECT_EQ(quote("\xc3\xa9"), "'\\xc3\\xa9'");  // "é" in UTF-8
    EXPECT_EQ(quote("\xff\x80"), "'\\xff\\x80'");
}

TEST(Quote, OutputHasNoControlOrNonAsciiByteWhateverTheInput) {
    std::string every_byte;
    for (int b = 0; b < 256; ++b) every_byte += static_cast<char>(b);
    const std::string quoted = quote(every_byte);
    for (char c : quoted) {
        const auto byte = static_cast<unsigned char>(c);
        EXPECT_TRUE(byte >= 0x20 && byte < 0x7f) << "byte " << int(byte);
    }
    EXPECT_EQ(quoted.find("truncated"), std::string::npos) << "exactly 256 bytes are shown whole";
}

TEST(Quote, UpTo256BytesAreShownWhole) {
    const std::string value(256, 'a');
    EXPECT_EQ(quote(value), "'" + value + "'");
}

TEST(Quote, LongerValuesShowTheFirst256BytesAndTheLength) {
    const std::string value = std::string(256, 'a') + "b";
    EXPECT_EQ(quote(value), "'" + std::string(256, 'a') + "' (truncated, 257 bytes)");
}

TEST(Quote, TruncationCountsInputBytesNotEscapes) {
    // 300 newlines: 256 shown, each as 4 characters.
    const std::string value(300, '\n');
    std::string shown;
    for (int i = 0; i < 256; ++i) shown += "\\x0a";
    EXPECT_EQ(quote(value), "'" + shown + "' (truncated, 300 bytes)");
}

TEST(Quote, AMegabyteBecomesAShortMessage) {
    const std::string value(1 << 20, 'z');
    const std::string quoted = quote(value);
    EXPECT_LT(quoted.size(), 300u);
    EXPECT_NE(quoted.find("1048576 bytes"), std::string::npos) << quoted.substr(250);
}

// ---- last error ----------------------------------------------------------------

TEST(LastError, HoldsTheLastMessageSet) {
    numabind::set_last_error("first");
    numabind::set_last_error("second");
    EXPECT_STREQ(numabind::last_error(), "second");
}

TEST(LastError, IsPerThread) {
    numabind::set_last_error("main thread");
    std::string seen_before, seen_after;
    std::thread other([&] {
        seen_before = numabind::last_error();
        numabind::set_last_error("other thread");
        seen_after = numabind::last_error();
    });
    other.join();
    EXPECT_EQ(seen_before, "") << "a new thread starts with no message";
    EXPECT_EQ(seen_after, "other thread");
    EXPECT_STREQ(numabind::last_error(), "main thread");
}

TEST(LastError, AVeryLongMessageIsKeptAsAPrefix) {
    const std::string message = "start " + std::string(5000, 'm') + " end";
    numabind::set_last_error(message.c_str());
    const std::string stored = numabind::last_error();
    EXPECT_FALSE(stored.empty());
    EXPECT_EQ(message.compare(0, stored.size(), stored), 0) << "the stored text is the message's beginning";
}

// ---- guard -----------------------------------------------------------------------

struct Thrower {
    nb_status operator()() const { throw 1; }
};
static_assert(noexcept(guard(Thrower{})), "guard never lets an exception out");

TEST(Guard, ReturnsTheBodysStatus) {
    EXPECT_EQ(guard([] { return NB_OK; }), NB_OK);
    EXPECT_EQ(guard([] { return NB_ERANK; }), NB_ERANK);
}

TEST(Guard, ErrorGivesItsCodeAndMessage) {
    numabind::set_last_error("");
    EXPECT_EQ(guard([]() -> nb_status { throw Error(NB_ECPULIST, "invalid CPU list 'x'"); }), NB_ECPULIST);
    EXPECT_STREQ(numabind::last_error(), "invalid CPU list 'x'");
}

TEST(Guard, BadAllocIsEnomem) {
    numabind::set_last_error("");
    EXPECT_EQ(guard([]() -> nb_status { throw std::bad_alloc(); }), NB_ENOMEM);
    EXPECT_STREQ(numabind::last_error(), "out of memory");
}

TEST(Guard, BadAllocSubclassIsEnomem) {
    numabind::set_last_error("");
    EXPECT_EQ(guard([]() -> nb_status { throw std::bad_array_new_length(); }), NB_ENOMEM);
    EXPECT_STREQ(numabind::last_error(), "out of memory");
}

TEST(Guard, OtherStdExceptionIsEinternalWithItsWhat) {
    numabind::set_last_error("");
    EXPECT_EQ(guard([]() -> nb_status { throw std::runtime_error("boom"); }), NB_EINTERNAL);
    EXPECT_STREQ(numabind::last_error(), "internal error: boom");
    EXPECT_EQ(guard([]() -> nb_status { throw std::out_of_range("map::at"); }), NB_EINTERNAL);
    EXPECT_STREQ(numabind::last_error(), "internal error: map::at");
}

TEST(Guard, UnknownExceptionIsEinternal) {
    numabind::set_last_error("");
    EXPECT_EQ(guard([]() -> nb_status { throw 42; }), NB_EINTERNAL);
    EXPECT_STREQ(numabind::last_error(), "internal error: unknown exception");
    struct NotAnException {};
    EXPECT_EQ(guard([]() -> nb_status { throw NotAnException{}; }), NB_EINTERNAL);
    EXPECT_STREQ(numabind::last_error(), "internal error: unknown exception");
}

TEST(Guard, ErrorMessageLongerThanTheBufferStillArrivesAsAPrefix) {
    const std::string message = "long: " + std::string(4000, 'q');
    EXPECT_EQ(guard([&]() -> nb_status { throw Error(NB_EJSON, message); }), NB_EJSON);
    const std::string stored = numabind::last_error();
    EXPECT_FALSE(stored.empty());
    EXPECT_EQ(message.compare(0, stored.size(), stored), 0);
}

// ---- Error and require_arg ---------------------------------------------------------

TEST(ErrorType, CarriesCodeAndMessage) {
    const Error e(NB_ETOPOLOGY, "cannot load");
    EXPECT_EQ(e.code(), NB_ETOPOLOGY);
    EXPECT_STREQ(e.what(), "cannot load");
    static_assert(std::is_base_of_v<std::exception, Error>, "Error is a std::exception");
}

TEST(RequireArg, NullIsEinvalNamingFunctionAndParameter) {
    EXPECT_TRUE(throws_error([] { numabind::require_arg(nullptr, "nb_cpuset_parse", "out"); }, NB_EINVAL,
                             "nb_cpuset_parse: out must not be NULL"));
}

TEST(RequireArg, NonNullPasses) {
    int x = 0;
    EXPECT_NO_THROW(numabind::require_arg(&x, "nb_cpuset_parse", "out"));
}

}  // namespace
}  // namespace unit
