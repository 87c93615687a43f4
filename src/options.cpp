#include "options.h"

#include <nlohmann/json.hpp>

#include "error.h"

namespace numabind {

namespace {

using Json = nlohmann::ordered_json;
constexpr const char *kSchema = "numabind.options/1";

constexpr const char *kModeNames[] = {"node", "socket", "exclusive", "core-complex", "closest"};
constexpr const char *kVendorNames[] = {"auto", "nvidia", "amd"};
constexpr const char *kMemPolicyNames[] = {"local", "preferred", "bind", "interleave"};

template <size_t N>
int index_of(const char *const (&names)[N], std::string_view name) {
    for (size_t i = 0; i < N; ++i)
        if (name == names[i]) return static_cast<int>(i);
    return -1;
}

template <size_t N>
std::string list_names(const char *const (&names)[N]) {
    std::string out;
    for (size_t i = 0; i < N; ++i) out += (i ? ", " : "") + std::string(names[i]);
    return out;
}

[[noreturn]] void wrong_type(const std::string &key, const char *expected, const Json &value) {
    throw Error(NB_EJSON, "options JSON: key '" + key + "' must be " + expected + ", not " +
                              std::string(value.type_name()) + " " + quote(value.dump()));
}

std::string string_value(const std::string &key, const Json &value) {
    if (!value.is_string()) wrong_type(key, "a string", value);
    return value.get<std::string>();
}

}  // namespace

nb_mode parse_mode(std::string_view name) {
    const int index = index_of(kModeNames, name);
    if (index < 0)
        throw Error(NB_EMODE, "unknown mode " + quote(name) + " (expected " + list_names(kModeNames) + ")");
    return static_cast<nb_mode>(index);
}

const char *mode_name(int mode) noexcept {
    const auto index = static_cast<size_t>(mode);
    return index < std::size(kModeNames) ? kModeNames[index] : nullptr;
}

nb_gpu_vendor parse_gpu_vendor(std::string_view name) {
    const int index = index_of(kVendorNames, name);
    if (index < 0)
        throw Error(NB_EMODE,
                    "unknown GPU vendor " + quote(name) + " (expected " + list_names(kVendorNames) + ")");
    return static_cast<nb_gpu_vendor>(index);
}

const char *gpu_vendor_name(int vendor) noexcept {
    const auto index = static_cast<size_t>(vendor);
    return index < std::size(kVendorNames) ? kVendorNames[index] : nullptr;
}

nb_mem_policy parse_mem_policy(std::string_view name) {
    const int index = index_of(kMemPolicyNames, name);
    if (index < 0)
        throw Error(NB_EMODE, "unknown memory policy " + quote(name) + " (expected " +
                                  list_names(kMemPolicyNames) + ")");
    return static_cast<nb_mem_policy>(index);
}

const char *mem_policy_name(int policy) noexcept {
    const auto index = static_cast<size_t>(policy);
    return index < std::size(kMemPolicyNames) ? kMemPolicyNames[index] : nullptr;
}

void set_mode(Options &options, int mode) {
    if (mode_name(mode) == nullptr) throw Error(NB_EMODE, "unknown mode value " + std::to_string(mode));
    options.mode = static_cast<nb_mode>(mode);
}

void set_gpu_vendor(Options &options, int vendor) {
    if (gpu_vendor_name(vendor) == nullptr) throw Error(NB_EMODE, "unknown GPU vendor value " + std::to_string(vendor));
    options.gpu_vendor = static_cast<nb_gpu_vendor>(vendor);
}

void set_mem_policy(Options &options, int policy) {
    if (mem_policy_name(policy) == nullptr)
        throw Error(NB_EMODE, "unknown memory policy value " + std::to_string(policy));
    options.mem_policy = static_cast<nb_mem_policy>(policy);
}

void set_allowed_cpus(Options &options, std::optional<CpuSet> cpus) {
    if (cpus && cpus->empty()) throw Error(NB_EEMPTY, "the allowed CPU list is empty");
    options.allowed_cpus = std::move(cpus);
}

void set_visible_devices(Options &options, std::optional<std::string> value) {
    if (value) {
        try {
            (void)Json(*value).dump();  // the serializer options_to_json uses decides what it can write
        } catch (const Json::type_error &) {
            throw Error(NB_EGPUSEL, "visible devices value " + quote(*value) +
                                        " is not valid UTF-8 (GPU indexes and UUIDs are ASCII)");
        }
    }
    options.visible_devices = std::move(value);
}

std::string options_to_json(const Options &options) {
    Json json;
    json["schema"] = kSchema;
    json["mode"] = mode_name(options.mode);
    json["fallback"] = options.fallback;
    json["allowed_cpus"] = options.allowed_cpus ? Json(options.allowed_cpus->format()) : Json(nullptr);
    json["gpu_vendor"] = gpu_vendor_name(options.gpu_vendor);
    if (options.pci_bus_ids) {
        Json ids = Json::array();
        for (const auto &id : *options.pci_bus_ids) ids.push_back(id.str());
        json["pci_bus_ids"] = std::move(ids);
    } else {
        json["pci_bus_ids"] = nullptr;
    }
    json["visible_devices"] = options.visible_devices ? Json(*options.visible_devices) : Json(nullptr);
    json["mem_policy"] = mem_policy_name(options.mem_policy);
    return json.dump();
}

namespace {

void apply_json_key(Options &options, const std::string &key, const Json &value) {
    if (key == "schema") {
        if (string_value(key, value) != kSchema)
            throw Error(NB_EJSON, "options JSON: unsupported schema " + quote(value.get<std::string>()) +
                                      " (expected '" + kSchema + "')");
    } else if (key == "mode") {
        options.mode = parse_mode(string_value(key, value));
    } else if (key == "fallback") {
        if (!value.is_boolean()) wrong_type(key, "true or false", value);
        options.fallback = value.get<bool>();
    } else if (key == "allowed_cpus") {
        if (value.is_null()) options.allowed_cpus.reset();
        else set_allowed_cpus(options, CpuSet::parse(string_value(key, value)));
    } else if (key == "gpu_vendor") {
        options.gpu_vendor = parse_gpu_vendor(string_value(key, value));
    } else if (key == "pci_bus_ids") {
        if (value.is_null()) {
            options.pci_bus_ids.reset();
            return;
        }
        if (!value.is_array()) wrong_type(key, "an array of strings or null", value);
        std::vector<PciBusId> ids;
        for (const auto &item : value) add_unique(ids, PciBusId::parse(string_value(key + "[]", item)));
        if (ids.empty()) options.pci_bus_ids.reset();
        else options.pci_bus_ids = std::move(ids);
    } else if (key == "visible_devices") {
        if (value.is_null()) options.visible_devices.reset();
        else set_visible_devices(options, string_value(key, value));
    } else if (key == "mem_policy") {
        options.mem_policy = parse_mem_policy(string_value(key, value));
    } else {
        throw Error(NB_EJSON, "options JSON: unknown key " + quote(key));
    }
}

}  // namespace

Options options_from_json(std::string_view text) {
    Json json;
    try {
        json = Json::parse(text.begin(), text.end());
    } catch (const Json::exception &e) {  // parse_error, and out_of_range for a number like 1e999
        throw Error(NB_EJSON, std::string("options JSON is malformed: ") + e.what());
    }
    if (!json.is_object())
        throw Error(NB_EJSON, "options JSON must be an object, not " + std::string(json.type_name()));

    Options options;
    for (const auto &[key, value] : json.items()) {
        try {
            apply_json_key(options, key, value);
        } catch (const Error &e) {
            // Values checked by the shared parsers get the key they came from.
            const std::string message = e.what();
            if (message.rfind("options JSON", 0) == 0) throw;
            throw Error(e.code(), "options JSON: key '" + key + "': " + message);
        }
    }
    return options;
}

}  // namespace numabind
