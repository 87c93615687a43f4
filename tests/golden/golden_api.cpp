#include "golden_api.h"

#include <cstdio>
#include <cstdlib>

namespace golden {

std::string status_text(nb_status status) {
    return std::string(nb_status_name(status)) + " (" + std::to_string(static_cast<int>(status)) + ")";
}

Topology load_xml(const std::string &path, nb_status *status) {
    nb_topology *raw = nullptr;
    *status = nb_topology_load_xml(&raw, path.c_str());
    return Topology(raw);
}

Options make_options(nb_mode mode) {
    nb_options *raw = nullptr;
    if (nb_options_new(&raw) != NB_OK || nb_options_set_mode(raw, mode) != NB_OK) {
        std::fprintf(stderr, "golden: cannot create options: %s\n", nb_last_error());
        std::abort();
    }
    return Options(raw);
}

std::vector<RankView> read_plan(const nb_plan *plan) {
    std::vector<RankView> ranks;
    for (int rank = 0; rank < nb_plan_size(plan); ++rank) {
        RankView view;
        view.status = nb_plan_rank_status(plan, rank);
        view.gpu_status = nb_plan_rank_gpu(&view.gpu_index, &view.numa_node, plan, rank);
        if (view.status == NB_OK) {
            nb_cpuset *raw = nullptr;
            if (nb_plan_rank_cpuset(&raw, plan, rank) == NB_OK) {
                Cpuset owned(raw);
                view.cpus = to_cpu_set(raw);
            }
        }
        ranks.push_back(view);
    }
    return ranks;
}

Plan compute_plan(const nb_topology *topology, const nb_options *options, int nproc,
                  nb_status *status) {
    nb_plan *raw = nullptr;
    *status = nb_plan_compute(&raw, topology, options, nproc);
    return Plan(raw);
}

}  // namespace golden
