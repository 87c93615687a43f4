// Shared pieces of the CLI test files: a fixture holding the generated
// topologies, and assertions on the tool's error reporting.
#ifndef NUMABIND_CLI_TESTS_CLI_TEST_SUPPORT_H
#define NUMABIND_CLI_TESTS_CLI_TEST_SUPPORT_H

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "generated_topologies.h"
#include "process_runner.h"
#include "test_files.h"
#include "text_helpers.h"

namespace nbtest {

// Writes the generated machines into a private directory for each test.
class GeneratedTopologyTest : public ::testing::Test {
protected:
    void SetUp() override {
        dir_ = std::make_unique<TempDir>();
        gpu_xml_ = dir_->write("two-socket-two-gpu.xml", two_socket_two_gpu_xml());
        no_gpu_xml_ = dir_->write("two-socket-no-gpu.xml", two_socket_no_gpu_xml());
    }

    std::unique_ptr<TempDir> dir_;
    std::string gpu_xml_;
    std::string no_gpu_xml_;
};

// stderr is exactly one line that starts with `prefix` and mentions `needle`.
inline ::testing::AssertionResult is_one_line_error(const ProcessResult &result,
                                                    const std::string &prefix,
                                                    const std::string &needle) {
    const auto lines = lines_of(result.err);
    if (lines.size() != 1) {
        return ::testing::AssertionFailure()
               << "expected one line on stderr, got " << lines.size() << ":\n" << result.err;
    }
    if (lines[0].rfind(prefix, 0) != 0) {
        return ::testing::AssertionFailure() << "stderr does not start with '" << prefix
                                             << "': " << lines[0];
    }
    if (lines[0].find(needle) == std::string::npos) {
        return ::testing::AssertionFailure() << "stderr does not mention '" << needle
                                             << "': " << lines[0];
    }
    return ::testing::AssertionSuccess();
}

// Runs each command line and expects a usage error: exit status 2, nothing on
// stdout, one line on stderr starting with `prefix` and mentioning the needle.
inline void expect_usage_errors(
    const std::vector<std::pair<std::vector<std::string>, std::string>> &cases, const std::string &prefix) {
    for (const auto &[args, needle] : cases) {
        const ProcessResult result = run_numabind(args);
        EXPECT_EQ(result.exit_status, 2) << needle;
        EXPECT_EQ(result.out, "") << needle;
        EXPECT_TRUE(is_one_line_error(result, prefix, needle));
    }
}

}  // namespace nbtest

#endif
