// The CPUs `numabind plan --format json` prints agree with hwloc's own
// hwloc-calc on real machines, and with the hand-derived values in INDEX.md
// and the hwloc 2.9 reports.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "cli_test_support.h"

namespace nbtest {
namespace {

using nlohmann::json;

// hwloc-calc's PU list (OS indexes) for a location such as "node:0" (with
// --pi, a NUMA P#) or "pci=0000:18:00.0".
std::set<int> hwloc_calc_pus(const std::string &xml, const std::string &location) {
    const ProcessResult calc =
        run_process("hwloc-calc", {"--input", xml, "--pi", "--po", "-I", "pu", location});
    EXPECT_EQ(calc.exit_status, 0) << calc.err;
    return cpu_set_from_list(calc.out);
}

json plan_json(const std::string &xml, const std::string &mode) {
    const ProcessResult result =
        run_numabind({"plan", "--topology", xml, "--mode", mode, "--format", "json"});
    EXPECT_EQ(result.exit_status, 0) << result.err;
    return json::parse(result.out);
}

// AWS g4dn.metal (INDEX.md): GPUs 18:00.0 19:00.0 35:00.0 36:00.0 on NUMA P#0,
// e7:00.0 e8:00.0 f4:00.0 f5:00.0 on P#1. The report gives P#0 the cpuset
// 0x000000ff,0xffff0000,0x00ffffff = 0-23,48-71 and P#1 24-47,72-95.
TEST(CliHwlocAgreement, AwsG4dnMetalNodeModeMatchesHwlocCalc) {
    const auto xml = real_topology_xml("aws-g4dn-metal_2x-xeon8259cl_8xt4.xml");
    if (!xml) {
        GTEST_SKIP() << "aws-g4dn-metal_2x-xeon8259cl_8xt4.xml is in neither the fixtures nor "
                        "the shared topology collection";
    }
    const json ranks = plan_json(*xml, "node").at("ranks");
    ASSERT_EQ(ranks.size(), 8u);
    const char *bus_ids[] = {"0000:18:00.0", "0000:19:00.0", "0000:35:00.0", "0000:36:00.0",
                             "0000:e7:00.0", "0000:e8:00.0", "0000:f4:00.0", "0000:f5:00.0"};
    for (int rank = 0; rank < 8; ++rank) {
        SCOPED_TRACE("rank " + std::to_string(rank));
        const int node = rank < 4 ? 0 : 1;
        EXPECT_EQ(ranks[rank].at("gpu").at("pci_bus_id"), bus_ids[rank]);
        EXPECT_EQ(ranks[rank].at("numa_node"), node);
        EXPECT_EQ(ranks[rank].at("cpus"), node == 0 ? "0-23,48-71" : "24-47,72-95");
        if (program_in_path("hwloc-calc")) {
            EXPECT_EQ(cpu_set_from_list(ranks[rank].at("cpus")),
                      hwloc_calc_pus(*xml, "node:" + std::to_string(node)));
        }
    }
    if (!program_in_path("hwloc-calc")) {
        GTEST_SKIP() << "hwloc-calc is not installed: checked against the report only";
    }
}

// LLNL Tioga (INDEX.md): each MI250X GCD's locality is one L3 of 8 cores,
// smaller than its NUMA node, so "closest" must equal hwloc's cpuset of the
// PCI device, which hwloc-calc prints for pci=BUSID.
TEST(CliHwlocAgreement, TiogaClosestModeMatchesEachGpusLocality) {
    const auto xml =
        real_topology_xml("llnl-tioga_hpe-ex235a_epyc-7a53_4numa-2l3each_8xmi250x-gcd.xml");
    if (!xml) {
        GTEST_SKIP() << "the Tioga topology is in neither the fixtures nor the shared collection";
    }
    if (!program_in_path("hwloc-calc")) {
        GTEST_SKIP() << "hwloc-calc is not installed";
    }
    const json ranks = plan_json(*xml, "closest").at("ranks");
    // INDEX.md's eight GCDs, in PCI bus-id order.
    const char *bus_ids[] = {"0000:c1:00.0", "0000:c6:00.0", "0000:c9:00.0", "0000:ce:00.0",
                             "0000:d1:00.0", "0000:d6:00.0", "0000:d9:00.0", "0000:de:00.0"};
    ASSERT_EQ(ranks.size(), 8u);
    for (int rank = 0; rank < 8; ++rank) {
        SCOPED_TRACE("rank " + std::to_string(rank));
        EXPECT_EQ(ranks[rank].at("gpu").at("pci_bus_id"), bus_ids[rank]);
        const std::set<int> cpus = cpu_set_from_list(ranks[rank].at("cpus"));
        EXPECT_EQ(cpus.size(), 16u) << "8 cores with 2 hardware threads each";
        EXPECT_EQ(cpus, hwloc_calc_pus(*xml, std::string("pci=") + bus_ids[rank]));
    }
}

}  // namespace
}  // namespace nbtest
