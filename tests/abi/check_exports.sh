#!/usr/bin/env bash
# The shared library must export exactly the committed symbol list: an extra
# export leaks an internal (or an undeclared function), a missing one breaks
# programs linked against an older build. Prints the difference on failure.
#   check_exports.sh <libnumabind.so> <abi/numabind.symbols> [nm]
set -euo pipefail

lib=$1
expected_list=$2
nm=${3:-nm}

# "addr T nb_free@@NUMABIND_0"; the version node itself is an absolute
# (type A) symbol named after the node, which is not an export.
dynsyms=$("$nm" -D --defined-only "$lib")
actual=$(awk '!($2 == "A" && $3 ~ /^NUMABIND_[0-9]+$/) { print $3 }' <<<"$dynsyms" |
  sed 's/@.*//' | LC_ALL=C sort -u)
expected=$(grep -v '^[[:space:]]*$' "$expected_list" | LC_ALL=C sort -u)

status=0
if [[ "$actual" != "$expected" ]]; then
  echo "FAIL: $lib exports differ from $expected_list"
  echo "(lines with '>' are exported but not listed; '<' are listed but not exported)"
  diff <(printf '%s\n' "$expected") <(printf '%s\n' "$actual") || true
  status=1
fi

# Every export must carry the version node of src/numabind.map: an
# unversioned one means the version script was not applied.
unversioned=$(awk '$2 != "A" && $3 !~ /@/ { print $3 }' <<<"$dynsyms")
if [[ -n "$unversioned" ]]; then
  echo "FAIL: $(wc -l <<<"$unversioned") exports without a symbol version (version script not applied?), e.g.:"
  head -n 10 <<<"$unversioned" | sed 's/^/  /'
  status=1
fi

if ((status == 0)); then
  echo "OK: $(wc -l <<<"$actual") exports, all listed and versioned"
fi
exit $status
