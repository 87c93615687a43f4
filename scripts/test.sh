#!/usr/bin/env bash
# The project's test command (CI runs it through .ci/run):
# install missing build dependencies, build everything with the tests, run
# the whole C++ suite, then every stage under scripts/ci/ (bindings, Slurm,
# sanitizers, fuzzing), each of which installs what only it needs.
# Exits non-zero when anything fails.
#   scripts/test.sh [extra ctest args, e.g. -R abi]
# BUILD_DIR picks the build tree (default build/); CMAKE_ARGS adds configure
# arguments (space separated). NUMABIND_STAGES lists the stages to run after
# ctest (default: all of them; "none" for the C++ suite alone). ctest
# arguments also mean "the C++ suite alone" unless NUMABIND_STAGES is set.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build_dir=${BUILD_DIR:-$root/build}

# In the order they run: cheap and most telling first.
all_stages=(lua go python rust slurm hardening)

"$root/scripts/setup-deps.sh"
# shellcheck disable=SC2086 # CMAKE_ARGS is a list of words on purpose
BUILD_DIR=$build_dir "$root/scripts/build.sh" -DNUMABIND_BUILD_TESTS=ON ${CMAKE_ARGS:-}

log=$build_dir/ctest-output.log
status=0
ctest --test-dir "$build_dir" --output-on-failure --parallel 2 --timeout 600 "$@" |
  tee "$log" || status=$?

# ctest's summary ("100% tests passed, 0 tests failed out of N") can scroll
# far up behind failure output: repeat it after the stages.
summary=$(grep -E '[0-9]+% tests passed' "$log" | tail -n 1 || true)
summary=${summary:-ctest printed no summary (exit status $status)}

if [[ -n "${NUMABIND_STAGES:-}" ]]; then
  read -r -a stages <<<"${NUMABIND_STAGES/none/}"
elif (($# > 0)); then
  stages=()
else
  stages=("${all_stages[@]}")
fi

results=()
for stage in "${stages[@]}"; do
  echo "=== stage $stage ==="
  start=$SECONDS
  stage_status=0
  BUILD_DIR=$build_dir "$root/scripts/ci/$stage.sh" || stage_status=$?
  results+=("stage $stage: $([[ $stage_status == 0 ]] && echo passed || echo "FAILED ($stage_status)") in $((SECONDS - start)) s")
  ((stage_status == 0)) || status=1
done

echo "C++ suite: $summary"
for line in "${results[@]}"; do echo "$line"; done
exit "$status"
