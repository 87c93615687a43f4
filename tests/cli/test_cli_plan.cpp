// numabind plan on the generated two-socket machine (GPU 0000:01:00.0 on NUMA
// node 0 = CPUs 0-3, GPU 0000:81:00.0 on node 1 = CPUs 4-7): the JSON shape,
// the table, and the exit statuses with and without --fallback.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "cli_test_support.h"

namespace nbtest {
namespace {

using nlohmann::json;

class CliPlan : public GeneratedTopologyTest {
protected:
    ProcessResult plan(std::vector<std::string> extra, const EnvChanges &env = {}) {
        std::vector<std::string> args = {"plan", "--topology", gpu_xml_};
        args.insert(args.end(), extra.begin(), extra.end());
        return run_numabind(args, env);
    }
};

// A bound rank: exactly the documented values, "cpus" and no "error".
void expect_bound_rank(const json &rank, int local_rank, int gpu, const std::string &bus_id,
                       int node, const std::string &cpus) {
    SCOPED_TRACE("rank " + std::to_string(local_rank));
    EXPECT_EQ(rank.at("local_rank"), local_rank);
    EXPECT_EQ(rank.at("gpu").at("index"), gpu);
    EXPECT_EQ(rank.at("gpu").at("pci_bus_id"), bus_id);
    EXPECT_EQ(rank.at("numa_node"), node);
    EXPECT_EQ(rank.at("cpus"), cpus);
    EXPECT_FALSE(rank.contains("error")) << rank.dump();
}

// An unbound rank: "error":{"code","message"} and no "cpus".
void expect_error_rank(const json &rank, int local_rank, const std::string &code) {
    SCOPED_TRACE("rank " + std::to_string(local_rank));
    EXPECT_EQ(rank.at("local_rank"), local_rank);
    EXPECT_FALSE(rank.contains("cpus")) << rank.dump();
    ASSERT_TRUE(rank.contains("error")) << rank.dump();
    EXPECT_EQ(rank.at("error").at("code"), code);
    ASSERT_TRUE(rank.at("error").at("message").is_string());
    EXPECT_FALSE(rank.at("error").at("message").get<std::string>().empty());
}

TEST_F(CliPlan, NodeModeJsonHasTheDocumentedShape) {
    const ProcessResult result = plan({"--mode", "node", "--format", "json"});
    ASSERT_EQ(result.exit_status, 0) << result.err;
    EXPECT_EQ(result.err, "");
    ASSERT_FALSE(result.out.empty());
    EXPECT_EQ(result.out.back(), '\n');
    const json doc = json::parse(result.out);
    EXPECT_EQ(doc.at("schema"), "numabind.plan/1");
    EXPECT_EQ(doc.at("mode"), "node");
    EXPECT_EQ(doc.at("fallback"), false);
    ASSERT_EQ(doc.at("ranks").size(), 2u);
    expect_bound_rank(doc["ranks"][0], 0, 0, "0000:01:00.0", 0, "0-3");
    expect_bound_rank(doc["ranks"][1], 1, 1, "0000:81:00.0", 1, "4-7");
}

TEST_F(CliPlan, JsonNamesTheModeAsked) {
    for (const std::string mode : {"node", "socket", "exclusive", "core-complex", "closest"}) {
        const ProcessResult result = plan({"--mode", mode, "--format", "json"});
        ASSERT_EQ(result.exit_status, 0) << mode << ": " << result.err;
        EXPECT_EQ(json::parse(result.out).at("mode"), mode);
    }
}

TEST_F(CliPlan, TableHasOneRowPerRankUnderAHeader) {
    const ProcessResult result = plan({"--mode", "node"});
    ASSERT_EQ(result.exit_status, 0) << result.err;
    EXPECT_EQ(result.out,
              "RANK  GPU  PCI BUS ID    NUMA  CPUS\n"
              "   0    0  0000:01:00.0     0  0-3\n"
              "   1    1  0000:81:00.0     1  4-7\n");
}

TEST_F(CliPlan, OptionValuesMayFollowAnEqualsSign) {
    const ProcessResult result = run_numabind(
        {"plan", "--topology=" + gpu_xml_, "--mode=node", "--nproc=1", "--format=json"});
    ASSERT_EQ(result.exit_status, 0) << result.err;
    const json doc = json::parse(result.out);
    ASSERT_EQ(doc.at("ranks").size(), 1u);
    expect_bound_rank(doc["ranks"][0], 0, 0, "0000:01:00.0", 0, "0-3");
}

TEST_F(CliPlan, RankOutsideTheAllowedCpusFailsTheCommand) {
    const ProcessResult result = plan({"--mode", "node", "--allowed-cpus", "0-3", "--format", "json"});
    EXPECT_EQ(result.exit_status, 1);
    const json doc = json::parse(result.out);
    ASSERT_EQ(doc.at("ranks").size(), 2u);
    expect_bound_rank(doc["ranks"][0], 0, 0, "0000:01:00.0", 0, "0-3");
    expect_error_rank(doc["ranks"][1], 1, "NB_ENOTALLOWED");
    // The GPU and its node are still known; only the CPUs are missing.
    EXPECT_EQ(doc["ranks"][1].at("gpu").at("pci_bus_id"), "0000:81:00.0");
    EXPECT_EQ(doc["ranks"][1].at("numa_node"), 1);
    EXPECT_TRUE(is_one_line_error(result, "numabind plan: rank 1 ", "NB_ENOTALLOWED"));
}

TEST_F(CliPlan, FallbackReportsUnboundRanksAndSucceeds) {
    const ProcessResult result =
        plan({"--mode", "node", "--allowed-cpus", "0-3", "--format", "json", "--fallback"});
    EXPECT_EQ(result.exit_status, 0);
    const json doc = json::parse(result.out);
    EXPECT_EQ(doc.at("fallback"), true);
    expect_error_rank(doc.at("ranks")[1], 1, "NB_ENOTALLOWED");
    EXPECT_TRUE(is_one_line_error(result, "numabind plan: rank 1 ", "unbound"));
}

TEST_F(CliPlan, TableShowsTheErrorInPlaceOfCpus) {
    const ProcessResult result = plan({"--mode", "node", "--allowed-cpus", "4-7"});
    EXPECT_EQ(result.exit_status, 1);
    const auto lines = lines_of(result.out);
    ASSERT_EQ(lines.size(), 3u) << result.out;
    EXPECT_EQ(table_cells(lines[0], 5),
              (std::vector<std::string>{"RANK", "GPU", "PCI BUS ID", "NUMA", "CPUS"}));
    const auto failed = table_cells(lines[1], 5);
    ASSERT_EQ(failed.size(), 5u) << lines[1];
    EXPECT_EQ(std::vector<std::string>(failed.begin(), failed.begin() + 4),
              (std::vector<std::string>{"0", "0", "0000:01:00.0", "0"}));
    EXPECT_EQ(failed[4].rfind("error NB_ENOTALLOWED: ", 0), 0u) << failed[4];
    EXPECT_EQ(table_cells(lines[2], 5),
              (std::vector<std::string>{"1", "1", "0000:81:00.0", "1", "4-7"}));
}

TEST_F(CliPlan, RanksBeyondTheGpusHaveNoGpu) {
    const ProcessResult result = plan({"--mode", "node", "--nproc", "3", "--format", "json"});
    EXPECT_EQ(result.exit_status, 1);
    const json doc = json::parse(result.out);
    ASSERT_EQ(doc.at("ranks").size(), 3u);
    const json &extra = doc["ranks"][2];
    EXPECT_TRUE(extra.at("gpu").is_null());
    EXPECT_TRUE(extra.at("numa_node").is_null());
    expect_error_rank(extra, 2, "NB_ERANK");

    const ProcessResult table = plan({"--mode", "node", "--nproc", "3"});
    const auto lines = lines_of(table.out);
    ASSERT_EQ(lines.size(), 4u) << table.out;
    const auto cells = table_cells(lines[3], 5);
    ASSERT_EQ(cells.size(), 5u) << lines[3];
    EXPECT_EQ(std::vector<std::string>(cells.begin(), cells.begin() + 4),
              (std::vector<std::string>{"2", "-", "-", "-"}));
    EXPECT_EQ(cells[4].rfind("error NB_ERANK: ", 0), 0u) << cells[4];

    EXPECT_EQ(plan({"--mode", "node", "--nproc", "3", "--fallback"}).exit_status, 0);
}

TEST_F(CliPlan, NprocBelowTheGpuCountPlansThatManyRanks) {
    const ProcessResult result = plan({"--mode", "node", "--nproc", "1", "--format", "json"});
    ASSERT_EQ(result.exit_status, 0) << result.err;
    const json doc = json::parse(result.out);
    ASSERT_EQ(doc.at("ranks").size(), 1u);
    expect_bound_rank(doc["ranks"][0], 0, 0, "0000:01:00.0", 0, "0-3");
}

TEST_F(CliPlan, PlanThatCannotBeComputedIsAOneLineFailure) {
    const std::vector<std::vector<std::string>> cases = {
        {"plan", "--topology", no_gpu_xml_, "--mode", "node"},
        {"plan", "--topology", gpu_xml_, "--mode", "node", "--visible-devices", ""},
        {"plan", "--topology", gpu_xml_, "--mode", "node", "--visible-devices", "7"},
    };
    for (const auto &args : cases) {
        for (const std::string format : {"table", "json"}) {
            std::vector<std::string> with_format = args;
            with_format.insert(with_format.end(), {"--format", format});
            const ProcessResult failed = run_numabind(with_format);
            EXPECT_EQ(failed.exit_status, 1) << args[2] << " " << args.back();
            EXPECT_EQ(failed.out, "");
            EXPECT_TRUE(is_one_line_error(failed, "numabind plan: ", ""));

            with_format.push_back("--fallback");
            const ProcessResult fallback = run_numabind(with_format);
            EXPECT_EQ(fallback.exit_status, 0) << args[2] << " " << args.back();
            EXPECT_EQ(fallback.out, "");
            EXPECT_TRUE(is_one_line_error(fallback, "numabind plan: ", "every rank would run unbound"));
        }
    }
}

TEST_F(CliPlan, VisibleDevicesRemapRanksToGpus) {
    // Rank 0 drives the only visible GPU, GPU 1.
    const ProcessResult flag = plan({"--mode", "node", "--visible-devices", "1", "--format", "json"});
    ASSERT_EQ(flag.exit_status, 0) << flag.err;
    json doc = json::parse(flag.out);
    ASSERT_EQ(doc.at("ranks").size(), 1u);
    expect_bound_rank(doc["ranks"][0], 0, 1, "0000:81:00.0", 1, "4-7");

    // The environment variable does the same when the flag is absent...
    const ProcessResult env =
        plan({"--mode", "node", "--format", "json"}, {{"CUDA_VISIBLE_DEVICES", "1"}});
    ASSERT_EQ(env.exit_status, 0) << env.err;
    doc = json::parse(env.out);
    ASSERT_EQ(doc.at("ranks").size(), 1u);
    expect_bound_rank(doc["ranks"][0], 0, 1, "0000:81:00.0", 1, "4-7");

    // ...and the flag replaces it when both are given.
    const ProcessResult both = plan({"--mode", "node", "--visible-devices", "1,0", "--format", "json"},
                                    {{"CUDA_VISIBLE_DEVICES", "0"}});
    ASSERT_EQ(both.exit_status, 0) << both.err;
    doc = json::parse(both.out);
    ASSERT_EQ(doc.at("ranks").size(), 2u);
    expect_bound_rank(doc["ranks"][0], 0, 1, "0000:81:00.0", 1, "4-7");
    expect_bound_rank(doc["ranks"][1], 1, 0, "0000:01:00.0", 0, "0-3");
}

TEST_F(CliPlan, PciBusIdsChooseTheGpusInOrder) {
    const ProcessResult result = plan(
        {"--mode", "node", "--pci-bus-ids", "0000:81:00.0,0000:01:00.0", "--format", "json"});
    ASSERT_EQ(result.exit_status, 0) << result.err;
    const json doc = json::parse(result.out);
    ASSERT_EQ(doc.at("ranks").size(), 2u);
    expect_bound_rank(doc["ranks"][0], 0, 0, "0000:81:00.0", 1, "4-7");
    expect_bound_rank(doc["ranks"][1], 1, 1, "0000:01:00.0", 0, "0-3");
}

TEST_F(CliPlan, BusIdTheTopologyLacksFailsThePlan) {
    // Well formed, so not a usage error; absent from this machine.
    const ProcessResult result = plan({"--mode", "node", "--pci-bus-ids", "0000:02:00.0"});
    EXPECT_EQ(result.exit_status, 1);
    EXPECT_TRUE(is_one_line_error(result, "numabind plan: ", "02:00.0"));
}

TEST_F(CliPlan, NumabindTopologyVariableStandsInForTheLiveMachine) {
    const ProcessResult result = run_numabind({"plan", "--mode", "node", "--format", "json"},
                                              {{"NUMABIND_TOPOLOGY", gpu_xml_}});
    ASSERT_EQ(result.exit_status, 0) << result.err;
    const json doc = json::parse(result.out);
    ASSERT_EQ(doc.at("ranks").size(), 2u);
    expect_bound_rank(doc["ranks"][0], 0, 0, "0000:01:00.0", 0, "0-3");
    expect_bound_rank(doc["ranks"][1], 1, 1, "0000:81:00.0", 1, "4-7");
}

TEST(CliPlanLiveMachine, FallbackNeverFailsAPlan) {
    // Whatever GPUs this machine has (often none), --fallback turns every
    // binding failure into a notice: a plan on stdout, or a notice on stderr.
    const ProcessResult result = run_numabind({"plan", "--mode", "node", "--fallback", "--format", "json"});
    EXPECT_EQ(result.exit_status, 0) << result.err;
    if (result.out.empty()) {
        EXPECT_NE(result.err.find("unbound"), std::string::npos) << result.err;
    } else {
        EXPECT_EQ(json::parse(result.out).at("schema"), "numabind.plan/1");
    }
}

}  // namespace
}  // namespace nbtest
