// Mode "exclusive": the host node's allowed cores split into consecutive
// blocks among the GPUs on that node (n/k each, one more for the lowest n%k),
// each core with all its allowed hardware threads.
#include "policy_fixture.h"

#include <cctype>
#include <set>
#include <string>

namespace nbtest {
namespace {

class ExclusiveMode : public ModeTest<NB_MODE_EXCLUSIVE> {};

// The decimal numbers appearing in a message, e.g. "node 6: 3 cores, 4 GPUs" -> {6, 3, 4}.
std::set<long> numbers_in(const std::string &text) {
    std::set<long> out;
    for (size_t i = 0; i < text.size();) {
        if (std::isdigit(static_cast<unsigned char>(text[i]))) {
            size_t j = i;
            while (j < text.size() && std::isdigit(static_cast<unsigned char>(text[j]))) ++j;
            out.insert(std::stol(text.substr(i, j - i)));
            i = j;
        } else {
            ++i;
        }
    }
    return out;
}

// 1 package, 2 nodes x 8 cores, SMT 1: node 0 = CPUs 0..7, node 1 = 8..15.
// 4 GPUs on node 0 take 8/4 = 2 cores each; 2 GPUs on node 1 take 4 each.
TEST_F(ExclusiveMode, EvenSplitGivesConsecutiveBlocks) {
    MachineSpec s;
    s.nodes_per_package = 2;
    s.cores_per_l3 = 8;
    for (int g = 0; g < 4; ++g) s.pci_devices.push_back(nvidia_gpu(bus_id_for(0x10 + g), 0, g));
    for (int g = 4; g < 6; ++g) s.pci_devices.push_back(nvidia_gpu(bus_id_for(0x10 + g), 1, g));
    load(s);
    for (int j = 0; j < 4; ++j) EXPECT_EQ(cpus_of(j), cpu_range(2 * j, 2 * j + 1)) << "GPU " << j;
    EXPECT_EQ(cpus_of(4), cpu_range(8, 11));
    EXPECT_EQ(cpus_of(5), cpu_range(12, 15));
}

// 10 cores, 4 GPUs: 10/4 = 2 each, 10%4 = 2 extra for GPUs 0 and 1 -> 3,3,2,2.
TEST_F(ExclusiveMode, RemainderGoesToTheLowestGpus) {
    MachineSpec s;
    s.cores_per_l3 = 10;
    for (int g = 0; g < 4; ++g) s.pci_devices.push_back(nvidia_gpu(bus_id_for(0x10 + g), 0, g));
    load(s);
    EXPECT_EQ(cpus_of(0), cpu_range(0, 2));
    EXPECT_EQ(cpus_of(1), cpu_range(3, 5));
    EXPECT_EQ(cpus_of(2), cpu_range(6, 7));
    EXPECT_EQ(cpus_of(3), cpu_range(8, 9));
}

// The split counts only GPUs on the same node: a GPU on another node between
// them in bus order does not shift the blocks.
TEST_F(ExclusiveMode, GpusOfOtherNodesDoNotCount) {
    MachineSpec s;
    s.nodes_per_package = 2;
    s.cores_per_l3 = 6;  // node 0 = 0..5, node 1 = 6..11
    s.pci_devices.push_back(nvidia_gpu("0000:10:00.0", 0, 0));
    s.pci_devices.push_back(nvidia_gpu("0000:20:00.0", 1, 1));
    s.pci_devices.push_back(nvidia_gpu("0000:30:00.0", 0, 2));
    load(s);
    EXPECT_EQ(cpus_of(0), cpu_range(0, 2));   // first of 2 GPUs on node 0
    EXPECT_EQ(cpus_of(1), cpu_range(6, 11));  // alone on node 1
    EXPECT_EQ(cpus_of(2), cpu_range(3, 5));   // second of 2 GPUs on node 0
}

// Every hardware thread of each core, for SMT 1, 2, 4 and 8.
class ExclusiveSmt : public ExclusiveMode, public ::testing::WithParamInterface<int> {};

// 2 nodes x 6 cores: T = 12 cores. 3 GPUs on node 1 (cores 6..11) get 2 cores each:
// GPU j has cores 6+2j and 7+2j, and thread t of core c is CPU t*12 + c.
TEST_P(ExclusiveSmt, EachCoreBringsAllItsThreads) {
    const int smt = GetParam();
    MachineSpec s;
    s.nodes_per_package = 2;
    s.cores_per_l3 = 6;
    s.smt = smt;
    for (int g = 0; g < 3; ++g) s.pci_devices.push_back(nvidia_gpu(bus_id_for(0x10 + g), 1, g));
    load(s);
    for (int j = 0; j < 3; ++j) {
        CpuSet expected;
        for (int c = 6 + 2 * j; c <= 7 + 2 * j; ++c)
            for (int t = 0; t < smt; ++t) expected.insert(t * 12 + c);
        EXPECT_EQ(cpus_of(j), expected) << "GPU " << j << ", SMT " << smt;
    }
}

// The same split with POWER numbering (thread t of core c is CPU c*smt + t).
TEST_P(ExclusiveSmt, CoreMajorNumberingKeepsThreadsTogether) {
    const int smt = GetParam();
    MachineSpec s;
    s.cores_per_l3 = 4;
    s.smt = smt;
    s.numbering = PuNumbering::kCoreMajor;
    for (int g = 0; g < 2; ++g) s.pci_devices.push_back(nvidia_gpu(bus_id_for(0x10 + g), 0, g));
    load(s);
    EXPECT_EQ(cpus_of(0), cpu_range(0, 2 * smt - 1));            // cores 0, 1
    EXPECT_EQ(cpus_of(1), cpu_range(2 * smt, 4 * smt - 1));      // cores 2, 3
}

INSTANTIATE_TEST_SUITE_P(Smt, ExclusiveSmt, ::testing::Values(1, 2, 4, 8),
                         [](const ::testing::TestParamInfo<int> &param_info) {
                             return "smt" + std::to_string(param_info.param);
                         });

// Node P#6 has 3 cores and 4 GPUs: NB_ECORES naming the node and both counts.
TEST_F(ExclusiveMode, FewerCoresThanGpusIsCoresErrorNamingNodeAndCounts) {
    MachineSpec s;
    s.nodes_per_package = 2;
    s.cores_per_l3 = 3;
    s.smt = 2;
    s.node_os_indexes = {6, 9};
    for (int g = 0; g < 4; ++g) s.pci_devices.push_back(nvidia_gpu(bus_id_for(0x10 + g), 0, g));
    load(s);
    for (int rank = 0; rank < 4; ++rank) {
        ASSERT_EQ(compute(rank, nullptr), NB_ECORES) << "rank " << rank;
        std::set<long> numbers = numbers_in(nb_last_error());
        EXPECT_TRUE(numbers.count(6)) << "node P#6 missing from: " << nb_last_error();
        EXPECT_TRUE(numbers.count(3)) << "core count 3 missing from: " << nb_last_error();
        EXPECT_TRUE(numbers.count(4)) << "GPU count 4 missing from: " << nb_last_error();
    }
}

// 8 cores, SMT 2 (T = 8, thread 1 of core c is CPU 8 + c). Allowed: CPU 2 and
// 3-7, 11-15: cores 0, 1 drop out, core 2 keeps only CPU 2 (still a core).
// 6 cores for 2 GPUs: cores 2..4 and 5..7.
TEST_F(ExclusiveMode, AllowedRestrictionRemovesCoresAndThreads) {
    MachineSpec s;
    s.cores_per_l3 = 8;
    s.smt = 2;
    s.allowed_cpus = "2-7,11-15";
    for (int g = 0; g < 2; ++g) s.pci_devices.push_back(nvidia_gpu(bus_id_for(0x10 + g), 0, g));
    load(s);
    EXPECT_EQ(list_of(0), "2-4,11-12");
    EXPECT_EQ(list_of(1), "5-7,13-15");
}

// Allowed leaves 2 cores (0 and 1) for 3 GPUs.
TEST_F(ExclusiveMode, RestrictionBelowGpuCountIsCoresError) {
    MachineSpec s;
    s.cores_per_l3 = 8;
    s.allowed_cpus = "0-1";
    for (int g = 0; g < 3; ++g) s.pci_devices.push_back(nvidia_gpu(bus_id_for(0x10 + g), 0, g));
    load(s);
    EXPECT_EQ(compute(0, nullptr), NB_ECORES);
    std::set<long> numbers = numbers_in(nb_last_error());
    EXPECT_TRUE(numbers.count(2) && numbers.count(3)) << nb_last_error();
}

// The GPUs on a node are the visible ones in visible order: with "3,1" only
// two GPUs share node 0's 8 cores; rank 0 (GPU 3) takes the first half.
TEST_F(ExclusiveMode, VisibleOrderDecidesTheBlocks) {
    MachineSpec s;
    s.cores_per_l3 = 8;
    for (int g = 0; g < 4; ++g) s.pci_devices.push_back(nvidia_gpu(bus_id_for(0x10 + g), 0, g));
    load(s);
    ASSERT_EQ(nb_options_set_visible_devices(opts_, "3,1"), NB_OK);
    EXPECT_EQ(cpus_of(0), cpu_range(0, 3));
    EXPECT_EQ(cpus_of(1), cpu_range(4, 7));
}

}  // namespace
}  // namespace nbtest
