#include "policy_fixture.h"

#include <cstdlib>

namespace nbtest {

CpuSet x86_cores(int first, int count, int smt, int total_cores) {
    CpuSet out;
    for (int c = first; c < first + count; ++c)
        for (int t = 0; t < smt; ++t) out.insert(t * total_cores + c);
    return out;
}

MachineSpec four_node_machine() {
    MachineSpec s;
    s.packages = 2;
    s.nodes_per_package = 2;
    s.cores_per_l3 = 4;
    s.smt = 2;
    return s;
}

void PolicyTest::SetUp() {
    for (const char *name : {"CUDA_VISIBLE_DEVICES", "HIP_VISIBLE_DEVICES", "ROCR_VISIBLE_DEVICES",
                             "NUMABIND_TOPOLOGY"})
        unsetenv(name);
    ASSERT_EQ(nb_options_new(&opts_), NB_OK);
}

void PolicyTest::TearDown() {
    nb_options_free(opts_);
    nb_topology_free(topo_);
    opts_ = nullptr;
    topo_ = nullptr;
}

void PolicyTest::load(const MachineSpec &spec) {
    nb_topology_free(topo_);
    topo_ = nullptr;
    std::string xml = hwloc_xml(spec);
    ASSERT_EQ(nb_topology_load_xml_buffer(&topo_, xml.data(), xml.size()), NB_OK) << nb_last_error();
}

void PolicyTest::set_mode(nb_mode mode) { ASSERT_EQ(nb_options_set_mode(opts_, mode), NB_OK); }

nb_status PolicyTest::compute(int rank, CpuSet *cpus) {
    nb_cpuset *set = nullptr;
    nb_status status = nb_compute_cpuset(&set, topo_, opts_, rank);
    capi::Cpuset owned(set);
    if (status == NB_OK && cpus) *cpus = to_cpu_set(set);
    if (status != NB_OK) {
        EXPECT_EQ(set, nullptr) << "out-parameter must stay NULL on failure";
    }
    return status;
}

CpuSet PolicyTest::cpus_of(int rank) {
    CpuSet cpus;
    nb_status status = compute(rank, &cpus);
    if (status != NB_OK)
        ADD_FAILURE() << "rank " << rank << ": " << nb_status_name(status) << ": " << nb_last_error();
    return cpus;
}

int PolicyTest::host_node_of(int rank) {
    nb_plan *raw = nullptr;
    nb_status status = nb_plan_compute(&raw, topo_, opts_, rank + 1);
    capi::Plan plan(raw);
    if (status != NB_OK) {
        ADD_FAILURE() << "plan: " << nb_status_name(status) << ": " << nb_last_error();
        return -2;
    }
    int gpu = -2, node = -2;
    status = nb_plan_rank_gpu(&gpu, &node, plan.get(), rank);
    if (status != NB_OK) {
        ADD_FAILURE() << "rank " << rank << ": " << nb_status_name(status);
        return -2;
    }
    return node;
}

int PolicyTest::gpu_count() {
    int count = -1;
    nb_status status = nb_topology_gpu_count(&count, topo_, opts_);
    if (status != NB_OK) {
        ADD_FAILURE() << "gpu count: " << nb_status_name(status) << ": " << nb_last_error();
        return -1;
    }
    return count;
}

std::vector<int> PolicyTest::host_nodes() {
    std::vector<int> nodes;
    nb_plan *raw = nullptr;
    nb_status status = nb_plan_compute(&raw, topo_, opts_, 0);
    capi::Plan plan(raw);
    if (status != NB_OK) {
        ADD_FAILURE() << "plan: " << nb_status_name(status) << ": " << nb_last_error();
        return nodes;
    }
    for (int r = 0; r < nb_plan_size(plan.get()); ++r) {
        int gpu = -2, node = -2;
        if (nb_plan_rank_gpu(&gpu, &node, plan.get(), r) != NB_OK) ADD_FAILURE() << "rank " << r;
        nodes.push_back(node);
    }
    return nodes;
}

nlohmann::json PolicyTest::plan_json(int nproc) {
    nb_plan *raw = nullptr;
    nb_status status = nb_plan_compute(&raw, topo_, opts_, nproc);
    capi::Plan plan(raw);
    if (status != NB_OK) {
        ADD_FAILURE() << "plan: " << nb_status_name(status) << ": " << nb_last_error();
        return nullptr;
    }
    char *text = nullptr;
    status = nb_plan_to_json(&text, plan.get());
    if (status != NB_OK) {
        ADD_FAILURE() << "plan JSON: " << nb_status_name(status) << ": " << nb_last_error();
        return nullptr;
    }
    nlohmann::json doc = nlohmann::json::parse(capi::take_string(text), nullptr, false);
    if (doc.is_discarded()) ADD_FAILURE() << "plan JSON does not parse";
    return doc;
}

}  // namespace nbtest
