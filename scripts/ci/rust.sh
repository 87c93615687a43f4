#!/usr/bin/env bash
# CI stage: the Rust crates in bindings/rust — numabind-sys (bindgen's FFI,
# checked against include/numabind.h) and numabind (the safe API) — tested
# with `cargo test --workspace` against the core library of $BUILD_DIR,
# installed into a prefix beside it and found through pkg-config, as a user
# of the crates would find an installed numabind.
#   BUILD_DIR=build scripts/ci/rust.sh
# Crates come from crates.io at the versions in bindings/rust/Cargo.lock.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
build_dir=$(cd "${BUILD_DIR:-$root/build}" && pwd)

# bindgen loads libclang at run time: the drift test regenerates the bindings.
"$root/scripts/setup-deps.sh" libclang-dev

# rustup installs cargo in ~/.cargo/bin, which a non-login shell may lack on PATH.
if ! command -v cargo >/dev/null 2>&1 && [[ -x "$HOME/.cargo/bin/cargo" ]]; then
  export PATH="$HOME/.cargo/bin:$PATH"
fi
if ! command -v cargo >/dev/null 2>&1; then
  echo "rust: cargo is neither on PATH nor in ~/.cargo/bin" >&2
  exit 1
fi

# shellcheck source=lib/installed-core.sh
source "$root/scripts/ci/lib/installed-core.sh"
install_core_into rust "$build_dir" "$build_dir/rust-prefix"
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$build_dir/rust-target}

cd "$root/bindings/rust"
cargo --version
# --locked: the committed lock file pins bindgen, whose output the drift test compares byte for byte.
cargo test --workspace --locked -j 2
