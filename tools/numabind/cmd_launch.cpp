// numabind launch: start N local ranks of a program on this machine, each
// bound from its first instruction (nb_spawn_rank), wait for them, and pass
// on their exit status. Not a torchrun: no rendezvous, no restarts.
#include <chrono>
#include <string>
#include <vector>

#include "binding_events.h"
#include "binding_options.h"
#include "child_processes.h"
#include "command.h"
#include "errors.h"
#include "rank_options.h"
#include "signal_forwarding.h"
#include "topology_source.h"

extern char **environ;

namespace nbcli {

namespace {

const char kName[] = "launch";

// Ranks already started when a later one cannot be: time they get to exit
// after SIGTERM before SIGKILL.
constexpr std::chrono::milliseconds kStopGrace{5000};

// NULL-terminated char* arrays over strings that outlive them.
std::vector<const char *> c_array(const std::vector<std::string> &strings) {
    std::vector<const char *> pointers;
    for (const std::string &text : strings) {
        pointers.push_back(text.c_str());
    }
    pointers.push_back(nullptr);
    return pointers;
}

// This process's environment with LOCAL_RANK and LOCAL_WORLD_SIZE replaced.
std::vector<std::string> rank_environment(int rank, int world_size) {
    std::vector<std::string> env;
    for (char **entry = environ; *entry != nullptr; ++entry) {
        const std::string text = *entry;
        const std::string name = text.substr(0, text.find('='));
        if (name != "LOCAL_RANK" && name != "LOCAL_WORLD_SIZE") {
            env.push_back(text);
        }
    }
    env.push_back("LOCAL_RANK=" + std::to_string(rank));
    env.push_back("LOCAL_WORLD_SIZE=" + std::to_string(world_size));
    return env;
}

// Without --fallback every rank must have a binding before any starts (with
// it, each rank that has none says so as it starts, unbound).
void check_every_rank_can_be_bound(const nb_topology *topology, const nb_options *options, int nproc) {
    nb_plan *raw = nullptr;
    const nb_status status = nb_plan_compute(&raw, topology, options, nproc);
    if (status != NB_OK) {
        throw RuntimeFailure(library_message(status) + "; no rank started");
    }
    PlanPtr plan(raw);
    int unbound = 0;
    for (int rank = 0; rank < nproc; ++rank) {
        nb_cpuset *cpus = nullptr;
        const nb_status rank_status = nb_plan_rank_cpuset(&cpus, plan.get(), rank);
        CpusetPtr owned(cpus);
        if (rank_status != NB_OK) {
            ++unbound;
            print_notice(kName, "rank " + std::to_string(rank) + " cannot be bound: " +
                                    nb_status_name(rank_status) + ": " + library_message(rank_status));
        }
    }
    if (unbound > 0) {
        throw RuntimeFailure(std::to_string(unbound) + " of " + std::to_string(nproc) +
                             " ranks cannot be bound; no rank started (--fallback runs them unbound)");
    }
}

// What the library last reported as applied, for --verbose.
struct AppliedBinding {
    int pid = -1;
    std::string cpus;
};
AppliedBinding last_applied;

void remember_applied(const nlohmann::json &event) {
    last_applied.pid = event.value("pid", -1);
    last_applied.cpus = event.value("cpus", std::string());
}

std::string describe_start(int rank, pid_t pid) {
    const std::string binding =
        last_applied.pid == pid ? "CPUs " + last_applied.cpus : std::string("unbound");
    return "rank " + std::to_string(rank) + ": pid " + std::to_string(pid) + ", " + binding;
}

int start_and_wait(const std::vector<std::string> &program, const nb_topology *topology,
                   const nb_options *options, int nproc, bool verbose) {
    const std::vector<const char *> argv = c_array(program);
    forward_signals_to_children(static_cast<size_t>(nproc));
    std::vector<pid_t> started;
    for (int rank = 0; rank < nproc && received_signal() == 0; ++rank) {
        const std::vector<std::string> env = rank_environment(rank, nproc);
        const std::vector<const char *> envp = c_array(env);
        int pid = -1;
        const nb_status status =
            nb_spawn_rank(&pid, argv.data(), envp.data(), nullptr, topology, options, rank);
        if (status != NB_OK) {
            const std::string message = library_message(status);
            const int os_error = nb_last_os_error();
            terminate_children(started, kStopGrace);
            print_notice(kName, "rank " + std::to_string(rank) + ": " + message +
                                    (started.empty() ? "" : "; stopped the ranks already started"));
            return status == NB_EEXEC ? exec_failure_status(os_error) : kExitFailure;
        }
        record_child(pid);
        started.push_back(pid);
        if (verbose) {
            print_notice(kName, describe_start(rank, pid));
        }
    }
    const int status = wait_for_children(started);
    if (status == kExitOk && static_cast<int>(started.size()) < nproc) {
        // Interrupted before every rank started: not a success.
        return kExitSignalBase + received_signal();
    }
    return status;
}

int run_launch(const ParsedArgs &args) {
    // Every usage problem is found before the topology is loaded.
    require_mode(args);
    const auto nproc = nproc_from(args);
    if (!nproc) {
        throw UsageError("option --nproc is required (the number of local ranks to start)");
    }
    if (args.positionals().empty()) {
        throw UsageError("missing the program to run (numabind launch [OPTIONS] -- PROGRAM [ARGS...])");
    }
    check_topology_flag(args);
    OptionsPtr options = options_from_args(args);
    TopologyPtr topology = load_topology(args);

    if (!args.has("--fallback")) {
        check_every_rank_can_be_bound(topology.get(), options.get(), *nproc);
    }
    report_binding_events(kName, remember_applied);
    return start_and_wait(args.positionals(), topology.get(), options.get(), *nproc, args.has("--verbose"));
}

std::vector<FlagSpec> launch_flags() {
    std::vector<FlagSpec> flags = {topology_flag()};
    for (FlagSpec &flag : applied_binding_flags()) {
        flags.push_back(flag);
    }
    flags.push_back(nproc_flag("number of local ranks to start (required)"));
    flags.push_back({"--verbose", "", "one line per rank on stderr: rank, pid, CPUs"});
    for (FlagSpec &flag : gpu_selection_flags()) {
        flags.push_back(flag);
    }
    return flags;
}

}  // namespace

const Command &launch_command() {
    static const Command command = {
        kName,
        "start N bound local ranks of a program and wait for them",
        "launch [--topology FILE|DIR] --mode MODE --nproc N [--membind POLICY]\n"
        "                     [--fallback] [--verbose] [--allowed-cpus LIST]\n"
        "                     [--visible-devices VALUE] [--vendor VENDOR]\n"
        "                     [--pci-bus-ids LIST] -- PROGRAM [ARGS...]",
        "Starts local ranks 0 .. N-1 of PROGRAM (looked up in PATH) in parallel,\n"
        "each bound from its first instruction to the CPUs `numabind plan` shows\n"
        "for it, with the --membind memory policy, and with LOCAL_RANK=r and\n"
        "LOCAL_WORLD_SIZE=N in its environment (the rest of the environment is\n"
        "passed on). Before anything starts the plan is computed: without\n"
        "--fallback a rank that cannot be bound stops the launch; with it, that\n"
        "rank runs unbound and a warning says so.\n"
        "SIGINT and SIGTERM are passed on to every rank (a terminal's Ctrl-C\n"
        "reaches them directly, so it is not passed on twice); then launch waits\n"
        "for them and starts no further rank. When a rank cannot be started, the\n"
        "ranks already running get SIGTERM (SIGKILL after 5 s).\n"
        "This is not a torchrun replacement: it sets no RANK, WORLD_SIZE or\n"
        "MASTER_ADDR, does no rendezvous and restarts nothing. For a single-node\n"
        "test, or under a launcher that starts one process per node.\n\n"
        "Exit status: the first non-zero status among the ranks in the order they\n"
        "exited (128+S for a rank killed by signal S), else 0 (128+S also when\n"
        "signal S stopped the launch before every rank started); 1 a rank cannot\n"
        "be bound or started, or the topology cannot be loaded; 2 usage error;\n"
        "126 PROGRAM cannot be executed; 127 PROGRAM not found.",
        launch_flags(),
        Positionals::kProgram,
        run_launch,
    };
    return command;
}

}  // namespace nbcli
