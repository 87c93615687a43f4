// Runs a program as a child process and captures what it prints, so the
// tests exercise the numabind tool exactly as a shell would.
#ifndef NUMABIND_CLI_TESTS_PROCESS_RUNNER_H
#define NUMABIND_CLI_TESTS_PROCESS_RUNNER_H

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace nbtest {

struct ProcessResult {
    int exit_status = -1;  // the exit code, or -1 when the child was killed by a signal
    std::string out;
    std::string err;
};

// Environment changes for the child: a value sets the variable, nullopt
// removes it. Applied on top of the test's own environment.
using EnvChanges = std::map<std::string, std::optional<std::string>>;

// The test's own environment with `changes` applied, as NAME=value strings.
std::vector<std::string> environment_with(const EnvChanges &changes);

// `extra` on top of the changes run_numabind makes (below).
EnvChanges numabind_environment(const EnvChanges &extra);

// Runs `program` (a path, or a name looked up in PATH) with `args`.
// Throws std::runtime_error if it cannot be started.
ProcessResult run_process(const std::string &program, const std::vector<std::string> &args,
                          const EnvChanges &env = {});

// Runs the numabind tool under test with the GPU-selection and topology
// variables removed (CUDA/HIP/ROCR_VISIBLE_DEVICES, NUMABIND_TOPOLOGY), so
// the result never depends on the shell that runs the tests; `env` may then
// set some of them deliberately.
ProcessResult run_numabind(const std::vector<std::string> &args, const EnvChanges &env = {});

// True when `name` is an executable in PATH.
bool program_in_path(const std::string &name);

}  // namespace nbtest

#endif
