// This machine's CPUs 0 and 1 described as two NUMA nodes with one GPU each,
// so that the commands that apply bindings (exec, launch, check) bind real
// processes to distinct CPUs on a machine with one node and no GPU:
//   NUMA node 0 = CPU 0, NVIDIA GPU 0000:10:00.0 -> local rank 0, mode node: CPU 0
//   NUMA node 1 = CPU 1, NVIDIA GPU 0000:20:00.0 -> local rank 1, mode node: CPU 1
//   both nodes in package 0                      -> mode socket: CPUs 0-1
// and a variant whose second node holds CPUs 2-3, which this machine lacks.
#ifndef NUMABIND_CLI_TESTS_TWO_CPU_MACHINE_H
#define NUMABIND_CLI_TESTS_TWO_CPU_MACHINE_H

#include <gtest/gtest.h>

#include <memory>
#include <set>
#include <string>
#include <vector>

#include "process_runner.h"
#include "test_files.h"

namespace nbtest {

// The CPUs the calling thread may run on (sched_getaffinity).
std::set<int> own_affinity();

// The kernel's NUMA node of `cpu` (/sys/devices/system/cpu/cpuN/nodeM), -1
// when sysfs does not say.
int kernel_node_of_cpu(int cpu);

// The NUMA nodes of this machine (/sys/devices/system/node/nodeN).
std::set<int> kernel_numa_nodes();

// Removes every variable a launcher sets to give a local rank, so the tests
// decide the rank themselves whatever shell (or Slurm job) runs them.
EnvChanges without_rank_variables();

// without_rank_variables() with `env` set over it.
EnvChanges rank_environment(const EnvChanges &env);

// "0-1" from a "Cpus_allowed_list:\t0-1" line of `text`; "" when absent.
std::string cpus_allowed_list_in(const std::string &text);

// Writes both machines into a private directory. Skips the test when this
// process may not run on CPUs 0 and 1 (their affinity is what is tested).
class TwoCpuMachineTest : public ::testing::Test {
protected:
    void SetUp() override;

    // exec --topology <two CPUs> --mode node OPTIONS -- PROGRAM
    std::vector<std::string> exec_args(const std::vector<std::string> &options,
                                       const std::vector<std::string> &program) const;

    std::unique_ptr<TempDir> dir_;
    std::string two_cpu_xml_;  // CPUs 0 and 1 as two nodes, one GPU each
    std::string absent_cpus_xml_;  // node 0 = CPUs 0-1, node 1 = CPUs 2-3, one GPU each
};

}  // namespace nbtest

#endif
