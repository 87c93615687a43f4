#!/usr/bin/env bash
# CI stage: the Go binding in bindings/go (module
# github.com/numabind/numabind/bindings/go) — checks that the committed
# SWIG-generated package internal/capi is what SWIG makes of
# bindings/swig/numabind.i today, then `go vet` and `go test` against the core
# library of $BUILD_DIR, installed into a prefix beside it and found through
# pkg-config (`#cgo pkg-config: numabind`), as a user of the module finds an
# installed numabind.
#   BUILD_DIR=build scripts/ci/go.sh
# The module has no dependencies outside Go's standard library.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
build_dir=$(cd "${BUILD_DIR:-$root/build}" && pwd)

# SWIG for the regeneration check (Debian 12's 4.1.0, the version the
# committed files come from).
"$root/scripts/setup-deps.sh" swig

# Go is preinstalled in /usr/local/go, which a non-login shell may lack on PATH.
if ! command -v go >/dev/null 2>&1 && [[ -x /usr/local/go/bin/go ]]; then
  export PATH="/usr/local/go/bin:$PATH"
fi
if ! command -v go >/dev/null 2>&1; then
  echo "go: no go command on PATH or in /usr/local/go/bin (the module needs Go 1.22 or later)" >&2
  exit 1
fi

# shellcheck source=lib/installed-core.sh
source "$root/scripts/ci/lib/installed-core.sh"
install_core_into go "$build_dir" "$build_dir/go-prefix"
# Never download a toolchain or module in CI: the module needs neither.
export GOTOOLCHAIN=local GOPROXY=off

cd "$root/bindings/go"
go version
./generate.sh --check
# -unsafeptr=false: the one report is in SWIG's own runtime helper
# (swigCopyString in internal/capi/capi.go turns the address of a C string,
# held as a uintptr, back into a pointer: C memory, which the Go garbage
# collector never moves). go vet reports it for every package importing capi.
go vet -unsafeptr=false ./...
# Not -race here: with a cold build cache it doubles this stage's time (its
# standard library and cgo builds are separate); `go test -race ./...` passes
# and is worth running after changing the concurrency code.
go test -count=1 ./...
