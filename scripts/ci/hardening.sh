#!/usr/bin/env bash
# The hardening stage, run by scripts/test.sh after the core C++ suite:
#   asan  the whole C++ suite under AddressSanitizer + UndefinedBehaviorSanitizer
#         (clang-14, Debug), in "$BUILD_DIR-asan";
#   tsan  the tests labelled "concurrency" (threads spawning, pushing and popping,
#         sharing one topology) under ThreadSanitizer (GCC), in "$BUILD_DIR-tsan";
#   fuzz  every libFuzzer target of fuzz/ for FUZZ_SECONDS (default 30) each, two at
#         a time, in "$BUILD_DIR-fuzz"; any crash, leak or timeout fails the stage,
#         and each target's number of executions is printed.
# Exits non-zero when anything fails.
#   BUILD_DIR=build scripts/ci/hardening.sh
# HARDENING_STEPS picks the steps ("asan tsan fuzz" by default).
# shellcheck disable=SC2317  # the step_* functions are called as "step_$step"
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
build_dir=${BUILD_DIR:-$root/build}
fuzz_seconds=${FUZZ_SECONDS:-30}
read -r -a steps <<<"${HARDENING_STEPS:-asan tsan fuzz}"

# clang-14 and its sanitizer/libFuzzer runtimes; llvm-14 for llvm-symbolizer,
# which turns sanitizer reports into file:line.
"$root/scripts/setup-deps.sh" clang-14 libclang-rt-14-dev llvm-14
export ASAN_SYMBOLIZER_PATH=/usr/bin/llvm-symbolizer-14

configure() {  # configure DIR ARGS...: a Ninja tree, quietly unless it fails
  local dir=$1 log
  shift
  log=$(mktemp)
  if ! cmake -S "$root" -B "$dir" -G Ninja "$@" >"$log" 2>&1; then
    cat "$log"
    return 1
  fi
  rm -f "$log"
}

step_asan() {
  local dir="$build_dir-asan" runtime_dir
  local flags="-fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer"
  # libnumabind.so links with --no-undefined, and clang puts the static sanitizer
  # runtime into executables only: everything links the shared runtime instead.
  runtime_dir=$(dirname "$(clang-14 -print-file-name=libclang_rt.asan-x86_64.so)")
  local link="$flags -shared-libsan -Wl,-rpath,$runtime_dir"
  configure "$dir" -DCMAKE_BUILD_TYPE=Debug -DNUMABIND_BUILD_TESTS=ON \
    -DCMAKE_C_COMPILER=clang-14 -DCMAKE_CXX_COMPILER=clang++-14 \
    -DCMAKE_C_FLAGS="$flags" -DCMAKE_CXX_FLAGS="$flags" \
    -DCMAKE_EXE_LINKER_FLAGS="$link" -DCMAKE_SHARED_LINKER_FLAGS="$link"
  cmake --build "$dir" -j2
  # Not run here, each for a reason of its own:
  #  abi_*       the sanitizers add symbols and default-visibility typeinfo
  #              (-fsanitize=function, vptr) that the ABI checks rightly reject;
  #              the core suite checks the ABI of the real build;
  #  install_*   they build consumers outside this tree, without the sanitizer runtime;
  #  slurm.cluster  the plugin runs inside Slurm's own uninstrumented daemons
  #              (the slurm stage runs it).
  ASAN_OPTIONS=detect_leaks=1:halt_on_error=1:detect_stack_use_after_return=1:check_initialization_order=1 \
    UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
    ctest --test-dir "$dir" --output-on-failure --parallel 2 --timeout 600 \
    -E '^(abi_|install_)|^slurm\.cluster$'
}

step_tsan() {
  # GCC: clang-14's ThreadSanitizer has no usable shared runtime for
  # libnumabind.so (it crashes in __cxa_atexit before initialising), and
  # static runtimes cannot be linked into a shared library with --no-undefined.
  local dir="$build_dir-tsan" flags="-fsanitize=thread -fno-omit-frame-pointer -O1"
  configure "$dir" -DCMAKE_BUILD_TYPE=Debug -DNUMABIND_BUILD_TESTS=ON \
    -DCMAKE_C_COMPILER=gcc -DCMAKE_CXX_COMPILER=g++ \
    -DCMAKE_C_FLAGS="$flags" -DCMAKE_CXX_FLAGS="$flags" \
    -DCMAKE_EXE_LINKER_FLAGS=-fsanitize=thread -DCMAKE_SHARED_LINKER_FLAGS=-fsanitize=thread
  # The test programs that hold the "concurrency" tests (tests/capi and
  # tests/process CMakeLists.txt); a test labelled elsewhere needs its program here.
  cmake --build "$dir" -j2 --target numabind_capi_test numabind_process_test numabind_probe
  TSAN_OPTIONS=halt_on_error=1:second_deadlock_stack=1 \
    ctest --test-dir "$dir" --output-on-failure --parallel 2 --timeout 600 -L concurrency \
    --no-tests=error
}

# Seeds for the XML target: every topology file of the repository, and the
# shared collection beside the checkout when it is there.
xml_seeds() {
  local seeds=$1
  rm -rf "$seeds"
  mkdir -p "$seeds"
  cp "$root"/tests/fixtures/*.xml "$root"/tests/install/*.xml "$seeds"/
  if [[ -d "$root/../shared/topologies" ]]; then
    (cd "$root/../shared/topologies" && find . -name '*.xml' -print0) |
      while IFS= read -r -d '' file; do
        file=${file#./}
        cp "$root/../shared/topologies/$file" "$seeds/shared-${file//\//-}"  # xml/ and xml-v1/ share names
      done
  else
    echo "fuzz: no ../shared/topologies beside the checkout; seeding topology_xml from the repository alone"
  fi
}

# fuzz_one TARGET: runs it, leaves its log in $fuzz_dir/logs/TARGET.log.
fuzz_one() {
  local target=$1 seeds=("$root/fuzz/corpus/$1") options=()
  local work="$fuzz_dir/corpus/$target" artifacts="$fuzz_dir/artifacts/$target/"
  rm -rf "$work" "$artifacts"
  mkdir -p "$work" "$artifacts"
  [[ -f "$root/fuzz/dictionaries/$target.dict" ]] && options+=("-dict=$root/fuzz/dictionaries/$target.dict")
  [[ $target == topology_xml ]] && seeds+=("$fuzz_dir/seeds/topology_xml")
  # -timeout: seconds one input may take; -rss_limit_mb: the whole process.
  "$fuzz_dir/fuzz/fuzz_$target" "${options[@]}" -max_total_time="$fuzz_seconds" -timeout=10 \
    -rss_limit_mb=2048 -print_final_stats=1 -artifact_prefix="$artifacts" \
    "$work" "${seeds[@]}" >"$fuzz_dir/logs/$target.log" 2>&1
}

step_fuzz() {
  fuzz_dir="$build_dir-fuzz"
  configure "$fuzz_dir" -DCMAKE_C_COMPILER=clang-14 -DCMAKE_CXX_COMPILER=clang++-14 \
    -DNUMABIND_BUILD_TESTS=OFF -DNUMABIND_BUILD_TOOLS=OFF -DNUMABIND_BUILD_FUZZERS=ON
  cmake --build "$fuzz_dir" -j2 --target numabind_fuzzers
  xml_seeds "$fuzz_dir/seeds/topology_xml"
  mkdir -p "$fuzz_dir/logs"

  # Two at a time on two cores; the slowest (XML) first.
  local targets=(topology_xml options_json visible_devices cpu_list pci_bus_ids local_rank_env)
  local failed=() i
  for ((i = 0; i < ${#targets[@]}; i += 2)); do
    local pids=() pair=("${targets[@]:i:2}") t
    for t in "${pair[@]}"; do
      fuzz_one "$t" &
      pids+=($!)
    done
    for ((t = 0; t < ${#pair[@]}; t++)); do
      wait "${pids[t]}" || failed+=("${pair[t]}")
    done
  done

  printf '%-16s %12s %8s  %s\n' target executions seconds result
  for t in "${targets[@]}"; do
    local log="$fuzz_dir/logs/$t.log" done_line runs='?' seconds='?' result=ok
    # libFuzzer's last line on a clean finish: "Done 155202 runs in 31 second(s)".
    done_line=$(grep -E '^Done [0-9]+ runs in [0-9]+ second' "$log" | tail -n 1 || true)
    if [[ -n "$done_line" ]]; then
      read -r _ runs _ _ seconds _ <<<"$done_line"
    else
      runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
    fi
    [[ " ${failed[*]} " == *" $t "* ]] && result="FAILED (log: $log, input: $fuzz_dir/artifacts/$t/)"
    printf '%-16s %12s %8s  %s\n' "$t" "${runs:-?}" "$seconds" "$result"
  done
  if ((${#failed[@]} > 0)); then
    for t in "${failed[@]}"; do
      echo "=== fuzz_$t failed; the end of its log ==="
      tail -n 60 "$fuzz_dir/logs/$t.log"
    done
    return 1
  fi
}

# Every step runs, so one CI run reports them all. Each runs in a subshell
# with errexit of its own: bash ignores set -e inside a function called as
# `step || ...`.
status=0
for step in "${steps[@]}"; do
  echo "=== hardening: $step ==="
  start=$SECONDS
  set +e
  (
    set -e
    "step_$step"
  )
  step_status=$?
  set -e
  ((step_status == 0)) || { status=1; echo "hardening: $step FAILED"; }
  echo "hardening: $step took $((SECONDS - start)) s"
done
exit "$status"
