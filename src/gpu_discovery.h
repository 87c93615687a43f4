// Which PCI devices are GPUs, and in what order (the order CUDA's
// PCI_BUS_ID enumeration and nvidia-smi use).
#pragma once

#include <hwloc.h>

#include <string>
#include <vector>

#include "numabind.h"
#include "options.h"
#include "pci_bus_id.h"
#include "topology.h"

namespace numabind {

struct Gpu {
    PciBusId bus_id;
    hwloc_obj_t pcidev = nullptr;    // owned by the topology
    nb_gpu_vendor vendor = NB_GPU_VENDOR_AUTO;  // AUTO: neither NVIDIA nor AMD (explicit bus ids)
    std::vector<std::string> os_devices;  // "cuda0", "nvml0", "rsmi3", ...
    std::string uuid;                     // "" when unknown
};

// The GPU list the options select: explicit PCI bus ids in their order, or
// discovery by vendor in bus-id order. Throws NB_ENOGPU / NB_EGPUSEL.
std::vector<Gpu> discover_gpus(const Topology &topology, const Options &options);

// "nvidia", "amd" or "other".
const char *gpu_vendor_label(const Gpu &gpu);

}  // namespace numabind
