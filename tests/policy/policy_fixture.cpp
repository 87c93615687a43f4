#include "policy_fixture.h"

#include <cstdlib>

namespace nbtest {

CpuSet to_cpu_set(const nb_cpuset *set) {
    CpuSet out;
    if (!set) return out;
    for (int cpu = nb_cpuset_next(set, -1); cpu != -1; cpu = nb_cpuset_next(set, cpu)) out.insert(cpu);
    return out;
}

nb_cpuset *make_nb_cpuset(const CpuSet &cpus) {
    nb_cpuset *set = nullptr;
    if (nb_cpuset_new(&set) != NB_OK) return nullptr;
    for (int cpu : cpus) nb_cpuset_add(set, cpu);
    return set;
}

CpuSet x86_cores(int first, int count, int smt, int total_cores) {
    CpuSet out;
    for (int c = first; c < first + count; ++c)
        for (int t = 0; t < smt; ++t) out.insert(t * total_cores + c);
    return out;
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
    if (status == NB_OK && cpus) *cpus = to_cpu_set(set);
    if (status != NB_OK) {
        EXPECT_EQ(set, nullptr) << "out-parameter must stay NULL on failure";
    }
    nb_cpuset_free(set);
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
    nb_plan *plan = nullptr;
    nb_status status = nb_plan_compute(&plan, topo_, opts_, rank + 1);
    if (status != NB_OK) {
        ADD_FAILURE() << "plan: " << nb_status_name(status) << ": " << nb_last_error();
        return -2;
    }
    int gpu = -2, node = -2;
    status = nb_plan_rank_gpu(&gpu, &node, plan, rank);
    nb_plan_free(plan);
    if (status != NB_OK) {
        ADD_FAILURE() << "rank " << rank << ": " << nb_status_name(status);
        return -2;
    }
    return node;
}

}  // namespace nbtest

namespace nbtest {

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
    nb_plan *plan = nullptr;
    nb_status status = nb_plan_compute(&plan, topo_, opts_, 0);
    if (status != NB_OK) {
        ADD_FAILURE() << "plan: " << nb_status_name(status) << ": " << nb_last_error();
        return nodes;
    }
    for (int r = 0; r < nb_plan_size(plan); ++r) {
        int gpu = -2, node = -2;
        if (nb_plan_rank_gpu(&gpu, &node, plan, r) != NB_OK) ADD_FAILURE() << "rank " << r;
        nodes.push_back(node);
    }
    nb_plan_free(plan);
    return nodes;
}

nlohmann::json PolicyTest::plan_json(int nproc) {
    nb_plan *plan = nullptr;
    nb_status status = nb_plan_compute(&plan, topo_, opts_, nproc);
    if (status != NB_OK) {
        ADD_FAILURE() << "plan: " << nb_status_name(status) << ": " << nb_last_error();
        return nullptr;
    }
    char *text = nullptr;
    status = nb_plan_to_json(&text, plan);
    nb_plan_free(plan);
    if (status != NB_OK) {
        ADD_FAILURE() << "plan JSON: " << nb_status_name(status) << ": " << nb_last_error();
        return nullptr;
    }
    nlohmann::json doc = nlohmann::json::parse(text, nullptr, false);
    nb_free(text);
    if (doc.is_discarded()) ADD_FAILURE() << "plan JSON does not parse";
    return doc;
}

}  // namespace nbtest
