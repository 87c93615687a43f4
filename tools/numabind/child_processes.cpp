#include "child_processes.h"

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <string>

#include "errors.h"

namespace nbcli {

namespace {

// Removes `pid` from `waiting`; false when it was not there (not ours).
bool take(std::vector<pid_t> &waiting, pid_t pid) {
    const auto found = std::find(waiting.begin(), waiting.end(), pid);
    if (found == waiting.end()) {
        return false;
    }
    waiting.erase(found);
    return true;
}

// One child of `waiting` that has exited (its pid, and its status in
// `status`), 0 when none has yet (with WNOHANG), -1 when none is left.
pid_t reap_one(const std::vector<pid_t> &waiting, int *status, int flags) {
    for (;;) {
        const pid_t pid = waitpid(-1, status, flags);
        if (pid < 0 && errno == EINTR) {
            continue;
        }
        if (pid < 0 && errno == ECHILD) {
            return -1;
        }
        if (pid < 0) {
            throw RuntimeFailure(std::string("waitpid: ") + std::strerror(errno));
        }
        if (pid == 0 || std::find(waiting.begin(), waiting.end(), pid) != waiting.end()) {
            return pid;
        }
        // Not one of ours (none is expected): keep waiting for ours.
    }
}

}  // namespace

int exit_code_of(int wait_status) {
    if (WIFSIGNALED(wait_status)) {
        return kExitSignalBase + WTERMSIG(wait_status);
    }
    return WIFEXITED(wait_status) ? WEXITSTATUS(wait_status) : kExitFailure;
}

int wait_for_children(const std::vector<pid_t> &pids) {
    std::vector<pid_t> waiting = pids;
    int first_failure = kExitOk;
    while (!waiting.empty()) {
        int status = 0;
        const pid_t pid = reap_one(waiting, &status, 0);
        if (pid < 0) {
            break;
        }
        take(waiting, pid);
        const int code = exit_code_of(status);
        if (first_failure == kExitOk) {
            first_failure = code;
        }
    }
    return first_failure;
}

void terminate_children(const std::vector<pid_t> &pids, std::chrono::milliseconds grace) {
    std::vector<pid_t> waiting = pids;
    for (pid_t pid : waiting) {
        kill(pid, SIGTERM);
    }
    const auto deadline = std::chrono::steady_clock::now() + grace;
    while (!waiting.empty() && std::chrono::steady_clock::now() < deadline) {
        int status = 0;
        const pid_t pid = reap_one(waiting, &status, WNOHANG);
        if (pid < 0) {
            return;
        }
        if (pid == 0) {
            usleep(10000);
            continue;
        }
        take(waiting, pid);
    }
    for (pid_t pid : waiting) {
        kill(pid, SIGKILL);
    }
    while (!waiting.empty()) {
        int status = 0;
        const pid_t pid = reap_one(waiting, &status, 0);
        if (pid < 0) {
            return;
        }
        take(waiting, pid);
    }
}

}  // namespace nbcli
