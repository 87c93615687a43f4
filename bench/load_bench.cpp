// Loading topologies: the live machine (hwloc discovery with PCI), the
// largest shared XML files, and synthetic XML documents of growing size.
#include <benchmark/benchmark.h>
#include <numabind.h>

#include <cstdlib>
#include <string>

#include "bench_machines.h"

namespace {

void BM_LoadLive(benchmark::State &state) {
    unsetenv("NUMABIND_TOPOLOGY");  // the real machine, not a file named by the environment
    for (auto _ : state) {
        nb_topology *topo = nullptr;
        if (nb_topology_load(&topo) != NB_OK) {
            state.SkipWithError(nb_last_error());
            break;
        }
        nb_topology_free(topo);
    }
}

void BM_LoadXmlFile(benchmark::State &state, const std::string &path) {
    for (auto _ : state) {
        nb_topology *topo = nullptr;
        if (nb_topology_load_xml(&topo, path.c_str()) != NB_OK) {
            state.SkipWithError(nb_last_error());
            break;
        }
        nb_topology_free(topo);
    }
}

void BM_LoadXmlBuffer(benchmark::State &state) {
    const int cpus = static_cast<int>(state.range(0)), gpus = static_cast<int>(state.range(1));
    const std::string xml = nbtest::hwloc_xml(nbbench::scaled_machine(cpus, gpus));
    for (auto _ : state) {
        nb_topology *topo = nullptr;
        if (nb_topology_load_xml_buffer(&topo, xml.data(), xml.size()) != NB_OK) {
            state.SkipWithError(nb_last_error());
            break;
        }
        nb_topology_free(topo);
    }
    state.counters["xml_bytes"] = static_cast<double>(xml.size());
    state.SetComplexityN(cpus + gpus);
}

}  // namespace

int main(int argc, char **argv) {
    benchmark::RegisterBenchmark("load/live", BM_LoadLive)->Unit(benchmark::kMillisecond);
    for (const nbbench::SharedTopology &shared : nbbench::largest_shared_topologies())
        benchmark::RegisterBenchmark(("load/xml-file/" + shared.label).c_str(), BM_LoadXmlFile,
                                     shared.path)
            ->Unit(benchmark::kMillisecond);
    benchmark::RegisterBenchmark("load/xml-buffer/synthetic", BM_LoadXmlBuffer)
        ->ArgNames({"cpus", "gpus"})
        ->Args({256, 8})
        ->Args({1024, 32})
        ->Args({4096, 64})
        ->Args({8192, 128})
        ->Unit(benchmark::kMillisecond)
        ->Complexity(benchmark::oN);

    benchmark::Initialize(&argc, argv);
    if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
