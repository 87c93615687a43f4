#!/usr/bin/env bash
# Regenerate the SWIG half of the Go binding, internal/capi/{capi.go,capi_wrap.c},
# from the shared interface bindings/swig/numabind.i (and numabind_go.i).
# `go generate ./...` runs it. The files are committed so that `go get` works
# without SWIG or the rest of the repository (a Go module is fetched alone).
#   bindings/go/generate.sh          rewrite the committed files
#   bindings/go/generate.sh --check  regenerate into a temporary directory and
#                                    fail, showing the difference, when the
#                                    committed files are not what SWIG writes
# Needs swig 4.1 (Debian 12's; another version writes other files) and gofmt.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
swig_dir=$here/../swig
committed=$here/internal/capi

check=false
case "${1:-}" in
  "") ;;
  --check) check=true ;;
  *) echo "usage: $0 [--check]" >&2; exit 2 ;;
esac

command -v swig >/dev/null || { echo "generate.sh: swig is not installed (scripts/setup-deps.sh swig)" >&2; exit 1; }
gofmt=$(command -v gofmt || echo /usr/local/go/bin/gofmt)

out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

# Run from the interface's directory with relative paths: SWIG writes the
# input name into the output, and this keeps it the same on every machine.
(cd "$swig_dir" && swig -go -cgo -intgosize 64 -module capi -I../../include \
  -outdir "$out" -o "$out/capi_wrap.c" numabind.i)
"$gofmt" -w "$out/capi.go"

if $check; then
  if ! diff -ru "$committed" "$out"; then
    echo "generate.sh: internal/capi is out of date; run bindings/go/generate.sh and commit the result" >&2
    exit 1
  fi
  echo "generate.sh: internal/capi is what $(swig -version | awk '/SWIG Version/ {print "SWIG " $3}') generates"
else
  cp "$out/capi.go" "$out/capi_wrap.c" "$committed/"
fi
