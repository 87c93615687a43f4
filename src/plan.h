// A plan: the binding of every local rank, each with its own outcome.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "cpuset.h"
#include "numabind.h"
#include "options.h"
#include "topology.h"

namespace numabind {

struct RankBinding {
    int local_rank = 0;
    std::optional<size_t> gpu_index;  // into the topology's GPU list; none when out of range
    std::string pci_bus_id;
    int numa_node = -1;               // host node's OS index; -1 when none
    nb_status status = NB_OK;
    std::string error;                // when status != NB_OK
    CpuSet cpus;                      // when status == NB_OK
};

struct Plan {
    nb_mode mode = NB_MODE_NODE;
    bool fallback = false;
    std::vector<RankBinding> ranks;
};

// nproc == 0: one rank per visible GPU. Throws for plan-wide problems.
/// The most local ranks a plan may have (nb_plan_compute documents it).
constexpr int kMaxPlanRanks = 65536;

Plan compute_plan(const Topology &topology, const Options &options, int nproc);

// One rank's CPUs; throws that rank's error.
CpuSet compute_rank_cpus(const Topology &topology, const Options &options, int local_rank);

std::string plan_to_json(const Plan &plan);

}  // namespace numabind
