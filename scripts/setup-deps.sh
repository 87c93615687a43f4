#!/usr/bin/env bash
# Install the Debian packages numabind's build and tests need, when missing.
# Idempotent and quiet: it prints nothing unless it installs something, and it
# runs `apt-get update` at most once, only when a package is missing.
# Works as root (CI) and through sudo otherwise.
#   scripts/setup-deps.sh [extra packages...]
# The stages under scripts/ci/ name the packages only they need as arguments.
set -euo pipefail

packages=(
  cmake ninja-build g++ pkg-config
  libhwloc-dev hwloc nlohmann-json3-dev
  libgtest-dev googletest libbenchmark-dev
  # hwloc's pkg-config file lists -ludev for static links; the install test
  # links through `pkg-config --static`, which needs libudev.so to exist.
  libudev-dev
  # The process tests reproduce a container that forbids memory policies
  # with a seccomp filter.
  libseccomp-dev
  # bench/numabind_apply_bench compares a bound spawn against wrapping the
  # program in `numactl --physcpubind` (and reports an error without it).
  numactl
  "$@"
)

# A package counts as present only when dpkg says it is fully installed
# ("ii"): a removed package can leave a "config-files" record behind.
missing=()
for pkg in "${packages[@]}"; do
  status=$(dpkg-query -W -f='${db:Status-Abbrev}' "$pkg" 2>/dev/null || true)
  if [[ "$status" != ii* ]]; then
    missing+=("$pkg")
  fi
done

if ((${#missing[@]} == 0)); then
  exit 0
fi

if ((EUID == 0)); then
  as_root=()
elif command -v sudo >/dev/null 2>&1; then
  as_root=(sudo)
else
  echo "setup-deps: missing packages (${missing[*]}) and not root, no sudo" >&2
  exit 1
fi

echo "setup-deps: installing ${missing[*]}"
# env, because sudo drops the caller's environment; wait for a lock another
# apt run holds rather than fail.
apt=("${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300)
"${apt[@]}" update -q
"${apt[@]}" install -y -q --no-install-recommends "${missing[@]}"
