#include "handles.h"
#include "numabind.h"

using numabind::Error;
using numabind::guard;
using numabind::options_or_defaults;
using numabind::require_arg;
using numabind::reset_out;

namespace {

const numabind::RankBinding &rank_of(const nb_plan *plan, int rank, const char *function) {
    require_arg(plan, function, "plan");
    const auto &ranks = plan->value.ranks;
    if (rank < 0 || static_cast<size_t>(rank) >= ranks.size())
        throw Error(NB_ERANK, std::string(function) + ": rank " + std::to_string(rank) + " is not in the plan of " +
                                  std::to_string(ranks.size()) + " ranks");
    return ranks[static_cast<size_t>(rank)];
}

}  // namespace

extern "C" {

nb_status nb_compute_cpuset(nb_cpuset **out, const nb_topology *topology, const nb_options *options, int local_rank) {
    return guard([&, fn = __func__] {
        reset_out(out, fn);
        require_arg(topology, fn, "topology");
        *out = new nb_cpuset{numabind::compute_rank_cpus(*topology->value, options_or_defaults(options), local_rank)};
        return NB_OK;
    });
}

nb_status nb_plan_compute(nb_plan **out, const nb_topology *topology, const nb_options *options, int nproc) {
    return guard([&, fn = __func__] {
        reset_out(out, fn);
        require_arg(topology, fn, "topology");
        *out = new nb_plan{numabind::compute_plan(*topology->value, options_or_defaults(options), nproc)};
        return NB_OK;
    });
}

void nb_plan_free(nb_plan *plan) { delete plan; }

int nb_plan_size(const nb_plan *plan) { return plan ? static_cast<int>(plan->value.ranks.size()) : 0; }

nb_status nb_plan_rank_status(const nb_plan *plan, int rank) {
    return guard([&, fn = __func__] {
        const auto &binding = rank_of(plan, rank, fn);
        if (binding.status != NB_OK) numabind::set_last_error(binding.error.c_str());
        return binding.status;
    });
}

nb_status nb_plan_rank_cpuset(nb_cpuset **out, const nb_plan *plan, int rank) {
    return guard([&, fn = __func__] {
        reset_out(out, fn);
        const auto &binding = rank_of(plan, rank, fn);
        if (binding.status != NB_OK) throw Error(binding.status, binding.error);
        *out = new nb_cpuset{binding.cpus};
        return NB_OK;
    });
}

nb_status nb_plan_rank_gpu(int *gpu_index, int *numa_node, const nb_plan *plan, int rank) {
    return guard([&, fn = __func__] {
        require_arg(gpu_index, fn, "gpu_index");
        require_arg(numa_node, fn, "numa_node");
        const auto &binding = rank_of(plan, rank, fn);
        if (!binding.gpu_index) throw Error(binding.status, binding.error);
        *gpu_index = static_cast<int>(*binding.gpu_index);
        *numa_node = binding.numa_node;
        return NB_OK;
    });
}

nb_status nb_plan_to_json(char **out, const nb_plan *plan) {
    return guard([&, fn = __func__] {
        reset_out(out, fn);
        require_arg(plan, fn, "plan");
        *out = numabind::to_c_string(numabind::plan_to_json(plan->value));
        return NB_OK;
    });
}

}  // extern "C"
