#!/usr/bin/env bash
# Streams, for clusters: a document on stdin (-), paths from a list
# (--paths-from FILE|-), records written to stdout as they are parsed, in input
# order, on 10,000 paths; and the progress bar (a terminal only). Run by ctest
# (XXGK is the binary); prints "N passed, M failed" as its last line.
set -u
XXGK=${XXGK:-build/xxgk}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
SHARED=${XXGK_SHARED:-$ROOT/../shared/corpus}
SEED=$(ls "$SHARED"/seed/*.txt | head -1)
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
passed=0 failed=0
check() {  # check NAME COMMAND...
  local name=$1; shift
  if "$@" >/dev/null 2>&1; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "FAIL: $name"; fi
}
exit_is() {  # exit_is CODE COMMAND...
  local want=$1; shift
  "$@" >"$T/out" 2>"$T/err"; local got=$?
  [ "$got" -eq "$want" ] || { echo "  exit $got, wanted $want: $*" >&2; return 1; }
}

# A document on standard input is the same record as the file, named "-".
"$XXGK" parse "$SEED" --format jsonl > "$T/file.jsonl"
check "parse - reads a document from stdin" exit_is 0 "$XXGK" parse - --format jsonl < "$SEED"
check "  ... the same record as the file, named -" bash -c "
  sed 's|\"file\":\"[^\"]*\"|\"file\":\"-\"|' '$T/file.jsonl' | cmp -s - '$T/out'"
check "dataset - -o - reads stdin, writes stdout" bash -c "
  '$XXGK' dataset -q - -o - < '$SEED' | tail -1 | grep -q '^-,gov-2019,鹤岗市南山区人民政府,2020,'"
check "stdin cannot be both a document and the list of paths" exit_is 2 "$XXGK" parse - --paths-from - < /dev/null

# 10,000 small reports (every 1000th the seed), listed in reverse order.
mkdir -p "$T/in/a" "$T/in/b"
for i in $(seq -w 1 10000); do
  if [ $((10#$i % 1000)) -eq 0 ]; then cp "$SEED" "$T/in/b/r$i.txt"; else
    printf '测试%s县人民政府%d年政府信息公开工作年度报告\n本年新收政府信息公开申请数量 %d\n' \
      "$i" $((2008 + 10#$i % 17)) $((10#$i % 97)) > "$T/in/a/r$i.txt"; fi
done
find "$T/in" -type f | sort -r > "$T/list"
check "10,000 paths listed" test "$(wc -l < "$T/list")" -eq 10000
check "dataset --paths-from - -o -: 10,000 paths from stdin" exit_is 0 "$XXGK" dataset -q -j2 --paths-from - -o - < "$T/list"
mv "$T/out" "$T/stream.csv"
check "  ... a header and one row per path" test "$(wc -l < "$T/stream.csv")" -eq 10001
check "  ... rows in input order" bash -c "tail -n +2 '$T/stream.csv' | cut -d, -f1 | cmp -s - '$T/list'"
check "  ... the seed's row as from the file" bash -c "
  grep -F '/r10000.txt,' '$T/stream.csv' | cut -d, -f2- > '$T/a'; '$XXGK' dataset -q '$SEED' -o - | tail -1 | cut -d, -f2- | cmp -s - '$T/a'"
check "  ... the same bytes with one thread and from a list file" bash -c "
  '$XXGK' dataset -q -j1 --paths-from '$T/list' -o - | cmp -s - '$T/stream.csv'"
check "  ... the same rows as dataset DIR (its order: sorted)" bash -c "
  '$XXGK' dataset -q '$T/in' -o '$T/dir.csv' && sort '$T/dir.csv' > '$T/s1' && sort '$T/stream.csv' > '$T/s2' && cmp -s '$T/s1' '$T/s2'"
check "parse --format jsonl --paths-from -: one record a line, in input order" bash -c "
  '$XXGK' parse -q --format jsonl --paths-from - < '$T/list' > '$T/stream.jsonl' &&
  test \$(wc -l < '$T/stream.jsonl') -eq 10000 &&
  sed 's|^{\"schema\":\"xxgk/[0-9]*\",\"file\":\"\\([^\"]*\\)\".*|\\1|' '$T/stream.jsonl' | cmp -s - '$T/list'"
check "paths and --paths-from together: named first, then the list" bash -c "
  head -3 '$T/list' | '$XXGK' dataset -q '$SEED' --paths-from - -o - | cut -d, -f1 | tail -n +2 > '$T/order' &&
  { echo '$SEED'; head -3 '$T/list'; } | cmp -s - '$T/order'"
check "a directory in the list is walked" bash -c "
  echo '$T/in/b' | '$XXGK' dataset -q --paths-from - -o - | test \$(wc -l) -eq 11"

# A missing path in the list is named, the others are written, exit 2.
{ head -2 "$T/list"; echo "$T/no-such.txt"; sed -n 3p "$T/list"; } > "$T/list4"
check "a missing listed path: exit 2" exit_is 2 "$XXGK" dataset -q --paths-from "$T/list4" -o -
check "  ... named on stderr" grep -q "no-such.txt: error: no such file" "$T/err"
check "  ... the other three written" test "$(wc -l < "$T/out")" -eq 4
check "an unreadable list: exit 2" exit_is 2 "$XXGK" dataset -q --paths-from "$T/no-list" -o -
check "  ... and named" grep -q "no-list: error: cannot read the list of paths" "$T/err"
check "a folder as the list: exit 2" exit_is 2 "$XXGK" dataset -q --paths-from "$T/in" -o -

# Records come out as they are parsed, not when the input ends: one path in,
# its row out, while the list is still open.
mkfifo "$T/fifo"
stream_as_it_goes() {
  : > "$T/live"  # the background job opens it only once the FIFO has a writer
  "$XXGK" dataset -q --paths-from - -o - < "$T/fifo" > "$T/live" &
  local pid=$!
  exec 3> "$T/fifo"
  echo "$SEED" >&3
  local n=0
  while [ "$(wc -l < "$T/live")" -lt 2 ] && [ $n -lt 600 ]; do sleep 0.1; n=$((n + 1)); done
  local rows; rows=$(wc -l < "$T/live")
  exec 3>&-
  wait $pid
  [ "$rows" -eq 2 ]
}
check "a row is written while the list of paths is still open" stream_as_it_goes

# Progress bar: on a terminal only, never with -q or when stderr is a file.
# The terminal is a pseudo-terminal from script(1); where none can be had (a
# chroot without /dev/pts), the two terminal checks are skipped, and said so.
skipped=0
if script -qec true /dev/null < /dev/null > /dev/null 2>&1; then
check "progress on a terminal: done/total, rate, findings, time left" bash -c "
  script -qec \"'$XXGK' dataset -j1 '$ROOT/corpus/reports' -o '$T/p.csv' 2>&1\" /dev/null < /dev/null > '$T/tty' &&
  grep -a -q '13/13' '$T/tty' && grep -a -q 'reports/s' '$T/tty' && grep -a -q 'finding' '$T/tty' && grep -a -q 'left' '$T/tty'"
check "  ... not with -q" bash -c "
  script -qec \"'$XXGK' dataset -q -j1 '$ROOT/corpus/reports' -o '$T/p.csv' 2>&1\" /dev/null < /dev/null > '$T/tty' &&
  ! grep -a -q 'reports/s' '$T/tty'"
else
  skipped=2
  echo "SKIP: no pseudo-terminal here (script(1) cannot open one): progress bar on a terminal not checked"
fi
check "  ... not when stderr is not a terminal" bash -c "
  '$XXGK' dataset -j1 '$ROOT/corpus/reports' -o '$T/p.csv' 2> '$T/log' && ! grep -q 'reports/s' '$T/log'"

echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
