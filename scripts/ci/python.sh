#!/usr/bin/env bash
# CI stage "python": the Python binding (bindings/python). Builds the package
# the way a user installs it, `pip install ./bindings/python` (scikit-build-core
# driving CMake and SWIG, the core compiled into the extension from this
# checkout), into a fresh virtual environment under $BUILD_DIR, so the
# system's site-packages are never touched; then runs its pytest suite and a
# short run of its benchmark.
#   BUILD_DIR=build scripts/ci/python.sh        PYTHON=python3.11 to pick the interpreter
# Needs PyPI (pip's isolated build fetches scikit-build-core; pytest).
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
build_dir=${BUILD_DIR:-$root/build}
mkdir -p "$build_dir"
build_dir=$(cd "$build_dir" && pwd)
python=${PYTHON:-python3}

if ! command -v "$python" >/dev/null 2>&1; then
  echo "python: no $python on PATH (the binding needs Python 3.10 or later)" >&2
  exit 1
fi
if ! "$python" -c 'import sys; sys.exit(sys.version_info < (3, 10))'; then
  echo "python: $("$python" -V 2>&1) is too old: the binding needs Python 3.10 or later" >&2
  exit 1
fi

# SWIG generates the extension at build time. A Python without its headers
# (Debian's own python3) needs python3-dev, and python3-venv for the venv;
# pyenv's and the official builds have both.
packages=(swig)
if ! "$python" -c 'import os, sys, sysconfig
sys.exit(not os.path.exists(os.path.join(sysconfig.get_paths()["include"], "Python.h")))'; then
  packages+=(python3-dev)
fi
if ! "$python" -c 'import ensurepip' 2>/dev/null; then
  packages+=(python3-venv)
fi
"$root/scripts/setup-deps.sh" "${packages[@]}"

venv=$build_dir/python-venv
rm -rf "$venv" "$build_dir/python-build"
"$python" -m venv "$venv"
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check pytest
# Two compile jobs at most (CI has two cores); the CMake tree is kept in
# $BUILD_DIR/python-build for inspection.
CMAKE_BUILD_PARALLEL_LEVEL=2 "$venv/bin/python" -m pip install --quiet --disable-pip-version-check \
  -C build-dir="$build_dir/python-build" "$root/bindings/python"

cd "$root/bindings/python"
"$venv/bin/python" -m pytest -q -p no:cacheprovider
# The benchmark still runs (numbers from a short run mean nothing).
"$venv/bin/python" bench/bench_compute_cpuset.py --runs 2 --calls 200 >/dev/null
