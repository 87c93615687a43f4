#!/usr/bin/env bash
# The committed abi/numabind.symbols must list exactly the functions the
# public header declares: adding or removing an NB_API function is an ABI
# change, and updating the list (scripts/abi-symbols-from-header.sh --write)
# makes it a deliberate, reviewed one.
#   check_symbol_list.sh <source dir>
set -euo pipefail

root=$1
if ! diff <("$root/scripts/abi-symbols-from-header.sh" "$root/include/numabind.h") \
  "$root/abi/numabind.symbols"; then
  echo "FAIL: abi/numabind.symbols ('>') differs from the header's NB_API declarations ('<');"
  echo "      run scripts/abi-symbols-from-header.sh --write if the change is intended"
  exit 1
fi
echo "OK: abi/numabind.symbols matches include/numabind.h"
