// Many threads binding at once: 2,000 children spawned from 16 threads that
// alternate two bindings, each child's affinity read from /proc/<pid>/status
// (before it is reaped); and push/pop nesting in 16 threads at once. Zero
// mismatches, and every thread ends with the affinity it started with.
#include <sys/wait.h>

#include <atomic>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "process_support.h"

namespace nbtest {
namespace process {
namespace {

constexpr int kThreads = 16;
constexpr int kSpawnsPerThread = 125;  // 2,000 in all
constexpr int kPushRoundsPerThread = 500;

// Waits until `pid` has exited without reaping it, so that /proc/<pid>/status
// still shows the affinity the child ran with; then reaps it.
std::string affinity_at_exit(pid_t pid, int &exit_status) {
    siginfo_t info{};
    while (waitid(P_PID, static_cast<id_t>(pid), &info, WEXITED | WNOWAIT) < 0) {
        if (errno != EINTR) return "waitid failed";
    }
    const std::string cpus = process_cpus(pid);
    exit_status = wait_for(pid);
    return cpus;
}

TEST(Concurrency, TwoThousandSpawnsFromSixteenThreadsEachBindTheirChild) {
    if (!may_run_on_cpus_0_and_1()) GTEST_SKIP() << "needs CPUs 0 and 1 in this thread's affinity";
    const TempFile machine = two_node_machine();
    const capi::Topology topology = load_topology(machine);
    std::atomic<int> spawned{0}, mismatches{0}, failures{0}, threads_changed{0};
    std::vector<std::string> first_problem(kThreads);

    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) {
        threads.emplace_back([&, t] {
            const std::string before = calling_thread_cpus();
            const char *argv[] = {"true", nullptr};
            for (int i = 0; i < kSpawnsPerThread; ++i) {
                const int rank = (t + i) % 2;  // neighbours and successive calls alternate
                int pid = -1;
                if (nb_spawn_rank(&pid, argv, nullptr, nullptr, topology.get(), nullptr, rank) != NB_OK) {
                    if (failures++ == 0) first_problem[t] = nb_last_error();
                    continue;
                }
                ++spawned;
                int status = -1;
                const std::string cpus = affinity_at_exit(pid, status);
                if (cpus != std::to_string(rank) || status != 0) {
                    ++mismatches;
                    if (first_problem[t].empty())
                        first_problem[t] = "rank " + std::to_string(rank) + " child ran on " + cpus;
                }
            }
            if (calling_thread_cpus() != before) ++threads_changed;
        });
    }
    for (auto &thread : threads) thread.join();

    for (const auto &problem : first_problem) EXPECT_EQ(problem, "");
    EXPECT_EQ(failures.load(), 0);
    EXPECT_EQ(spawned.load(), kThreads * kSpawnsPerThread);
    EXPECT_EQ(mismatches.load(), 0);
    EXPECT_EQ(threads_changed.load(), 0) << "every spawning thread keeps its own affinity";
    EXPECT_TRUE(no_children_left());
}

TEST(Concurrency, PushPopNestingInSixteenThreadsNeverCrossesThreads) {
    if (!may_run_on_cpus_0_and_1()) GTEST_SKIP() << "needs CPUs 0 and 1 in this thread's affinity";
    const capi::Cpuset cpu0 = cpus("0"), cpu1 = cpus("1");
    std::atomic<int> mismatches{0}, failures{0};
    std::vector<std::string> first_problem(kThreads);
    auto note = [&](int t, const std::string &problem) {
        if (first_problem[t].empty()) first_problem[t] = problem;
    };

    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) {
        threads.emplace_back([&, t] {
            const std::string original = calling_thread_cpus();
            const nb_cpuset *outer = t % 2 ? cpu1.get() : cpu0.get();
            const nb_cpuset *inner = t % 2 ? cpu0.get() : cpu1.get();
            const std::string outer_list = t % 2 ? "1" : "0", inner_list = t % 2 ? "0" : "1";
            for (int i = 0; i < kPushRoundsPerThread; ++i) {
                if (nb_affinity_push(outer, nullptr) != NB_OK || nb_affinity_push(inner, nullptr) != NB_OK) {
                    ++failures;
                    note(t, nb_last_error());
                    break;
                }
                if (calling_thread_cpus() != inner_list) ++mismatches, note(t, "inner push");
                if (nb_affinity_pop() != NB_OK) ++failures, note(t, nb_last_error());
                if (calling_thread_cpus() != outer_list) ++mismatches, note(t, "after inner pop");
                if (nb_affinity_pop() != NB_OK) ++failures, note(t, nb_last_error());
                if (calling_thread_cpus() != original) ++mismatches, note(t, "after outer pop");
            }
            if (nb_affinity_depth() != 0) ++mismatches, note(t, "stack not empty");
        });
    }
    for (auto &thread : threads) thread.join();

    for (const auto &problem : first_problem) EXPECT_EQ(problem, "");
    EXPECT_EQ(failures.load(), 0);
    EXPECT_EQ(mismatches.load(), 0);
}

}  // namespace
}  // namespace process
}  // namespace nbtest
