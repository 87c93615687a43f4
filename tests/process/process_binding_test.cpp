// nb_bind_current_process: every thread that still has the process's
// original affinity is bound, threads bound on purpose are left alone, and a
// failure puts every thread back.
#include <sched.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <condition_variable>
#include <mutex>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "process_support.h"

namespace nbtest {
namespace process {
namespace {

// Threads that park until released, each reporting its kernel thread id.
class ParkedThreads {
public:
    // `pinned_to` >= 0: that thread binds itself there first ("on purpose").
    void start(int count, int pinned_index = -1, int pinned_to = -1) {
        for (int i = 0; i < count; ++i) {
            threads_.emplace_back([this, i, pinned_index, pinned_to] {
                if (i == pinned_index) {
                    cpu_set_t mask;
                    CPU_ZERO(&mask);
                    CPU_SET(pinned_to, &mask);
                    sched_setaffinity(0, sizeof(mask), &mask);
                }
                std::unique_lock<std::mutex> lock(mutex_);
                tids_.push_back(static_cast<pid_t>(syscall(SYS_gettid)));
                pinned_tid_ = i == pinned_index ? tids_.back() : pinned_tid_;
                changed_.notify_all();
                changed_.wait(lock, [this] { return released_; });
            });
        }
        std::unique_lock<std::mutex> lock(mutex_);
        changed_.wait(lock, [this, count] { return tids_.size() == static_cast<size_t>(count); });
    }
    ~ParkedThreads() {
        {
            std::lock_guard<std::mutex> lock(mutex_);
            released_ = true;
        }
        changed_.notify_all();
        for (auto &thread : threads_) thread.join();
    }
    std::vector<pid_t> tids() {
        std::lock_guard<std::mutex> lock(mutex_);
        return tids_;
    }
    pid_t pinned_tid() {
        std::lock_guard<std::mutex> lock(mutex_);
        return pinned_tid_;
    }

private:
    std::mutex mutex_;
    std::condition_variable changed_;
    bool released_ = false;
    std::vector<pid_t> tids_;
    pid_t pinned_tid_ = -1;
    std::vector<std::thread> threads_;
};

using BindCurrentProcess = BindingTest;

TEST_F(BindCurrentProcess, BindsEveryThreadWithTheOriginalAffinityAndLeavesPinnedOnesAlone) {
    ParkedThreads threads;
    threads.start(4, /*pinned_index=*/2, /*pinned_to=*/1);
    ASSERT_EQ(nb_bind_current_process(cpus("0").get(), nullptr), NB_OK) << nb_last_error();
    EXPECT_EQ(calling_thread_cpus(), "0");
    for (pid_t tid : threads.tids()) {
        SCOPED_TRACE(tid);
        EXPECT_EQ(thread_cpus(tid), tid == threads.pinned_tid() ? "1" : "0");
    }
}

TEST_F(BindCurrentProcess, ThreadsStartedAfterwardsInheritTheBinding) {
    const TempFile machine = two_node_machine();
    const capi::Topology topology = load_topology(machine);
    ASSERT_EQ(nb_bind_current_process_rank(topology.get(), nullptr, 1), NB_OK) << nb_last_error();
    std::string in_new_thread;
    std::thread([&] { in_new_thread = calling_thread_cpus(); }).join();
    EXPECT_EQ(in_new_thread, "1");
}

// A thread that keeps starting threads while the process is bound: every
// thread, whenever it started, ends on the binding (the ones started before
// the creator was rebound are found by another pass over the thread list,
// the later ones inherit it).
TEST_F(BindCurrentProcess, CatchesThreadsStartedWhileItRuns) {
    constexpr int kThreads = 300;
    std::mutex mutex;
    std::condition_variable changed;
    bool released = false;
    std::vector<pid_t> tids;
    std::vector<std::thread> started;
    std::thread creator([&] {
        for (int i = 0; i < kThreads; ++i) {
            started.emplace_back([&] {
                std::unique_lock<std::mutex> lock(mutex);
                tids.push_back(static_cast<pid_t>(syscall(SYS_gettid)));
                changed.notify_all();
                changed.wait(lock, [&] { return released; });
            });
        }
    });
    {  // bind once a tenth have started, while the rest keep coming
        std::unique_lock<std::mutex> lock(mutex);
        changed.wait(lock, [&] { return tids.size() > static_cast<size_t>(kThreads / 10); });
    }
    EXPECT_EQ(nb_bind_current_process(cpus("0").get(), nullptr), NB_OK) << nb_last_error();
    creator.join();
    {
        std::unique_lock<std::mutex> lock(mutex);
        changed.wait(lock, [&] { return tids.size() == static_cast<size_t>(kThreads); });
    }
    int unbound = 0;
    for (pid_t tid : tids)
        if (thread_cpus(tid) != "0") ++unbound;
    EXPECT_EQ(unbound, 0) << "of " << kThreads << " threads";
    {
        std::lock_guard<std::mutex> lock(mutex);
        released = true;
    }
    changed.notify_all();
    for (auto &thread : started) thread.join();
}

TEST_F(BindCurrentProcess, AFailurePutsEveryThreadBack) {
    ParkedThreads threads;
    threads.start(3);
    EXPECT_EQ(nb_bind_current_process(cpus("0,7").get(), nullptr), NB_EAFFINITY);
    EXPECT_NE(std::string(nb_last_error()).find("CPUs 7"), std::string::npos) << nb_last_error();
    EXPECT_EQ(calling_thread_cpus(), original_);
    for (pid_t tid : threads.tids()) EXPECT_EQ(thread_cpus(tid), original_) << tid;
}

TEST_F(BindCurrentProcess, WithPushesOnTheCallingThreadItIsEstack) {
    ASSERT_EQ(nb_affinity_push(cpus("1").get(), nullptr), NB_OK);
    EXPECT_EQ(nb_bind_current_process(cpus("0").get(), nullptr), NB_ESTACK);
    EXPECT_NE(std::string(nb_last_error()).find("pop them first"), std::string::npos) << nb_last_error();
    EXPECT_EQ(calling_thread_cpus(), "1");
    ASSERT_EQ(nb_affinity_pop(), NB_OK);
    EXPECT_EQ(calling_thread_cpus(), original_);
}

TEST_F(BindCurrentProcess, MemoryPolicyAppliesToTheCallingThread) {
    ASSERT_EQ(nb_bind_current_process(cpus("1").get(), make_options(NB_MEM_POLICY_BIND).get()), NB_OK)
        << nb_last_error();
    EXPECT_EQ(calling_thread_mempolicy(), "bind:0");
    std::string in_new_thread;
    std::thread([&] { in_new_thread = calling_thread_mempolicy(); }).join();
    EXPECT_EQ(in_new_thread, "bind:0") << "threads started afterwards inherit it";
}

TEST_F(BindCurrentProcess, FallBackLeavesTheProcessUnbound) {
    LogRecorder log;
    const TempFile machine = two_node_machine();
    const capi::Topology topology = load_topology(machine);
    const capi::Options options = make_options(NB_MEM_POLICY_LOCAL, /*fallback=*/true);
    ASSERT_EQ(nb_bind_current_process_rank(topology.get(), options.get(), -1), NB_OK) << nb_last_error();
    EXPECT_EQ(calling_thread_cpus(), original_);
    const auto events = log.events();
    ASSERT_EQ(events.size(), 1u);
    EXPECT_EQ(events[0].json.at("target"), "process");
    EXPECT_EQ(events[0].json.at("error").at("code"), "NB_ERANK");
}

}  // namespace
}  // namespace process
}  // namespace nbtest
