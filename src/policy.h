// The binding modes: pure functions of a MachineView (no I/O, no syscalls),
// which is why they can be tested against any machine's topology.
#pragma once

#include "cpuset.h"
#include "machine_view.h"
#include "numabind.h"

namespace numabind {

// The CPUs for the worker driving view.visible[rank] (rank < visible.size()).
// Throws Error with NB_ENOTALLOWED, NB_ECORES or the slot's host-node error.
CpuSet compute_binding(const MachineView &view, size_t rank, nb_mode mode);

}  // namespace numabind
