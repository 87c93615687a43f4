// Waiting for and stopping the children `numabind launch` started.
#ifndef NUMABIND_CLI_CHILD_PROCESSES_H
#define NUMABIND_CLI_CHILD_PROCESSES_H

#include <sys/types.h>

#include <chrono>
#include <vector>

namespace nbcli {

// A child's exit code, or 128 + S when signal S killed it (as shells report).
int exit_code_of(int wait_status);

// Waits until every one of `pids` has exited and returns the first non-zero
// exit code in the order they exited, 0 when all succeeded.
int wait_for_children(const std::vector<pid_t> &pids);

// Sends SIGTERM to every one of `pids`, gives them `grace` to exit, sends
// SIGKILL to the rest, and reaps them all.
void terminate_children(const std::vector<pid_t> &pids, std::chrono::milliseconds grace);

}  // namespace nbcli

#endif
