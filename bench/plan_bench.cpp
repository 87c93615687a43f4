// Whole-plan computation (one rank per GPU, nb_plan_compute + nb_plan_free)
// per mode, on loaded topologies: the largest shared real machines, the live
// machine when it has GPUs, a synthetic 4096-CPU/64-GPU machine, and synthetic
// machines of growing size for the complexity fits.
#include <benchmark/benchmark.h>
#include <numabind.h>

#include <cstdio>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "bench_machines.h"

namespace {

const nb_mode kModes[] = {NB_MODE_NODE, NB_MODE_SOCKET, NB_MODE_EXCLUSIVE, NB_MODE_CORE_COMPLEX,
                          NB_MODE_CLOSEST};

void run_plans(benchmark::State &state, const nb_topology *topo, nb_mode mode) {
    nb_options *options = nullptr;
    nb_options_new(&options);
    nb_options_set_mode(options, mode);
    // One untimed plan for the counters: ranks, and ranks the mode cannot bind
    // (e.g. exclusive on a node with fewer cores than GPUs).
    nb_plan *plan = nullptr;
    if (nb_plan_compute(&plan, topo, options, 0) != NB_OK) {
        state.SkipWithError(nb_last_error());
        nb_options_free(options);
        return;
    }
    int failed = 0;
    for (int r = 0; r < nb_plan_size(plan); ++r) failed += nb_plan_rank_status(plan, r) != NB_OK;
    state.counters["ranks"] = nb_plan_size(plan);
    state.counters["failed_ranks"] = failed;
    nb_plan_free(plan);
    for (auto _ : state) {
        nb_plan_compute(&plan, topo, options, 0);
        benchmark::DoNotOptimize(plan);
        nb_plan_free(plan);
    }
    nb_options_free(options);
}

// Synthetic machines for the scaling series, loaded once each (loading is not timed here).
const nb_topology *scaled_topology(int cpus, int gpus) {
    static std::map<std::pair<int, int>, nb_topology *> cache;
    auto key = std::make_pair(cpus, gpus);
    auto it = cache.find(key);
    if (it != cache.end()) return it->second;
    nb_topology *topo = nbbench::load_or_die(nbtest::hwloc_xml(nbbench::scaled_machine(cpus, gpus)),
                                             "synthetic machine " + std::to_string(cpus));
    cache.emplace(key, topo);
    return topo;
}

// Which quantity the complexity fit uses as N.
enum class Grow { kBoth, kCpus, kGpus };

void BM_PlanScaling(benchmark::State &state, nb_mode mode, Grow grow) {
    const int cpus = static_cast<int>(state.range(0)), gpus = static_cast<int>(state.range(1));
    run_plans(state, scaled_topology(cpus, gpus), mode);
    state.SetComplexityN(grow == Grow::kCpus ? cpus : grow == Grow::kGpus ? gpus : cpus + gpus);
}

std::string mode_label(nb_mode mode) { return nb_mode_name(mode); }

}  // namespace

int main(int argc, char **argv) {
    for (const nbbench::SharedTopology &shared : nbbench::largest_shared_topologies()) {
        nb_topology *topo = nullptr;
        if (nb_topology_load_xml(&topo, shared.path.c_str()) != NB_OK) {
            std::fprintf(stderr, "skipping %s: %s\n", shared.path.c_str(), nb_last_error());
            continue;
        }
        for (nb_mode mode : kModes)
            benchmark::RegisterBenchmark(("plan/" + mode_label(mode) + "/" + shared.label).c_str(),
                                         [topo, mode](benchmark::State &st) { run_plans(st, topo, mode); })
                ->Unit(benchmark::kMicrosecond);
    }

    // The machine this runs on, when it has GPUs (a GPU node; not the CI box).
    nb_topology *live = nullptr;
    int live_gpus = 0;
    if (nb_topology_load(&live) == NB_OK && nb_topology_gpu_count(&live_gpus, live, nullptr) == NB_OK &&
        live_gpus > 0) {
        for (nb_mode mode : kModes)
            benchmark::RegisterBenchmark(("plan/" + mode_label(mode) + "/live").c_str(),
                                         [live, mode](benchmark::State &st) { run_plans(st, live, mode); })
                ->Unit(benchmark::kMicrosecond);
    }

    const nb_topology *big = scaled_topology(4096, 64);
    for (nb_mode mode : kModes)
        benchmark::RegisterBenchmark(("plan/" + mode_label(mode) + "/synthetic-4096cpu-64gpu").c_str(),
                                     [big, mode](benchmark::State &st) { run_plans(st, big, mode); })
            ->Unit(benchmark::kMicrosecond);

    // Three series per mode, each fitted to O(N):
    //  scale-both: CPUs and GPUs grow together (x32, x16), N = CPUs + GPUs = 264 .. 8320;
    //  scale-cpus: 8 GPUs, CPUs 512 .. 8192 (one GPU per node at every size), N = CPUs;
    //  scale-gpus: 4096 CPUs, GPUs 8 .. 128, N = GPUs.
    struct Series {
        const char *name;
        Grow grow;
        std::vector<std::vector<int64_t>> args;
    };
    const Series series[] = {
        {"scale-both", Grow::kBoth,
         {{256, 8}, {512, 16}, {1024, 32}, {2048, 64}, {4096, 128}, {8192, 128}}},
        {"scale-cpus", Grow::kCpus, {{512, 8}, {1024, 8}, {2048, 8}, {4096, 8}, {8192, 8}}},
        {"scale-gpus", Grow::kGpus, {{4096, 8}, {4096, 16}, {4096, 32}, {4096, 64}, {4096, 128}}},
    };
    for (const Series &s : series)
        for (nb_mode mode : kModes) {
            auto *b = benchmark::RegisterBenchmark((std::string(s.name) + "/" + mode_label(mode)).c_str(),
                                                   BM_PlanScaling, mode, s.grow);
            b->ArgNames({"cpus", "gpus"})->Unit(benchmark::kMicrosecond)->Complexity(benchmark::oN);
            for (const auto &args : s.args) b->Args(args);
        }

    benchmark::Initialize(&argc, argv);
    if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
