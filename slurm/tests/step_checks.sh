# shellcheck shell=bash disable=SC2154 # work and probe come from the test
# Running Slurm job steps whose tasks report what the kernel says they run
# with, and checking those reports. Sourced by the plugin's integration test,
# which sets `work` (a directory) and `probe` (tests/process's numabind_probe)
# before use.
#
# Every task of a step runs the probe, which writes key=value lines
# (cpus=<Cpus_allowed_list>, mempolicy=, mems=, env.CUDA_VISIBLE_DEVICES=)
# to $step_dir/task-<local id>; each task's stdout and stderr go to files of
# their own, srun's own messages to $step_dir/srun.err.

failures=0
checks=0

# run_step NAME [ENV_ARG...] -- SRUN_ARG...: ENV_ARGs go to env(1) in front of
# srun, which passes its environment on to the job.
run_step() {
  local name=$1 env_args=()
  shift
  while [[ $1 != -- ]]; do env_args+=("$1"); shift; done
  shift
  step_name=$name
  step_dir=$work/steps/$name
  mkdir -p "$step_dir"
  # shellcheck disable=SC2016 # $0, $1 and $SLURM_LOCALID are the task's
  env "${env_args[@]}" timeout 60 srun --job-name="$name" \
    --output="$step_dir/stdout-%t" --error="$step_dir/stderr-%t" "$@" \
    sh -c 'exec "$0" "$1/task-$SLURM_LOCALID" CUDA_VISIBLE_DEVICES' "$probe" "$step_dir" \
    >"$step_dir/srun.out" 2>"$step_dir/srun.err"
  step_status=$?
}

# run_batch NAME [ENV_ARG...] -- SBATCH_ARG... -- SRUN_ARG...: a batch job
# whose script reports on itself (report "batch") and runs one step.
run_batch() {
  local name=$1 env_args=() sbatch_args=()
  shift
  while [[ $1 != -- ]]; do env_args+=("$1"); shift; done
  shift
  while [[ $1 != -- ]]; do sbatch_args+=("$1"); shift; done
  shift
  step_name=$name
  step_dir=$work/steps/$name
  mkdir -p "$step_dir"
  {
    echo '#!/bin/sh'
    printf '%q %q\n' "$probe" "$step_dir/batch"
    printf 'srun --output=%q --error=%q' "$step_dir/stdout-%t" "$step_dir/stderr-%t"
    # shellcheck disable=SC2016 # $0, $1 and $SLURM_LOCALID are the task's
    printf ' %q' "$@" sh -c 'exec "$0" "$1/task-$SLURM_LOCALID" CUDA_VISIBLE_DEVICES' "$probe" "$step_dir"
    echo
  } >"$step_dir/job.sh"
  env "${env_args[@]}" timeout 60 sbatch --wait --job-name="$name" --output="$step_dir/batch.out" \
    "${sbatch_args[@]}" "$step_dir/job.sh" >"$step_dir/srun.out" 2>"$step_dir/srun.err"
  step_status=$?
}

# The value of KEY in the report of TASK ("batch" or a local id) of the last
# step; "(no report)" when the task never ran its program.
report() {
  local file=$step_dir/task-$1
  [[ $1 == batch ]] && file=$step_dir/batch
  [[ -f $file ]] || { echo "(no report)"; return; }
  sed -n "s/^$2=//p" "$file"
}

show_step() {
  local file
  echo "     step '$step_name' (exit status $step_status); its files:"
  for file in "$step_dir"/srun.err "$step_dir"/stderr-* "$step_dir"/batch.out; do
    [[ -s $file ]] && sed "s|^|       ${file##*/}: |" "$file"
  done
}

pass() { ((++checks)); echo "ok   $1"; }
fail() {
  ((++checks, ++failures))
  echo "FAIL $1"
  show_step
}

# expect DESCRIPTION ACTUAL EXPECTED
expect() {
  if [[ "$2" == "$3" ]]; then pass "$1"; else fail "$1: got '$2', expected '$3'"; fi
}

expect_status_zero() {
  if ((step_status == 0)); then pass "$step_name: exits 0"; else fail "$step_name: exits $step_status, expected 0"; fi
}

expect_status_nonzero() {
  if ((step_status != 0)); then
    pass "$step_name: fails (exit status $step_status)"
  else
    fail "$step_name: exits 0, expected a failure"
  fi
}

# expect_cpus CPUS_OF_TASK_0 CPUS_OF_TASK_1 ...: each task's Cpus_allowed_list.
expect_cpus() {
  local task=0 cpus
  for cpus in "$@"; do
    expect "$step_name: task $task runs on CPUs $cpus" "$(report "$task" cpus)" "$cpus"
    ((++task))
  done
}

# expect_in FILE TEXT: FILE (relative to the step's directory) contains TEXT.
expect_in() {
  if grep -qF -- "$2" "$step_dir/$1" 2>/dev/null; then
    pass "$step_name: $1 says \"$2\""
  else
    fail "$step_name: $1 does not say \"$2\""
  fi
}

expect_not_in() {
  if grep -qF -- "$2" "$step_dir/$1" 2>/dev/null; then
    fail "$step_name: $1 says \"$2\", which it should not"
  else
    pass "$step_name: $1 does not say \"$2\""
  fi
}
