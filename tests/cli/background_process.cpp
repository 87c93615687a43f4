#include "background_process.h"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <memory>
#include <sstream>
#include <stdexcept>
#include <thread>

namespace nbtest {

BackgroundProcess::BackgroundProcess(const std::string &program, const std::vector<std::string> &args,
                                     const EnvChanges &env, const std::string &output_prefix)
    : out_path_(output_prefix + ".out"), err_path_(output_prefix + ".err") {
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, out_path_.c_str(),
                                     O_WRONLY | O_CREAT | O_TRUNC, 0644);
    posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, err_path_.c_str(),
                                     O_WRONLY | O_CREAT | O_TRUNC, 0644);
    std::vector<std::string> argv_strings = {program};
    argv_strings.insert(argv_strings.end(), args.begin(), args.end());
    std::vector<std::string> env_strings = environment_with(env);
    std::vector<char *> argv;
    for (std::string &arg : argv_strings) {
        argv.push_back(arg.data());
    }
    argv.push_back(nullptr);
    std::vector<char *> envp;
    for (std::string &entry : env_strings) {
        envp.push_back(entry.data());
    }
    envp.push_back(nullptr);
    // A process group of its own, so that whatever it starts goes with it.
    posix_spawnattr_t attributes;
    posix_spawnattr_init(&attributes);
    posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETPGROUP);
    posix_spawnattr_setpgroup(&attributes, 0);
    const int error =
        posix_spawnp(&pid_, program.c_str(), &actions, &attributes, argv.data(), envp.data());
    posix_spawnattr_destroy(&attributes);
    posix_spawn_file_actions_destroy(&actions);
    if (error != 0) {
        throw std::runtime_error("cannot start " + program + ": " + std::strerror(error));
    }
}

BackgroundProcess::~BackgroundProcess() {
    // Its children too: a test that failed half-way leaves nothing running.
    kill(-pid_, SIGKILL);
    if (!reaped_) {
        while (waitpid(pid_, nullptr, 0) < 0 && errno == EINTR) {
        }
    }
}

std::string BackgroundProcess::out() const { return read_text_file(out_path_); }

std::string BackgroundProcess::err() const { return read_text_file(err_path_); }

std::optional<int> BackgroundProcess::wait_for_exit(std::chrono::milliseconds timeout) {
    int status = 0;
    const bool exited = wait_until(
        [&] {
            const pid_t done = waitpid(pid_, &status, WNOHANG);
            return done == pid_;
        },
        timeout);
    if (!exited) {
        return std::nullopt;
    }
    reaped_ = true;
    return status;
}

std::unique_ptr<BackgroundProcess> start_numabind(const std::vector<std::string> &args,
                                                  const EnvChanges &env,
                                                  const std::string &output_prefix) {
    return std::make_unique<BackgroundProcess>(NUMABIND_TOOL_PATH, args, numabind_environment(env),
                                               output_prefix);
}

bool wait_until(const std::function<bool()> &condition, std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    for (;;) {
        if (condition()) {
            return true;
        }
        if (std::chrono::steady_clock::now() >= deadline) {
            return false;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
}

std::string read_text_file(const std::string &path) {
    std::ifstream stream(path, std::ios::binary);
    std::ostringstream text;
    text << stream.rdbuf();
    return text.str();
}

bool process_exists(pid_t pid) { return kill(pid, 0) == 0 || errno == EPERM; }

}  // namespace nbtest
