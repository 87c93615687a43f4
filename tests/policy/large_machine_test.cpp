// A 4096-CPU, 64-GPU machine through every mode, one plan per mode.
//   8 packages x 4 nodes x 4 L3 x 16 cores, SMT 2: 32 nodes, T = 2048 cores.
//   Node n = cores 64n..64n+63; L3 l of node n = cores 64n+16l..64n+16l+15;
//   package p = cores 256p..256p+255; thread 1 of core c is CPU 2048 + c.
//   GPU g (bus g+1) is GPU j = g % 2 of node n = g / 2, attached under L3 3-j.
#include "policy_fixture.h"

namespace nbtest {
namespace {

constexpr int kCores = 2048, kGpus = 64;

MachineSpec big_machine() {
    MachineSpec s;
    s.packages = 8;
    s.nodes_per_package = 4;
    s.l3_per_node = 4;
    s.cores_per_l3 = 16;
    s.smt = 2;
    for (int g = 0; g < kGpus; ++g) {
        PciDevice gpu = nvidia_gpu(bus_id_for(g + 1), g / 2, g);
        gpu.attach = Attach::kL3;
        gpu.l3 = 3 - g % 2;
        s.pci_devices.push_back(gpu);
    }
    return s;
}

CpuSet expected_for(nb_mode mode, int g) {
    const int n = g / 2, j = g % 2;
    switch (mode) {
    case NB_MODE_NODE: return x86_cores(64 * n, 64, 2, kCores);
    case NB_MODE_SOCKET: return x86_cores(256 * (n / 4), 256, 2, kCores);
    case NB_MODE_EXCLUSIVE: return x86_cores(64 * n + 32 * j, 32, 2, kCores);   // 64 cores / 2 GPUs
    case NB_MODE_CORE_COMPLEX: return x86_cores(64 * n + 16 * j, 16, 2, kCores);  // group j, CPU order
    case NB_MODE_CLOSEST: return x86_cores(64 * n + 16 * (3 - j), 16, 2, kCores);  // its own L3
    case NB_MODE_FORCE_INT: break;  // not a mode
    }
    return {};
}

class LargeMachine : public PolicyTest, public ::testing::WithParamInterface<nb_mode> {};

TEST_P(LargeMachine, EveryRankMatchesTheArithmetic) {
    load(big_machine());
    ASSERT_EQ(gpu_count(), kGpus);
    set_mode(GetParam());
    nb_plan *raw = nullptr;
    ASSERT_EQ(nb_plan_compute(&raw, topo_, opts_, 0), NB_OK) << nb_last_error();
    capi::Plan plan(raw);
    ASSERT_EQ(nb_plan_size(plan.get()), kGpus);
    for (int g = 0; g < kGpus; ++g) {
        ASSERT_EQ(nb_plan_rank_status(plan.get(), g), NB_OK) << "rank " << g;
        nb_cpuset *set = nullptr;
        ASSERT_EQ(nb_plan_rank_cpuset(&set, plan.get(), g), NB_OK);
        capi::Cpuset owned(set);
        CpuSet got = to_cpu_set(set);
        EXPECT_EQ(format_cpu_list(got), format_cpu_list(expected_for(GetParam(), g))) << "rank " << g;
        int gpu = -2, node = -2;
        ASSERT_EQ(nb_plan_rank_gpu(&gpu, &node, plan.get(), g), NB_OK);
        EXPECT_EQ(gpu, g);
        EXPECT_EQ(node, g / 2);
    }
}

INSTANTIATE_TEST_SUITE_P(Modes, LargeMachine,
                         ::testing::Values(NB_MODE_NODE, NB_MODE_SOCKET, NB_MODE_EXCLUSIVE,
                                           NB_MODE_CORE_COMPLEX, NB_MODE_CLOSEST),
                         [](const ::testing::TestParamInfo<nb_mode> &param_info) {
                             std::string name = nb_mode_name(param_info.param);
                             for (char &c : name)
                                 if (c == '-') c = '_';
                             return name;
                         });

}  // namespace
}  // namespace nbtest
