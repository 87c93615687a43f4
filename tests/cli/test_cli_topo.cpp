// numabind topo: the GPU and NUMA tables and the topology JSON, on the
// generated two-socket machine and on a real one.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "cli_test_support.h"

namespace nbtest {
namespace {

using nlohmann::json;

class CliTopo : public GeneratedTopologyTest {};

TEST_F(CliTopo, TableShowsGpuAndNumaSectionsWithAlignedColumns) {
    const ProcessResult result = run_numabind({"topo", "--topology", gpu_xml_});
    ASSERT_EQ(result.exit_status, 0) << result.err;
    EXPECT_EQ(result.err, "");
    const auto lines = lines_of(result.out);
    ASSERT_FALSE(lines.empty());
    EXPECT_EQ(lines[0].rfind("Topology: ", 0), 0u) << lines[0];
    EXPECT_NE(find_line(lines, "Allowed CPUs: 0-7"), -1) << result.out;

    // Numbers right-aligned under their header, text left-aligned.
    const int gpus = find_line(lines, "GPUs (2):");
    ASSERT_NE(gpus, -1) << result.out;
    ASSERT_GE(lines.size(), static_cast<size_t>(gpus + 4));
    EXPECT_EQ(lines[gpus + 1], "  INDEX  PCI BUS ID    VENDOR  NUMA  PACKAGE  LOCAL CPUS");
    EXPECT_EQ(lines[gpus + 2], "      0  0000:01:00.0  nvidia     0        0  0-3");
    EXPECT_EQ(lines[gpus + 3], "      1  0000:81:00.0  nvidia     1        1  4-7");

    // Node 2 holds only GPU memory: no CPUs of its own, and its subtype.
    const int nodes = find_line(lines, "NUMA nodes (3):");
    ASSERT_NE(nodes, -1) << result.out;
    ASSERT_EQ(lines.size(), static_cast<size_t>(nodes + 5)) << result.out;
    EXPECT_EQ(lines[nodes + 1], "  NODE  PACKAGE  CPUS  SUBTYPE");
    EXPECT_EQ(lines[nodes + 2], "     0        0  0-3   -");
    EXPECT_EQ(lines[nodes + 3], "     1        1  4-7   -");
    EXPECT_EQ(lines[nodes + 4], "     2        1  -     GPUMemory");
}

TEST_F(CliTopo, JsonIsTheTopologyDocument) {
    const ProcessResult result = run_numabind({"topo", "--topology", gpu_xml_, "--format", "json"});
    ASSERT_EQ(result.exit_status, 0) << result.err;
    const json doc = json::parse(result.out);  // throws, failing the test, if not JSON
    EXPECT_EQ(doc.at("schema"), "numabind.topology/1");
    EXPECT_EQ(doc.at("allowed_cpus"), "0-7");

    const json &gpus = doc.at("gpus");
    ASSERT_EQ(gpus.size(), 2u);
    const char *bus_ids[] = {"0000:01:00.0", "0000:81:00.0"};
    const char *local_cpus[] = {"0-3", "4-7"};
    for (int i = 0; i < 2; ++i) {
        EXPECT_EQ(gpus[i].at("index"), i);
        EXPECT_EQ(gpus[i].at("pci_bus_id"), bus_ids[i]);
        EXPECT_EQ(gpus[i].at("vendor"), "nvidia");
        EXPECT_EQ(gpus[i].at("pci_id"), "10de:1eb8");
        EXPECT_EQ(gpus[i].at("pci_class"), "0302");
        EXPECT_EQ(gpus[i].at("numa_node"), i);
        EXPECT_EQ(gpus[i].at("package"), i);
        EXPECT_EQ(gpus[i].at("local_cpus"), local_cpus[i]);
    }

    const json &nodes = doc.at("numa_nodes");
    ASSERT_EQ(nodes.size(), 3u);
    EXPECT_EQ(nodes[0].at("os_index"), 0);
    EXPECT_EQ(nodes[0].at("cpus"), "0-3");
    EXPECT_EQ(nodes[0].at("has_cpus"), true);
    EXPECT_TRUE(nodes[0].at("subtype").is_null());
    EXPECT_EQ(nodes[1].at("os_index"), 1);
    EXPECT_EQ(nodes[1].at("cpus"), "4-7");
    EXPECT_EQ(nodes[1].at("has_cpus"), true);
    EXPECT_EQ(nodes[2].at("os_index"), 2);
    EXPECT_EQ(nodes[2].at("has_cpus"), false);
    EXPECT_EQ(nodes[2].at("subtype"), "GPUMemory");
    EXPECT_EQ(nodes[2].at("package"), 1);
}

TEST_F(CliTopo, MachineWithoutGpusSaysSo) {
    const ProcessResult result = run_numabind({"topo", "--topology", no_gpu_xml_});
    ASSERT_EQ(result.exit_status, 0) << result.err;
    const auto lines = lines_of(result.out);
    EXPECT_NE(find_line(lines, "GPUs: none"), -1) << result.out;
    EXPECT_NE(find_line(lines, "NUMA nodes (2):"), -1) << result.out;
}

TEST_F(CliTopo, VendorAndBusIdsSelectTheGpus) {
    // Both GPUs are NVIDIA: asking for AMD finds none.
    const ProcessResult amd =
        run_numabind({"topo", "--topology", gpu_xml_, "--format", "json", "--vendor", "amd"});
    ASSERT_EQ(amd.exit_status, 0) << amd.err;
    EXPECT_TRUE(json::parse(amd.out).at("gpus").empty());

    const ProcessResult one = run_numabind(
        {"topo", "--topology", gpu_xml_, "--format", "json", "--pci-bus-ids", "81:00.0"});
    ASSERT_EQ(one.exit_status, 0) << one.err;
    const json gpus = json::parse(one.out).at("gpus");
    ASSERT_EQ(gpus.size(), 1u);
    EXPECT_EQ(gpus[0].at("pci_bus_id"), "0000:81:00.0");
    EXPECT_EQ(gpus[0].at("numa_node"), 1);
}

TEST_F(CliTopo, NumabindTopologyVariableStandsInForTheLiveMachine) {
    // No --topology: the library loads the live machine unless
    // NUMABIND_TOPOLOGY names a file, as here.
    const ProcessResult result =
        run_numabind({"topo", "--format", "json"}, {{"NUMABIND_TOPOLOGY", gpu_xml_}});
    ASSERT_EQ(result.exit_status, 0) << result.err;
    const json doc = json::parse(result.out);
    ASSERT_EQ(doc.at("gpus").size(), 2u);
    EXPECT_EQ(doc.at("gpus")[1].at("pci_bus_id"), "0000:81:00.0");
}

// AWS g4dn.metal, from INDEX.md and reports/aws-g4dn-metal_*.hwloc29.txt:
// NUMA P#0 cpuset 0x000000ff,0xffff0000,0x00ffffff = 0-23,48-71 holds GPUs
// 18:00.0 19:00.0 35:00.0 36:00.0; NUMA P#1 cpuset
// 0xffffff00,0x0000ffff,0xff000000 = 24-47,72-95 holds e7 e8 f4 f5.
TEST(CliTopoRealMachine, AwsG4dnMetalTableRows) {
    const auto xml = real_topology_xml("aws-g4dn-metal_2x-xeon8259cl_8xt4.xml");
    if (!xml) {
        GTEST_SKIP() << "aws-g4dn-metal_2x-xeon8259cl_8xt4.xml is in neither the fixtures nor "
                        "the shared topology collection";
    }
    const ProcessResult result = run_numabind({"topo", "--topology", *xml});
    ASSERT_EQ(result.exit_status, 0) << result.err;
    const auto lines = lines_of(result.out);
    const int gpus = find_line(lines, "GPUs (8):");
    ASSERT_NE(gpus, -1) << result.out;
    EXPECT_EQ(table_cells(lines[gpus + 1], 6),
              (std::vector<std::string>{"INDEX", "PCI BUS ID", "VENDOR", "NUMA", "PACKAGE",
                                        "LOCAL CPUS"}));
    const char *bus_ids[] = {"0000:18:00.0", "0000:19:00.0", "0000:35:00.0", "0000:36:00.0",
                             "0000:e7:00.0", "0000:e8:00.0", "0000:f4:00.0", "0000:f5:00.0"};
    for (int i = 0; i < 8; ++i) {
        const std::string node = i < 4 ? "0" : "1";
        const std::string cpus = i < 4 ? "0-23,48-71" : "24-47,72-95";
        EXPECT_EQ(table_cells(lines[gpus + 2 + i], 6),
                  (std::vector<std::string>{std::to_string(i), bus_ids[i], "nvidia", node, node,
                                            cpus}));
    }
    const int nodes = find_line(lines, "NUMA nodes (2):");
    ASSERT_NE(nodes, -1) << result.out;
    EXPECT_EQ(table_cells(lines[nodes + 2], 4),
              (std::vector<std::string>{"0", "0", "0-23,48-71", "-"}));
    EXPECT_EQ(table_cells(lines[nodes + 3], 4),
              (std::vector<std::string>{"1", "1", "24-47,72-95", "-"}));
}

}  // namespace
}  // namespace nbtest
