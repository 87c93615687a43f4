// Shared pieces of the CLI test files: a fixture holding the generated
// topologies, and assertions on the tool's error reporting.
#ifndef NUMABIND_CLI_TESTS_CLI_TEST_SUPPORT_H
#define NUMABIND_CLI_TESTS_CLI_TEST_SUPPORT_H

#include <gtest/gtest.h>

#include <memory>
#include <string>

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

}  // namespace nbtest

#endif
