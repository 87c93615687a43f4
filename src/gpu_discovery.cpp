#include "gpu_discovery.h"

#include <algorithm>
#include <cstring>

#include "error.h"

namespace numabind {

namespace {

constexpr unsigned kVendorNvidia = 0x10de;
constexpr unsigned kVendorAmd = 0x1002;
constexpr unsigned kClassVga = 0x0300;
constexpr unsigned kClass3d = 0x0302;
constexpr unsigned kClassDisplayOther = 0x0380;
constexpr unsigned kClassAccelerator = 0x1200;

bool starts_with(const char *text, const char *prefix) {
    return text != nullptr && std::strncmp(text, prefix, std::strlen(prefix)) == 0;
}

std::vector<hwloc_obj_t> os_devices_of(hwloc_obj_t pcidev) {
    std::vector<hwloc_obj_t> devices;
    for (hwloc_obj_t child = pcidev->io_first_child; child; child = child->next_sibling)
        if (child->type == HWLOC_OBJ_OS_DEVICE) devices.push_back(child);
    return devices;
}

// A compute interface: ROCm SMI, OpenCL, or a DRM render node (what ROCm opens
// for compute). A bare DRM "card"/"controlD" node is a display, as on BMC VGA.
bool is_compute_os_device(hwloc_obj_t osdev) {
    return starts_with(osdev->name, "rsmi") || starts_with(osdev->name, "opencl") ||
           starts_with(osdev->name, "renderD");
}

bool is_nvidia_gpu(hwloc_obj_t pcidev) {
    const auto &pci = pcidev->attr->pcidev;
    return pci.vendor_id == kVendorNvidia && (pci.class_id == kClassVga || pci.class_id == kClass3d);
}

bool is_amd_gpu(hwloc_obj_t pcidev) {
    const auto &pci = pcidev->attr->pcidev;
    if (pci.vendor_id != kVendorAmd) return false;
    if (pci.class_id == kClassDisplayOther || pci.class_id == kClassAccelerator) return true;
    if (pci.class_id != kClassVga) return false;
    const auto devices = os_devices_of(pcidev);
    return std::any_of(devices.begin(), devices.end(), is_compute_os_device);
}

nb_gpu_vendor vendor_of(hwloc_obj_t pcidev) {
    switch (pcidev->attr->pcidev.vendor_id) {
    case kVendorNvidia: return NB_GPU_VENDOR_NVIDIA;
    case kVendorAmd: return NB_GPU_VENDOR_AMD;
    default: return NB_GPU_VENDOR_AUTO;
    }
}

const char *info_of(hwloc_obj_t obj, const char *name) { return hwloc_obj_get_info_by_name(obj, name); }

Gpu describe(const Topology &topology, hwloc_obj_t pcidev) {
    Gpu gpu;
    gpu.bus_id = PciBusId::of(pcidev);
    gpu.pcidev = pcidev;
    gpu.vendor = vendor_of(pcidev);
    for (hwloc_obj_t osdev : os_devices_of(pcidev)) {
        if (osdev->name) gpu.os_devices.emplace_back(osdev->name);
        if (gpu.uuid.empty()) {
            if (const char *uuid = info_of(osdev, "NVIDIAUUID")) gpu.uuid = uuid;
            else if (const char *amd = info_of(osdev, "AMDUUID")) gpu.uuid = amd;
        }
    }
    if (gpu.uuid.empty()) {
        const auto &driver = topology.driver_gpu_uuids();
        if (auto it = driver.find(gpu.bus_id); it != driver.end()) gpu.uuid = it->second;
    }
    return gpu;
}

// An AMD device split into partitions (MI300 TPX/CPX) shows one rsmi device
// per partition; ROCm enumerates each as a GPU of its own.
void append_partitions(std::vector<Gpu> &gpus, const Gpu &device) {
    std::vector<hwloc_obj_t> partitions;
    for (hwloc_obj_t osdev : os_devices_of(device.pcidev))
        if (starts_with(osdev->name, "rsmi")) partitions.push_back(osdev);
    if (device.vendor != NB_GPU_VENDOR_AMD || partitions.size() < 2) {
        gpus.push_back(device);
        return;
    }
    const auto rsmi_index = [](hwloc_obj_t osdev) { return std::strtol(osdev->name + 4, nullptr, 10); };
    std::sort(partitions.begin(), partitions.end(),
              [&](hwloc_obj_t a, hwloc_obj_t b) { return rsmi_index(a) < rsmi_index(b); });
    for (hwloc_obj_t partition : partitions) {
        Gpu gpu = device;
        gpu.os_devices = {partition->name};
        const char *uuid = info_of(partition, "AMDUUID");
        gpu.uuid = uuid ? uuid : "";
        gpus.push_back(std::move(gpu));
    }
}

std::vector<Gpu> explicit_gpus(const Topology &topology, const std::vector<PciBusId> &ids) {
    std::vector<Gpu> gpus;
    for (const auto &id : ids) {
        hwloc_obj_t pcidev = hwloc_get_pcidev_by_busid(topology.hwloc(), id.domain, id.bus, id.device, id.function);
        if (pcidev == nullptr)
            throw Error(NB_EGPUSEL, "PCI bus id " + id.str() + " names no PCI device in " + topology.source());
        gpus.push_back(describe(topology, pcidev));
    }
    return gpus;
}

}  // namespace

const char *gpu_vendor_label(const Gpu &gpu) {
    switch (gpu.vendor) {
    case NB_GPU_VENDOR_NVIDIA: return "nvidia";
    case NB_GPU_VENDOR_AMD: return "amd";
    default: return "other";
    }
}

std::vector<Gpu> discover_gpus(const Topology &topology, const Options &options) {
    if (options.pci_bus_ids) return explicit_gpus(topology, *options.pci_bus_ids);

    std::vector<hwloc_obj_t> nvidia, amd;
    for (hwloc_obj_t pcidev = hwloc_get_next_pcidev(topology.hwloc(), nullptr); pcidev;
         pcidev = hwloc_get_next_pcidev(topology.hwloc(), pcidev)) {
        if (is_nvidia_gpu(pcidev)) nvidia.push_back(pcidev);
        else if (is_amd_gpu(pcidev)) amd.push_back(pcidev);
    }
    const bool use_nvidia = options.gpu_vendor == NB_GPU_VENDOR_NVIDIA ||
                            (options.gpu_vendor == NB_GPU_VENDOR_AUTO && !nvidia.empty());
    std::vector<hwloc_obj_t> &chosen = use_nvidia ? nvidia : amd;
    if (chosen.empty()) {
        const char *what = options.gpu_vendor == NB_GPU_VENDOR_NVIDIA ? "NVIDIA GPU"
                           : options.gpu_vendor == NB_GPU_VENDOR_AMD  ? "AMD GPU"
                                                                      : "NVIDIA or AMD GPU";
        throw Error(NB_ENOGPU, std::string("no ") + what + " in " + topology.source());
    }
    std::sort(chosen.begin(), chosen.end(),
              [](hwloc_obj_t a, hwloc_obj_t b) { return PciBusId::of(a) < PciBusId::of(b); });
    std::vector<Gpu> gpus;
    for (hwloc_obj_t pcidev : chosen) append_partitions(gpus, describe(topology, pcidev));
    return gpus;
}

}  // namespace numabind
