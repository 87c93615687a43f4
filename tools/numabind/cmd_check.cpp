// numabind check: is a running process where the plan puts its rank? Each
// thread's CPU affinity and the process's resident memory per NUMA node,
// read from /proc, against the CPUs and nodes computed for the rank.
#include <algorithm>
#include <cstdlib>
#include <iostream>
#include <optional>
#include <stdexcept>

#include "binding_options.h"
#include "check_report.h"
#include "command.h"
#include "errors.h"
#include "json_cells.h"
#include "output_format.h"
#include "proc_inspect.h"
#include "rank_options.h"
#include "topology_source.h"

namespace nbcli {

namespace {

const char kName[] = "check";

// The variables that decide a worker's rank and GPU list inside it.
constexpr const char *kLauncherVariables[] = {
    "LOCAL_RANK",           "SLURM_LOCALID",       "OMPI_COMM_WORLD_LOCAL_RANK",
    "CUDA_VISIBLE_DEVICES", "HIP_VISIBLE_DEVICES", "ROCR_VISIBLE_DEVICES",
};

int pid_from(const ParsedArgs &args) {
    const auto &operands = args.positionals();
    if (operands.empty()) {
        throw UsageError("missing the process id (numabind check PID --mode MODE ...)");
    }
    if (operands.size() > 1) {
        throw UsageError("unexpected argument '" + operands[1] + "' (check takes one process id)");
    }
    const std::string &text = operands[0];
    if (text.empty() || text.size() > 9 || text.find_first_not_of("0123456789") != std::string::npos ||
        std::stol(text) < 1) {
        throw UsageError("invalid process id '" + text + "' (expected a whole number above 0)");
    }
    return static_cast<int>(std::stol(text));
}

// The library reads the rank and the visible devices from this process's
// environment, so the target's values are made ours first: the plan is then
// computed by the same rules the target's launcher and library followed.
void adopt_launcher_environment(const std::string &target_environ) {
    for (const char *name : kLauncherVariables) {
        const auto value = environ_value(target_environ, name);
        if (value) {
            setenv(name, value->c_str(), 1);
        } else {
            unsetenv(name);
        }
    }
}

// --local-rank, else the rank in the (adopted) environment.
int target_local_rank(std::optional<int> flag, int pid) {
    if (flag) {
        return *flag;
    }
    int rank = -1;
    const nb_status status = nb_local_rank_from_environment(&rank);
    if (status != NB_OK) {
        throw UsageError("process " + std::to_string(pid) + ": " + library_message(status) +
                         " (or give --local-rank)");
    }
    return rank;
}

std::string mode_name(const nb_options *options) {
    nb_mode mode{};
    if (nb_options_get_mode(&mode, options) != NB_OK || nb_mode_name(mode) == nullptr) {
        throw RuntimeFailure("internal error: the options hold no mode");
    }
    return nb_mode_name(mode);
}

std::string plan_cpus(const nb_topology *topology, const nb_options *options, int local_rank) {
    nb_cpuset *raw = nullptr;
    const nb_status status = nb_compute_cpuset(&raw, topology, options, local_rank);
    if (status != NB_OK) {
        throw RuntimeFailure(library_message(status));
    }
    CpusetPtr cpus(raw);
    char *text = nullptr;
    if (nb_cpuset_format(&text, cpus.get()) != NB_OK) {
        throw RuntimeFailure(library_message(NB_ENOMEM));
    }
    return take_library_string(text);
}

bool intersects(const std::string &list_a, const std::string &list_b) {
    nb_cpuset *a = nullptr;
    nb_cpuset *b = nullptr;
    if (nb_cpuset_parse(&a, list_a.c_str()) != NB_OK) {
        throw RuntimeFailure(nb_last_error());
    }
    CpusetPtr owned_a(a);
    if (nb_cpuset_parse(&b, list_b.c_str()) != NB_OK) {
        throw RuntimeFailure(nb_last_error());
    }
    CpusetPtr owned_b(b);
    for (int cpu = nb_cpuset_next(a, -1); cpu >= 0; cpu = nb_cpuset_next(a, cpu)) {
        if (nb_cpuset_contains(b, cpu)) {
            return true;
        }
    }
    return false;
}

// The topology's NUMA nodes with CPUs of their own among `cpus` (memory-only
// nodes, such as GPU memory, are nobody's local memory).
std::vector<int> plan_nodes(const nb_topology *topology, const nb_options *options,
                            const std::string &cpus) {
    char *raw = nullptr;
    const nb_status status = nb_topology_to_json(&raw, topology, options);
    if (status != NB_OK) {
        throw RuntimeFailure(library_message(status));
    }
    const nlohmann::json document = parse_library_json(take_library_string(raw));
    std::vector<int> nodes;
    for (const auto &node : document.value("numa_nodes", nlohmann::json::array())) {
        if (node.value("has_cpus", false) && node.contains("cpus") && node["cpus"].is_string() &&
            intersects(node["cpus"].get<std::string>(), cpus)) {
            nodes.push_back(node.at("os_index").get<int>());
        }
    }
    std::sort(nodes.begin(), nodes.end());
    return nodes;
}

int run_check(const ParsedArgs &args) {
    // Every usage problem is found before the process and topology are read.
    const OutputFormat format = output_format_from(args);
    require_mode(args);
    const int pid = pid_from(args);
    check_topology_flag(args);
    const std::optional<int> rank_flag = local_rank_from_flag(args);
    OptionsPtr options = options_from_args(args);

    adopt_launcher_environment(read_process_file(pid, "environ"));
    CheckInputs inputs;
    inputs.pid = pid;
    inputs.local_rank = target_local_rank(rank_flag, pid);
    inputs.mode = mode_name(options.get());
    TopologyPtr topology = load_topology(args);
    inputs.plan_cpus = plan_cpus(topology.get(), options.get(), inputs.local_rank);
    inputs.plan_nodes = plan_nodes(topology.get(), options.get(), inputs.plan_cpus);
    inputs.threads = read_threads(pid);
    try {
        inputs.resident_kb_by_node = resident_kb_by_node(read_process_file(pid, "numa_maps"));
    } catch (const std::invalid_argument &error) {
        throw RuntimeFailure("/proc/" + std::to_string(pid) + "/numa_maps: " + error.what());
    }

    const nlohmann::ordered_json report = check_report(inputs);
    if (format == OutputFormat::Json) {
        std::cout << report.dump() << "\n";
    } else {
        render_check_report(report, std::cout);
    }
    std::cout.flush();
    if (report.at("matches").get<bool>()) {
        return kExitOk;
    }
    int outside = 0;
    for (const auto &thread : report.at("threads")) {
        outside += thread.at("match") == "outside" ? 1 : 0;
    }
    print_notice(kName, std::to_string(outside) + " of " + std::to_string(inputs.threads.size()) +
                            " threads of process " + std::to_string(pid) +
                            " can run outside the plan's CPUs " + inputs.plan_cpus);
    return kExitFailure;
}

std::vector<FlagSpec> check_flags() {
    std::vector<FlagSpec> flags = {topology_flag()};
    for (FlagSpec &flag : binding_flags()) {
        // A check compares with the binding; running unbound is not one.
        if (flag.name != "--fallback") {
            flags.push_back(flag);
        }
    }
    flags.push_back(local_rank_flag());
    flags.push_back(format_flag());
    for (FlagSpec &flag : gpu_selection_flags()) {
        flags.push_back(flag);
    }
    return flags;
}

}  // namespace

const Command &check_command() {
    static const Command command = {
        kName,
        "check that a running process's threads are where the plan puts its rank",
        "check PID [--topology FILE|DIR] --mode MODE [--local-rank R]\n"
        "                     [--allowed-cpus LIST] [--visible-devices VALUE]\n"
        "                     [--vendor VENDOR] [--pci-bus-ids LIST] [--format table|json]",
        "Reads each thread's CPU affinity (/proc/PID/task/*/status) and the\n"
        "process's resident memory per NUMA node (/proc/PID/numa_maps), and\n"
        "compares them with the plan for its local rank: the rank's CPUs and the\n"
        "NUMA nodes (with CPUs) holding them. A thread is 'bound' (exactly the\n"
        "plan's CPUs), 'inside' (some of them) or 'outside' (CPUs beyond them).\n"
        "The rank is --local-rank, else the process's own LOCAL_RANK, SLURM_LOCALID\n"
        "or OMPI_COMM_WORLD_LOCAL_RANK (its environment as it started); its\n"
        "CUDA/HIP/ROCR_VISIBLE_DEVICES choose the GPUs unless --visible-devices\n"
        "does. On the live machine the allowed CPUs are this command's own (run\n"
        "it where the job runs, or give --allowed-cpus).\n"
        "JSON (--format json): {\"schema\":\"numabind.check/1\",\"pid\",\"local_rank\",\n"
        "\"mode\",\"plan\":{\"cpus\",\"numa_nodes\"},\"threads\":[{\"tid\",\"name\",\"cpus\",\n"
        "\"match\"}],\"memory\":{\"resident_kb\",\"by_node\":[{\"node\",\"resident_kb\"}],\n"
        "\"on_plan_nodes_kb\",\"on_plan_nodes_percent\"},\"matches\"}.\n\n"
        "Exit status: 0 no thread is outside the plan; 1 a thread is outside it,\n"
        "the process cannot be read, or the plan cannot be computed; 2 usage\n"
        "error, including no local rank.",
        check_flags(),
        Positionals::kOperands,
        run_check,
    };
    return command;
}

}  // namespace nbcli
