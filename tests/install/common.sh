# Shared by the install tests (sourced): a clean environment and the checks
# every consumer run makes.

# The consumer must compute from the XML alone, whatever the caller's shell
# holds.
unset CUDA_VISIBLE_DEVICES HIP_VISIBLE_DEVICES ROCR_VISIBLE_DEVICES NUMABIND_TOPOLOGY

fail() {
  echo "FAIL: $*" >&2
  exit 1
}

# run_consumer <program> <topology.xml> <expected cpus>
run_consumer() {
  local program=$1 xml=$2 expected=$3 output
  output=$("$program" "$xml") || fail "$program $xml exited with status $?"
  [[ "$output" == "$expected" ]] ||
    fail "$(basename "$program") printed '$output' for rank 0, expected '$expected'"
  echo "OK: $(basename "$program") -> $output"
}

# expect_shared_from <program> <libdir>: linked to libnumabind.so.0, and the
# dynamic loader resolves it inside the install prefix, not the build tree.
expect_shared_from() {
  local program=$1 libdir=$2 resolved
  resolved=$(ldd "$program" | awk '$1 == "libnumabind.so.0" { print $3 }')
  [[ -n "$resolved" ]] || fail "$program does not load libnumabind.so.0"
  [[ "$(realpath "$resolved")" == "$(realpath "$libdir")"/* ]] ||
    fail "$program loads $resolved, not the copy installed in $libdir"
}

# expect_static <program>: the library was linked in, no libnumabind.so needed.
expect_static() {
  local program=$1
  if readelf -d "$program" | grep -q 'NEEDED.*libnumabind'; then
    fail "$program needs a shared libnumabind although it was linked statically"
  fi
}
