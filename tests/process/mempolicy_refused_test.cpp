// A container that forbids memory policies (Docker's default seccomp profile
// refuses set_mempolicy without CAP_SYS_NICE) is reproduced with a seccomp
// filter in a forked child: the binding must fail with NB_EMEMPOLICY, say
// why, and leave the thread's affinity as it was.
#include <seccomp.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <string>

#include <gtest/gtest.h>

#include "process_support.h"

namespace nbtest {
namespace process {
namespace {

// Runs `check` in a forked child whose `syscall_nr` fails with `error`;
// returns the child's exit status (0 when every check held) and its report.
template <class Check>
int run_refusing(int syscall_nr, int error, Check check, std::string &report) {
    int pipe_fds[2];
    if (pipe(pipe_fds) != 0) return -1;
    const pid_t pid = fork();
    if (pid == 0) {
        close(pipe_fds[0]);
        scmp_filter_ctx filter = seccomp_init(SCMP_ACT_ALLOW);
        if (filter == nullptr || seccomp_rule_add(filter, SCMP_ACT_ERRNO(error), syscall_nr, 0) != 0 ||
            seccomp_load(filter) != 0)
            _exit(90);
        const std::string problem = check();
        if (!problem.empty() && write(pipe_fds[1], problem.data(), problem.size()) < 0) _exit(91);
        _exit(problem.empty() ? 0 : 1);
    }
    close(pipe_fds[1]);
    char buffer[4096];
    ssize_t got;
    while ((got = read(pipe_fds[0], buffer, sizeof(buffer))) > 0) report.append(buffer, static_cast<size_t>(got));
    close(pipe_fds[0]);
    const int status = wait_for(pid);
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

// The checks run in the child: a text naming the first thing that went wrong.
std::string push_is_refused_and_changes_nothing() {
    const std::string before = calling_thread_cpus();
    const capi::Options options = make_options(NB_MEM_POLICY_BIND);
    const nb_status status = nb_affinity_push(cpus("1").get(), options.get());
    if (status != NB_EMEMPOLICY) return std::string("push returned ") + nb_status_name(status);
    const std::string message = nb_last_error();
    if (message.find("forbids memory policies") == std::string::npos) return "message does not say why: " + message;
    if (nb_last_os_error() != EPERM) return "nb_last_os_error() is " + std::to_string(nb_last_os_error());
    if (calling_thread_cpus() != before) return "affinity changed to " + calling_thread_cpus();
    if (nb_affinity_depth() != 0) return "a failed push was pushed";
    return "";
}

std::string spawn_is_refused_and_starts_nothing() {
    const std::string before = calling_thread_cpus();
    const capi::Options options = make_options(NB_MEM_POLICY_INTERLEAVE);
    const char *argv[] = {"true", nullptr};
    int pid = -1;
    const nb_status status = nb_spawn(&pid, argv, nullptr, nullptr, cpus("1").get(), options.get());
    if (status != NB_EMEMPOLICY) return std::string("spawn returned ") + nb_status_name(status);
    if (!no_children_left()) return "a child was started";
    if (calling_thread_cpus() != before) return "affinity changed to " + calling_thread_cpus();
    return "";
}

std::string fallback_runs_unbound() {
    const std::string before = calling_thread_cpus();
    const capi::Options options = make_options(NB_MEM_POLICY_BIND, /*fallback=*/true);
    LogRecorder log;
    if (nb_bind_current_process(cpus("1").get(), options.get()) != NB_OK) return nb_last_error();
    if (calling_thread_cpus() != before) return "fell back but the affinity changed to " + calling_thread_cpus();
    const auto events = log.events();
    if (events.size() != 1 || events[0].json.at("error").at("code") != "NB_EMEMPOLICY")
        return "expected one NB_EMEMPOLICY fallback event";
    return "";
}

using MemPolicyRefused = BindingTest;

TEST_F(MemPolicyRefused, PushFailsWithEmempolicyAndLeavesTheThreadAlone) {
    std::string report;
    EXPECT_EQ(run_refusing(SCMP_SYS(set_mempolicy), EPERM, push_is_refused_and_changes_nothing, report), 0)
        << report;
}

TEST_F(MemPolicyRefused, AnUnreadablePolicyIsRefusedToo) {
    std::string report;
    EXPECT_EQ(run_refusing(SCMP_SYS(get_mempolicy), EPERM, push_is_refused_and_changes_nothing, report), 0)
        << report;
}

TEST_F(MemPolicyRefused, SpawnFailsWithEmempolicyAndStartsNothing) {
    std::string report;
    EXPECT_EQ(run_refusing(SCMP_SYS(set_mempolicy), EPERM, spawn_is_refused_and_starts_nothing, report), 0)
        << report;
}

TEST_F(MemPolicyRefused, FallBackRunsUnboundAndReportsIt) {
    std::string report;
    EXPECT_EQ(run_refusing(SCMP_SYS(set_mempolicy), EPERM, fallback_runs_unbound, report), 0) << report;
}

}  // namespace
}  // namespace process
}  // namespace nbtest
