// What the opaque C handles hold, and helpers shared by the extern "C" files.
#pragma once

#include <cstdlib>
#include <cstring>
#include <memory>
#include <new>
#include <string>

#include "cpuset.h"
#include "error.h"
#include "options.h"
#include "plan.h"
#include "topology.h"

struct nb_cpuset {
    numabind::CpuSet value;
};

struct nb_options {
    numabind::Options value;
};

struct nb_topology {
    std::unique_ptr<numabind::Topology> value;
};

struct nb_plan {
    numabind::Plan value;
};

namespace numabind {

// A malloc'd copy the caller releases with nb_free().
inline char *to_c_string(const std::string &text) {
    char *copy = static_cast<char *>(std::malloc(text.size() + 1));
    if (copy == nullptr) throw std::bad_alloc();
    std::memcpy(copy, text.c_str(), text.size() + 1);
    return copy;
}

// The int a C caller passed for an nb_mode, nb_gpu_vendor or nb_mem_policy,
// read without loading the parameter as its enum type. C lets a caller pass
// any int; C++ gives those enums only the range of their enumerators
// (0 .. INT_MAX), so loading a negative one is undefined behaviour (clang's
// -fsanitize=enum reports it). Reading the bytes is defined for any value.
template <class Enum>
int raw_enum_value(const Enum &value) noexcept {
    static_assert(sizeof(Enum) == sizeof(int), "the C enums are int-sized");
    int raw;
    std::memcpy(&raw, &value, sizeof raw);
    return raw;
}

// NULL options mean the defaults.
inline const Options &options_or_defaults(const nb_options *options) {
    static const Options defaults;
    return options ? options->value : defaults;
}

// Checks an out-parameter and clears it, so that it is NULL on every failure.
template <class T>
void reset_out(T **out, const char *function) {
    require_arg(out, function, "out");
    *out = nullptr;
}

}  // namespace numabind
