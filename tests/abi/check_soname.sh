#!/usr/bin/env bash
# The shared library's SONAME must be the ABI name programs record at link
# time (libnumabind.so.<SOVERSION>), not the unversioned development link.
#   check_soname.sh <libnumabind.so> <expected soname> [readelf]
set -euo pipefail

lib=$1
expected=$2
readelf=${3:-readelf}

soname=$("$readelf" -d "$lib" | sed -n 's/.*(SONAME).*\[\(.*\)\].*/\1/p')
if [[ "$soname" != "$expected" ]]; then
  echo "FAIL: SONAME of $lib is '${soname}', expected '$expected'"
  exit 1
fi
echo "OK: SONAME $soname"
