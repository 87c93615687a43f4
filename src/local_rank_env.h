// The local rank launchers put in a worker's environment.
#pragma once

namespace numabind {

// LOCAL_RANK (torchrun), else SLURM_LOCALID (srun), else
// OMPI_COMM_WORLD_LOCAL_RANK (Open MPI). Throws Error(NB_ERANK) naming the
// variable and value when the first one set is not a whole number from 0 to
// INT_MAX, or naming all three when none is set.
int local_rank_from_environment();

}  // namespace numabind
