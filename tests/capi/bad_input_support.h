// What the bad-input matrix (bad_input_matrix_test.cpp) needs besides its
// rows: the machines its rows run on, loaded once; a way to call a function
// with an out-parameter and see whether a failure left it NULL; and the
// caller's state that no row may change (the calling thread's CPU affinity,
// its affinity stack, child processes).
#ifndef NUMABIND_TESTS_CAPI_BAD_INPUT_SUPPORT_H
#define NUMABIND_TESTS_CAPI_BAD_INPUT_SUPPORT_H

#include <string>

#include "capi_support.h"

namespace capi {
namespace bad_input {

/// The machines and objects the rows use, built once for the whole suite.
struct Inputs {
    Topology g4dn;               ///< tests/fixtures AWS g4dn.metal: 8 NVIDIA T4s on 2 nodes, 96 CPUs
    Topology two_gpus;           ///< 2 nodes of 2 cores (CPUs 0-1, 2-3), one GPU each (buses 01, 02)
    Topology no_gpu;             ///< 1 node of 4 cores, no PCI device
    Topology cpuless_only;       ///< 1 GPU whose only NUMA node is marked GPUMemory (no CPU-bearing node)
    Topology gpu_not_allowed;    ///< two_gpus with the file's allowed CPUs 0-1: GPU 1's node is outside
    Topology one_core_two_gpus;  ///< 1 node of 1 core with 2 GPUs (exclusive: too few cores)
    Plan g4dn_plan;              ///< one rank per GPU of g4dn
    Cpuset empty;                ///< ""
    Cpuset absent_cpu;           ///< the largest CPU a set may hold, 1048575: no machine has it
};

/// Loads everything once (fails the calling test when a machine cannot be built).
const Inputs &inputs();

/// Options read from JSON (NULL when the JSON is refused, which fails the calling test).
Options options_from(const char *json);

/// What a row's call did: its status, and for calls with a pointer
/// out-parameter whether that was left NULL.
struct Result {
    enum class Out { kNone, kNull, kSet };
    nb_status status;
    Out out = Out::kNone;
};

Result plain(nb_status status);

// Calls `call(&out)` with `out` set to a non-NULL sentinel first, so that a
// failure that forgets to clear it shows; frees what an unexpected success returns.
Result compute(const nb_topology *topology, const nb_options *options, int rank);
Result plan(const nb_topology *topology, const nb_options *options, int nproc);
Result load_xml_buffer(const std::string &xml);
Result load_xml_file(const char *path);
Result load_fsroot(const char *dir);
Result parse_cpu_list(const char *list);
Result parse_options(const char *json);

/// nb_spawn / nb_spawn_rank of `argv` (NULL-terminated); waits for a child
/// that an unexpected success started.
Result spawn(const char *const argv[], const char *cwd, const nb_cpuset *cpus);
Result spawn_rank(const char *const argv[], const nb_topology *topology, const nb_options *options, int rank);

/// nb_local_rank_from_environment with `name`=`value` set and the other
/// launcher variables unset; everything is unset again afterwards.
Result local_rank_with(const char *name, const char *value);

/// The calling thread's CPU affinity as a list string, read with
/// sched_getaffinity into a mask as large as the kernel's (not through numabind).
std::string calling_thread_affinity();

/// The calling thread's CPUs as an nb_cpuset: a binding that changes nothing.
Cpuset own_cpus();

/// True when the calling process has no child, running or exited, to wait for.
bool no_child_left();

}  // namespace bad_input
}  // namespace capi

#endif
