#!/usr/bin/env bash
# Configures and builds tokenmill into build/ (Release) — or build-asan/ with `asan`.
set -euo pipefail
cd "$(dirname "$0")/.."
variant=${1:-release}
jobs=$(nproc)
if [ "$variant" = asan ]; then
  # -O1 -g1 (line tables only): what sanitizer builds usually use; compiles in ~60 % of the time
  # of -O2 -g with readable stack traces. Unity files (8 sources each) halve the sanitized
  # library's compile time; the Release build keeps one object per source.
  cmake -S . -B build-asan -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DTOKENMILL_SANITIZE=ON \
    -DCMAKE_UNITY_BUILD=ON \
    -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g1 -DNDEBUG" \
    -DTOKENMILL_BUILD_PYTHON=OFF -DTOKENMILL_BUILD_BENCHMARKS=OFF >/dev/null
  ninja -C build-asan -j"$jobs"
else
  cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release -DPython3_EXECUTABLE=/usr/bin/python3 >/dev/null
  ninja -C build -j"$jobs"
fi
