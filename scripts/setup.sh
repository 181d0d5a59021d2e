#!/usr/bin/env bash
# Installs the system libraries Regula builds against, if they are missing.
# Debian/Ubuntu, as root (or with sudo). Safe to run again.
set -euo pipefail

needed=()
# chromium: the report's browser test. gcc-aarch64-linux-gnu, libc6-dev-arm64-cross and
# qemu-user: the test suite builds the matrix-product kernels for arm64 and runs them
# under qemu (KernelPathTests). openmpi-bin: mpirun and libmpi (loaded at run time) for
# `mpirun -n N regula run` and its tests.
for pkg in libreadline-dev tmux chromium gcc-aarch64-linux-gnu libc6-dev-arm64-cross qemu-user openmpi-bin; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || needed+=("$pkg")
done

if [ ${#needed[@]} -gt 0 ]; then
  echo "setup: installing ${needed[*]}" >&2
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${needed[@]}" >/dev/null
fi

command -v swift >/dev/null || { echo "setup: Swift 6 is required (https://swift.org/install)" >&2; exit 1; }
