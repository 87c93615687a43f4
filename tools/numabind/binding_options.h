// Options that become an nb_options object. Shared by every command that
// selects GPUs or computes bindings, so they spell and behave the same.
#ifndef NUMABIND_CLI_BINDING_OPTIONS_H
#define NUMABIND_CLI_BINDING_OPTIONS_H

#include <string>
#include <vector>

#include "args.h"
#include "handles.h"

namespace nbcli {

// --vendor and --pci-bus-ids: which devices count as GPUs.
std::vector<FlagSpec> gpu_selection_flags();

// --mode, --allowed-cpus, --visible-devices, --fallback.
std::vector<FlagSpec> binding_flags();

// --membind: the memory policy applied with a binding.
std::vector<FlagSpec> mem_policy_flags();

// For the commands that apply bindings (exec, launch): binding_flags(), with
// --fallback meaning "run unbound", then mem_policy_flags().
std::vector<FlagSpec> applied_binding_flags();

// "node, socket, exclusive, core-complex, closest", as the library names them.
std::string mode_names();

// UsageError listing the modes when --mode is absent.
void require_mode(const ParsedArgs &args);

// Options with the library defaults, changed by whichever of the flags above
// were given (a command that does not declare --membind never sees it). A
// value the library rejects is a UsageError carrying the library's message.
OptionsPtr options_from_args(const ParsedArgs &args);

}  // namespace nbcli

#endif
