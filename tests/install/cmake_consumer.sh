#!/usr/bin/env bash
# Configure the cmake-consumer project against the installed package
# (find_package(numabind) through CMAKE_PREFIX_PATH), build it, and run the
# consumer linked to numabind::numabind and to numabind::numabind_static.
#   cmake_consumer.sh <prefix> <libdir> <project dir> <work dir> <generator>
#                     <C compiler> <topology.xml> <expected cpus>
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

prefix=$1 libdir=$2 project=$3 work=$4 generator=$5 cc=$6 xml=$7 expected=$8

cmake=${CMAKE:-cmake}
rm -rf "$work" "$work.log"
mkdir -p "$(dirname "$work")"
"$cmake" -S "$project" -B "$work" -G "$generator" -DCMAKE_C_COMPILER="$cc" \
  -DCMAKE_PREFIX_PATH="$prefix" -DCMAKE_FIND_USE_PACKAGE_REGISTRY=OFF >"$work.log" 2>&1 ||
  { cat "$work.log"; fail "configuring $project against $prefix"; }
found=$(sed -n 's/^numabind_DIR:PATH=//p' "$work/CMakeCache.txt")
[[ "$(realpath "$found")" == "$(realpath "$prefix/$libdir/cmake/numabind")" ]] ||
  fail "find_package(numabind) found '$found', not the package installed in $prefix"
"$cmake" --build "$work" >>"$work.log" 2>&1 || { cat "$work.log"; fail "building $project"; }

expect_shared_from "$work/consumer_shared" "$prefix/$libdir"
expect_static "$work/consumer_static"
run_consumer "$work/consumer_shared" "$xml" "$expected"
run_consumer "$work/consumer_static" "$xml" "$expected"
