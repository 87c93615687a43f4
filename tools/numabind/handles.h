// Owning wrappers for the C API's handles and strings, so every early return
// and exception path frees them.
#ifndef NUMABIND_CLI_HANDLES_H
#define NUMABIND_CLI_HANDLES_H

#include <memory>
#include <string>

#include "numabind.h"

namespace nbcli {

struct TopologyDeleter {
    void operator()(nb_topology *topology) const { nb_topology_free(topology); }
};
struct OptionsDeleter {
    void operator()(nb_options *options) const { nb_options_free(options); }
};
struct PlanDeleter {
    void operator()(nb_plan *plan) const { nb_plan_free(plan); }
};
struct CpusetDeleter {
    void operator()(nb_cpuset *set) const { nb_cpuset_free(set); }
};

using TopologyPtr = std::unique_ptr<nb_topology, TopologyDeleter>;
using OptionsPtr = std::unique_ptr<nb_options, OptionsDeleter>;
using PlanPtr = std::unique_ptr<nb_plan, PlanDeleter>;
using CpusetPtr = std::unique_ptr<nb_cpuset, CpusetDeleter>;

// Copies a string the library allocated and releases it with nb_free().
inline std::string take_library_string(char *text) {
    std::string copy = text != nullptr ? text : "";
    nb_free(text);
    return copy;
}

}  // namespace nbcli

#endif
