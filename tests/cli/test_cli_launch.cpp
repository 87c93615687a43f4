// numabind launch on this machine's CPUs 0 and 1 described as two NUMA nodes
// with a GPU each: every rank starts on its own CPU with LOCAL_RANK and
// LOCAL_WORLD_SIZE, the exit status is the first failure, signals reach the
// ranks, and nothing starts when a rank cannot be bound.
#include <gtest/gtest.h>

#include <pty.h>
#include <signal.h>
#include <unistd.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <map>
#include <regex>

#include "background_process.h"
#include "cli_test_support.h"
#include "cpu_list.h"
#include "two_cpu_machine.h"

namespace nbtest {
namespace {

using std::chrono::milliseconds;

constexpr milliseconds kPatience{15000};

class CliLaunch : public TwoCpuMachineTest {
protected:
    std::vector<std::string> launch_args(const std::string &topology, const std::vector<std::string> &options,
                                         const std::vector<std::string> &program) const {
        std::vector<std::string> args = {"launch", "--topology", topology, "--mode", "node"};
        args.insert(args.end(), options.begin(), options.end());
        args.push_back("--");
        args.insert(args.end(), program.begin(), program.end());
        return args;
    }

    ProcessResult launch(const std::vector<std::string> &options, const std::vector<std::string> &program,
                         const EnvChanges &env = {}) {
        return run_numabind(launch_args(two_cpu_xml_, options, program), env);
    }

    std::unique_ptr<BackgroundProcess> launch_in_background(const std::string &topology,
                                                            const std::vector<std::string> &options,
                                                            const std::vector<std::string> &program) {
        return start_numabind(launch_args(topology, options, program), {}, dir_->path() + "/launch");
    }

    // A shell script run as each rank, with DIR standing for the test's directory.
    std::vector<std::string> script(const std::string &text) const {
        return {"sh", "-c", std::regex_replace(text, std::regex("DIR"), dir_->path())};
    }

    bool file_exists(const std::string &name) const {
        struct stat info {};
        return stat((dir_->path() + "/" + name).c_str(), &info) == 0;
    }
};

// rank -> pid, from the --verbose lines "numabind launch: rank R: pid P, ...".
std::map<int, pid_t> started_ranks(const std::string &err) {
    std::map<int, pid_t> pids;
    const std::regex line("numabind launch: rank ([0-9]+): pid ([0-9]+), (.*)");
    for (const std::string &text : lines_of(err)) {
        std::smatch match;
        if (std::regex_match(text, match, line)) {
            pids[std::stoi(match[1])] = static_cast<pid_t>(std::stoi(match[2]));
        }
    }
    return pids;
}

TEST_F(CliLaunch, EachRankGetsItsCpuAndItsLocalRankVariables) {
    // Values already in the environment are replaced; the rest is passed on.
    const ProcessResult result = launch(
        {"--nproc", "2"},
        {"sh", "-c",
         "echo \"$LOCAL_RANK $LOCAL_WORLD_SIZE $KEPT "
         "$(grep Cpus_allowed_list /proc/self/status | cut -f2)\""},
        {{"LOCAL_RANK", "7"}, {"LOCAL_WORLD_SIZE", "9"}, {"KEPT", "kept"}});
    ASSERT_EQ(result.exit_status, 0) << result.err;
    EXPECT_EQ(result.err, "");
    const auto lines = lines_of(result.out);
    EXPECT_EQ(std::set<std::string>(lines.begin(), lines.end()),
              (std::set<std::string>{"0 2 kept 0", "1 2 kept 1"}))
        << result.out;
    EXPECT_EQ(lines.size(), 2u);
}

TEST_F(CliLaunch, VerboseNamesEachRanksPidAndCpus) {
    const ProcessResult result =
        launch({"--nproc", "2", "--verbose"}, script("echo $$ > DIR/pid.$LOCAL_RANK"));
    ASSERT_EQ(result.exit_status, 0) << result.err;
    const auto lines = lines_of(result.err);
    ASSERT_EQ(lines.size(), 2u) << result.err;
    for (int rank : {0, 1}) {
        const std::string pid = read_text_file(dir_->path() + "/pid." + std::to_string(rank));
        EXPECT_NE(find_line(lines, "numabind launch: rank " + std::to_string(rank) + ": pid " +
                                       pid.substr(0, pid.find('\n')) + ", CPUs " + std::to_string(rank)),
                  -1)
            << result.err;
    }
}

// Rank `first` exits with `first_status`; the other rank waits until launch
// has reaped it (its pid is gone, not even a zombie), then exits with
// `second_status`. Launch must report the status of the rank that exited
// first, whichever rank that is.
TEST_F(CliLaunch, FirstNonZeroStatusInExitOrderWins) {
    for (int first : {0, 1}) {
        SCOPED_TRACE("rank " + std::to_string(first) + " exits first");
        const std::string pid_file = "DIR/first-" + std::to_string(first) + ".pid";
        const ProcessResult result = launch(
            {"--nproc", "2"},
            script("if [ $LOCAL_RANK = " + std::to_string(first) + " ]; then echo $$ > " + pid_file +
                   "; exit 5; fi; "
                   "while [ ! -s " + pid_file + " ]; do sleep 0.02; done; "
                   "while kill -0 $(cat " + pid_file + ") 2>/dev/null; do sleep 0.02; done; exit 3"));
        EXPECT_EQ(result.exit_status, 5) << result.err;
    }
    // A zero status never hides a failure, whatever the order.
    EXPECT_EQ(launch({"--nproc", "2"}, script("[ $LOCAL_RANK = 0 ] && sleep 0.3; exit $LOCAL_RANK"))
                  .exit_status,
              1);
    EXPECT_EQ(launch({"--nproc", "2"}, script("[ $LOCAL_RANK = 1 ] && sleep 0.3; exit $((1 - LOCAL_RANK))"))
                  .exit_status,
              1);
}

TEST_F(CliLaunch, RankKilledBySignalCountsAs128PlusTheSignal) {
    const ProcessResult killed =
        launch({"--nproc", "2"}, script("[ $LOCAL_RANK = 1 ] && kill -KILL $$; exit 0"));
    EXPECT_EQ(killed.exit_status, 128 + SIGKILL) << killed.err;
    const ProcessResult terminated =
        launch({"--nproc", "2"}, script("[ $LOCAL_RANK = 0 ] && kill -TERM $$; exit 0"));
    EXPECT_EQ(terminated.exit_status, 128 + SIGTERM) << terminated.err;
}

TEST_F(CliLaunch, SigtermReachesRanksThatTrapIt) {
    auto launcher = launch_in_background(
        two_cpu_xml_, {"--nproc", "2"},
        script("trap 'echo $LOCAL_RANK > DIR/term.$LOCAL_RANK; exit 3' TERM; : > DIR/ready.$LOCAL_RANK; "
               "while :; do sleep 0.05; done"));
    ASSERT_TRUE(wait_until([&] { return file_exists("ready.0") && file_exists("ready.1"); }, kPatience))
        << launcher->err();
    ASSERT_EQ(kill(launcher->pid(), SIGTERM), 0);
    const auto status = launcher->wait_for_exit(kPatience);
    ASSERT_TRUE(status.has_value()) << "launch did not exit after SIGTERM";
    ASSERT_TRUE(WIFEXITED(*status)) << "launch itself was killed";
    EXPECT_EQ(WEXITSTATUS(*status), 3) << launcher->err();
    EXPECT_EQ(read_text_file(dir_->path() + "/term.0"), "0\n");
    EXPECT_EQ(read_text_file(dir_->path() + "/term.1"), "1\n");
}

TEST_F(CliLaunch, SigintAndSigtermStopRanksThatDoNotTrapThem) {
    for (int signal : {SIGINT, SIGTERM}) {
        SCOPED_TRACE(strsignal(signal));
        auto launcher = launch_in_background(two_cpu_xml_, {"--nproc", "2", "--verbose"}, {"sleep", "60"});
        ASSERT_TRUE(wait_until([&] { return started_ranks(launcher->err()).size() == 2; }, kPatience))
            << launcher->err();
        const auto pids = started_ranks(launcher->err());
        ASSERT_EQ(kill(launcher->pid(), signal), 0);
        const auto status = launcher->wait_for_exit(kPatience);
        ASSERT_TRUE(status.has_value()) << "launch did not exit after the signal";
        ASSERT_TRUE(WIFEXITED(*status)) << "launch itself was killed";
        EXPECT_EQ(WEXITSTATUS(*status), 128 + signal) << launcher->err();
        for (const auto &[rank, pid] : pids) {
            EXPECT_FALSE(process_exists(pid)) << "rank " << rank << " (pid " << pid << ") still runs";
        }
    }
}

// Ctrl-C in a terminal reaches the whole foreground process group, ranks
// included, so launch must not pass that one on as well (a rank would get it
// twice). A rank in a session of its own (setsid) does not hear the
// terminal: whatever SIGINT it counts came from launch.
TEST_F(CliLaunch, CtrlCFromTheTerminalIsNotForwardedTwice) {
    int terminal = -1;
    const pid_t launcher = forkpty(&terminal, nullptr, nullptr, nullptr);
    ASSERT_GE(launcher, 0) << "forkpty: " << std::strerror(errno);
    if (launcher == 0) {
        const std::vector<std::string> args = launch_args(
            two_cpu_xml_, {"--nproc", "1"},
            {"setsid", "sh", "-c",
             std::regex_replace("n=0; trap 'n=$((n+1))' INT; : > DIR/ready; i=0; "
                                "while [ $i -lt 20 ]; do sleep 0.1; i=$((i+1)); done; echo $n > DIR/count",
                                std::regex("DIR"), dir_->path())});
        std::vector<char *> argv = {const_cast<char *>(NUMABIND_TOOL_PATH)};
        for (const std::string &arg : args) argv.push_back(const_cast<char *>(arg.c_str()));
        argv.push_back(nullptr);
        execv(NUMABIND_TOOL_PATH, argv.data());
        _exit(127);
    }
    ASSERT_TRUE(wait_until([&] { return file_exists("ready"); }, kPatience)) << "the rank never started";
    ASSERT_EQ(write(terminal, "\x03", 1), 1);  // the terminal's interrupt character
    int status = 0;
    ASSERT_EQ(waitpid(launcher, &status, 0), launcher);
    close(terminal);
    ASSERT_TRUE(WIFEXITED(status));
    EXPECT_EQ(WEXITSTATUS(status), 0) << "every rank started and exited 0";
    EXPECT_EQ(read_text_file(dir_->path() + "/count"), "0\n") << "launch passed the terminal's SIGINT on";
}

TEST_F(CliLaunch, RankThatCannotBeBoundStopsTheLaunchBeforeAnythingStarts) {
    // Two GPUs: rank 2 has none.
    const ProcessResult result = launch({"--nproc", "3"}, script(": > DIR/ran.$LOCAL_RANK"));
    EXPECT_EQ(result.exit_status, 1);
    EXPECT_EQ(result.out, "");
    EXPECT_NE(result.err.find("rank 2 cannot be bound: NB_ERANK"), std::string::npos) << result.err;
    EXPECT_NE(result.err.find("no rank started"), std::string::npos) << result.err;
    for (const char *marker : {"ran.0", "ran.1", "ran.2"}) {
        EXPECT_FALSE(file_exists(marker)) << marker;
    }
}

TEST_F(CliLaunch, FallbackRunsTheRankWithoutABindingUnbound) {
    const ProcessResult result =
        launch({"--nproc", "3", "--fallback"},
               script("grep Cpus_allowed_list /proc/self/status | cut -f2 > DIR/cpus.$LOCAL_RANK"));
    ASSERT_EQ(result.exit_status, 0) << result.err;
    EXPECT_EQ(read_text_file(dir_->path() + "/cpus.0"), "0\n");
    EXPECT_EQ(read_text_file(dir_->path() + "/cpus.1"), "1\n");
    // Unbound: the affinity launch was started with, which is this test's.
    EXPECT_EQ(read_text_file(dir_->path() + "/cpus.2"), format_cpu_list(own_affinity()) + "\n");
    EXPECT_TRUE(is_one_line_error(result, "numabind launch: warning: rank 2 runs unbound: NB_ERANK: ", "2"));
}

TEST_F(CliLaunch, ProgramThatCannotBeExecutedStartsNothing) {
    const ProcessResult missing = launch({"--nproc", "2"}, {"numabind-test-no-such-program"});
    EXPECT_EQ(missing.exit_status, 127);
    EXPECT_TRUE(is_one_line_error(missing, "numabind launch: rank 0: ", "'numabind-test-no-such-program'"));

    const std::string script_file = dir_->write("not-executable.sh", "#!/bin/sh\nexit 0\n");
    chmod(script_file.c_str(), 0644);
    const ProcessResult not_executable = launch({"--nproc", "2"}, {script_file});
    EXPECT_EQ(not_executable.exit_status, 126);
    EXPECT_TRUE(is_one_line_error(not_executable, "numabind launch: rank 0: ", script_file));
}

TEST_F(CliLaunch, RankThatCannotStartStopsTheRanksAlreadyRunning) {
    // The plan puts rank 1 on CPUs 2-3; a machine without them refuses that
    // affinity when rank 1 starts, after rank 0 (CPUs 0-1) is running.
    const std::set<int> affinity = own_affinity();
    if (affinity.count(2) != 0 || affinity.count(3) != 0) {
        GTEST_SKIP() << "this process may run on CPU 2 or 3, so rank 1's binding would succeed";
    }
    auto launcher = launch_in_background(absent_cpus_xml_, {"--nproc", "2", "--verbose"}, {"sleep", "60"});
    const auto status = launcher->wait_for_exit(kPatience);
    ASSERT_TRUE(status.has_value()) << "launch did not stop";
    ASSERT_TRUE(WIFEXITED(*status));
    EXPECT_EQ(WEXITSTATUS(*status), 1) << launcher->err();
    const auto pids = started_ranks(launcher->err());
    ASSERT_EQ(pids.size(), 1u) << launcher->err();
    ASSERT_EQ(pids.count(0), 1u) << launcher->err();
    EXPECT_FALSE(process_exists(pids.at(0))) << "rank 0 still runs";
    EXPECT_NE(launcher->err().find("numabind launch: rank 1: "), std::string::npos) << launcher->err();
    EXPECT_NE(launcher->err().find("2-3"), std::string::npos) << launcher->err();
}

TEST_F(CliLaunch, UsageErrors) {
    const std::vector<std::pair<std::vector<std::string>, std::string>> cases = {
        {{"launch", "--topology", two_cpu_xml_, "--mode", "node", "--", "true"}, "--nproc"},
        {{"launch", "--topology", two_cpu_xml_, "--nproc", "2", "--", "true"}, "--mode"},
        {{"launch", "--topology", two_cpu_xml_, "--mode", "node", "--nproc", "2"}, "PROGRAM"},
        {{"launch", "--topology", two_cpu_xml_, "--mode", "node", "--nproc", "0", "--", "true"}, "'0'"},
        {{"launch", "--topology", two_cpu_xml_, "--mode", "node", "--nproc", "2", "--membind", "all", "--",
          "true"},
         "'all'"},
    };
    expect_usage_errors(cases, "numabind launch: ");
}

}  // namespace
}  // namespace nbtest
