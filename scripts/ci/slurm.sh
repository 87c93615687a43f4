#!/usr/bin/env bash
# CI stage: the Slurm SPANK plugin (slurm/), built against Debian's Slurm and
# tested inside a real single-node Slurm cluster (munged, slurmctld, slurmd)
# that the test starts and stops itself. Needs root for the daemons; where
# they cannot run (no root, munged refused) the cluster test is reported as
# skipped with the reason, which is the only way this stage passes untested.
#   BUILD_DIR=build scripts/ci/slurm.sh
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
build_dir=${BUILD_DIR:-$root/build}

"$root/scripts/setup-deps.sh" slurm-wlm munge libslurm-dev

# The core build was configured before libslurm-dev was installed; configuring
# it again finds slurm/spank.h and adds the plugin and its tests.
cmake -S "$root" -B "$build_dir" -DNUMABIND_BUILD_TESTS=ON
cmake --build "$build_dir" --target \
  numabind_spank numabind_slurm_settings_test numabind_slurm_write_topology numabind_probe

registered=$(ctest --test-dir "$build_dir" -N -R '^slurm\.cluster$')
if [[ $registered != *"slurm.cluster"* ]]; then
  echo "slurm: the build in $build_dir registers no slurm.cluster test (see the configure output above)" >&2
  exit 1
fi
# Verbose: the cluster test prints each check, or why it was skipped.
ctest --test-dir "$build_dir" -L slurm --output-on-failure --verbose
