#include "child_process.h"

#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <sstream>

extern char **environ;

namespace nbbench {

Argv::Argv(std::vector<std::string> args) : args_(std::move(args)) {
    for (const std::string &arg : args_) pointers_.push_back(arg.c_str());
    pointers_.push_back(nullptr);
}

std::string Argv::command_line() const {
    std::string line;
    for (const std::string &arg : args_) line += (line.empty() ? "" : " ") + arg;
    return line;
}

std::string find_in_path(const std::string &name) {
    const char *path = std::getenv("PATH");
    std::istringstream dirs(path != nullptr ? path : "/usr/bin:/bin");
    std::string dir;
    while (std::getline(dirs, dir, ':')) {
        const std::string candidate = (dir.empty() ? "." : dir) + "/" + name;
        if (access(candidate.c_str(), X_OK) == 0) return candidate;
    }
    return "";
}

std::string wait_for_clean_exit(pid_t pid, const Argv &argv) {
    int status = 0;
    pid_t waited;
    while ((waited = waitpid(pid, &status, 0)) < 0 && errno == EINTR) {
    }
    if (waited < 0) return "waitpid(" + std::to_string(pid) + "): " + std::strerror(errno);
    if (WIFEXITED(status) && WEXITSTATUS(status) == 0) return "";
    if (WIFEXITED(status))
        return "'" + argv.command_line() + "' exited with status " + std::to_string(WEXITSTATUS(status));
    return "'" + argv.command_line() + "' was killed by signal " + std::to_string(WTERMSIG(status));
}

std::string posix_spawn_and_wait(const Argv &argv) {
    pid_t pid = -1;
    if (const int error = posix_spawn(&pid, argv.get()[0], nullptr, nullptr, argv.for_posix_spawn(), environ))
        return "posix_spawn '" + argv.command_line() + "': " + std::strerror(error);
    return wait_for_clean_exit(pid, argv);
}

}  // namespace nbbench
