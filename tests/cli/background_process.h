// A child process that runs while the test acts on it (sends it a signal,
// inspects it), with stdout and stderr going to files the test can read at
// any time.
#ifndef NUMABIND_CLI_TESTS_BACKGROUND_PROCESS_H
#define NUMABIND_CLI_TESTS_BACKGROUND_PROCESS_H

#include <sys/types.h>

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "process_runner.h"

namespace nbtest {

class BackgroundProcess {
public:
    // Starts `program` with `args` in a process group of its own; its output
    // goes to `output_prefix`.out and .err. Throws std::runtime_error if it
    // cannot be started.
    BackgroundProcess(const std::string &program, const std::vector<std::string> &args,
                      const EnvChanges &env, const std::string &output_prefix);
    // Kills (SIGKILL) its process group, and reaps the process if it is
    // still running.
    ~BackgroundProcess();
    BackgroundProcess(const BackgroundProcess &) = delete;
    BackgroundProcess &operator=(const BackgroundProcess &) = delete;

    pid_t pid() const { return pid_; }
    // What it has written so far.
    std::string out() const;
    std::string err() const;
    // The raw wait status once it has exited within `timeout`, else nullopt.
    std::optional<int> wait_for_exit(std::chrono::milliseconds timeout);

private:
    pid_t pid_ = -1;
    bool reaped_ = false;
    std::string out_path_;
    std::string err_path_;
};

// The numabind tool under test in the background, with run_numabind's
// environment.
std::unique_ptr<BackgroundProcess> start_numabind(const std::vector<std::string> &args,
                                                  const EnvChanges &env,
                                                  const std::string &output_prefix);

// Polls `condition` every 10 ms until it holds (true) or `timeout` passes (false).
bool wait_until(const std::function<bool()> &condition, std::chrono::milliseconds timeout);

// The whole file, or "" when it does not exist.
std::string read_text_file(const std::string &path);

// True while `pid` exists (a zombie counts: it has not been reaped).
bool process_exists(pid_t pid);

}  // namespace nbtest

#endif
