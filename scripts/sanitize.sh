#!/usr/bin/env bash
# Builds with clang under AddressSanitizer + UndefinedBehaviorSanitizer (and
# libFuzzer's coverage, so the same build gives the fuzz targets of fuzz/) and
# runs the test suite. Any sanitizer report fails its test.
# Usage: scripts/sanitize.sh [BUILD_DIR] [ctest args...] (default build-asan).
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${1:-build-asan}
shift || true
bash scripts/install-deps.sh
bash scripts/install-dev-tools.sh
if [ ! -f "$BUILD/build.ninja" ]; then
  CXX=clang++ cmake -S . -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DXXGK_WERROR=ON \
    -DXXGK_SANITIZE=address,undefined -DXXGK_FUZZ=ON -DXXGK_BUILD_BENCH=OFF
fi
cmake --build "$BUILD" -j "${JOBS:-2}"
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
export LSAN_OPTIONS=${LSAN_OPTIONS:-suppressions=$PWD/tests/lsan.supp}
(cd "$BUILD" && ctest --output-on-failure -j "${JOBS:-2}" "$@")
