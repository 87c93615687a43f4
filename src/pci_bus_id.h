// PCI bus ids ("0000:4e:00.0"): parsing what users type, formatting what
// CUDA, nvidia-smi and sysfs print, and ordering (CUDA's PCI_BUS_ID order).
#pragma once

#include <hwloc.h>

#include <string>
#include <string_view>
#include <tuple>
#include <vector>

namespace numabind {

struct PciBusId {
    unsigned domain = 0;
    unsigned bus = 0;
    unsigned device = 0;
    unsigned function = 0;

    static PciBusId of(const hwloc_obj *pcidev);
    // "DDDD:BB:DD.F" or "BB:DD.F"; hex, any case. Throws Error(NB_EGPUSEL).
    static PciBusId parse(std::string_view text);
    std::string str() const;  // lower-case "dddd:bb:dd.f"

    bool operator<(const PciBusId &o) const {
        return std::tie(domain, bus, device, function) < std::tie(o.domain, o.bus, o.device, o.function);
    }
    bool operator==(const PciBusId &o) const {
        return std::tie(domain, bus, device, function) == std::tie(o.domain, o.bus, o.device, o.function);
    }
};

// Appends `id`; an id already in the list is NB_EGPUSEL.
void add_unique(std::vector<PciBusId> &ids, const PciBusId &id);
// Comma-separated list; repeated ids are NB_EGPUSEL.
std::vector<PciBusId> parse_pci_bus_id_list(std::string_view text);
std::string format_pci_bus_id_list(const std::vector<PciBusId> &ids);

}  // namespace numabind
