#!/usr/bin/env bash
# Builds everything (library, CLI, tests, benchmark tools) with clang and
# warnings as errors, and runs the tests: the code must build with GCC and
# clang alike. Usage: scripts/clang-build.sh [BUILD_DIR] (default build-clang).
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${1:-build-clang}
bash scripts/install-deps.sh
bash scripts/install-dev-tools.sh
CXX=clang++ cmake -S . -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DXXGK_WERROR=ON
cmake --build "$BUILD" -j "${JOBS:-2}"
(cd "$BUILD" && ctest --output-on-failure -j "${JOBS:-2}")
