#include "binding_options.h"

#include "errors.h"

namespace nbcli {

namespace {

// Enumerations are listed from the library, so the help can never disagree
// with what it accepts.
template <typename Enum, typename NameFn>
std::string enum_names(NameFn name_of) {
    std::string names;
    for (int value = 0;; ++value) {
        const char *name = name_of(static_cast<Enum>(value));
        if (name == nullptr) {
            return names;
        }
        names += (names.empty() ? "" : ", ") + std::string(name);
    }
}

std::string vendor_names() { return enum_names<nb_gpu_vendor>(nb_gpu_vendor_name); }

std::string mem_policy_names() { return enum_names<nb_mem_policy>(nb_mem_policy_name); }

void check(nb_status status) {
    if (status != NB_OK) {
        throw UsageError(library_message(status));
    }
}

void apply_allowed_cpus(nb_options *options, const std::string &list) {
    nb_cpuset *raw = nullptr;
    check(nb_cpuset_parse(&raw, list.c_str()));
    CpusetPtr cpus(raw);
    check(nb_options_set_allowed_cpus(options, cpus.get()));
}

}  // namespace

std::string mode_names() { return enum_names<nb_mode>(nb_mode_name); }

void require_mode(const ParsedArgs &args) {
    if (!args.has("--mode")) {
        throw UsageError("option --mode is required (expected " + mode_names() + ")");
    }
}

std::vector<FlagSpec> mem_policy_flags() {
    return {
        {"--membind", "POLICY",
         "memory policy on the binding's NUMA nodes: " + mem_policy_names() +
             " (default local: the kernel's own node-local allocation)"},
    };
}

std::vector<FlagSpec> gpu_selection_flags() {
    return {
        {"--vendor", "VENDOR", "which GPUs to discover: " + vendor_names() + " (default auto)"},
        {"--pci-bus-ids", "LIST",
         "use exactly these PCI devices as the GPUs, in this order (\"0000:4e:00.0,5f:00.0\")"},
    };
}

std::vector<FlagSpec> binding_flags() {
    return {
        {"--mode", "MODE", "binding mode: " + mode_names()},
        {"--allowed-cpus", "LIST",
         "CPUs the ranks may use (\"0-23,48-71\"), instead of this process's affinity"},
        {"--visible-devices", "VALUE",
         "GPU indexes or UUIDs, replacing CUDA/HIP/ROCR_VISIBLE_DEVICES (\"\" hides all)"},
        {"--fallback", "", "ranks that cannot be bound run unbound: report them, exit 0"},
    };
}

std::vector<FlagSpec> applied_binding_flags() {
    std::vector<FlagSpec> flags = binding_flags();
    for (FlagSpec &flag : flags) {
        if (flag.name == "--fallback") {
            flag.help = "a rank that cannot be bound runs unbound, with a warning on stderr";
        }
    }
    for (FlagSpec &flag : mem_policy_flags()) {
        flags.push_back(flag);
    }
    return flags;
}

OptionsPtr options_from_args(const ParsedArgs &args) {
    nb_options *raw = nullptr;
    nb_status status = nb_options_new(&raw);
    if (status != NB_OK) {
        throw RuntimeFailure(library_message(status));
    }
    OptionsPtr options(raw);
    if (const auto name = args.value("--mode")) {
        nb_mode mode{};
        check(nb_mode_parse(&mode, name->c_str()));
        check(nb_options_set_mode(options.get(), mode));
    }
    if (const auto list = args.value("--allowed-cpus")) {
        apply_allowed_cpus(options.get(), *list);
    }
    if (const auto name = args.value("--vendor")) {
        nb_gpu_vendor vendor{};
        check(nb_gpu_vendor_parse(&vendor, name->c_str()));
        check(nb_options_set_gpu_vendor(options.get(), vendor));
    }
    if (const auto ids = args.value("--pci-bus-ids")) {
        check(nb_options_set_pci_bus_ids(options.get(), ids->c_str()));
    }
    if (const auto value = args.value("--visible-devices")) {
        check(nb_options_set_visible_devices(options.get(), value->c_str()));
    }
    if (const auto name = args.value("--membind")) {
        nb_mem_policy policy{};
        check(nb_mem_policy_parse(&policy, name->c_str()));
        check(nb_options_set_mem_policy(options.get(), policy));
    }
    if (args.has("--fallback")) {
        check(nb_options_set_fallback(options.get(), 1));
    }
    return options;
}

}  // namespace nbcli
