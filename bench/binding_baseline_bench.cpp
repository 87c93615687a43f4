// The C baseline of the bindings' per-call overhead figure: the one
// measurement every language binding repeats through its own API (see
// bindings/*/bench): the bundled AWS g4dn.metal topology loaded once, options
// mode=exclusive, then compute_cpuset for local rank 3, the result created and
// released each call. The Python, Go, Lua and Rust figures divided by this one
// are what a launcher pays for writing in that language.
#include <benchmark/benchmark.h>
#include <numabind.h>

#include <string>

namespace {

const std::string kTopology = std::string(NUMABIND_FIXTURES_DIR) + "/aws-g4dn-metal_2x-xeon8259cl_8xt4.xml";

void BM_ComputeCpusetG4dnExclusiveRank3(benchmark::State &state, bool format) {
    nb_topology *topology = nullptr;
    nb_options *options = nullptr;
    if (nb_topology_load_xml(&topology, kTopology.c_str()) != NB_OK || nb_options_new(&options) != NB_OK ||
        nb_options_set_mode(options, NB_MODE_EXCLUSIVE) != NB_OK) {
        state.SkipWithError(nb_last_error());
        nb_topology_free(topology);
        return;
    }
    for (auto _ : state) {
        nb_cpuset *cpus = nullptr;
        if (nb_compute_cpuset(&cpus, topology, options, 3) != NB_OK) {
            state.SkipWithError(nb_last_error());
            break;
        }
        // Most bindings hand the caller the list string or read the set out;
        // the second variant includes that formatting.
        if (format) {
            char *text = nullptr;
            nb_cpuset_format(&text, cpus);
            benchmark::DoNotOptimize(text);
            nb_free(text);
        }
        benchmark::DoNotOptimize(cpus);
        nb_cpuset_free(cpus);
    }
    nb_options_free(options);
    nb_topology_free(topology);
}

BENCHMARK_CAPTURE(BM_ComputeCpusetG4dnExclusiveRank3, compute_free, false);
BENCHMARK_CAPTURE(BM_ComputeCpusetG4dnExclusiveRank3, compute_format_free, true);

}  // namespace

BENCHMARK_MAIN();
