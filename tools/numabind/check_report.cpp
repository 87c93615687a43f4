#include "check_report.h"

#include <cmath>
#include <sstream>

#include "errors.h"
#include "handles.h"
#include "numabind.h"
#include "table.h"

namespace nbcli {

namespace {

using Json = nlohmann::ordered_json;

CpusetPtr parse_cpus(const std::string &list) {
    nb_cpuset *raw = nullptr;
    const nb_status status = nb_cpuset_parse(&raw, list.c_str());
    if (status != NB_OK) {
        throw RuntimeFailure(library_message(status));
    }
    return CpusetPtr(raw);
}

bool is_subset(const nb_cpuset *part, const nb_cpuset *whole) {
    for (int cpu = nb_cpuset_next(part, -1); cpu >= 0; cpu = nb_cpuset_next(part, cpu)) {
        if (!nb_cpuset_contains(whole, cpu)) {
            return false;
        }
    }
    return true;
}

Json memory_report(const CheckInputs &inputs) {
    long long resident = 0;
    long long on_plan = 0;
    Json by_node = Json::array();
    for (const auto &[node, kb] : inputs.resident_kb_by_node) {
        resident += kb;
        for (int plan_node : inputs.plan_nodes) {
            on_plan += plan_node == node ? kb : 0;
        }
        by_node.push_back({{"node", node}, {"resident_kb", kb}});
    }
    Json percent = nullptr;
    if (resident > 0) {
        percent = std::round(1000.0 * static_cast<double>(on_plan) / static_cast<double>(resident)) / 10.0;
    }
    return {{"resident_kb", resident},
            {"by_node", by_node},
            {"on_plan_nodes_kb", on_plan},
            {"on_plan_nodes_percent", percent}};
}

std::string node_list(const Json &nodes) {
    std::string text;
    for (const auto &node : nodes) {
        text += (text.empty() ? "" : ",") + node.dump();
    }
    return text.empty() ? "none" : text;
}

}  // namespace

std::string thread_verdict(const std::string &thread_cpus, const std::string &plan_cpus) {
    const CpusetPtr thread = parse_cpus(thread_cpus);
    const CpusetPtr plan = parse_cpus(plan_cpus);
    if (nb_cpuset_equal(thread.get(), plan.get())) {
        return "bound";
    }
    return is_subset(thread.get(), plan.get()) ? "inside" : "outside";
}

Json check_report(const CheckInputs &inputs) {
    Json threads = Json::array();
    bool matches = true;
    for (const ThreadInfo &thread : inputs.threads) {
        const std::string verdict = thread_verdict(thread.status.cpus_allowed_list, inputs.plan_cpus);
        matches = matches && verdict != "outside";
        threads.push_back({{"tid", thread.tid},
                           {"name", thread.status.name},
                           {"cpus", thread.status.cpus_allowed_list},
                           {"match", verdict}});
    }
    return {{"schema", "numabind.check/1"},
            {"pid", inputs.pid},
            {"local_rank", inputs.local_rank},
            {"mode", inputs.mode},
            {"plan", {{"cpus", inputs.plan_cpus}, {"numa_nodes", inputs.plan_nodes}}},
            {"threads", threads},
            {"memory", memory_report(inputs)},
            {"matches", matches}};
}

void render_check_report(const Json &report, std::ostream &out) {
    const Json &plan = report.at("plan");
    out << "Process " << report.at("pid").dump() << ", local rank " << report.at("local_rank").dump()
        << ", mode " << report.at("mode").get<std::string>() << ": plan CPUs "
        << plan.at("cpus").get<std::string>() << " (NUMA nodes " << node_list(plan.at("numa_nodes"))
        << ")\n\n";

    Table threads({{"TID", Align::Right}, {"NAME"}, {"CPUS"}, {"MATCH"}});
    for (const auto &thread : report.at("threads")) {
        threads.add_row({thread.at("tid").dump(), thread.at("name").get<std::string>(),
                         thread.at("cpus").get<std::string>(), thread.at("match").get<std::string>()});
    }
    out << "Threads (" << report.at("threads").size() << "):\n";
    threads.render(out, "  ");

    const Json &memory = report.at("memory");
    out << "\nMemory: " << memory.at("resident_kb").dump() << " kB resident, "
        << memory.at("on_plan_nodes_kb").dump() << " kB";
    if (!memory.at("on_plan_nodes_percent").is_null()) {
        std::ostringstream percent;
        percent.setf(std::ios::fixed);
        percent.precision(1);
        percent << memory.at("on_plan_nodes_percent").get<double>();
        out << " (" << percent.str() << "%)";
    }
    out << " on the plan's NUMA nodes\n";
    Table nodes({{"NODE", Align::Right}, {"RESIDENT KB", Align::Right}});
    for (const auto &node : memory.at("by_node")) {
        nodes.add_row({node.at("node").dump(), node.at("resident_kb").dump()});
    }
    nodes.render(out, "  ");
}

}  // namespace nbcli
