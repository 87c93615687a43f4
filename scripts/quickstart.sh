#!/usr/bin/env bash
# From a fresh clone to a first result: install missing dependencies, build
# the library and the numabind tool (no tests, for speed), then show what
# numabind decides for this machine and for a bundled real GPU server.
# BUILD_DIR picks the build tree (default build/).
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build_dir=${BUILD_DIR:-$root/build}

"$root/scripts/setup-deps.sh"
mkdir -p "$build_dir"
build_log=$build_dir/quickstart-build.log
echo "Building into $build_dir (log: $build_log) ..."
if ! BUILD_DIR=$build_dir "$root/scripts/build.sh" -DNUMABIND_BUILD_TESTS=OFF \
  -DNUMABIND_BUILD_TOOLS=ON >"$build_log" 2>&1; then
  cat "$build_log"
  echo "quickstart: build failed" >&2
  exit 1
fi
numabind=$build_dir/tools/numabind
g4dn=$root/tests/fixtures/aws-g4dn-metal_2x-xeon8259cl_8xt4.xml

# Show each command before its output, with paths relative to the checkout.
show() {
  echo
  echo "\$ ${*//$root\//}"
  "$@"
}

echo "== This machine =="
show "$numabind" topo
# --fallback: a machine without a GPU gets an explanation per rank, not a failure.
show "$numabind" plan --mode node --fallback

echo
echo "== AWS g4dn.metal: 2x Xeon 8259CL, 8x NVIDIA T4, 4 per NUMA node =="
show "$numabind" topo --topology "$g4dn"
show "$numabind" plan --mode node --topology "$g4dn"
show "$numabind" plan --mode exclusive --topology "$g4dn"
