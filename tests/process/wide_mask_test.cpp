// CPU masks wider than glibc's 1024-CPU cpu_set_t, on this machine's CPUs 0
// and 1. A set naming CPUs 1500 and 4095 must reach the kernel whole: the
// kernel keeps only CPU 0, and numabind must refuse the set naming what was
// dropped, rather than bind to CPU 0 as a mask cut at 1024 CPUs would. A
// small set held in a 4096-bit bitmap binds and unbinds exactly. And the
// bindings of the synthetic 4096-CPU, 64-GPU machine apply through the same
// paths: refused where this machine lacks their CPUs, applied where an
// allowed-CPU override brings them onto CPUs 0 and 1.
#include <algorithm>
#include <initializer_list>
#include <string>

#include <gtest/gtest.h>

#include "cpu_list.h"
#include "process_support.h"

namespace nbtest {
namespace process {
namespace {

// An nb_cpuset holding `cpus`, grown to 4096 bits first: CPU 4095 is added
// and removed again, so the bitmap is as wide as the big machine's.
capi::Cpuset wide_set(std::initializer_list<int> cpus) {
    nb_cpuset *set = nullptr;
    if (nb_cpuset_new(&set) != NB_OK || nb_cpuset_add(set, 4095) != NB_OK) return nullptr;
    for (int cpu : cpus) nb_cpuset_add(set, cpu);
    if (std::find(cpus.begin(), cpus.end(), 4095) == cpus.end()) nb_cpuset_remove(set, 4095);
    return capi::Cpuset(set);
}

// The shape of tests/policy/large_machine_test.cpp's machine (there the GPUs
// hang under L3s; here under their nodes, which is all push needs): 8 packages x
// 4 nodes x 4 L3 x 16 cores, SMT 2 (CPUs 0-4095, thread 1 of core c is CPU
// 2048 + c); GPU g on node g / 2. Node 0 holds cores 0-63.
MachineSpec big_machine() {
    MachineSpec spec;
    spec.packages = 8;
    spec.nodes_per_package = 4;
    spec.l3_per_node = 4;
    spec.cores_per_l3 = 16;
    spec.smt = 2;
    for (int g = 0; g < 64; ++g) spec.pci_devices.push_back(nvidia_gpu(bus_id_for(g + 1), g / 2, g));
    return spec;
}

class WideMask : public BindingTest {
protected:
    // The CPUs of `wanted` this thread cannot run on: what the kernel drops.
    std::string absent_here(const CpuSet &wanted) const {
        CpuSet absent;
        const CpuSet here = parse_cpu_list(original_);
        std::set_difference(wanted.begin(), wanted.end(), here.begin(), here.end(),
                            std::inserter(absent, absent.end()));
        return format_cpu_list(absent);
    }
    void expect_caller_unchanged() {
        EXPECT_EQ(calling_thread_cpus(), original_);
        EXPECT_EQ(nb_affinity_depth(), 0);
    }
};

TEST_F(WideMask, CpusAbove1023AreRefusedNamedNotCutOff) {
    if (absent_here({1500, 4095}) != "1500,4095") GTEST_SKIP() << "this thread may run on CPU 1500 or 4095";
    const capi::Cpuset set = wide_set({0, 1500, 4095});
    ASSERT_EQ(capi::format(set.get()), "0,1500,4095");
    ASSERT_EQ(nb_affinity_push(set.get(), nullptr), NB_EAFFINITY)
        << "a mask cut at 1024 CPUs would have bound the thread to CPU 0";
    EXPECT_TRUE(capi::last_error_names("CPUs 1500,4095 do not exist"));
    expect_caller_unchanged();
}

TEST_F(WideMask, OnlyCpusAbove1023AreRefusedByTheKernelItself) {
    if (absent_here({1500, 4095}) != "1500,4095") GTEST_SKIP() << "this thread may run on CPU 1500 or 4095";
    ASSERT_EQ(nb_affinity_push(wide_set({1500, 4095}).get(), nullptr), NB_EAFFINITY);
    EXPECT_TRUE(capi::last_error_names("cannot bind to CPUs 1500,4095"));
    expect_caller_unchanged();
}

TEST_F(WideMask, ASmallSetInAWideBitmapPushesAndPopsExactly) {
    ASSERT_EQ(nb_affinity_push(wide_set({1}).get(), nullptr), NB_OK) << nb_last_error();
    EXPECT_EQ(calling_thread_cpus(), "1");
    ASSERT_EQ(nb_affinity_push(wide_set({0, 1}).get(), nullptr), NB_OK) << nb_last_error();
    EXPECT_EQ(calling_thread_cpus(), "0-1");
    ASSERT_EQ(nb_affinity_pop(), NB_OK);
    EXPECT_EQ(calling_thread_cpus(), "1");
    ASSERT_EQ(nb_affinity_pop(), NB_OK);
    expect_caller_unchanged();
}

TEST_F(WideMask, ASpawnedChildGetsAWideBitmapsSetOrNoChildStarts) {
    if (absent_here({4095}) != "4095") GTEST_SKIP() << "this thread may run on CPU 4095";
    TempDir dir;
    const std::string report = dir.file("report");
    const char *argv[] = {probe_path(), report.c_str(), nullptr};
    int pid = -1;
    ASSERT_EQ(nb_spawn(&pid, argv, nullptr, nullptr, wide_set({1}).get(), nullptr), NB_OK) << nb_last_error();
    ASSERT_EQ(wait_for(pid), 0);
    EXPECT_EQ(read_probe(report).at("cpus"), "1");
    EXPECT_EQ(nb_spawn(&pid, argv, nullptr, nullptr, wide_set({1, 4095}).get(), nullptr), NB_EAFFINITY);
    EXPECT_TRUE(capi::last_error_names("CPUs 4095 do not exist"));
    EXPECT_TRUE(no_children_left());
    expect_caller_unchanged();
}

TEST_F(WideMask, TheBigMachinesRankIsRefusedHereNamingTheMissingCpus) {
    const TempFile machine = write_temp_xml(big_machine());
    const capi::Topology topology = load_topology(machine);
    // Rank 0 drives GPU 0 on node 0: cores 0-63 and their second threads 2048-2111.
    const std::string absent = absent_here(cpu_union(cpu_range(0, 63), cpu_range(2048, 2111)));
    if (absent.empty()) GTEST_SKIP() << "this thread may run on every CPU of the big machine's node 0";
    ASSERT_EQ(nb_affinity_push_rank(topology.get(), nullptr, 0), NB_EAFFINITY);
    EXPECT_TRUE(capi::last_error_names("cannot bind to CPUs 0-63,2048-2111: CPUs " + absent + " do not exist"));
    expect_caller_unchanged();
}

TEST_F(WideMask, TheBigMachinesRankAppliesWhereItsCpusExist) {
    const TempFile machine = write_temp_xml(big_machine());
    const capi::Topology topology = load_topology(machine);
    const capi::Options options = make_options();
    // Rank 63 drives GPU 63 on node 31, whose cores are 1984-2047 (CPUs
    // 1984-2047 and 4032-4095): allowing CPUs 0-1 and 4032-4095 leaves the latter.
    ASSERT_EQ(nb_options_set_allowed_cpus(options.get(), cpus("0-1,4032-4095").get()), NB_OK);
    // None of them exists here: the kernel refuses the whole set.
    if (absent_here(cpu_range(4032, 4095)) == "4032-4095") {
        ASSERT_EQ(nb_affinity_push_rank(topology.get(), options.get(), 63), NB_EAFFINITY);
        EXPECT_TRUE(capi::last_error_names("cannot bind to CPUs 4032-4095: none of them is present"));
        expect_caller_unchanged();
    }
    // Rank 0's node holds CPUs 0 and 1: allowed to those, it binds there.
    ASSERT_EQ(nb_options_set_allowed_cpus(options.get(), cpus("0-1,4095").get()), NB_OK);
    ASSERT_EQ(nb_affinity_push_rank(topology.get(), options.get(), 0), NB_OK) << nb_last_error();
    EXPECT_EQ(calling_thread_cpus(), "0-1");
    ASSERT_EQ(nb_affinity_pop(), NB_OK);
    expect_caller_unchanged();
}

}  // namespace
}  // namespace process
}  // namespace nbtest
