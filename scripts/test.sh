#!/usr/bin/env bash
# The project's test command (CI runs it through .ci/run):
# install missing build dependencies, build everything with the tests, and
# run the whole suite. Exits non-zero when anything fails.
#   scripts/test.sh [extra ctest args, e.g. -R abi]
# BUILD_DIR picks the build tree (default build/); CMAKE_ARGS adds configure
# arguments (space separated).
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build_dir=${BUILD_DIR:-$root/build}

"$root/scripts/setup-deps.sh"
# shellcheck disable=SC2086 # CMAKE_ARGS is a list of words on purpose
BUILD_DIR=$build_dir "$root/scripts/build.sh" -DNUMABIND_BUILD_TESTS=ON ${CMAKE_ARGS:-}

log=$build_dir/ctest-output.log
status=0
ctest --test-dir "$build_dir" --output-on-failure --parallel 2 --timeout 600 "$@" |
  tee "$log" || status=$?

# ctest's summary ("100% tests passed, 0 tests failed out of N") can scroll
# far up behind failure output: repeat it as the last line.
summary=$(grep -E '[0-9]+% tests passed' "$log" | tail -n 1 || true)
echo "${summary:-ctest printed no summary (exit status $status)}"
exit "$status"
