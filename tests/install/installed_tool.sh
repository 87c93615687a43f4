#!/usr/bin/env bash
# The installed numabind tool must run from the prefix on its own: its RPATH
# ($ORIGIN/../<libdir>) finds the installed libnumabind, not the build tree's.
#   installed_tool.sh <prefix> <libdir> <bindir> <expected version>
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

prefix=$1 libdir=$2 bindir=$3 version=$4
tool=$prefix/$bindir/numabind

[[ -x "$tool" ]] || fail "cmake --install did not install $bindir/numabind"
expect_shared_from "$tool" "$prefix/$libdir"
first_line=$("$tool" --version | head -n 1)
[[ "$first_line" == "numabind $version" ]] ||
  fail "installed numabind --version printed '$first_line', expected 'numabind $version'"
echo "OK: $first_line, loading $prefix/$libdir/libnumabind.so.0"
