// numabind::read_kernel_nodes / nodes_holding (src/kernel_numa_nodes.h): the
// kernel's CPU-to-node map read from a sysfs node directory, here a fake one
// with sparse node numbers, a CPU-less node and the files sysfs puts beside
// the nodes.
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <string>

#include <gtest/gtest.h>

#include "kernel_numa_nodes.h"
#include "unit_support.h"

namespace unit {
namespace {

using numabind::CpuSet;

class FakeSysfsNodes : public ::testing::Test {
protected:
    void SetUp() override {
        char pattern[] = "/tmp/numabind-nodes-XXXXXX";
        ASSERT_NE(mkdtemp(pattern), nullptr);
        dir_ = pattern;
    }
    void TearDown() override { std::system(("rm -rf '" + dir_ + "'").c_str()); }
    void node(const std::string &name, const std::string &cpulist) {
        ASSERT_EQ(mkdir((dir_ + "/" + name).c_str(), 0755), 0);
        std::ofstream(dir_ + "/" + name + "/cpulist") << cpulist << "\n";
    }
    void file(const std::string &name, const std::string &content) { std::ofstream(dir_ + "/" + name) << content; }
    std::string dir_;
};

TEST_F(FakeSysfsNodes, ReadsEveryNodeInOsIndexOrderAndIgnoresOtherEntries) {
    node("node8", "4-7,12-15");
    node("node0", "0-3,8-11");
    node("node252", "");  // GPU memory: no CPUs
    file("possible", "0,8,252\n");
    file("has_cpu", "0,8\n");
    ASSERT_EQ(mkdir((dir_ + "/power").c_str(), 0755), 0);

    const auto nodes = numabind::read_kernel_nodes(dir_);
    ASSERT_EQ(nodes.size(), 3u);
    EXPECT_EQ(nodes[0].os_index, 0u);
    EXPECT_EQ(nodes[0].cpus.format(), "0-3,8-11");
    EXPECT_EQ(nodes[1].os_index, 8u);
    EXPECT_EQ(nodes[1].cpus.format(), "4-7,12-15");
    EXPECT_EQ(nodes[2].os_index, 252u);
    EXPECT_TRUE(nodes[2].cpus.empty());
}

TEST_F(FakeSysfsNodes, NodesHoldingAreThoseSharingACpu) {
    node("node0", "0-3,8-11");
    node("node8", "4-7,12-15");
    node("node252", "");
    const auto nodes = numabind::read_kernel_nodes(dir_);
    EXPECT_EQ(numabind::nodes_holding(nodes, CpuSet::parse("1")).format(), "0");
    EXPECT_EQ(numabind::nodes_holding(nodes, CpuSet::parse("12")).format(), "8");
    EXPECT_EQ(numabind::nodes_holding(nodes, CpuSet::parse("3-4")).format(), "0,8");
    EXPECT_EQ(numabind::nodes_holding(nodes, CpuSet::parse("16-20")).format(), "") << "CPUs no node holds";
}

TEST_F(FakeSysfsNodes, AKernelWithoutNumaHasNoNodeDirectory) {
    EXPECT_TRUE(numabind::read_kernel_nodes(dir_ + "/missing").empty());
}

TEST_F(FakeSysfsNodes, AMalformedCpulistIsEcpulist) {
    node("node0", "0-3,garbage");
    EXPECT_TRUE(throws_error([&] { numabind::read_kernel_nodes(dir_); }, NB_ECPULIST, "garbage"));
}

TEST(ThisMachineNodes, HoldEveryCpuThisThreadMayRunOn) {
    // Independent check: sysfs's own list of CPU-bearing nodes.
    const auto &nodes = numabind::this_machine_nodes();
    std::ifstream has_cpu("/sys/devices/system/node/has_cpu");
    if (!has_cpu) GTEST_SKIP() << "this kernel exposes no NUMA nodes in sysfs";
    std::string list;
    std::getline(has_cpu, list);
    CpuSet with_cpus;
    for (const auto &node : nodes)
        if (!node.cpus.empty()) with_cpus.add(node.os_index);
    EXPECT_EQ(with_cpus.format(), list);
}

}  // namespace
}  // namespace unit
