// The options that decide a binding, and their JSON form.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cpuset.h"
#include "numabind.h"
#include "pci_bus_id.h"

namespace numabind {

struct Options {
    nb_mode mode = NB_MODE_NODE;
    bool fallback = false;
    std::optional<CpuSet> allowed_cpus;                // replaces the thread-affinity part
    nb_gpu_vendor gpu_vendor = NB_GPU_VENDOR_AUTO;
    std::optional<std::vector<PciBusId>> pci_bus_ids;  // replaces GPU discovery
    std::optional<std::string> visible_devices;        // replaces the *_VISIBLE_DEVICES variables
    nb_mem_policy mem_policy = NB_MEM_POLICY_LOCAL;
};

// The names and setters take the enum's value as an int: a C caller may pass
// any int, but C++ gives nb_mode, nb_gpu_vendor and nb_mem_policy only the
// range of their enumerators (0 .. INT_MAX), so a negative value must be
// checked before it is ever held in one of those types (see
// raw_enum_value in capi/handles.h).
nb_mode parse_mode(std::string_view name);                // Error(NB_EMODE)
const char *mode_name(int mode) noexcept;                 // nullptr when not a mode
nb_gpu_vendor parse_gpu_vendor(std::string_view name);    // Error(NB_EMODE)
const char *gpu_vendor_name(int vendor) noexcept;
nb_mem_policy parse_mem_policy(std::string_view name);    // Error(NB_EMODE)
const char *mem_policy_name(int policy) noexcept;

// Validating setters shared by the C API and the JSON reader.
void set_mode(Options &options, int mode);
void set_gpu_vendor(Options &options, int vendor);
void set_mem_policy(Options &options, int policy);
void set_allowed_cpus(Options &options, std::optional<CpuSet> cpus);  // Error(NB_EEMPTY) when empty
// Error(NB_EGPUSEL) for a value that is not valid UTF-8, which the options'
// JSON form could not hold (GPU indexes and UUIDs are ASCII anyway).
void set_visible_devices(Options &options, std::optional<std::string> value);

std::string options_to_json(const Options &options);
Options options_from_json(std::string_view json);

}  // namespace numabind
