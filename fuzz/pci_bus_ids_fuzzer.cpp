// A list of PCI bus ids, through nb_options_set_pci_bus_ids, on a bundled
// machine (AWS g4dn.metal: 8 T4s among bridges, NVMe, network and an ASPEED
// VGA). The setter accepts or refuses with NB_EGPUSEL; an accepted list reads
// back in canonical form, and setting the canonical form again reads back the
// same (the round trip is the identity). A plan then fails only with
// NB_EGPUSEL (an id naming no device); otherwise it has one rank per id.
#include <string>

#include "fuzz_support.h"

namespace {

const nb_topology *g4dn;

std::string read_back(const nb_options *options) {
    char *ids = nullptr;
    const nb_status status = nb_options_get_pci_bus_ids(&ids, options);
    FUZZ_CHECK(status == NB_OK && ids != nullptr, status);
    const fuzz::String owned(ids);
    return ids;
}

size_t ids_in(const std::string &canonical) {
    size_t count = 1;
    for (char c : canonical) count += c == ',';
    return count;
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int *, char ***) {
    nb_topology *topology = nullptr;
    const nb_status status =
        nb_topology_load_xml(&topology, NUMABIND_FIXTURES_DIR "/aws-g4dn-metal_2x-xeon8259cl_8xt4.xml");
    FUZZ_CHECK(status == NB_OK, status);
    g4dn = topology;  // lives as long as the process
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    const std::string ids = fuzz::c_string(data, size);
    nb_options *raw = nullptr;
    FUZZ_CHECK(nb_options_new(&raw) == NB_OK, NB_OK);
    const fuzz::Options options(raw);
    const nb_status set = nb_options_set_pci_bus_ids(raw, ids.c_str());
    if (set != NB_OK) {
        FUZZ_CHECK(fuzz::is_one_of(set, {NB_EGPUSEL}), set);
        return 0;
    }
    if (ids.empty()) {  // "" removes the list
        char *none = reinterpret_cast<char *>(0x1);
        FUZZ_CHECK(nb_options_get_pci_bus_ids(&none, raw) == NB_OK && none == nullptr, NB_OK);
        return 0;
    }

    const std::string canonical = read_back(raw);
    const nb_status again = nb_options_set_pci_bus_ids(raw, canonical.c_str());
    FUZZ_CHECK(again == NB_OK && read_back(raw) == canonical, again);

    nb_plan *plan = nullptr;
    const nb_status status = nb_plan_compute(&plan, g4dn, raw, 0);
    const fuzz::Plan owned_plan(plan);
    if (status != NB_OK) {
        FUZZ_CHECK(fuzz::is_one_of(status, {NB_EGPUSEL}) && plan == nullptr, status);
        return 0;
    }
    fuzz::check_plan(plan);
    FUZZ_CHECK(static_cast<size_t>(nb_plan_size(plan)) == ids_in(canonical), status);
    return 0;
}
