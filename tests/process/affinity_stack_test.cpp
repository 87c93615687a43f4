// nb_affinity_push / nb_affinity_pop on the real kernel: each push binds the
// calling thread, each pop restores exactly what it had, per thread; every
// error leaves the thread as it was. Affinity is read back from /proc.
#include <thread>

#include <gtest/gtest.h>

#include "process_support.h"

namespace nbtest {
namespace process {
namespace {

using AffinityStack = BindingTest;

TEST_F(AffinityStack, PushBindsTheThreadAndPopRestoresExactly) {
    ASSERT_EQ(nb_affinity_push(cpus("1").get(), nullptr), NB_OK) << nb_last_error();
    EXPECT_EQ(calling_thread_cpus(), "1");
    EXPECT_EQ(nb_affinity_depth(), 1);
    ASSERT_EQ(nb_affinity_pop(), NB_OK) << nb_last_error();
    EXPECT_EQ(calling_thread_cpus(), original_);
    EXPECT_EQ(nb_affinity_depth(), 0);
}

TEST_F(AffinityStack, NestedPushesUnwindInOrder) {
    ASSERT_EQ(nb_affinity_push(cpus("0").get(), nullptr), NB_OK) << nb_last_error();
    ASSERT_EQ(nb_affinity_push(cpus("1").get(), nullptr), NB_OK) << nb_last_error();
    ASSERT_EQ(nb_affinity_push(cpus("0-1").get(), nullptr), NB_OK) << nb_last_error();
    EXPECT_EQ(calling_thread_cpus(), "0-1");
    ASSERT_EQ(nb_affinity_pop(), NB_OK);
    EXPECT_EQ(calling_thread_cpus(), "1");
    ASSERT_EQ(nb_affinity_pop(), NB_OK);
    EXPECT_EQ(calling_thread_cpus(), "0");
    ASSERT_EQ(nb_affinity_pop(), NB_OK);
    EXPECT_EQ(calling_thread_cpus(), original_);
}

TEST_F(AffinityStack, PopOnAnEmptyStackIsEstackAndChangesNothing) {
    EXPECT_EQ(nb_affinity_pop(), NB_ESTACK);
    EXPECT_NE(std::string(nb_last_error()).find("nothing is pushed"), std::string::npos) << nb_last_error();
    EXPECT_EQ(calling_thread_cpus(), original_);
    ASSERT_EQ(nb_affinity_push(cpus("1").get(), nullptr), NB_OK);
    ASSERT_EQ(nb_affinity_pop(), NB_OK);
    EXPECT_EQ(nb_affinity_pop(), NB_ESTACK) << "a second pop after one push";
}

TEST_F(AffinityStack, ThreadsNeverSeeEachOthersStack) {
    ASSERT_EQ(nb_affinity_push(cpus("1").get(), nullptr), NB_OK);
    nb_status pop_in_other_thread = NB_OK;
    int depth_in_other_thread = -1;
    std::string cpus_in_other_thread;
    std::thread([&] {
        depth_in_other_thread = nb_affinity_depth();
        pop_in_other_thread = nb_affinity_pop();
        cpus_in_other_thread = calling_thread_cpus();
    }).join();
    EXPECT_EQ(depth_in_other_thread, 0);
    EXPECT_EQ(pop_in_other_thread, NB_ESTACK);
    EXPECT_EQ(cpus_in_other_thread, "1") << "a new thread starts with its creator's affinity, untouched by a pop";
    EXPECT_EQ(calling_thread_cpus(), "1");
    EXPECT_EQ(nb_affinity_depth(), 1);
}

TEST_F(AffinityStack, PushRankBindsToTheRanksNode) {
    const TempFile machine = two_node_machine();
    const capi::Topology topology = load_topology(machine);
    ASSERT_EQ(nb_affinity_push_rank(topology.get(), nullptr, 1), NB_OK) << nb_last_error();
    EXPECT_EQ(calling_thread_cpus(), "1");
    ASSERT_EQ(nb_affinity_push_rank(topology.get(), nullptr, 0), NB_OK) << nb_last_error();
    EXPECT_EQ(calling_thread_cpus(), "0");
    ASSERT_EQ(nb_affinity_pop(), NB_OK);
    ASSERT_EQ(nb_affinity_pop(), NB_OK);
    EXPECT_EQ(calling_thread_cpus(), original_);
}

TEST_F(AffinityStack, ACpuThatDoesNotExistIsEaffinityAndChangesNothing) {
    // 7 is past this machine's CPUs; 5000 is past glibc's 1024-CPU cpu_set_t.
    for (const char *list : {"7", "0,7", "1,5000", "100000"}) {
        SCOPED_TRACE(list);
        EXPECT_EQ(nb_affinity_push(cpus(list).get(), nullptr), NB_EAFFINITY);
        EXPECT_NE(std::string(nb_last_error()).find("cannot bind to CPUs " + std::string(list)), std::string::npos)
            << nb_last_error();
        EXPECT_EQ(calling_thread_cpus(), original_);
        EXPECT_EQ(nb_affinity_depth(), 0) << "a failed push pushes nothing";
    }
}

TEST_F(AffinityStack, TheErrorNamesTheCpusTheKernelDropped) {
    ASSERT_EQ(nb_affinity_push(cpus("0,7,5000").get(), nullptr), NB_EAFFINITY);
    EXPECT_NE(std::string(nb_last_error()).find("CPUs 7,5000 do not exist"), std::string::npos) << nb_last_error();
}

TEST_F(AffinityStack, AnEmptySetIsEempty) {
    EXPECT_EQ(nb_affinity_push(cpus("").get(), nullptr), NB_EEMPTY);
    EXPECT_EQ(calling_thread_cpus(), original_);
    EXPECT_EQ(nb_affinity_depth(), 0);
}

TEST_F(AffinityStack, NullCpusIsEinval) {
    EXPECT_EQ(nb_affinity_push(nullptr, nullptr), NB_EINVAL);
    EXPECT_NE(std::string(nb_last_error()).find("cpus"), std::string::npos) << nb_last_error();
    EXPECT_EQ(nb_affinity_push_rank(nullptr, nullptr, 0), NB_EINVAL);
    EXPECT_EQ(nb_affinity_depth(), 0);
}

TEST_F(AffinityStack, MemoryPolicyIsAppliedAndRestored) {
    const std::string before = calling_thread_mempolicy();
    ASSERT_EQ(nb_affinity_push(cpus("0").get(), make_options(NB_MEM_POLICY_BIND).get()), NB_OK) << nb_last_error();
    EXPECT_EQ(calling_thread_mempolicy(), "bind:0") << "CPU 0 is on this machine's node 0";
    ASSERT_EQ(nb_affinity_push(cpus("1").get(), make_options(NB_MEM_POLICY_INTERLEAVE).get()), NB_OK);
    EXPECT_EQ(calling_thread_mempolicy(), "interleave:0");
    ASSERT_EQ(nb_affinity_push(cpus("0-1").get(), make_options(NB_MEM_POLICY_PREFERRED).get()), NB_OK);
    EXPECT_EQ(calling_thread_mempolicy(), "preferred:0");
    ASSERT_EQ(nb_affinity_push(cpus("1").get(), make_options(NB_MEM_POLICY_LOCAL).get()), NB_OK);
    EXPECT_EQ(calling_thread_mempolicy(), "preferred:0") << "local leaves the policy alone";
    ASSERT_EQ(nb_affinity_pop(), NB_OK);
    EXPECT_EQ(calling_thread_mempolicy(), "preferred:0");
    ASSERT_EQ(nb_affinity_pop(), NB_OK);
    EXPECT_EQ(calling_thread_mempolicy(), "interleave:0");
    ASSERT_EQ(nb_affinity_pop(), NB_OK);
    EXPECT_EQ(calling_thread_mempolicy(), "bind:0");
    ASSERT_EQ(nb_affinity_pop(), NB_OK);
    EXPECT_EQ(calling_thread_mempolicy(), before);
    EXPECT_EQ(calling_thread_cpus(), original_);
}

TEST_F(AffinityStack, FallBackKeepsThePushPairedAndReportsIt) {
    LogRecorder log;
    const capi::Options options = make_options(NB_MEM_POLICY_LOCAL, /*fallback=*/true);
    ASSERT_EQ(nb_affinity_push(cpus("0,7").get(), options.get()), NB_OK) << nb_last_error();
    EXPECT_EQ(calling_thread_cpus(), original_) << "a binding that cannot be applied leaves the thread unbound";
    EXPECT_EQ(nb_affinity_depth(), 1);
    ASSERT_EQ(nb_affinity_pop(), NB_OK);
    EXPECT_EQ(calling_thread_cpus(), original_);

    const auto events = log.events();
    ASSERT_EQ(events.size(), 1u);
    EXPECT_EQ(events[0].level, NB_LOG_WARNING);
    const nlohmann::json &event = events[0].json;
    EXPECT_EQ(event.at("event"), "fallback");
    EXPECT_EQ(event.at("target"), "thread");
    EXPECT_EQ(event.at("error").at("code"), "NB_EAFFINITY");
    EXPECT_NE(event.at("error").at("message").get<std::string>().find("7"), std::string::npos);
    EXPECT_EQ(event.at("options").at("fallback"), true) << "the event carries the options' JSON";
}

TEST_F(AffinityStack, FallBackCoversARankThatCannotBeComputed) {
    LogRecorder log;
    const TempFile machine = two_node_machine();
    const capi::Topology topology = load_topology(machine);
    const capi::Options options = make_options(NB_MEM_POLICY_LOCAL, /*fallback=*/true);
    ASSERT_EQ(nb_affinity_push_rank(topology.get(), options.get(), 2), NB_OK) << nb_last_error();
    EXPECT_EQ(calling_thread_cpus(), original_);
    ASSERT_EQ(nb_affinity_pop(), NB_OK);
    const auto events = log.events();
    ASSERT_EQ(events.size(), 1u);
    EXPECT_EQ(events[0].json.at("error").at("code"), "NB_ERANK");
    EXPECT_EQ(events[0].json.at("local_rank"), 2);

    EXPECT_EQ(nb_affinity_push_rank(topology.get(), nullptr, 2), NB_ERANK) << "without the fall-back it fails";
    EXPECT_EQ(nb_affinity_depth(), 0);
}

TEST_F(AffinityStack, AnInstalledCallbackHearsOfEachBinding) {
    LogRecorder log;
    const TempFile machine = two_node_machine();
    const capi::Topology topology = load_topology(machine);
    ASSERT_EQ(nb_affinity_push_rank(topology.get(), nullptr, 1), NB_OK);
    ASSERT_EQ(nb_affinity_pop(), NB_OK);
    const auto events = log.events();
    ASSERT_EQ(events.size(), 1u);
    EXPECT_EQ(events[0].level, NB_LOG_INFO);
    EXPECT_EQ(events[0].json.at("event"), "bound");
    EXPECT_EQ(events[0].json.at("cpus"), "1");
    EXPECT_EQ(events[0].json.at("local_rank"), 1);
}

}  // namespace
}  // namespace process
}  // namespace nbtest
