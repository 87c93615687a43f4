#!/usr/bin/env bash
# The numabind SPANK plugin in a real single-node Slurm cluster that this test
# starts (munged, slurmctld, slurmd; no systemd; every file in a temporary
# directory) and stops, by pid, however it ends.
#   plugin_cluster_test.sh PLUGIN PROBE WRITE_TOPOLOGY
# The job environment's NUMABIND_TOPOLOGY describes this machine's CPUs 0 and
# 1 as two NUMA nodes with one GPU each (GPU 0 on CPU 0, GPU 1 on CPU 1), so
# a task bound for GPU 0 must report Cpus_allowed_list 0 and one bound for
# GPU 1 must report 1: each task reports it itself (numabind_probe reads
# /proc/self/status and get_mempolicy). Exit status 77 (ctest: skipped) where
# the machine cannot run the daemons.
set -uo pipefail
# shellcheck source-path=SCRIPTDIR

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
source "$here/single_node_cluster.sh"
source "$here/step_checks.sh"

if (($# != 3)); then
  echo "usage: $0 PLUGIN PROBE WRITE_TOPOLOGY" >&2
  exit 2
fi
plugin=$1 probe=$2 write_topology=$3

cluster_require_environment
# Whatever launched the test (a GPU CI node, a Slurm job) must not leak into
# the jobs, which srun gives the caller's environment.
unset CUDA_VISIBLE_DEVICES HIP_VISIBLE_DEVICES ROCR_VISIBLE_DEVICES NUMABIND_TOPOLOGY
while read -r name; do unset "$name"; done < <(compgen -e | grep -E '^(SLURM|SPANK|_SLURM)' || true)
own_cpus=$(sed -n 's/^Cpus_allowed_list:[[:space:]]*//p' /proc/self/status)
[[ $own_cpus == 0-1 ]] ||
  cluster_skip "the expected bindings are for a machine whose CPUs are 0 and 1; this process may run on $own_cpus"

work=$(mktemp -d /tmp/numabind-slurm-test.XXXXXX)
chmod 0755 "$work"  # for munged, which runs as the munge user
completed=0
finish() {
  cluster_stop
  # Logs and reports stay for a look unless every check ran and passed.
  if ((completed && failures == 0)) && [[ -z ${KEEP_SLURM_TEST_DIR:-} ]]; then
    rm -rf "$work"
  else
    echo "files kept in $work"
  fi
}
trap finish EXIT
trap 'exit 130' INT TERM

topology=$work/two-nodes.xml
"$write_topology" "$topology" || exit 1
with_topology="NUMABIND_TOPOLOGY=$topology"
plugstack=$work/plugstack.conf
site_defaults() { echo "optional $plugin $*" >"$plugstack"; }
site_defaults

# The kernel's NUMA node of a CPU (this machine has one node; the binding's
# memory nodes are the kernel's, not the topology file's).
kernel_node_of_cpu() {
  local entry
  for entry in /sys/devices/system/cpu/cpu"$1"/node*; do echo "${entry##*node}"; done
}
node_of_cpu0=$(kernel_node_of_cpu 0)
node_of_cpu1=$(kernel_node_of_cpu 1)

# Two fake GPU devices for Slurm's gres (it only stats them); mknod needs
# CAP_MKNOD, which some containers lack: those checks are then left out.
gpu_devices=()
mkdir -p "$work/dev"
if mknod "$work/dev/nvidia0" c 195 0 2>/dev/null && mknod "$work/dev/nvidia1" c 195 1 2>/dev/null; then
  gpu_devices=("$work/dev/nvidia0" "$work/dev/nvidia1")
else
  echo "note: mknod is refused here, so Slurm gets no GPU gres and the gres checks are left out"
fi

# The daemons get a NUMABIND_TOPOLOGY and CUDA_VISIBLE_DEVICES of their own:
# the plugin must read the job's, and would fail naming these if it did not.
started=$SECONDS
NUMABIND_TOPOLOGY=$work/the-daemons-topology.xml CUDA_VISIBLE_DEVICES=7 \
  cluster_start "$work/cluster" "$plugstack" "${gpu_devices[@]}" || exit 1
echo "cluster idle after $((SECONDS - started)) s"

# ---- the plugin binds only when asked ---------------------------------------
run_step unasked "$with_topology" -- -n 2 --cpu-bind=none
expect_status_zero
expect_cpus 0-1 0-1

# ---- srun -n 2 --numa-bind=node: task 0 on CPU 0, task 1 on CPU 1 -----------
# Slurm's own task/affinity would place -n 2 this way too; --cpu-bind=none
# below leaves both tasks on 0-1 (as above), so the plugin alone does it.
run_step node "$with_topology" -- -n 2 --numa-bind=node
expect_status_zero
expect_cpus 0 1
run_step node-alone "$with_topology" -- -n 2 --cpu-bind=none --numa-bind=node
expect_status_zero
expect_cpus 0 1
expect "$step_name: task 0 keeps the default memory policy" "$(report 0 mempolicy)" default

run_step membind "$with_topology" -- -n 2 --cpu-bind=none --numa-bind=node --numa-membind=bind
expect_status_zero
expect_cpus 0 1
expect "$step_name: task 0's memory policy" "$(report 0 mempolicy) $(report 0 mems)" "bind $node_of_cpu0"
expect "$step_name: task 1's memory policy" "$(report 1 mempolicy) $(report 1 mems)" "bind $node_of_cpu1"

# ---- the GPU a task drives, from its job environment ------------------------
if ((${#gpu_devices[@]} == 0)); then
  # No gres: the user's CUDA_VISIBLE_DEVICES reaches the tasks and reorders
  # the GPUs: task 0 drives GPU 1. (A node with GPU gres sets the variable
  # itself, unsetting it for steps without GPUs.)
  run_step visible-devices "$with_topology" CUDA_VISIBLE_DEVICES=1,0 -- -n 2 --cpu-bind=none --numa-bind=node
  expect_status_zero
  expect_cpus 1 0
else
  # Slurm hands task 0 GPU 1 and task 1 GPU 0 (CUDA_VISIBLE_DEVICES=1 and 0).
  run_step gres-map "$with_topology" -- -n 2 --gpus=2 --gpu-bind=map_gpu:1,0 --cpu-bind=none --numa-bind=node
  expect_status_zero
  expect "$step_name: Slurm gave task 0 GPU 1" "$(report 0 env.CUDA_VISIBLE_DEVICES)" 1
  expect_cpus 1 0
  run_step gres-per-task "$with_topology" -- -n 2 --gpus-per-task=1 --cpu-bind=none --numa-bind=node
  expect_status_zero
  expect "$step_name: Slurm gave task 1 GPU 1" "$(report 1 env.CUDA_VISIBLE_DEVICES)" 1
  expect_cpus 0 1
  # One GPU for the step: both tasks drive it.
  run_step gres-shared "$with_topology" -- -n 2 --gpus=1 --cpu-bind=none --numa-bind=node
  expect_status_zero
  expect_cpus 0 0
fi

# ---- never outside, never wider than what Slurm gave the task ----------------
# Slurm puts both tasks on CPU 0; socket mode would be CPUs 0-1.
run_step socket-within-slurm "$with_topology" -- -n 2 --cpu-bind=map_cpu:0,0 --numa-bind=socket
expect_status_zero
expect_cpus 0 0
run_step socket-two-cpus "$with_topology" -- -n 1 -c 2 --numa-bind=socket
expect_status_zero
expect_cpus 0-1

# ---- a binding that cannot be made: task 1 (GPU 1, CPU 1) was given CPU 0 ---
run_step impossible "$with_topology" -- -n 2 --cpu-bind=map_cpu:0,0 --numa-bind=node
expect_status_nonzero
expect_in stderr-1 "numabind: task 1 cannot be bound: GPU 1 (0000:20:00.0)"
expect_in stderr-1 "(mode node, within the task's CPUs 0)"
expect "$step_name: task 1 never runs its program" "$(report 1 cpus)" "(no report)"
expect_cpus 0
run_step impossible-fallback "$with_topology" -- -n 2 --cpu-bind=map_cpu:0,0 --numa-bind=node --numa-bind-fallback
expect_status_zero
expect_in stderr-1 "numabind: warning: task 1 left on the CPUs Slurm gave it (fall-back is on): GPU 1 (0000:20:00.0)"
expect_not_in stderr-0 "numabind"
expect_cpus 0 0

# The job names no topology: the live machine (one node, no GPU), not the
# daemons' NUMABIND_TOPOLOGY.
run_step live-machine -u NUMABIND_TOPOLOGY -- -n 1 --numa-bind=node
expect_status_nonzero
expect_in stderr-0 "numabind: task 0 cannot be bound: no NVIDIA or AMD GPU in the live machine"
expect_not_in stderr-0 "the-daemons-topology"

# ---- bad values: refused by srun, naming them, before any job starts --------
run_step bad-mode "$with_topology" -- -n 2 --numa-bind=nod
expect_status_nonzero
expect_in srun.err "--numa-bind: unknown mode 'nod'"
expect "$step_name: no task ran" "$(report 0 cpus)" "(no report)"
run_step bad-mode-fallback "$with_topology" -- -n 2 --numa-bind=nod --numa-bind-fallback
expect_status_nonzero
expect_in srun.err "--numa-bind: unknown mode 'nod'"
run_step bad-membind "$with_topology" -- -n 2 --numa-bind=node --numa-membind=tight
expect_status_nonzero
expect_in srun.err "--numa-membind: unknown memory policy 'tight'"
run_step bad-fallback "$with_topology" -- -n 2 --numa-bind=node --numa-bind-fallback=maybe
expect_status_nonzero
expect_in srun.err "--numa-bind-fallback: 'maybe' is neither yes nor no"

# ---- site defaults in plugstack.conf, overridden by srun options -------------
site_defaults mode=node membind=bind
run_step site-defaults "$with_topology" -- -n 2 --cpu-bind=none
expect_status_zero
expect_cpus 0 1
expect "$step_name: task 1's memory policy" "$(report 1 mempolicy)" bind
run_step site-user-none "$with_topology" -- -n 2 --cpu-bind=none --numa-bind=none
expect_status_zero
expect_cpus 0-1 0-1
expect "$step_name: task 0's memory policy" "$(report 0 mempolicy)" default
run_step site-user-membind "$with_topology" -- -n 2 --cpu-bind=none --numa-membind=local
expect_status_zero
expect_cpus 0 1
expect "$step_name: task 1's memory policy" "$(report 1 mempolicy)" default

site_defaults mode=node fallback=yes
run_step site-fallback "$with_topology" -- -n 2 --cpu-bind=map_cpu:0,0
expect_status_zero
expect_in stderr-1 "numabind: warning: task 1 left on the CPUs Slurm gave it"
run_step site-fallback-user-no "$with_topology" -- -n 2 --cpu-bind=map_cpu:0,0 --numa-bind-fallback=no
expect_status_nonzero
expect_in stderr-1 "numabind: task 1 cannot be bound"

# A bad argument is named by srun and fails the tasks that would use the
# plugin, although the plugin is `optional` (whose failures Slurm ignores).
site_defaults mode=node colour=blue
run_step site-bad-argument "$with_topology" -- -n 2 --cpu-bind=none
expect_status_nonzero
expect_in srun.err "plugstack.conf argument 'colour=blue': unknown key 'colour'"
expect_in stderr-0 "numabind: task 0 cannot be bound: plugstack.conf argument 'colour=blue'"
run_step site-bad-argument-user-none "$with_topology" -- -n 2 --cpu-bind=none --numa-bind=none
expect_status_zero
expect_cpus 0-1 0-1

# ---- an sbatch job: its steps are bound, its batch script is not -----------
site_defaults
run_batch batch "$with_topology" -- -n 2 --numa-bind=node -- -n 2 --cpu-bind=none
expect_status_zero
expect "$step_name: the batch script is not bound" "$(report batch cpus)" 0-1
expect_cpus 0 1
# The bare fall-back switch given to sbatch reaches the step inside.
run_batch batch-fallback "$with_topology" -- -n 2 --numa-bind=node --numa-bind-fallback -- -n 2 --cpu-bind=map_cpu:0,0
expect_status_zero
expect_in stderr-1 "numabind: warning: task 1 left on the CPUs Slurm gave it"
expect_cpus 0 0

completed=1
echo "$checks checks, $failures failed, in $((SECONDS - started)) s"
((failures == 0))
