// The topology as JSON, as the numabind tool and the bindings show it.
#pragma once

#include <string>

#include "options.h"
#include "topology.h"

namespace numabind {

std::string topology_to_json(const Topology &topology, const Options &options);

}  // namespace numabind
