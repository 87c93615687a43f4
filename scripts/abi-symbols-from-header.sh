#!/usr/bin/env bash
# Print the sorted nb_* function names the public header declares with NB_API:
# the symbols libnumabind.so must export, no more, no fewer.
#   scripts/abi-symbols-from-header.sh [header]       print the list
#   scripts/abi-symbols-from-header.sh --write        rewrite abi/numabind.symbols
# The committed abi/numabind.symbols comes from here, never from a built
# library, so the ABI test compares the library against the declared API.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
write=0
if [[ "${1:-}" == --write ]]; then
  write=1
  shift
fi
header=${1:-$root/include/numabind.h}

# A declaration starts a line with NB_API and names its function before the
# first "(" of that line: "NB_API nb_status nb_cpuset_new(nb_cpuset **out);".
list=$(sed -nE 's/^NB_API[[:space:]].*[^A-Za-z0-9_](nb_[A-Za-z0-9_]+)[[:space:]]*\(.*/\1/p' "$header" |
  LC_ALL=C sort -u)
if [[ -z "$list" ]]; then
  echo "abi-symbols-from-header: no NB_API declaration found in $header" >&2
  exit 1
fi

if ((write)); then
  printf '%s\n' "$list" >"$root/abi/numabind.symbols"
else
  printf '%s\n' "$list"
fi
