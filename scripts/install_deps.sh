#!/usr/bin/env bash
# Installs the Debian 12 packages tokenmill builds and tests with (idempotent; run as root).
set -euo pipefail
packages=(cmake ninja-build g++ pkg-config zlib1g-dev libicu-dev libre2-dev libabsl-dev
  pybind11-dev python3-pybind11 python3-dev python3-pytest python3-numpy python3-matplotlib
  libbenchmark-dev libgtest-dev libgmock-dev nlohmann-json3-dev libsimdjson-dev libcli11-dev
  libprotobuf-dev protobuf-compiler libeigen3-dev libdivsufsort-dev)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "${missing[@]}"
fi
