#!/usr/bin/env bash
# Install the build tree into a fresh prefix with `cmake --install --prefix`
# and check the files a consumer relies on are there.
#   install_tree.sh <build dir> <prefix> <libdir> <includedir>
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

build=$1 prefix=$2 libdir=$3 includedir=$4

rm -rf "$prefix"
"${CMAKE:-cmake}" --install "$build" --prefix "$prefix" >/dev/null

for file in \
  "$includedir/numabind.h" \
  "$libdir/libnumabind.so" \
  "$libdir/libnumabind.so.0" \
  "$libdir/libnumabind.a" \
  "$libdir/pkgconfig/numabind.pc" \
  "$libdir/cmake/numabind/numabindConfig.cmake" \
  "$libdir/cmake/numabind/numabindConfigVersion.cmake" \
  "$libdir/cmake/numabind/numabindTargets.cmake"; do
  [[ -e "$prefix/$file" ]] || fail "cmake --install did not install $file"
done
[[ -L "$prefix/$libdir/libnumabind.so" ]] ||
  fail "$libdir/libnumabind.so should be the development symlink to the versioned library"
echo "OK: installed into $prefix"
