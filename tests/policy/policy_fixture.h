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

#include "c_api_handles.h"
#include "cpu_list.h"
#include "synthetic_topology.h"

namespace nbtest {

using capi::to_cpu_set;

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

/// A PolicyTest whose options are set to `kMode` before each test.
template <nb_mode kMode>
class ModeTest : public PolicyTest {
protected:
    void SetUp() override {
        PolicyTest::SetUp();
        set_mode(kMode);
    }
};

/// 2 packages x 2 nodes x 4 cores, SMT 2: T = 16 cores, CPUs 0..31 (x86 numbering).
/// Node n holds cores 4n..4n+3; package p holds nodes 2p and 2p+1. No PCI device.
MachineSpec four_node_machine();

}  // namespace nbtest

#endif
