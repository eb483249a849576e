#!/usr/bin/env bash
# Instruction counts (callgrind: repeatable on a busy machine) for start-up
# and per report of each kind, on the generated archive of bench/make_inputs.py.
#   bash bench/callgrind.sh [XXGK]     (default build/xxgk; needs valgrind)
# Start-up: `xxgk dataset --paths-from /dev/null` (grammars loaded, no report).
# First report: instructions for one report - start-up (it compiles the
# patterns it needs). Per further report: (K reports - 1 report) / (K - 1), -j1:
# it still holds the patterns the first of each layout compiles. Once every
# pattern is compiled: (the K reports twice - the K reports once) / K, the
# steady cost of a long batch.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
XXGK=${1:-${XXGK:-$ROOT/build/xxgk}}
IN=${CALLGRIND_INPUTS:-${TMPDIR:-/tmp}/xxgk-callgrind-inputs}
K=${K:-12}
command -v valgrind >/dev/null || { echo "callgrind.sh: needs valgrind (apt-get install valgrind)" >&2; exit 1; }
[ -d "$IN" ] || python3 "$ROOT/bench/make_inputs.py" "$IN" -n 200 >/dev/null
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT

instructions() {  # instructions LIST
  valgrind --tool=callgrind --callgrind-out-file=/dev/null "$XXGK" dataset -q -j1 --paths-from "$1" -o "$T/out.csv" \
    2>&1 >/dev/null | sed -n 's/.*Collected : *\([0-9]*\).*/\1/p'
}
pick() {  # pick NAME DIRS...: K files in all, as many from each folder
  local name=$1; shift
  local per=$(( (K + $# - 1) / $# ))
  : > "$T/$name"
  for d in "$@"; do ls -d "$IN/$d"/* > "$T/all"; head -n "$per" "$T/all" >> "$T/$name"; done
}
pick text gov2019-cell-per-line gov2021-cell-per-line gov2021-tab-rows gov2019-pipe gov2021-layout seed-000_3b10d53d
pick glued gov2019-glued gov2021-glued
pick html gov2019-page gov2021-page-gbk
: > "$T/none"
start=$(instructions "$T/none")
printf '| measure | instructions |\n|---|---|\n'
printf '| start-up (grammars loaded, no report) | %s M |\n' "$(awk -v a="$start" 'BEGIN{printf "%.1f", a/1e6}')"
for kind in text glued html; do
  n=$(wc -l < "$T/$kind")
  head -1 "$T/$kind" > "$T/$kind.1"
  bytes=$(cat $(cat "$T/$kind") | wc -c)
  one=$(instructions "$T/$kind.1")
  total=$(instructions "$T/$kind")
  cat "$T/$kind" "$T/$kind" > "$T/$kind.twice"
  twice=$(instructions "$T/$kind.twice")
  # The first report also compiles the patterns it needs (regex_cache.h); the
  # others find them compiled, so "per report" is the steady cost.
  awk -v t="$total" -v w="$twice" -v o="$one" -v s="$start" -v n="$n" -v b="$bytes" -v k="$kind" 'BEGIN{
    printf "| %s: first report, over start-up | %.1f M |\n", k, (o-s)/1e6;
    printf "| %s: per further report (%d reports, %.1f KB each) | %.1f M |\n", k, n, b/n/1024, (t-o)/(n-1)/1e6;
    printf "| %s: per report once every pattern is compiled (the same %d again) | %.1f M (%.2f M per 5 KB) |\n", k, n, (w-t)/n/1e6, (w-t)/n/1e6*5120/(b/n)}'
done
