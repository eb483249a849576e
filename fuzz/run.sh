#!/usr/bin/env bash
# Runs one libFuzzer target for a while: fuzz/run.sh TARGET SECONDS [BUILD_DIR]
# TARGET: parse (Engine::parse on raw bytes), html, docx or grammar.
# Builds the sanitizer+fuzzer tree first if needed (scripts/sanitize.sh's
# build, default build-asan). New inputs go to a scratch copy of the seed
# corpus; a crash is saved as BUILD_DIR/fuzz-TARGET/crash-* and fails the run.
set -euo pipefail
cd "$(dirname "$0")/.."
TARGET=${1:?usage: fuzz/run.sh parse|html|docx|grammar SECONDS [BUILD_DIR]}
SECONDS_TO_RUN=${2:-60}
BUILD=${3:-build-asan}
case "$TARGET" in parse | html | docx | grammar) ;; *) echo "unknown target '$TARGET'" >&2; exit 2 ;; esac
if [ ! -x "$BUILD/fuzz/fuzz_$TARGET" ]; then
  bash scripts/install-dev-tools.sh
  [ -f "$BUILD/build.ninja" ] || CXX=clang++ cmake -S . -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DXXGK_SANITIZE=address,undefined -DXXGK_FUZZ=ON -DXXGK_BUILD_BENCH=OFF
  cmake --build "$BUILD" -j "${JOBS:-2}" --target "fuzz_$TARGET"
fi
work="$BUILD/fuzz-$TARGET"
mkdir -p "$work/corpus"
cp -n fuzz/corpus/"$TARGET"/* "$work/corpus/" 2>/dev/null || true
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
# -timeout: one input taking longer than 10 s is a hang; -rss_limit_mb: a
# blow-up of memory is a finding too.
"$BUILD/fuzz/fuzz_$TARGET" "$work/corpus" -dict="fuzz/$TARGET.dict" -max_total_time="$SECONDS_TO_RUN" \
  -timeout=10 -rss_limit_mb=2048 -max_len=65536 -artifact_prefix="$work/" -print_final_stats=1
