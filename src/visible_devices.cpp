#include "visible_devices.h"

#include <algorithm>
#include <cstdlib>

#include "error.h"

namespace numabind {

namespace {

std::string_view trim(std::string_view text) {
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
    return text;
}

bool all_digits(std::string_view text) {
    return !text.empty() && text.size() <= 9 &&
           std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bool uuid_matches(const std::string &uuid, std::string_view entry) {
    if (uuid.empty()) return false;
    // AMD tools print the bare hex id; ROCR_VISIBLE_DEVICES takes it as "GPU-<hex>".
    const std::string full = uuid.compare(0, 4, "GPU-") == 0 ? uuid : "GPU-" + uuid;
    return full.compare(0, entry.size(), entry) == 0;
}

size_t resolve_entry(const std::vector<Gpu> &gpus, const std::vector<size_t> &current, std::string_view entry,
                     const VisibleLayer &layer) {
    const std::string where = layer.source + "=" + quote(layer.value);
    if (all_digits(entry)) {
        const auto index = std::strtoul(std::string(entry).c_str(), nullptr, 10);
        if (index >= current.size())
            throw Error(NB_EGPUSEL, where + ": entry " + quote(entry) + " names no GPU (" +
                                        std::to_string(current.size()) +
                                        (current.size() == 1 ? " GPU is" : " GPUs are") + " visible at that point)");
        return current[index];
    }
    if (entry.size() > 4 && entry.compare(0, 4, "GPU-") == 0) {
        std::vector<size_t> matches;
        for (size_t position : current)
            if (uuid_matches(gpus[position].uuid, entry)) matches.push_back(position);
        if (matches.size() == 1) return matches.front();
        if (matches.size() > 1)
            throw Error(NB_EGPUSEL, where + ": UUID " + quote(entry) + " matches " + std::to_string(matches.size()) +
                                        " GPUs (" + gpus[matches[0]].bus_id.str() + ", " +
                                        gpus[matches[1]].bus_id.str() + "...)");
        throw Error(NB_EGPUSEL, where + ": none of the " + std::to_string(current.size()) +
                                    " GPUs visible at that point has a UUID starting " + quote(entry));
    }
    throw Error(NB_EGPUSEL, where + ": entry " + quote(entry) + " is neither a GPU index nor a GPU UUID");
}

}  // namespace

std::vector<VisibleLayer> visible_layers(const Options &options, const std::vector<Gpu> &gpus) {
    if (options.visible_devices) return {{"visible_devices", *options.visible_devices}};
    if (options.pci_bus_ids || gpus.empty()) return {};
    std::vector<VisibleLayer> layers;
    const auto add_from_env = [&layers](const char *name) {
        const char *value = std::getenv(name);
        if (value != nullptr) layers.push_back({name, value});
        return value != nullptr;
    };
    if (gpus.front().vendor == NB_GPU_VENDOR_AMD) {
        add_from_env("ROCR_VISIBLE_DEVICES");
        if (!add_from_env("HIP_VISIBLE_DEVICES")) add_from_env("CUDA_VISIBLE_DEVICES");
    } else {
        add_from_env("CUDA_VISIBLE_DEVICES");
    }
    return layers;
}

std::vector<size_t> select_visible(const std::vector<Gpu> &gpus, const std::vector<VisibleLayer> &layers) {
    std::vector<size_t> current(gpus.size());
    for (size_t i = 0; i < gpus.size(); ++i) current[i] = i;
    for (const auto &layer : layers) {
        std::vector<size_t> next;
        const std::string_view value = layer.value;
        if (!trim(value).empty()) {
            size_t start = 0;
            while (true) {
                const size_t comma = value.find(',', start);
                const auto entry = trim(value.substr(start, comma == std::string_view::npos ? std::string_view::npos
                                                                                            : comma - start));
                const size_t position = resolve_entry(gpus, current, entry, layer);
                if (std::find(next.begin(), next.end(), position) != next.end())
                    throw Error(NB_EGPUSEL, layer.source + "=" + quote(layer.value) + ": GPU " +
                                                gpus[position].bus_id.str() + " is listed twice");
                next.push_back(position);
                if (comma == std::string_view::npos) break;
                start = comma + 1;
            }
        }
        current = std::move(next);
    }
    return current;
}

}  // namespace numabind
