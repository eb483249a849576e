#!/usr/bin/env bash
# A batch named on the command line is linked across years (agency_key folded,
# previous, m.yoy.*, cross.* findings). Past XXGK_HOLD_RECORDS records it is
# kept in a temporary file, not in memory: the outputs must be the same, byte
# for byte, whatever the bound and the thread count, and nothing may be left
# behind. Run by ctest (XXGK is the binary); prints "N passed, M failed".
set -u
XXGK=${XXGK:-build/xxgk}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
T=$(mktemp -d)
trap 'chmod -R u+w "$T" 2>/dev/null; rm -rf "$T"' EXIT
passed=0 failed=0
check() {  # check NAME COMMAND...
  local name=$1; shift
  if "$@" >/dev/null 2>&1; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "FAIL: $name"; fi
}

# 48 reports: 6 agencies x 4 years, each series twice (two region folders),
# one year of each signed with the short name.
python3 "$ROOT/tests/cli/make_years.py" "$ROOT/corpus/reports" "$T/years" 4
mkdir "$T/tmp"
run() {  # run NAME HOLD JOBS: every output of a named batch, into $T/NAME
  mkdir -p "$T/$1"
  XXGK_HOLD_RECORDS=$2 TMPDIR="$T/tmp" "$XXGK" dataset -q -j"$3" "$T/years" -o "$T/$1/out.csv" --records "$T/$1/rec"
  XXGK_HOLD_RECORDS=$2 TMPDIR="$T/tmp" "$XXGK" dataset -q -j"$3" "$T/years" -o "$T/$1/out.sqlite"
  XXGK_HOLD_RECORDS=$2 TMPDIR="$T/tmp" "$XXGK" audit -q -j"$3" "$T/years" > "$T/$1/audit.txt"
  XXGK_HOLD_RECORDS=$2 TMPDIR="$T/tmp" "$XXGK" parse -j"$3" "$T/years" --format jsonl > "$T/$1/parse.jsonl" 2>/dev/null
  sqlite3 "$T/$1/out.sqlite" .dump > "$T/$1/dump.sql" 2>/dev/null || true
  rm -f "$T/$1/out.sqlite"
}
run memory "" 1
check "the batch is linked: every cross rule fires" bash -c "
  for r in cross.carry_over cross.in_force cross.copied_table cross.copied_text; do
    grep -q \"\$r\" '$T/memory/audit.txt' || exit 1; done"
check "  ... and the short names are folded into the full ones" grep -q "folded into" "$T/memory/parse.jsonl"
check "  ... and m.yoy.* is computed against the year before" bash -c "
  grep -c '\"m.yoy.requests\":0' '$T/memory/parse.jsonl' | grep -qv '^0$'"
for hold in 0 1 7; do
  for jobs in 1 2; do
    run "held-$hold-j$jobs" "$hold" "$jobs"
    check "held $hold records, -j$jobs: the same outputs as in memory" \
      diff -r "$T/memory" "$T/held-$hold-j$jobs"
  done
done
check "nothing is left in TMPDIR" bash -c "[ -z \"\$(ls -A '$T/tmp')\" ]"

# No temporary file can be made: the batch is kept in memory, with a warning.
chmod a-w "$T/tmp"
if [ "$(id -u)" -ne 0 ]; then
  check "an unwritable TMPDIR keeps the batch in memory, with a warning" bash -c "
    XXGK_HOLD_RECORDS=0 TMPDIR='$T/tmp' '$XXGK' audit -q '$T/years' > '$T/unwritable.txt' 2> '$T/unwritable.err'
    cmp '$T/memory/audit.txt' '$T/unwritable.txt' && grep -q 'keeping the batch in memory' '$T/unwritable.err'"
fi
check "a TMPDIR that does not exist keeps the batch in memory, with a warning" bash -c "
  XXGK_HOLD_RECORDS=0 TMPDIR='$T/none' '$XXGK' audit -q '$T/years' > '$T/none.txt' 2> '$T/none.err'
  cmp '$T/memory/audit.txt' '$T/none.txt' && grep -q 'keeping the batch in memory' '$T/none.err'"

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
