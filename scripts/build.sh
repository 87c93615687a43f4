#!/usr/bin/env bash
# Configure and build numabind with Ninja.
#   scripts/build.sh [extra cmake args...]
# BUILD_DIR (default: build/ in the checkout) picks the build tree; the build
# type defaults to RelWithDebInfo (optimised, with symbols for debugging) and
# any -D given on the command line wins. JOBS sets the parallelism.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build_dir=${BUILD_DIR:-$root/build}
build_type=${CMAKE_BUILD_TYPE:-RelWithDebInfo}

cmake -S "$root" -B "$build_dir" -G Ninja \
  -DCMAKE_BUILD_TYPE="$build_type" "$@"
cmake --build "$build_dir" ${JOBS:+--parallel "$JOBS"}
