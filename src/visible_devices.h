// CUDA_VISIBLE_DEVICES and its AMD twins: which GPUs a worker sees, and so
// which physical GPU local rank r drives.
#pragma once

#include <string>
#include <vector>

#include "gpu_discovery.h"
#include "options.h"

namespace numabind {

struct VisibleLayer {
    std::string source;  // "CUDA_VISIBLE_DEVICES", ... or "visible_devices" (the option)
    std::string value;
};

// The layers that apply, outermost first: the options' value alone when set;
// else from the environment, by the vendor of the discovered GPUs (NVIDIA:
// CUDA_VISIBLE_DEVICES; AMD: ROCR_VISIBLE_DEVICES, then HIP_VISIBLE_DEVICES or,
// when unset, CUDA_VISIBLE_DEVICES). Explicit PCI bus ids take no layer from
// the environment: the caller has already said which GPUs the ranks drive.
std::vector<VisibleLayer> visible_layers(const Options &options, const std::vector<Gpu> &gpus);

// Indexes into `gpus` of the visible GPUs, in the order ranks take them.
// Entries are indexes (into the previous layer's list) or UUIDs ("GPU-...",
// unique prefixes too). Throws NB_EGPUSEL naming the bad entry.
std::vector<size_t> select_visible(const std::vector<Gpu> &gpus, const std::vector<VisibleLayer> &layers);

}  // namespace numabind
