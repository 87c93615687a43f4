// numabind check against processes this test starts bound (with numabind
// exec) on this machine's CPUs 0 and 1 described as two NUMA nodes with a GPU
// each: the verdict of each thread, the exit status, the JSON fields, the
// rank taken from the process's own environment. Expected memory figures
// come from the kernel's own summary (/proc/PID/smaps_rollup).
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "background_process.h"
#include "cli_test_support.h"
#include "two_cpu_machine.h"

namespace nbtest {
namespace {

using nlohmann::json;
using std::chrono::milliseconds;

constexpr milliseconds kPatience{15000};

// The process's own "Rss:" in kB, from /proc/PID/smaps_rollup; -1 when unreadable.
long long kernel_rss_kb(pid_t pid) {
    std::ifstream rollup("/proc/" + std::to_string(pid) + "/smaps_rollup");
    std::string key;
    long long value = -1;
    while (rollup >> key) {
        if (key == "Rss:" && rollup >> value) {
            return value;
        }
    }
    return -1;
}

// The first line of /proc/PID/comm.
std::string comm_of(pid_t pid) {
    const std::string text = read_text_file("/proc/" + std::to_string(pid) + "/comm");
    return text.substr(0, text.find('\n'));
}

class CliCheck : public TwoCpuMachineTest {
protected:
    // `numabind exec --mode node` started in the background for `rank` (by
    // --local-rank, or by the environment when rank_env is set), running
    // `program`; returns once the program has replaced numabind.
    std::unique_ptr<BackgroundProcess> start_bound(const std::vector<std::string> &options,
                                                   const std::vector<std::string> &program,
                                                   const std::string &expected_comm,
                                                   const EnvChanges &env = {}) {
        auto process = start_numabind(exec_args(options, program), rank_environment(env), dir_->path() + "/target");
        const pid_t pid = process->pid();
        EXPECT_TRUE(wait_until([&] { return comm_of(pid) == expected_comm; }, kPatience))
            << "the program did not start: " << process->err();
        return process;
    }

    ProcessResult check(pid_t pid, const std::vector<std::string> &options, const EnvChanges &env = {}) {
        std::vector<std::string> args = {"check", std::to_string(pid), "--topology", two_cpu_xml_};
        args.insert(args.end(), options.begin(), options.end());
        return run_numabind(args, rank_environment(env));
    }

    // The thread pinner under numabind exec for rank 0 (main thread on CPU 0),
    // with one thread per CPU list; returns once every thread is bound.
    std::unique_ptr<BackgroundProcess> start_pinner(const std::vector<std::string> &cpu_lists) {
        const std::string ready = dir_->path() + "/pinner-ready";
        std::vector<std::string> program = {NUMABIND_THREAD_PINNER_PATH, ready};
        program.insert(program.end(), cpu_lists.begin(), cpu_lists.end());
        auto process = start_bound({"--local-rank", "0"}, program, "thread_pinner");
        EXPECT_TRUE(wait_until([&] { return !read_text_file(ready).empty(); }, kPatience))
            << "the pinner did not get ready: " << process->err();
        return process;
    }
};

// Thread name -> verdict from a check JSON.
std::map<std::string, std::string> verdicts(const json &report) {
    std::map<std::string, std::string> by_name;
    for (const json &thread : report.at("threads")) {
        by_name[thread.at("name").get<std::string>()] = thread.at("match").get<std::string>();
    }
    return by_name;
}

TEST_F(CliCheck, ProcessBoundForItsRankIsBound) {
    auto target = start_bound({"--local-rank", "0"}, {"sleep", "60"}, "sleep");
    const pid_t pid = target->pid();
    const ProcessResult result = check(pid, {"--mode", "node", "--local-rank", "0", "--format", "json"});
    ASSERT_EQ(result.exit_status, 0) << result.err;
    EXPECT_EQ(result.err, "");
    const json report = json::parse(result.out);
    EXPECT_EQ(report.at("schema"), "numabind.check/1");
    EXPECT_EQ(report.at("pid"), pid);
    EXPECT_EQ(report.at("local_rank"), 0);
    EXPECT_EQ(report.at("mode"), "node");
    EXPECT_EQ(report.at("plan").at("cpus"), "0");
    EXPECT_EQ(report.at("plan").at("numa_nodes"), json::array({0}));
    ASSERT_EQ(report.at("threads").size(), 1u);
    const json &thread = report["threads"][0];
    EXPECT_EQ(thread.at("tid"), pid);  // a single-threaded process's thread is its pid
    EXPECT_EQ(thread.at("name"), "sleep");
    EXPECT_EQ(thread.at("cpus"), "0");
    EXPECT_EQ(thread.at("match"), "bound");
    EXPECT_EQ(report.at("matches"), true);
}

TEST_F(CliCheck, ProcessBoundForAnotherRankIsOutside) {
    auto target = start_bound({"--local-rank", "0"}, {"sleep", "60"}, "sleep");
    const ProcessResult result =
        check(target->pid(), {"--mode", "node", "--local-rank", "1", "--format", "json"});
    EXPECT_EQ(result.exit_status, 1);
    const json report = json::parse(result.out);
    EXPECT_EQ(report.at("plan").at("cpus"), "1");
    EXPECT_EQ(report.at("plan").at("numa_nodes"), json::array({1}));
    ASSERT_EQ(report.at("threads").size(), 1u);
    EXPECT_EQ(report["threads"][0].at("cpus"), "0");
    EXPECT_EQ(report["threads"][0].at("match"), "outside");
    EXPECT_EQ(report.at("matches"), false);
    EXPECT_TRUE(is_one_line_error(result, "numabind check: 1 of 1 threads", "outside"));
}

TEST_F(CliCheck, TableShowsEachThreadsVerdictAndTheMemory) {
    auto target = start_bound({"--local-rank", "1"}, {"sleep", "60"}, "sleep");
    const pid_t pid = target->pid();
    for (const auto &[rank, verdict, status] :
         std::vector<std::tuple<std::string, std::string, int>>{{"1", "bound", 0}, {"0", "outside", 1}}) {
        const ProcessResult result = check(pid, {"--mode", "node", "--local-rank", rank});
        EXPECT_EQ(result.exit_status, status) << rank;
        const auto lines = lines_of(result.out);
        const int header = find_line(lines, "Threads (1):");
        ASSERT_GE(header, 0) << result.out;
        ASSERT_GT(lines.size(), static_cast<size_t>(header) + 2) << result.out;
        EXPECT_EQ(table_cells(lines[header + 1], 4),
                  (std::vector<std::string>{"TID", "NAME", "CPUS", "MATCH"}));
        EXPECT_EQ(table_cells(lines[header + 2], 4),
                  (std::vector<std::string>{std::to_string(pid), "sleep", "1", verdict}));
        EXPECT_NE(result.out.find("\nMemory: "), std::string::npos) << result.out;
    }
}

TEST_F(CliCheck, ThreadsOnPartOfThePlanAreInside) {
    // Mode socket puts rank 0 on both CPUs (both nodes are in package 0); a
    // process on CPU 0 alone is inside that plan, and still matches it.
    auto target = start_bound({"--local-rank", "0"}, {"sleep", "60"}, "sleep");
    const ProcessResult result =
        check(target->pid(), {"--mode", "socket", "--local-rank", "0", "--format", "json"});
    EXPECT_EQ(result.exit_status, 0) << result.err;
    const json report = json::parse(result.out);
    EXPECT_EQ(report.at("plan").at("cpus"), "0-1");
    EXPECT_EQ(report.at("plan").at("numa_nodes"), json::array({0, 1}));
    EXPECT_EQ(report["threads"][0].at("match"), "inside");
    EXPECT_EQ(report.at("matches"), true);
}

TEST_F(CliCheck, EachThreadGetsItsOwnVerdict) {
    // Main thread on CPU 0 (rank 0's binding), pin-0 on CPU 0, pin-1 on CPU 1,
    // pin-2 on both.
    auto target = start_pinner({"0", "1", "0-1"});
    const ProcessResult node =
        check(target->pid(), {"--mode", "node", "--local-rank", "0", "--format", "json"});
    EXPECT_EQ(node.exit_status, 1);
    const json node_report = json::parse(node.out);
    EXPECT_EQ(verdicts(node_report),
              (std::map<std::string, std::string>{{"thread_pinner", "bound"},
                                                  {"pin-0", "bound"},
                                                  {"pin-1", "outside"},
                                                  {"pin-2", "outside"}}));
    EXPECT_EQ(node_report.at("matches"), false);
    EXPECT_TRUE(is_one_line_error(node, "numabind check: 2 of 4 threads", "outside"));
    // Thread ids come in increasing order, the main thread's (the pid) first.
    ASSERT_EQ(node_report.at("threads").size(), 4u);
    EXPECT_EQ(node_report["threads"][0].at("tid"), target->pid());
    for (size_t i = 1; i < 4; ++i) {
        EXPECT_LT(node_report["threads"][i - 1].at("tid").get<int>(),
                  node_report["threads"][i].at("tid").get<int>());
    }

    const ProcessResult socket =
        check(target->pid(), {"--mode", "socket", "--local-rank", "0", "--format", "json"});
    EXPECT_EQ(socket.exit_status, 0) << socket.err;
    const json socket_report = json::parse(socket.out);
    EXPECT_EQ(verdicts(socket_report),
              (std::map<std::string, std::string>{{"thread_pinner", "inside"},
                                                  {"pin-0", "inside"},
                                                  {"pin-1", "inside"},
                                                  {"pin-2", "bound"}}));
    EXPECT_EQ(socket_report.at("matches"), true);
}

TEST_F(CliCheck, MemoryIsTheProcessesResidentSetByNode) {
    const std::set<int> nodes = kernel_numa_nodes();
    if (nodes != std::set<int>{0} || kernel_node_of_cpu(0) != 0) {
        GTEST_SKIP() << "the expectations below hold on a machine with one NUMA node, 0";
    }
    auto target = start_bound({"--local-rank", "0"}, {"sleep", "60"}, "sleep");
    const pid_t pid = target->pid();
    const long long rss = kernel_rss_kb(pid);
    ASSERT_GT(rss, 0);

    // Rank 0's plan node (topology node 0) is the machine's only node: all
    // the memory is there.
    json report = json::parse(check(pid, {"--mode", "node", "--local-rank", "0", "--format", "json"}).out);
    json memory = report.at("memory");
    const long long resident = memory.at("resident_kb").get<long long>();
    // numa_maps leaves out the vDSO pages that Rss counts: a few kB at most.
    EXPECT_LE(std::llabs(resident - rss), 64) << "resident " << resident << " kB, Rss " << rss << " kB";
    EXPECT_EQ(memory.at("by_node"), json::array({{{"node", 0}, {"resident_kb", resident}}}));
    EXPECT_EQ(memory.at("on_plan_nodes_kb"), resident);
    EXPECT_EQ(memory.at("on_plan_nodes_percent"), 100.0);

    // Rank 1's plan node (topology node 1) does not exist here: nothing on it.
    report = json::parse(check(pid, {"--mode", "node", "--local-rank", "1", "--format", "json"}).out);
    memory = report.at("memory");
    EXPECT_EQ(memory.at("resident_kb"), resident);
    EXPECT_EQ(memory.at("on_plan_nodes_kb"), 0);
    EXPECT_EQ(memory.at("on_plan_nodes_percent"), 0.0);
}

TEST_F(CliCheck, LocalRankComesFromTheProcesssEnvironment) {
    // The target runs as rank 1 by its LOCAL_RANK; the checker's own
    // environment says rank 0, and must not matter.
    auto target = start_bound({}, {"sleep", "60"}, "sleep", {{"LOCAL_RANK", "1"}});
    const ProcessResult result =
        check(target->pid(), {"--mode", "node", "--format", "json"}, {{"LOCAL_RANK", "0"}});
    ASSERT_EQ(result.exit_status, 0) << result.err;
    const json report = json::parse(result.out);
    EXPECT_EQ(report.at("local_rank"), 1);
    EXPECT_EQ(report.at("plan").at("cpus"), "1");
    EXPECT_EQ(report["threads"][0].at("match"), "bound");

    // --local-rank overrides it.
    const ProcessResult forced = check(target->pid(), {"--mode", "node", "--local-rank", "0"});
    EXPECT_EQ(forced.exit_status, 1);
}

TEST_F(CliCheck, LauncherVariablesOfTheProcessFollowTheLibrarysPrecedence) {
    auto target = start_bound({"--local-rank", "1"}, {"sleep", "60"}, "sleep",
                              {{"SLURM_LOCALID", "1"}, {"OMPI_COMM_WORLD_LOCAL_RANK", "0"}});
    const ProcessResult result = check(target->pid(), {"--mode", "node", "--format", "json"});
    ASSERT_EQ(result.exit_status, 0) << result.err;
    EXPECT_EQ(json::parse(result.out).at("local_rank"), 1);
}

TEST_F(CliCheck, VisibleDevicesOfTheProcessRemapItsRank) {
    // Rank 0 of a process that sees only GPU 1 drives GPU 1: CPU 1 (where
    // numabind exec, reading the same variables, bound it).
    auto target = start_bound({}, {"sleep", "60"}, "sleep",
                              {{"LOCAL_RANK", "0"}, {"CUDA_VISIBLE_DEVICES", "1"}});
    const ProcessResult result = check(target->pid(), {"--mode", "node", "--format", "json"});
    ASSERT_EQ(result.exit_status, 0) << result.err;
    const json report = json::parse(result.out);
    EXPECT_EQ(report.at("local_rank"), 0);
    EXPECT_EQ(report.at("plan").at("cpus"), "1");
    EXPECT_EQ(report["threads"][0].at("match"), "bound");
}

TEST_F(CliCheck, ProcessWithoutLocalRankIsAUsageError) {
    auto target = start_bound({"--local-rank", "0"}, {"sleep", "60"}, "sleep");
    const ProcessResult result = check(target->pid(), {"--mode", "node"}, {{"LOCAL_RANK", "0"}});
    EXPECT_EQ(result.exit_status, 2);
    EXPECT_EQ(result.out, "");
    EXPECT_TRUE(is_one_line_error(result, "numabind check: process " + std::to_string(target->pid()),
                                  "LOCAL_RANK"));
}

TEST_F(CliCheck, NonexistentProcessIsAFailureNamingThePid) {
    // Start and reap a process: its pid is then free (and reuse within this
    // test is most unlikely).
    BackgroundProcess gone("true", {}, {}, dir_->path() + "/gone");
    ASSERT_TRUE(gone.wait_for_exit(kPatience).has_value());
    const ProcessResult result = check(gone.pid(), {"--mode", "node", "--local-rank", "0"});
    EXPECT_EQ(result.exit_status, 1);
    EXPECT_EQ(result.out, "");
    EXPECT_TRUE(is_one_line_error(result, "numabind check: ",
                                  "no process with pid " + std::to_string(gone.pid())));
}

TEST_F(CliCheck, UsageErrors) {
    const std::vector<std::pair<std::vector<std::string>, std::string>> cases = {
        {{"check", "--topology", two_cpu_xml_, "--mode", "node"}, "process id"},
        {{"check", "1", "--topology", two_cpu_xml_}, "--mode"},
        {{"check", "abc", "--topology", two_cpu_xml_, "--mode", "node"}, "'abc'"},
        {{"check", "0", "--topology", two_cpu_xml_, "--mode", "node"}, "'0'"},
        {{"check", "1", "2", "--topology", two_cpu_xml_, "--mode", "node"}, "'2'"},
        {{"check", "1", "--topology", two_cpu_xml_, "--mode", "node", "--format", "yaml"}, "'yaml'"},
        {{"check", "1", "--topology", two_cpu_xml_, "--mode", "node", "--local-rank", "x"}, "'x'"},
        {{"check", "1", "--topology", two_cpu_xml_, "--mode", "node", "--fallback"}, "'--fallback'"},
    };
    expect_usage_errors(cases, "numabind check: ");
}

}  // namespace
}  // namespace nbtest
