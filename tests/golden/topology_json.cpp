#include "topology_json.h"

#include <nlohmann/json.hpp>

#include "c_api_handles.h"

namespace golden {
namespace {

int int_or(const nlohmann::json &value, int fallback) {
    return value.is_number_integer() ? value.get<int>() : fallback;
}

std::string string_or_empty(const nlohmann::json &value) {
    return value.is_string() ? value.get<std::string>() : std::string();
}

nbtest::CpuSet cpus_of(const nlohmann::json &value) {
    return nbtest::parse_cpu_list(string_or_empty(value));
}

}  // namespace

const NumaNodeInfo *TopologyInfo::node(int os_index) const {
    for (const auto &n : numa_nodes)
        if (n.os_index == os_index) return &n;
    return nullptr;
}

nb_status describe_topology(TopologyInfo *out, const nb_topology *topology, const nb_options *options) {
    char *raw = nullptr;
    nb_status status = nb_topology_to_json(&raw, topology, options);
    if (status != NB_OK) return status;
    TopologyInfo info;
    info.json = nbtest::capi::take_string(raw);
    try {
        auto doc = nlohmann::json::parse(info.json);
        info.allowed = cpus_of(doc.at("allowed_cpus"));
        for (const auto &n : doc.at("numa_nodes")) {
            NumaNodeInfo node;
            node.os_index = n.at("os_index").get<int>();
            node.cpus = cpus_of(n.at("cpus"));
            node.has_cpus = n.at("has_cpus").get<bool>();
            node.package = int_or(n.value("package", nlohmann::json()), -1);
            node.subtype = string_or_empty(n.value("subtype", nlohmann::json()));
            info.numa_nodes.push_back(node);
        }
        for (const auto &g : doc.at("gpus")) {
            GpuInfo gpu;
            gpu.index = g.at("index").get<int>();
            gpu.pci_bus_id = g.at("pci_bus_id").get<std::string>();
            gpu.vendor = string_or_empty(g.value("vendor", nlohmann::json()));
            gpu.pci_id = string_or_empty(g.value("pci_id", nlohmann::json()));
            gpu.pci_class = string_or_empty(g.value("pci_class", nlohmann::json()));
            gpu.uuid = string_or_empty(g.value("uuid", nlohmann::json()));
            gpu.numa_node = int_or(g.at("numa_node"), -1);
            gpu.local_cpus = cpus_of(g.at("local_cpus"));
            for (const auto &d : g.value("os_devices", nlohmann::json::array()))
                gpu.os_devices.push_back(d.get<std::string>());
            info.gpus.push_back(gpu);
        }
    } catch (const std::exception &) {
        *out = info;  // keep the raw text for the failure message
        return NB_EJSON;
    }
    *out = std::move(info);
    return NB_OK;
}

}  // namespace golden
