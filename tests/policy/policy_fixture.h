// Shared fixture for the policy suites: load a synthetic machine, set options,
// compute bindings through the public C API, and compare against CPU sets the
// test derives by hand from the machine's parameters.
#ifndef NUMABIND_TESTS_POLICY_POLICY_FIXTURE_H
#define NUMABIND_TESTS_POLICY_POLICY_FIXTURE_H

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <numabind.h>

#include <string>
#include <vector>

#include "cpu_list.h"
#include "synthetic_topology.h"

namespace nbtest {

/// The CPUs of an nb_cpuset, read with nb_cpuset_next (NULL -> empty).
CpuSet to_cpu_set(const nb_cpuset *set);

/// An nb_cpuset holding exactly `cpus` (built with nb_cpuset_add). nb_cpuset_free() it.
nb_cpuset *make_nb_cpuset(const CpuSet &cpus);

/// The CPUs of `threads` hardware threads of cores first .. first+count-1 under
/// Linux x86 numbering: thread t of core c is CPU t*total_cores + c.
CpuSet x86_cores(int first, int count, int smt, int total_cores);

/// Owns a topology and options; unsets the GPU-selection environment so that
/// the host's CUDA_VISIBLE_DEVICES and friends never leak into a result.
class PolicyTest : public ::testing::Test {
protected:
    void SetUp() override;
    void TearDown() override;

    /// Loads hwloc_xml(spec) through nb_topology_load_xml_buffer (fails the test on error).
    void load(const MachineSpec &spec);
    void set_mode(nb_mode mode);

    /// nb_compute_cpuset for `rank`; fills *cpus on success.
    nb_status compute(int rank, CpuSet *cpus);
    /// The rank's CPUs; adds a failure (with nb_last_error) when the call fails.
    CpuSet cpus_of(int rank);
    /// The list string of the rank's CPUs, for readable EXPECT_EQ output.
    std::string list_of(int rank) { return format_cpu_list(cpus_of(rank)); }
    /// The host node (OS index) a one-rank-per-GPU plan reports for `rank`; -2 on failure.
    int host_node_of(int rank);
    /// nb_topology_gpu_count under the options; -1 (and a failure) on error.
    int gpu_count();
    /// The host node of every rank of a plan with one rank per visible GPU (nproc = 0);
    /// empty (and a failure) when the plan cannot be computed.
    std::vector<int> host_nodes();
    /// nb_plan_to_json of nb_plan_compute(nproc), parsed; null (and a failure) on error.
    nlohmann::json plan_json(int nproc);

    nb_topology *topo_ = nullptr;
    nb_options *opts_ = nullptr;
};

}  // namespace nbtest

#endif
