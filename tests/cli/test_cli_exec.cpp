// numabind exec on this machine's CPUs 0 and 1 described as two NUMA nodes
// with a GPU each: the program runs on rank r's CPU r, with the memory
// policy asked for, and the tool's failures carry env(1)'s exit statuses.
// What the program sees is read from the kernel (/proc/self/status,
// /proc/self/numa_maps), never from numabind.
#include <gtest/gtest.h>

#include <sys/stat.h>

#include <sstream>

#include "cli_test_support.h"
#include "cpu_list.h"
#include "two_cpu_machine.h"

namespace nbtest {
namespace {

const std::vector<std::string> kShowStatus = {"cat", "/proc/self/status"};
const std::vector<std::string> kShowNumaMaps = {"cat", "/proc/self/numa_maps"};

class CliExec : public TwoCpuMachineTest {
protected:
    // numabind exec --topology <two CPUs> --mode node OPTIONS -- PROGRAM, in
    // an environment without launcher variables other than `env`.
    ProcessResult exec(const std::vector<std::string> &options, const std::vector<std::string> &program,
                       const EnvChanges &env = {}) {
        return run_numabind(exec_args(options, program), rank_environment(env));
    }

    // The CPUs the program ran on, as it read them itself.
    std::string program_cpus(const std::vector<std::string> &options, const EnvChanges &env = {}) {
        const ProcessResult result = exec(options, kShowStatus, env);
        EXPECT_EQ(result.exit_status, 0) << result.err;
        EXPECT_EQ(result.err, "");
        return cpus_allowed_list_in(result.out);
    }

    // A program that leaves a file behind, to tell whether it ran.
    std::vector<std::string> touch_marker() const { return {"touch", marker()}; }
    std::string marker() const { return dir_->path() + "/ran"; }
    bool marker_exists() const {
        struct stat info {};
        return stat(marker().c_str(), &info) == 0;
    }
};

// The memory policy column of every mapping in a numa_maps text.
std::set<std::string> policies_in(const std::string &numa_maps) {
    std::set<std::string> policies;
    for (const std::string &line : lines_of(numa_maps)) {
        std::istringstream words(line);
        std::string address;
        std::string policy;
        if (words >> address >> policy) {
            policies.insert(policy);
        }
    }
    return policies;
}

TEST_F(CliExec, LocalRankFlagBindsTheProgramToTheRanksCpu) {
    EXPECT_EQ(program_cpus({"--local-rank", "0"}), "0");
    EXPECT_EQ(program_cpus({"--local-rank", "1"}), "1");
}

TEST_F(CliExec, EachLauncherVariableGivesTheLocalRank) {
    for (const std::string variable : {"LOCAL_RANK", "SLURM_LOCALID", "OMPI_COMM_WORLD_LOCAL_RANK"}) {
        SCOPED_TRACE(variable);
        EXPECT_EQ(program_cpus({}, {{variable, "0"}}), "0");
        EXPECT_EQ(program_cpus({}, {{variable, "1"}}), "1");
    }
}

TEST_F(CliExec, LauncherVariablesFollowTheLibrarysPrecedence) {
    // LOCAL_RANK (torchrun), then SLURM_LOCALID (srun), then Open MPI's.
    EXPECT_EQ(program_cpus({}, {{"LOCAL_RANK", "1"},
                                {"SLURM_LOCALID", "0"},
                                {"OMPI_COMM_WORLD_LOCAL_RANK", "0"}}),
              "1");
    EXPECT_EQ(program_cpus({}, {{"LOCAL_RANK", "0"},
                                {"SLURM_LOCALID", "1"},
                                {"OMPI_COMM_WORLD_LOCAL_RANK", "1"}}),
              "0");
    EXPECT_EQ(program_cpus({}, {{"SLURM_LOCALID", "1"}, {"OMPI_COMM_WORLD_LOCAL_RANK", "0"}}), "1");
    EXPECT_EQ(program_cpus({}, {{"SLURM_LOCALID", "0"}, {"OMPI_COMM_WORLD_LOCAL_RANK", "1"}}), "0");
}

TEST_F(CliExec, LocalRankFlagBeatsTheEnvironment) {
    EXPECT_EQ(program_cpus({"--local-rank", "0"}, {{"LOCAL_RANK", "1"}}), "0");
    EXPECT_EQ(program_cpus({"--local-rank", "1"}, {{"SLURM_LOCALID", "0"}}), "1");
}

TEST_F(CliExec, NoLocalRankIsAUsageErrorNamingTheVariables) {
    const ProcessResult result = exec({}, touch_marker());
    EXPECT_EQ(result.exit_status, 2);
    EXPECT_EQ(result.out, "");
    EXPECT_TRUE(is_one_line_error(result, "numabind exec: ", "LOCAL_RANK"));
    for (const char *variable : {"SLURM_LOCALID", "OMPI_COMM_WORLD_LOCAL_RANK", "--local-rank"}) {
        EXPECT_NE(result.err.find(variable), std::string::npos) << variable << " in " << result.err;
    }
    EXPECT_FALSE(marker_exists());
}

TEST_F(CliExec, BadLocalRankIsAUsageErrorNamingTheValue) {
    const ProcessResult from_env = exec({}, touch_marker(), {{"LOCAL_RANK", "two"}});
    EXPECT_EQ(from_env.exit_status, 2);
    EXPECT_TRUE(is_one_line_error(from_env, "numabind exec: ", "LOCAL_RANK"));
    EXPECT_NE(from_env.err.find("'two'"), std::string::npos) << from_env.err;

    for (const std::string bad : {"x", "-1", "1.5", "99999999999"}) {
        const ProcessResult from_flag = exec({"--local-rank", bad}, touch_marker());
        EXPECT_EQ(from_flag.exit_status, 2) << bad;
        EXPECT_TRUE(is_one_line_error(from_flag, "numabind exec: ", "'" + bad + "'"));
    }
    EXPECT_FALSE(marker_exists());
}

TEST_F(CliExec, MembindPoliciesShowInTheProgramsNumaMaps) {
    for (int rank : {0, 1}) {
        const int node = kernel_node_of_cpu(rank);
        if (node < 0) {
            GTEST_SKIP() << "sysfs does not say which NUMA node holds CPU " << rank;
        }
        SCOPED_TRACE("rank " + std::to_string(rank) + ", CPU on node " + std::to_string(node));
        // The kernel's names for the policies in numa_maps; "local" leaves the
        // policy alone.
        const std::vector<std::pair<std::string, std::string>> cases = {
            {"bind", "bind:" + std::to_string(node)},
            {"preferred", "prefer:" + std::to_string(node)},
            {"interleave", "interleave:" + std::to_string(node)},
            {"local", "default"},
        };
        for (const auto &[policy, shown] : cases) {
            const ProcessResult result =
                exec({"--local-rank", std::to_string(rank), "--membind", policy}, kShowNumaMaps);
            ASSERT_EQ(result.exit_status, 0) << policy << ": " << result.err;
            EXPECT_EQ(policies_in(result.out), std::set<std::string>{shown}) << policy;
        }
    }
}

TEST_F(CliExec, BadMembindIsAUsageErrorNamingIt) {
    const ProcessResult result = exec({"--local-rank", "0", "--membind", "bnd"}, touch_marker());
    EXPECT_EQ(result.exit_status, 2);
    EXPECT_TRUE(is_one_line_error(result, "numabind exec: ", "'bnd'"));
    EXPECT_FALSE(marker_exists());
}

TEST_F(CliExec, MissingProgramIs127NamingIt) {
    const ProcessResult result = exec({"--local-rank", "0"}, {"numabind-test-no-such-program"});
    EXPECT_EQ(result.exit_status, 127);
    EXPECT_TRUE(is_one_line_error(result, "numabind exec: cannot execute 'numabind-test-no-such-program'",
                                  "No such file"));
}

TEST_F(CliExec, NonExecutableFileIs126) {
    const std::string script = dir_->write("not-executable.sh", "#!/bin/sh\nexit 0\n");
    chmod(script.c_str(), 0644);
    const ProcessResult result = exec({"--local-rank", "0"}, {script});
    EXPECT_EQ(result.exit_status, 126);
    EXPECT_TRUE(is_one_line_error(result, "numabind exec: cannot execute '" + script + "'",
                                  "Permission denied"));
}

TEST_F(CliExec, RankThatCannotBeBoundFailsWithoutRunningTheProgram) {
    // Two GPUs: rank 2 has none.
    const ProcessResult result = exec({"--local-rank", "2"}, touch_marker());
    EXPECT_EQ(result.exit_status, 1);
    EXPECT_TRUE(is_one_line_error(result, "numabind exec: ", "2"));
    EXPECT_FALSE(marker_exists());
}

TEST_F(CliExec, FallbackRunsTheProgramUnboundWithAWarning) {
    const ProcessResult result = exec({"--local-rank", "2", "--fallback"}, kShowStatus);
    EXPECT_EQ(result.exit_status, 0) << result.err;
    // Unbound: the affinity numabind was started with, which is this test's.
    EXPECT_EQ(cpus_allowed_list_in(result.out), format_cpu_list(own_affinity()));
    EXPECT_TRUE(is_one_line_error(result, "numabind exec: warning: rank 2 runs unbound: NB_ERANK: ",
                                  "2"));
}

TEST_F(CliExec, ProgramsArgumentsAndExitStatusArePassedThrough) {
    const ProcessResult result =
        exec({"--local-rank", "1"}, {"sh", "-c", "echo \"$1|$2\"; exit 7", "sh", "a  b", "--mode"});
    EXPECT_EQ(result.exit_status, 7);
    EXPECT_EQ(result.out, "a  b|--mode\n");
    EXPECT_EQ(result.err, "");
}

TEST_F(CliExec, MissingModeOrProgramIsAUsageError) {
    const ProcessResult no_program =
        run_numabind({"exec", "--topology", two_cpu_xml_, "--mode", "node", "--local-rank", "0"});
    EXPECT_EQ(no_program.exit_status, 2);
    EXPECT_TRUE(is_one_line_error(no_program, "numabind exec: ", "PROGRAM"));

    const ProcessResult no_mode =
        run_numabind({"exec", "--topology", two_cpu_xml_, "--local-rank", "0", "--", "true"});
    EXPECT_EQ(no_mode.exit_status, 2);
    EXPECT_TRUE(is_one_line_error(no_mode, "numabind exec: ", "--mode"));
}

TEST_F(CliExec, UnloadableTopologyIsARuntimeFailure) {
    const std::string missing = dir_->path() + "/missing.xml";
    const ProcessResult result = run_numabind(
        {"exec", "--topology", missing, "--mode", "node", "--local-rank", "0", "--", "true"});
    EXPECT_EQ(result.exit_status, 1);
    EXPECT_TRUE(is_one_line_error(result, "numabind exec: ", "missing.xml"));
}

TEST_F(CliExec, UnloadableTopologyWithFallbackRunsTheProgramUnbound) {
    const std::string missing = dir_->path() + "/missing.xml";
    const ProcessResult result = run_numabind({"exec", "--topology", missing, "--mode", "node", "--local-rank",
                                               "0", "--fallback", "--", "cat", "/proc/self/status"});
    EXPECT_EQ(result.exit_status, 0) << result.err;
    EXPECT_EQ(cpus_allowed_list_in(result.out), format_cpu_list(own_affinity()));
    EXPECT_TRUE(is_one_line_error(result, "numabind exec: warning: rank 0 runs unbound: ", "missing.xml"));
}

}  // namespace
}  // namespace nbtest
