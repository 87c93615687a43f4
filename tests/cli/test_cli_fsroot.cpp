// A directory given to --topology is read as a captured sysfs tree. The
// capture is hwloc's nvidiagpunumanodes (IBM POWER9 with six V100s), unpacked
// into a temporary directory. Facts from INDEX.md and
// reports/ibm-power9_v100-gpu-numa-nodes_default-hidden.hwloc29.txt:
// CPU NUMA nodes P#0 (cpuset 0x0000ffff = 0-15) and P#8
// (0x000000ff,0xff000000,,0x0 = 88-103); GPUs 0004:05:00.0 .. 0006:00:00.0 are
// local to P#0, 0007:00:00.0 .. 0035:05:00.0 to P#8; the capture keeps only
// their PCI class (0300), with vendor 0000, so no vendor rule finds them and
// they must be named with --pci-bus-ids.
#include <gtest/gtest.h>

#include <map>
#include <nlohmann/json.hpp>

#include "cli_test_support.h"

namespace nbtest {
namespace {

using nlohmann::json;

class CliFsrootCapture : public ::testing::Test {
protected:
    void SetUp() override {
        const auto tarball = sysfs_capture_tarball("nvidiagpunumanodes.tar.bz2");
        if (!tarball) {
            GTEST_SKIP() << "nvidiagpunumanodes.tar.bz2 is in neither the fixtures nor the "
                            "shared collection's fsroot-captures/";
        }
        if (!program_in_path("tar") || !program_in_path("bzip2")) {
            GTEST_SKIP() << "tar and bzip2 are needed to unpack the sysfs capture";
        }
        const ProcessResult untar = run_process("tar", {"xjf", *tarball, "-C", dir_.path()});
        ASSERT_EQ(untar.exit_status, 0) << untar.err;
        root_ = dir_.path() + "/nvidiagpunumanodes";
    }

    TempDir dir_;
    std::string root_;
};

TEST_F(CliFsrootCapture, TopoReadsTheCapturedNumaNodes) {
    const ProcessResult result = run_numabind({"topo", "--topology", root_, "--format", "json"});
    ASSERT_EQ(result.exit_status, 0) << result.err;
    const json doc = json::parse(result.out);
    // GPU-memory nodes may or may not be kept; the CPU nodes are these two.
    std::map<int, std::string> cpu_nodes;
    for (const json &node : doc.at("numa_nodes")) {
        if (node.at("has_cpus") == true) {
            cpu_nodes[node.at("os_index").get<int>()] = node.at("cpus").get<std::string>();
        }
    }
    EXPECT_EQ(cpu_nodes, (std::map<int, std::string>{{0, "0-15"}, {8, "88-103"}}));
    EXPECT_TRUE(doc.at("gpus").empty()) << "vendor 0000 devices are no vendor's GPUs";
}

TEST_F(CliFsrootCapture, PlanBindsNamedDevicesToTheirNodes) {
    const ProcessResult result =
        run_numabind({"plan", "--topology", root_, "--mode", "node", "--pci-bus-ids",
                      "0004:05:00.0,0035:05:00.0", "--format", "json"});
    ASSERT_EQ(result.exit_status, 0) << result.err;
    const json ranks = json::parse(result.out).at("ranks");
    ASSERT_EQ(ranks.size(), 2u);
    EXPECT_EQ(ranks[0].at("gpu").at("pci_bus_id"), "0004:05:00.0");
    EXPECT_EQ(ranks[0].at("numa_node"), 0);
    EXPECT_EQ(ranks[0].at("cpus"), "0-15");
    EXPECT_EQ(ranks[1].at("gpu").at("pci_bus_id"), "0035:05:00.0");
    EXPECT_EQ(ranks[1].at("numa_node"), 8);
    EXPECT_EQ(ranks[1].at("cpus"), "88-103");
}

TEST_F(CliFsrootCapture, PlanWithoutGpusFailsUnlessFallback) {
    const ProcessResult failed = run_numabind({"plan", "--topology", root_, "--mode", "node"});
    EXPECT_EQ(failed.exit_status, 1);
    EXPECT_TRUE(is_one_line_error(failed, "numabind plan: ", ""));
    const ProcessResult fallback =
        run_numabind({"plan", "--topology", root_, "--mode", "node", "--fallback"});
    EXPECT_EQ(fallback.exit_status, 0);
    EXPECT_TRUE(is_one_line_error(fallback, "numabind plan: ", "every rank would run unbound"));
}

}  // namespace
}  // namespace nbtest
