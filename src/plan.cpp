#include "plan.h"

#include <nlohmann/json.hpp>

#include "error.h"
#include "machine_view.h"
#include "policy.h"

namespace numabind {

namespace {

std::string rank_out_of_range(int rank, size_t visible) {
    return "local rank " + std::to_string(rank) + " is out of range: " + std::to_string(visible) +
           " GPU" + (visible == 1 ? " is" : "s are") + " visible (ranks 0-" + std::to_string(visible - 1) + ")";
}

RankBinding bind_rank(const MachineView &view, int rank) {
    RankBinding binding;
    binding.local_rank = rank;
    if (rank < 0 || static_cast<size_t>(rank) >= view.visible.size()) {
        binding.status = NB_ERANK;
        binding.error = rank_out_of_range(rank, view.visible.size());
        return binding;
    }
    const GpuSlot &slot = view.visible[static_cast<size_t>(rank)];
    binding.gpu_index = slot.gpu_index;
    binding.pci_bus_id = view.gpu_of(slot).bus_id.str();
    binding.numa_node = slot.host_node ? static_cast<int>(slot.host_node->os_index) : -1;
    try {
        binding.cpus = compute_binding(view, static_cast<size_t>(rank));
    } catch (const Error &e) {
        binding.status = e.code();
        binding.error = e.what();
    }
    return binding;
}

}  // namespace

Plan compute_plan(const Topology &topology, const Options &options, int nproc) {
    if (nproc < 0) throw Error(NB_EINVAL, "nproc must be 0 (one rank per GPU) or positive, not " + std::to_string(nproc));
    // Local ranks are processes on one machine; a count beyond this is a bug
    // in the caller, and honouring it would reserve memory for every rank
    // (INT_MAX ranks: ~257 GB) before the first one is found out of range.
    if (nproc > kMaxPlanRanks)
        throw Error(NB_EINVAL, "nproc " + std::to_string(nproc) + " is more local ranks than one machine runs (at most " +
                                   std::to_string(kMaxPlanRanks) + ")");
    const MachineView view = build_machine_view(topology, options);
    Plan plan;
    plan.mode = options.mode;
    plan.fallback = options.fallback;
    const int ranks = nproc == 0 ? static_cast<int>(view.visible.size()) : nproc;
    plan.ranks.reserve(static_cast<size_t>(ranks));
    for (int rank = 0; rank < ranks; ++rank) plan.ranks.push_back(bind_rank(view, rank));
    return plan;
}

CpuSet compute_rank_cpus(const Topology &topology, const Options &options, int local_rank) {
    const MachineView view = build_machine_view(topology, options);
    RankBinding binding = bind_rank(view, local_rank);
    if (binding.status != NB_OK) throw Error(binding.status, binding.error);
    return std::move(binding.cpus);
}

std::string plan_to_json(const Plan &plan) {
    using Json = nlohmann::ordered_json;
    Json ranks = Json::array();
    for (const RankBinding &rank : plan.ranks) {
        Json entry;
        entry["local_rank"] = rank.local_rank;
        if (rank.gpu_index) entry["gpu"] = Json{{"index", *rank.gpu_index}, {"pci_bus_id", rank.pci_bus_id}};
        else entry["gpu"] = nullptr;
        entry["numa_node"] = rank.numa_node >= 0 ? Json(rank.numa_node) : Json(nullptr);
        if (rank.status == NB_OK) entry["cpus"] = rank.cpus.format();
        else entry["error"] = Json{{"code", nb_status_name(rank.status)}, {"message", rank.error}};
        ranks.push_back(std::move(entry));
    }
    Json json;
    json["schema"] = "numabind.plan/1";
    json["mode"] = mode_name(plan.mode);
    json["fallback"] = plan.fallback;
    json["ranks"] = std::move(ranks);
    return json.dump();
}

}  // namespace numabind
