#!/usr/bin/env bash
# Regenerate bindings/conformance/vectors.json from bindings/conformance/cases.json
# with the core as built now. Run after a deliberate change to a plan (or to the
# cases), then review the diff: every language binding checks these answers.
#   scripts/update-conformance-vectors.sh   (BUILD_DIR picks the build tree)
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build_dir=${BUILD_DIR:-$root/build}
cmake --build "$build_dir" --target numabind_conformance_vectors
"$build_dir/tests/conformance/numabind_conformance_vectors" "$root" \
  "$root/bindings/conformance/cases.json" --write "$root/bindings/conformance/vectors.json"
