// nb_options_from_json on any text. A refusal is one of the statuses the
// header lists, with a message, and leaves the out-parameter NULL. Accepted
// options round-trip exactly: to_json -> from_json gives options with the same
// getters and the same JSON text. They also drive a plan on a bundled machine
// (AWS g4dn.metal, 8 GPUs), which may fail only with a documented status.
#include <cstring>
#include <string>

#include "fuzz_support.h"

namespace {

const nb_topology *g4dn;

std::string to_json(const nb_options *options) {
    char *json = nullptr;
    const nb_status status = nb_options_to_json(&json, options);
    FUZZ_CHECK(status == NB_OK && json != nullptr, status);
    const fuzz::String owned(json);
    return json;
}

// Every getter, as one comparable string.
std::string getters(const nb_options *options) {
    nb_mode mode;
    int fallback;
    nb_gpu_vendor vendor;
    nb_mem_policy policy;
    nb_cpuset *allowed = nullptr;
    char *bus_ids = nullptr, *visible = nullptr, *allowed_list = nullptr;
    FUZZ_CHECK(nb_options_get_mode(&mode, options) == NB_OK && nb_options_get_fallback(&fallback, options) == NB_OK &&
                   nb_options_get_gpu_vendor(&vendor, options) == NB_OK &&
                   nb_options_get_mem_policy(&policy, options) == NB_OK &&
                   nb_options_get_allowed_cpus(&allowed, options) == NB_OK &&
                   nb_options_get_pci_bus_ids(&bus_ids, options) == NB_OK &&
                   nb_options_get_visible_devices(&visible, options) == NB_OK,
               NB_OK);
    const fuzz::Cpuset owned_allowed(allowed);
    const fuzz::String owned_ids(bus_ids), owned_visible(visible);
    if (allowed != nullptr) FUZZ_CHECK(nb_cpuset_format(&allowed_list, allowed) == NB_OK, NB_OK);
    const fuzz::String owned_list(allowed_list);
    FUZZ_CHECK(nb_mode_name(mode) && nb_gpu_vendor_name(vendor) && nb_mem_policy_name(policy), NB_OK);
    return std::string(nb_mode_name(mode)) + "|" + std::to_string(fallback) + "|" + nb_gpu_vendor_name(vendor) + "|" +
           nb_mem_policy_name(policy) + "|" + (allowed_list ? allowed_list : "(none)") + "|" +
           (bus_ids ? bus_ids : "(none)") + "|" + (visible ? std::string("=") + visible : "(none)");
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int *, char ***) {
    for (const char *name : {"CUDA_VISIBLE_DEVICES", "HIP_VISIBLE_DEVICES", "ROCR_VISIBLE_DEVICES"}) unsetenv(name);
    nb_topology *topology = nullptr;
    const nb_status status =
        nb_topology_load_xml(&topology, NUMABIND_FIXTURES_DIR "/aws-g4dn-metal_2x-xeon8259cl_8xt4.xml");
    FUZZ_CHECK(status == NB_OK, status);
    g4dn = topology;  // lives as long as the process
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    const std::string json = fuzz::c_string(data, size);
    nb_options *raw = reinterpret_cast<nb_options *>(0x1);
    const nb_status status = nb_options_from_json(&raw, json.c_str());
    if (status != NB_OK) {
        FUZZ_CHECK(fuzz::is_one_of(status, {NB_EJSON, NB_EMODE, NB_ECPULIST, NB_EEMPTY, NB_EGPUSEL}) && raw == nullptr,
                   status);
        return 0;
    }
    FUZZ_CHECK(raw != nullptr, status);
    const fuzz::Options options(raw);

    const std::string written = to_json(options.get());
    nb_options *reread = nullptr;
    const nb_status again = nb_options_from_json(&reread, written.c_str());
    FUZZ_CHECK(again == NB_OK, again);
    const fuzz::Options round_trip(reread);
    FUZZ_CHECK(to_json(round_trip.get()) == written, again);
    FUZZ_CHECK(getters(round_trip.get()) == getters(options.get()), again);

    nb_plan *plan = nullptr;
    const nb_status planned = nb_plan_compute(&plan, g4dn, options.get(), 0);
    const fuzz::Plan owned_plan(plan);
    if (planned != NB_OK)
        FUZZ_CHECK(fuzz::is_one_of(planned, {NB_ENOGPU, NB_EGPUSEL, NB_ENOTALLOWED, NB_EEMPTY}) && plan == nullptr,
                   planned);
    else
        fuzz::check_plan(plan);
    return 0;
}
