#include "bad_input_support.h"

#include <sched.h>
#include <sys/wait.h>

#include <cerrno>
#include <cstdlib>
#include <vector>

#include "cpu_list.h"
#include "synthetic_topology.h"

namespace capi {
namespace bad_input {

namespace {

using nbtest::MachineSpec;

Topology load_buffer(const std::string &xml, const char *what) {
    nb_topology *raw = nullptr;
    if (nb_topology_load_xml_buffer(&raw, xml.data(), xml.size()) != NB_OK)
        ADD_FAILURE() << "cannot load the " << what << " machine: " << nb_last_error();
    return Topology(raw);
}

Topology load(const MachineSpec &spec, const char *what) { return load_buffer(nbtest::hwloc_xml(spec), what); }

// 1 package, `nodes` nodes of `cores` cores each (CPU c = core c), `gpus` on node g % nodes.
MachineSpec machine(int nodes, int cores, int gpus) {
    MachineSpec spec;
    spec.nodes_per_package = nodes;
    spec.cores_per_l3 = cores;
    for (int g = 0; g < gpus; ++g) spec.pci_devices.push_back(nbtest::nvidia_gpu(nbtest::bus_id_for(g + 1), g % nodes, g));
    return spec;
}

// The generator's NUMA node, marked as a GPU's own memory: hwloc keeps its
// cpuset, numabind must not take it for a node with CPUs.
std::string with_only_cpuless_nodes(std::string xml) {
    const std::string node = "type=\"NUMANode\"";
    for (size_t at = xml.find(node); at != std::string::npos; at = xml.find(node, at + 1))
        xml.insert(at + node.size(), " subtype=\"GPUMemory\"");
    return xml;
}

Inputs build_inputs() {
    // The host's GPU selection must not leak into any row.
    for (const char *name : {"CUDA_VISIBLE_DEVICES", "HIP_VISIBLE_DEVICES", "ROCR_VISIBLE_DEVICES", "NUMABIND_TOPOLOGY"})
        unsetenv(name);
    Inputs in;
    nb_topology *raw = nullptr;
    const std::string g4dn = std::string(NUMABIND_FIXTURES_DIR) + "/aws-g4dn-metal_2x-xeon8259cl_8xt4.xml";
    if (nb_topology_load_xml(&raw, g4dn.c_str()) != NB_OK) ADD_FAILURE() << nb_last_error();
    in.g4dn.reset(raw);
    in.two_gpus = load(machine(2, 2, 2), "two-GPU");
    in.no_gpu = load(machine(1, 4, 0), "GPU-less");
    in.cpuless_only = load_buffer(with_only_cpuless_nodes(nbtest::hwloc_xml(machine(1, 2, 1))), "CPU-less-node");
    MachineSpec partition = machine(2, 2, 2);
    partition.allowed_cpus = "0-1";
    in.gpu_not_allowed = load(partition, "partitioned");
    in.one_core_two_gpus = load(machine(1, 1, 2), "one-core");
    nb_plan *plan = nullptr;
    if (nb_plan_compute(&plan, in.g4dn.get(), nullptr, 0) != NB_OK) ADD_FAILURE() << nb_last_error();
    in.g4dn_plan.reset(plan);
    in.empty = make_cpuset({});
    in.absent_cpu = make_cpuset({NB_CPUSET_MAX_CPU});
    return in;
}

template <class T>
void release(T *out);
template <>
void release(nb_cpuset *out) { nb_cpuset_free(out); }
template <>
void release(nb_options *out) { nb_options_free(out); }
template <>
void release(nb_topology *out) { nb_topology_free(out); }
template <>
void release(nb_plan *out) { nb_plan_free(out); }

template <class T, class Call>
Result with_out(Call &&call) {
    T *out = reinterpret_cast<T *>(0x1);
    const nb_status status = call(&out);
    const bool left_null = out == nullptr;
    if (status == NB_OK && !left_null) release(out);
    return {status, left_null ? Result::Out::kNull : Result::Out::kSet};
}

void reap(nb_status status, int pid) {
    if (status == NB_OK) waitpid(pid, nullptr, 0);
}

}  // namespace

const Inputs &inputs() {
    static const Inputs built = build_inputs();
    return built;
}

Options options_from(const char *json) {
    nb_options *raw = nullptr;
    if (nb_options_from_json(&raw, json) != NB_OK) ADD_FAILURE() << json << ": " << nb_last_error();
    return Options(raw);
}

Result plain(nb_status status) { return {status, Result::Out::kNone}; }

Result compute(const nb_topology *topology, const nb_options *options, int rank) {
    return with_out<nb_cpuset>([&](nb_cpuset **out) { return nb_compute_cpuset(out, topology, options, rank); });
}

Result plan(const nb_topology *topology, const nb_options *options, int nproc) {
    return with_out<nb_plan>([&](nb_plan **out) { return nb_plan_compute(out, topology, options, nproc); });
}

Result load_xml_buffer(const std::string &xml) {
    return with_out<nb_topology>(
        [&](nb_topology **out) { return nb_topology_load_xml_buffer(out, xml.data(), xml.size()); });
}

Result load_xml_file(const char *path) {
    return with_out<nb_topology>([&](nb_topology **out) { return nb_topology_load_xml(out, path); });
}

Result load_fsroot(const char *dir) {
    return with_out<nb_topology>([&](nb_topology **out) { return nb_topology_load_fsroot(out, dir); });
}

Result parse_cpu_list(const char *list) {
    return with_out<nb_cpuset>([&](nb_cpuset **out) { return nb_cpuset_parse(out, list); });
}

Result parse_options(const char *json) {
    return with_out<nb_options>([&](nb_options **out) { return nb_options_from_json(out, json); });
}

Result spawn(const char *const argv[], const char *cwd, const nb_cpuset *cpus) {
    int pid = -1;
    const nb_status status = nb_spawn(&pid, argv, nullptr, cwd, cpus, nullptr);
    reap(status, pid);
    return plain(status);
}

Result spawn_rank(const char *const argv[], const nb_topology *topology, const nb_options *options, int rank) {
    int pid = -1;
    const nb_status status = nb_spawn_rank(&pid, argv, nullptr, nullptr, topology, options, rank);
    reap(status, pid);
    return plain(status);
}

Result local_rank_with(const char *name, const char *value) {
    const char *const variables[] = {"LOCAL_RANK", "SLURM_LOCALID", "OMPI_COMM_WORLD_LOCAL_RANK"};
    for (const char *variable : variables) unsetenv(variable);
    setenv(name, value, 1);
    int rank = -7;
    const nb_status status = nb_local_rank_from_environment(&rank);
    unsetenv(name);
    if (status != NB_OK && rank != -7) ADD_FAILURE() << "a failed call changed the scalar out-parameter";
    return plain(status);
}

std::string calling_thread_affinity() {
    for (size_t cpus = 1024; cpus <= (size_t{1} << 22); cpus *= 2) {
        cpu_set_t *mask = CPU_ALLOC(cpus);
        const size_t size = CPU_ALLOC_SIZE(cpus);
        if (sched_getaffinity(0, size, mask) == 0) {
            nbtest::CpuSet set;
            for (size_t cpu = 0; cpu < cpus; ++cpu)
                if (CPU_ISSET_S(cpu, size, mask)) set.insert(static_cast<int>(cpu));
            CPU_FREE(mask);
            return nbtest::format_cpu_list(set);
        }
        const int error = errno;
        CPU_FREE(mask);
        if (error != EINVAL) break;
    }
    return "<sched_getaffinity failed>";
}

Cpuset own_cpus() { return make_cpuset(nbtest::parse_cpu_list(calling_thread_affinity())); }

bool no_child_left() { return waitpid(-1, nullptr, WNOHANG) < 0 && errno == ECHILD; }

}  // namespace bad_input
}  // namespace capi
