// A CUDA_VISIBLE_DEVICES / ROCR_VISIBLE_DEVICES value, through
// nb_options_set_visible_devices, on a bundled machine with GPU UUIDs: the
// first input byte picks LLNL Tioga ('a': 8 AMD MI250X GCDs, bare hex UUIDs)
// or AWS g4dn.metal (anything else: 8 NVIDIA T4, "GPU-..." UUIDs); the rest
// is the value. The
// setter refuses only non-UTF-8 (NB_EGPUSEL). A plan then fails only with
// NB_EGPUSEL or NB_ENOGPU; when it succeeds it has one rank per entry, each
// on a distinct GPU of the machine, and rank 0 computed alone agrees with it.
#include <set>
#include <string>

#include "fuzz_support.h"

namespace {

constexpr int kGpus = 8;  // on both machines
const nb_topology *machines[2];

const nb_topology *load(const char *file) {
    nb_topology *topology = nullptr;
    const nb_status status = nb_topology_load_xml(&topology, (std::string(NUMABIND_FIXTURES_DIR "/") + file).c_str());
    FUZZ_CHECK(status == NB_OK, status);
    return topology;  // lives as long as the process
}

// Entries of the value as the header defines them: comma-separated; a value
// of blanks only hides every GPU.
size_t entries(const std::string &value) {
    if (value.find_first_not_of(" \t") == std::string::npos) return 0;
    size_t count = 1;
    for (char c : value) count += c == ',';
    return count;
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int *, char ***) {
    for (const char *name : {"CUDA_VISIBLE_DEVICES", "HIP_VISIBLE_DEVICES", "ROCR_VISIBLE_DEVICES"}) unsetenv(name);
    machines[0] = load("aws-g4dn-metal_2x-xeon8259cl_8xt4.xml");
    machines[1] = load("llnl-tioga_hpe-ex235a_epyc-7a53_4numa-2l3each_8xmi250x-gcd.xml");
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (size == 0) return 0;
    const nb_topology *machine = machines[data[0] == 'a' ? 1 : 0];
    const std::string value = fuzz::c_string(data + 1, size - 1);

    nb_options *raw = nullptr;
    FUZZ_CHECK(nb_options_new(&raw) == NB_OK, NB_OK);
    const fuzz::Options options(raw);
    const nb_status set = nb_options_set_visible_devices(raw, value.c_str());
    if (set != NB_OK) {
        FUZZ_CHECK(fuzz::is_one_of(set, {NB_EGPUSEL}), set);
        return 0;
    }

    nb_plan *plan = nullptr;
    const nb_status status = nb_plan_compute(&plan, machine, raw, 0);
    const fuzz::Plan owned_plan(plan);
    nb_cpuset *rank0 = nullptr;
    const nb_status alone = nb_compute_cpuset(&rank0, machine, raw, 0);
    const fuzz::Cpuset owned_rank0(rank0);
    if (status != NB_OK) {
        FUZZ_CHECK(fuzz::is_one_of(status, {NB_EGPUSEL, NB_ENOGPU}) && plan == nullptr && alone == status, status);
        return 0;
    }
    fuzz::check_plan(plan);
    FUZZ_CHECK(static_cast<size_t>(nb_plan_size(plan)) == entries(value), status);
    std::set<int> seen;
    for (int rank = 0; rank < nb_plan_size(plan); ++rank) {
        int gpu = -1, node = -2;
        const nb_status got = nb_plan_rank_gpu(&gpu, &node, plan, rank);
        FUZZ_CHECK(got == NB_OK && gpu >= 0 && gpu < kGpus && seen.insert(gpu).second, got);
    }
    nb_cpuset *planned0 = nullptr;
    const nb_status from_plan = nb_plan_rank_cpuset(&planned0, plan, 0);
    const fuzz::Cpuset owned_planned0(planned0);
    FUZZ_CHECK(from_plan == alone && (alone != NB_OK || nb_cpuset_equal(rank0, planned0) == 1), alone);

    char *json = nullptr;
    const nb_status written = nb_options_to_json(&json, raw);
    FUZZ_CHECK(written == NB_OK, written);
    nb_free(json);
    return 0;
}
