// nb_spawn / nb_spawn_rank on the real kernel: children are bound from their
// first instruction (the probe reads its own /proc status before doing
// anything else), the caller is unchanged on every path, and a program that
// cannot run is an error naming it, with no child left behind.
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <fstream>

#include <gtest/gtest.h>

#include "process_support.h"

namespace nbtest {
namespace process {
namespace {

class Spawn : public BindingTest {
protected:
    void expect_caller_unchanged() {
        EXPECT_EQ(calling_thread_cpus(), original_);
        EXPECT_EQ(calling_thread_mempolicy(), original_policy_);
        EXPECT_EQ(nb_affinity_depth(), 0);
    }
    // Runs the probe bound to `set` and returns its report.
    std::map<std::string, std::string> probe(const nb_cpuset *set, const nb_options *options,
                                             const char *const *envp = nullptr, const char *cwd = nullptr) {
        const std::string report = dir_.file("report-" + std::to_string(++reports_));
        const char *argv[] = {probe_path(), report.c_str(), "NUMABIND_TEST_VALUE", nullptr};
        int pid = -1;
        EXPECT_EQ(nb_spawn(&pid, argv, envp, cwd, set, options), NB_OK) << nb_last_error();
        EXPECT_EQ(wait_for(pid), 0);
        return read_probe(report);
    }

    TempDir dir_;
    int reports_ = 0;
};

TEST_F(Spawn, RankChildrenReportTheirNodesCpus) {
    const TempFile machine = two_node_machine();
    const capi::Topology topology = load_topology(machine);
    for (int rank : {0, 1}) {
        SCOPED_TRACE(rank);
        const std::string report = dir_.file("rank" + std::to_string(rank));
        const char *argv[] = {probe_path(), report.c_str(), nullptr};
        int pid = -1;
        ASSERT_EQ(nb_spawn_rank(&pid, argv, nullptr, nullptr, topology.get(), nullptr, rank), NB_OK)
            << nb_last_error();
        EXPECT_GT(pid, 0);
        ASSERT_EQ(wait_for(pid), 0);
        EXPECT_EQ(read_probe(report).at("cpus"), std::to_string(rank));
        expect_caller_unchanged();
    }
}

TEST_F(Spawn, ACpusetBindsTheChildAndOnlyTheChild) {
    EXPECT_EQ(probe(cpus("1").get(), nullptr).at("cpus"), "1");
    expect_caller_unchanged();
    EXPECT_EQ(probe(cpus("0").get(), nullptr).at("cpus"), "0");
    expect_caller_unchanged();
}

TEST_F(Spawn, InsideAPushTheCallersStackIsUntouched) {
    ASSERT_EQ(nb_affinity_push(cpus("0").get(), nullptr), NB_OK);
    EXPECT_EQ(probe(cpus("1").get(), nullptr).at("cpus"), "1");
    EXPECT_EQ(calling_thread_cpus(), "0");
    EXPECT_EQ(nb_affinity_depth(), 1);
    ASSERT_EQ(nb_affinity_pop(), NB_OK);
    expect_caller_unchanged();
}

TEST_F(Spawn, TheChildInheritsTheMemoryPolicyAndTheCallerDoesNot) {
    const auto report = probe(cpus("1").get(), make_options(NB_MEM_POLICY_BIND).get());
    EXPECT_EQ(report.at("mempolicy"), "bind");
    EXPECT_EQ(report.at("mems"), "0") << "CPU 1 is on this machine's only node, 0";
    EXPECT_EQ(probe(cpus("1").get(), make_options(NB_MEM_POLICY_INTERLEAVE).get()).at("mempolicy"), "interleave");
    EXPECT_EQ(probe(cpus("1").get(), nullptr).at("mempolicy"), "default") << "local changes nothing";
    expect_caller_unchanged();
}

TEST_F(Spawn, EnvironmentAndWorkingDirectoryReachTheChild) {
    const char *envp[] = {"NUMABIND_TEST_VALUE=from-envp", nullptr};
    const auto report = probe(cpus("0").get(), nullptr, envp, dir_.path().c_str());
    EXPECT_EQ(report.at("env.NUMABIND_TEST_VALUE"), "from-envp");
    EXPECT_EQ(report.at("cwd"), dir_.path());
    setenv("NUMABIND_TEST_VALUE", "inherited", 1);
    EXPECT_EQ(probe(cpus("0").get(), nullptr).at("env.NUMABIND_TEST_VALUE"), "inherited") << "NULL envp inherits";
    unsetenv("NUMABIND_TEST_VALUE");
}

TEST_F(Spawn, TheProgramIsLookedUpInPath) {
    const char *argv[] = {"true", nullptr};
    int pid = -1;
    ASSERT_EQ(nb_spawn(&pid, argv, nullptr, nullptr, cpus("1").get(), nullptr), NB_OK) << nb_last_error();
    EXPECT_EQ(wait_for(pid), 0);
}

TEST_F(Spawn, AMissingProgramIsEexecNamingItWithNoChildLeft) {
    const char *argv[] = {"numabind-no-such-program", nullptr};
    int pid = 12345;
    ASSERT_EQ(nb_spawn(&pid, argv, nullptr, nullptr, cpus("1").get(), nullptr), NB_EEXEC);
    EXPECT_EQ(nb_last_os_error(), ENOENT);
    EXPECT_NE(std::string(nb_last_error()).find("'numabind-no-such-program'"), std::string::npos) << nb_last_error();
    EXPECT_EQ(pid, 12345) << "the pid is untouched on failure";
    EXPECT_TRUE(no_children_left()) << "no child that exits 127";
    expect_caller_unchanged();
}

TEST_F(Spawn, ANonExecutableFileIsEexec) {
    const std::string path = dir_.file("not-executable");
    std::ofstream(path) << "#!/bin/sh\nexit 0\n";
    ASSERT_EQ(chmod(path.c_str(), 0644), 0);
    const char *argv[] = {path.c_str(), nullptr};
    int pid = -1;
    ASSERT_EQ(nb_spawn(&pid, argv, nullptr, nullptr, cpus("1").get(), nullptr), NB_EEXEC);
    EXPECT_EQ(nb_last_os_error(), EACCES);
    EXPECT_NE(std::string(nb_last_error()).find(path), std::string::npos) << nb_last_error();
    EXPECT_TRUE(no_children_left());
    expect_caller_unchanged();
}

TEST_F(Spawn, AMissingWorkingDirectoryIsEexecNamingTheDirectory) {
    const char *argv[] = {"true", nullptr};
    int pid = -1;
    ASSERT_EQ(nb_spawn(&pid, argv, nullptr, "/nonexistent-numabind-dir", cpus("1").get(), nullptr), NB_EEXEC);
    EXPECT_NE(std::string(nb_last_error()).find("working directory '/nonexistent-numabind-dir'"), std::string::npos)
        << nb_last_error();
    EXPECT_TRUE(no_children_left());
    expect_caller_unchanged();
}

TEST_F(Spawn, ACpuThatDoesNotExistIsEaffinityAndStartsNothing) {
    const char *argv[] = {"true", nullptr};
    int pid = -1;
    ASSERT_EQ(nb_spawn(&pid, argv, nullptr, nullptr, cpus("1,4095").get(), nullptr), NB_EAFFINITY);
    EXPECT_NE(std::string(nb_last_error()).find("4095"), std::string::npos) << nb_last_error();
    EXPECT_TRUE(no_children_left());
    expect_caller_unchanged();
}

TEST_F(Spawn, BadArgumentsAreEinval) {
    int pid = -1;
    const char *empty_argv[] = {nullptr};
    EXPECT_EQ(nb_spawn(&pid, empty_argv, nullptr, nullptr, cpus("0").get(), nullptr), NB_EINVAL);
    EXPECT_EQ(nb_spawn(&pid, nullptr, nullptr, nullptr, cpus("0").get(), nullptr), NB_EINVAL);
    const char *argv[] = {"true", nullptr};
    EXPECT_EQ(nb_spawn(nullptr, argv, nullptr, nullptr, cpus("0").get(), nullptr), NB_EINVAL);
    EXPECT_EQ(nb_spawn(&pid, argv, nullptr, nullptr, nullptr, nullptr), NB_EINVAL);
    EXPECT_EQ(nb_spawn_rank(&pid, argv, nullptr, nullptr, nullptr, nullptr, 0), NB_EINVAL);
    EXPECT_TRUE(no_children_left());
    expect_caller_unchanged();
}

TEST_F(Spawn, FallBackStartsTheChildUnboundAndSaysWhy) {
    LogRecorder log;
    const TempFile machine = two_node_machine();
    const capi::Topology topology = load_topology(machine);
    const std::string report = dir_.file("unbound");
    const char *argv[] = {probe_path(), report.c_str(), nullptr};
    int pid = -1;
    const capi::Options options = make_options(NB_MEM_POLICY_LOCAL, /*fallback=*/true);
    ASSERT_EQ(nb_spawn_rank(&pid, argv, nullptr, nullptr, topology.get(), options.get(), 5), NB_OK)
        << nb_last_error();
    ASSERT_EQ(wait_for(pid), 0);
    EXPECT_EQ(read_probe(report).at("cpus"), original_) << "rank 5 of 2 GPUs runs unbound";
    const auto events = log.events();
    ASSERT_EQ(events.size(), 1u);
    EXPECT_EQ(events[0].json.at("target"), "child");
    EXPECT_EQ(events[0].json.at("error").at("code"), "NB_ERANK");
    expect_caller_unchanged();
}

TEST_F(Spawn, FallBackNeverHidesAProgramThatCannotRun) {
    const char *argv[] = {"numabind-no-such-program", nullptr};
    int pid = -1;
    const capi::Options options = make_options(NB_MEM_POLICY_LOCAL, /*fallback=*/true);
    EXPECT_EQ(nb_spawn(&pid, argv, nullptr, nullptr, cpus("1").get(), options.get()), NB_EEXEC);
    EXPECT_TRUE(no_children_left());
    expect_caller_unchanged();
}

TEST_F(Spawn, AnInstalledCallbackHearsOfTheChildWithItsPid) {
    LogRecorder log;
    const char *argv[] = {"true", nullptr};
    int pid = -1;
    ASSERT_EQ(nb_spawn(&pid, argv, nullptr, nullptr, cpus("1").get(), nullptr), NB_OK);
    ASSERT_EQ(wait_for(pid), 0);
    const auto events = log.events();
    ASSERT_EQ(events.size(), 1u);
    EXPECT_EQ(events[0].json.at("event"), "bound");
    EXPECT_EQ(events[0].json.at("pid"), pid);
    EXPECT_EQ(events[0].json.at("cpus"), "1");
}

}  // namespace
}  // namespace process
}  // namespace nbtest
