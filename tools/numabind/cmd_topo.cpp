// numabind topo: the GPUs and NUMA nodes numabind sees, as tables or as the
// library's topology JSON.
#include <iostream>

#include "binding_options.h"
#include "command.h"
#include "errors.h"
#include "json_cells.h"
#include "output_format.h"
#include "table.h"
#include "topology_source.h"

namespace nbcli {

namespace {

void render_gpus(const nlohmann::json &gpus, std::ostream &out) {
    if (gpus.empty()) {
        out << "GPUs: none\n";
        return;
    }
    bool any_note = false;
    for (const auto &gpu : gpus) {
        any_note = any_note || cell_text(gpu, "numa_error") != "-";
    }
    std::vector<Column> columns = {{"INDEX", Align::Right},  {"PCI BUS ID"},
                                   {"VENDOR"},               {"NUMA", Align::Right},
                                   {"PACKAGE", Align::Right}, {"LOCAL CPUS"}};
    if (any_note) {
        columns.push_back({"NOTE"});
    }
    Table table(columns);
    for (const auto &gpu : gpus) {
        table.add_row({cell_text(gpu, "index"), cell_text(gpu, "pci_bus_id"),
                       cell_text(gpu, "vendor"), cell_text(gpu, "numa_node"),
                       cell_text(gpu, "package"), cell_text(gpu, "local_cpus"),
                       cell_text(gpu, "numa_error")});
    }
    out << "GPUs (" << gpus.size() << "):\n";
    table.render(out, "  ");
}

void render_numa_nodes(const nlohmann::json &nodes, std::ostream &out) {
    Table table({{"NODE", Align::Right}, {"PACKAGE", Align::Right}, {"CPUS"}, {"SUBTYPE"}});
    for (const auto &node : nodes) {
        // A node that only holds memory (GPU HBM, CXL) may still carry a
        // cpuset; the library's has_cpus says whether it has CPUs of its own.
        const bool has_cpus = node.value("has_cpus", false);
        table.add_row({cell_text(node, "os_index"), cell_text(node, "package"),
                       has_cpus ? cell_text(node, "cpus") : "-", cell_text(node, "subtype")});
    }
    out << "NUMA nodes (" << nodes.size() << "):\n";
    table.render(out, "  ");
}

void render_topology(const nlohmann::json &topology, std::ostream &out) {
    out << "Topology: " << cell_text(topology, "source") << "\n"
        << "Allowed CPUs: " << cell_text(topology, "allowed_cpus") << "\n\n";
    render_gpus(topology.value("gpus", nlohmann::json::array()), out);
    out << "\n";
    render_numa_nodes(topology.value("numa_nodes", nlohmann::json::array()), out);
}

int run_topo(const ParsedArgs &args) {
    const OutputFormat format = output_format_from(args);
    check_topology_flag(args);
    OptionsPtr options = options_from_args(args);
    TopologyPtr topology = load_topology(args);

    char *raw = nullptr;
    const nb_status status = nb_topology_to_json(&raw, topology.get(), options.get());
    if (status != NB_OK) {
        throw RuntimeFailure(library_message(status));
    }
    const std::string json = take_library_string(raw);
    if (format == OutputFormat::Json) {
        std::cout << json << "\n";
    } else {
        render_topology(parse_library_json(json), std::cout);
    }
    return kExitOk;
}

std::vector<FlagSpec> topo_flags() {
    std::vector<FlagSpec> flags = {topology_flag(), format_flag()};
    for (FlagSpec &flag : gpu_selection_flags()) {
        flags.push_back(flag);
    }
    return flags;
}

}  // namespace

const Command &topo_command() {
    static const Command command = {
        "topo",
        "show the GPUs and NUMA nodes of a machine",
        "topo [--topology FILE|DIR] [--format table|json] [--vendor VENDOR] [--pci-bus-ids LIST]",
        "Lists the GPUs (PCI bus id, vendor, host NUMA node, package, local CPUs)\n"
        "and the NUMA nodes with their CPUs; nodes without CPUs (GPU memory, CXL)\n"
        "show '-' and their subtype. GPUs are numbered in PCI bus-id order, before\n"
        "any CUDA/HIP/ROCR_VISIBLE_DEVICES remapping.\n\n"
        "Exit status: 0 success, 1 the topology cannot be loaded, 2 usage error.",
        topo_flags(),
        Positionals::kNone,
        run_topo,
    };
    return command;
}

}  // namespace nbcli
