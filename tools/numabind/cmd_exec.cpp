// numabind exec: bind this process for one local rank, then become the
// program (execvp), which keeps the binding: numactl --physcpubind with the
// CPUs computed for the rank's GPU.
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <iostream>

#include "binding_options.h"
#include "command.h"
#include "errors.h"
#include "binding_events.h"
#include "rank_options.h"
#include "topology_source.h"

namespace nbcli {

namespace {

const char kName[] = "exec";

const std::vector<std::string> &program_from(const ParsedArgs &args) {
    if (args.positionals().empty()) {
        throw UsageError("missing the program to run (numabind exec [OPTIONS] -- PROGRAM [ARGS...])");
    }
    return args.positionals();
}

// Returns only when the program cannot be started, with env(1)'s status.
int become_program(const std::vector<std::string> &program) {
    std::vector<char *> argv;
    for (const std::string &arg : program) {
        argv.push_back(const_cast<char *>(arg.c_str()));
    }
    argv.push_back(nullptr);
    std::cout.flush();
    execvp(argv[0], argv.data());
    const int error = errno;
    print_notice(kName, "cannot execute '" + program[0] + "': " + std::strerror(error));
    return exec_failure_status(error);
}

int run_exec(const ParsedArgs &args) {
    // Every usage problem is found before the topology is loaded.
    require_mode(args);
    const std::vector<std::string> &program = program_from(args);
    check_topology_flag(args);
    OptionsPtr options = options_from_args(args);
    const int local_rank = local_rank_of_this_process(args);
    TopologyPtr topology;
    try {
        topology = load_topology(args);
    } catch (const RuntimeFailure &failure) {
        // No topology, no binding to compute: the fall-back's case too, and
        // the one place the library cannot report it (there is no call to make).
        if (!args.has("--fallback")) {
            throw;
        }
        print_notice(kName, std::string("warning: rank ") + std::to_string(local_rank) +
                                " runs unbound: " + failure.what());
        return become_program(program);
    }

    report_binding_events(kName);
    // The tool has one thread, but this is the call made for "bind myself":
    // it also carries the memory policy, which execve preserves.
    const nb_status status = nb_bind_current_process_rank(topology.get(), options.get(), local_rank);
    if (status != NB_OK) {
        throw RuntimeFailure(library_message(status));
    }
    return become_program(program);
}

std::vector<FlagSpec> exec_flags() {
    std::vector<FlagSpec> flags = {topology_flag()};
    for (FlagSpec &flag : applied_binding_flags()) {
        flags.push_back(flag);
    }
    flags.push_back(local_rank_flag());
    for (FlagSpec &flag : gpu_selection_flags()) {
        flags.push_back(flag);
    }
    return flags;
}

}  // namespace

const Command &exec_command() {
    static const Command command = {
        kName,
        "bind this process for a local rank, then run a program in its place",
        "exec [--topology FILE|DIR] --mode MODE [--local-rank R] [--membind POLICY]\n"
        "                     [--fallback] [--allowed-cpus LIST] [--visible-devices VALUE]\n"
        "                     [--vendor VENDOR] [--pci-bus-ids LIST] -- PROGRAM [ARGS...]",
        "Binds this process to the CPUs local rank R gets (those `numabind plan`\n"
        "shows), with the --membind memory policy, then replaces itself with\n"
        "PROGRAM (looked up in PATH), which keeps the binding: a drop-in for\n"
        "`numactl --physcpubind=... --membind=...` in torchrun entry points\n"
        "(torchrun --no-python numabind exec --mode node -- python train.py) and\n"
        "Slurm task prologs. R is --local-rank, else $LOCAL_RANK, else\n"
        "$SLURM_LOCALID, else $OMPI_COMM_WORLD_LOCAL_RANK.\n"
        "With --fallback a rank that cannot be bound (the topology cannot be\n"
        "loaded, the binding cannot be computed or applied) runs PROGRAM unbound,\n"
        "with a warning on stderr.\n\n"
        "Exit status: PROGRAM's own once it runs; 1 (without --fallback) the\n"
        "topology cannot be loaded or the binding cannot be computed or applied\n"
        "(PROGRAM is not started);\n"
        "2 usage error, including no local rank; 126 PROGRAM cannot be executed;\n"
        "127 PROGRAM not found.",
        exec_flags(),
        Positionals::kProgram,
        run_exec,
    };
    return command;
}

}  // namespace nbcli
