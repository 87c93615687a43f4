// numabind plan: the CPUs each local rank would be bound to, one row per rank,
// as a table or as the library's plan JSON.
#include <iostream>

#include "binding_options.h"
#include "command.h"
#include "errors.h"
#include "json_cells.h"
#include "output_format.h"
#include "rank_options.h"
#include "table.h"
#include "topology_source.h"

namespace nbcli {

namespace {

const char kName[] = "plan";

std::string rank_error_text(const nlohmann::json &rank) {
    const nlohmann::json &error = rank.at("error");
    return cell_text(error, "code") + ": " + cell_text(error, "message");
}

void render_plan(const nlohmann::json &ranks, std::ostream &out) {
    Table table({{"RANK", Align::Right},
                 {"GPU", Align::Right},
                 {"PCI BUS ID"},
                 {"NUMA", Align::Right},
                 {"CPUS"}});
    for (const auto &rank : ranks) {
        const nlohmann::json gpu = rank.value("gpu", nlohmann::json());
        table.add_row({cell_text(rank, "local_rank"), cell_text(gpu, "index"),
                       cell_text(gpu, "pci_bus_id"), cell_text(rank, "numa_node"),
                       rank.contains("error") ? "error " + rank_error_text(rank)
                                              : cell_text(rank, "cpus")});
    }
    table.render(out);
}

// Reports the ranks without a binding on stderr; returns how many there were.
int report_unbound_ranks(const nlohmann::json &ranks, bool fallback) {
    int unbound = 0;
    for (const auto &rank : ranks) {
        if (!rank.contains("error")) {
            continue;
        }
        ++unbound;
        const std::string who = "rank " + cell_text(rank, "local_rank");
        print_notice(kName, fallback ? who + " would run unbound (--fallback): " + rank_error_text(rank)
                                     : who + " cannot be bound: " + rank_error_text(rank));
    }
    return unbound;
}

int run_plan(const ParsedArgs &args) {
    // Every usage problem is found before the topology is loaded.
    const OutputFormat format = output_format_from(args);
    // 0 is the library's "one rank per visible GPU".
    const int nproc = nproc_from(args).value_or(0);
    require_mode(args);
    check_topology_flag(args);
    OptionsPtr options = options_from_args(args);
    const bool fallback = args.has("--fallback");
    TopologyPtr topology = load_topology(args);

    nb_plan *raw_plan = nullptr;
    nb_status status = nb_plan_compute(&raw_plan, topology.get(), options.get(), nproc);
    if (status != NB_OK) {
        if (!fallback) {
            throw RuntimeFailure(library_message(status));
        }
        print_notice(kName, library_message(status) + "; with --fallback every rank would run unbound");
        return kExitOk;
    }
    PlanPtr plan(raw_plan);

    char *raw_json = nullptr;
    status = nb_plan_to_json(&raw_json, plan.get());
    if (status != NB_OK) {
        throw RuntimeFailure(library_message(status));
    }
    const std::string json = take_library_string(raw_json);
    const nlohmann::json document = parse_library_json(json);
    const nlohmann::json ranks = document.value("ranks", nlohmann::json::array());
    if (format == OutputFormat::Json) {
        std::cout << json << "\n";
    } else {
        render_plan(ranks, std::cout);
    }
    std::cout.flush();
    const int unbound = report_unbound_ranks(ranks, fallback);
    return unbound > 0 && !fallback ? kExitFailure : kExitOk;
}

std::vector<FlagSpec> plan_flags() {
    std::vector<FlagSpec> flags = {topology_flag()};
    for (FlagSpec &flag : binding_flags()) {
        flags.push_back(flag);
    }
    flags.push_back(nproc_flag("number of local ranks (default: one per visible GPU)"));
    flags.push_back(format_flag());
    for (FlagSpec &flag : gpu_selection_flags()) {
        flags.push_back(flag);
    }
    return flags;
}

}  // namespace

const Command &plan_command() {
    static const Command command = {
        kName,
        "show the CPUs each local rank would be bound to",
        "plan [--topology FILE|DIR] --mode MODE [--allowed-cpus LIST] [--nproc N]\n"
        "                     [--format table|json] [--fallback] [--vendor VENDOR]\n"
        "                     [--pci-bus-ids LIST] [--visible-devices VALUE]",
        "Computes the binding of local ranks 0 .. N-1: rank r drives visible GPU r\n"
        "and is bound to CPUs chosen by MODE:\n"
        "  node          every allowed CPU of the GPU's NUMA node\n"
        "  socket        every allowed CPU of the package(s) holding that node\n"
        "  exclusive     the node's cores split evenly among the GPUs on it\n"
        "  core-complex  one group of CPUs sharing the last-level cache\n"
        "  closest       the allowed CPUs of the GPU's own hwloc locality\n"
        "A rank that cannot be bound shows its error instead of CPUs.\n\n"
        "Exit status: 0 every rank has a binding (or --fallback was given: the\n"
        "others are reported on stderr as running unbound); 1 a rank cannot be\n"
        "bound, the plan cannot be computed, or the topology cannot be loaded;\n"
        "2 usage error.",
        plan_flags(),
        Positionals::kNone,
        run_plan,
    };
    return command;
}

}  // namespace nbcli
