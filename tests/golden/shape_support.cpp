#include "shape_support.h"

#include <cctype>

#include <nlohmann/json.hpp>

namespace golden {

void plan_ranks(const nb_topology *topology, const nb_options *options, int nproc,
                std::vector<RankView> *ranks) {
    nb_status status;
    Plan plan = compute_plan(topology, options, nproc, &status);
    ASSERT_EQ(status, NB_OK) << status_text(status) << ": " << nb_last_error();
    *ranks = read_plan(plan.get());
}

void plan_ranks_in_mode(const nb_topology *topology, nb_mode mode, std::vector<RankView> *ranks) {
    Options options = make_options(mode);
    plan_ranks(topology, options.get(), 0, ranks);
}

void rank_error(const nb_plan *plan, int rank, std::string *code, std::string *message) {
    char *raw = nullptr;
    ASSERT_EQ(nb_plan_to_json(&raw, plan), NB_OK) << nb_last_error();
    auto doc = nlohmann::json::parse(take_string(raw));
    const auto &entry = doc.at("ranks").at(static_cast<size_t>(rank));
    if (entry.contains("error")) {
        *code = entry["error"].at("code").get<std::string>();
        *message = entry["error"].at("message").get<std::string>();
    } else {
        code->clear();
        message->clear();
    }
}

void describe(const nb_topology *topology, const nb_options *options, TopologyInfo *info) {
    ASSERT_EQ(describe_topology(info, topology, options), NB_OK) << nb_last_error() << info->json;
}

std::vector<std::string> bus_ids(const TopologyInfo &info) {
    std::vector<std::string> ids;
    for (const auto &gpu : info.gpus) ids.push_back(gpu.pci_bus_id);
    return ids;
}

bool contains_number(const std::string &text, int number) {
    const std::string digits = std::to_string(number);
    for (size_t at = text.find(digits); at != std::string::npos; at = text.find(digits, at + 1)) {
        bool starts = at == 0 || !isdigit(static_cast<unsigned char>(text[at - 1]));
        size_t end = at + digits.size();
        bool ends = end == text.size() || !isdigit(static_cast<unsigned char>(text[end]));
        if (starts && ends) return true;
    }
    return false;
}

std::string cpus(const RankView &rank) { return nbtest::format_cpu_list(rank.cpus); }

}  // namespace golden
