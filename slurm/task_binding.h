/*
 * Binding one Slurm task, in the task's own process between Slurm's fork and
 * exec, through the numabind C API. No Slurm type: the caller has already
 * made this process's environment show the job's NUMABIND_TOPOLOGY and
 * *_VISIBLE_DEVICES (the library reads them as any numabind program would).
 */
#ifndef NUMABIND_SLURM_TASK_BINDING_H
#define NUMABIND_SLURM_TASK_BINDING_H

#include "settings.h"

/*
 * Bind the calling process for the task with local id `local_id`, under the
 * settings' mode and memory policy:
 * - topology: $NUMABIND_TOPOLOGY when set, else the live machine;
 * - allowed CPUs: the process's affinity on entry, i.e. what Slurm gave the
 *   task, so the binding never leaves (or widens) Slurm's allocation;
 * - GPU: a task that sees exactly one GPU (Slurm's --gpus-per-task or
 *   --gpu-bind, or a single GPU shared by the node's tasks) drives it;
 *   otherwise local id i drives the i-th visible GPU, as numabind's local
 *   rank i does.
 * The fall-back setting is the caller's business: this function never falls
 * back. Returns 0, or -1 with `message` (NBS_MESSAGE_SIZE bytes) naming what
 * failed and the process left as it was.
 */
int nbs_bind_task(const nbs_settings *settings, int local_id, char *message);

#endif
