#!/usr/bin/env bash
# Build consumer.c against the installed library the way a Makefile would,
# with `pkg-config numabind` (shared) or `pkg-config --static numabind`
# (static archive plus its private dependencies), run it and check its output.
#   pkgconfig_consumer.sh shared|static <prefix> <libdir> <consumer.c> <work dir>
#                         <C compiler> <pkg-config> <topology.xml> <expected cpus>
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

kind=$1 prefix=$2 libdir=$3 source=$4 work=$5 cc=$6 pkg_config=$7 xml=$8 expected=$9

export PKG_CONFIG_PATH=$prefix/$libdir/pkgconfig
rm -rf "$work"
mkdir -p "$work"

# The .pc file must point into the prefix it was installed to, wherever that is.
pc_libdir=$("$pkg_config" --variable=libdir numabind)
[[ "$(realpath "$pc_libdir")" == "$(realpath "$prefix/$libdir")" ]] ||
  fail "numabind.pc gives libdir '$pc_libdir', not the install prefix's $prefix/$libdir"

read -r -a cflags <<<"$("$pkg_config" --cflags numabind)"
case $kind in
shared)
  read -r -a libs <<<"$("$pkg_config" --libs numabind)"
  "$cc" -o "$work/consumer" "$source" "${cflags[@]}" "${libs[@]}" -Wl,-rpath,"$prefix/$libdir"
  expect_shared_from "$work/consumer" "$prefix/$libdir"
  ;;
static)
  # The linker prefers libnumabind.so when both are installed: name the
  # archive explicitly, keeping every flag pkg-config gives for a static link.
  read -r -a libs <<<"$("$pkg_config" --static --libs numabind)"
  libs=("${libs[@]/#-lnumabind/-l:libnumabind.a}")
  "$cc" -o "$work/consumer" "$source" "${cflags[@]}" "${libs[@]}"
  expect_static "$work/consumer"
  ;;
*) fail "unknown kind '$kind'" ;;
esac

run_consumer "$work/consumer" "$xml" "$expected"
