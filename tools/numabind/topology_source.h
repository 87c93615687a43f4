// The --topology option: which machine to describe.
#ifndef NUMABIND_CLI_TOPOLOGY_SOURCE_H
#define NUMABIND_CLI_TOPOLOGY_SOURCE_H

#include "args.h"
#include "handles.h"

namespace nbcli {

FlagSpec topology_flag();

// Throws UsageError for an empty --topology value.
void check_topology_flag(const ParsedArgs &args);

// A directory is a captured sysfs tree, anything else an hwloc XML file; no
// --topology means the live machine (or NUMABIND_TOPOLOGY, which the library
// honours). Throws RuntimeFailure with the library's message.
TopologyPtr load_topology(const ParsedArgs &args);

}  // namespace nbcli

#endif
