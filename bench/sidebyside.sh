#!/usr/bin/env bash
# Side by side on the same generated HTML pages (issue #9): xxgk dataset,
# a bare gumbo parse + tree walk (bench/gumbo_walk.cc) and pandas.read_html
# (bench/pandas_read_html.py, lxml). For each: instructions per page
# (callgrind: K pages minus 1 page, over K-1, so start-up is left out) and
# wall-clock pages/s (median of RUNS runs over every page, net of the same
# tool's start-up on no page). Prints a Markdown section on stdout.
#
#   bash bench/sidebyside.sh              # XXGK=build/xxgk GUMBO_WALK=build/bench/gumbo_walk
#   N=200 SEED=20240601 K=12 RUNS=5 bash bench/sidebyside.sh
#
# pandas comes from Debian (python3-pandas, python3-lxml, run with
# /usr/bin/python3); when missing it is installed with apt-get if we are
# root and BENCH_NO_INSTALL is unset, else its column is skipped with a message.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
XXGK=${XXGK:-$ROOT/build/xxgk}
GUMBO_WALK=${GUMBO_WALK:-$ROOT/build/bench/gumbo_walk}
N=${N:-200}; SEED=${SEED:-20240601}; K=${K:-12}; RUNS=${RUNS:-5}
PY=${PANDAS_PYTHON:-/usr/bin/python3}
log() { echo "sidebyside: $*" >&2; }
[ -x "$XXGK" ] || { log "no xxgk binary at $XXGK (build it first)"; exit 2; }
[ -x "$GUMBO_WALK" ] || { log "no gumbo_walk at $GUMBO_WALK (cmake --build build --target gumbo_walk)"; exit 2; }
command -v valgrind >/dev/null || { log "needs valgrind (apt-get install valgrind)"; exit 2; }

HAVE_PANDAS=1
if ! "$PY" -c 'import pandas, lxml' 2>/dev/null; then
  if [ "$(id -u)" = 0 ] && [ -z "${BENCH_NO_INSTALL:-}" ] && command -v apt-get >/dev/null; then
    log "installing python3-pandas python3-lxml python3-bs4 python3-html5lib"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q python3-pandas python3-lxml python3-bs4 python3-html5lib >&2 || true
  fi
  "$PY" -c 'import pandas, lxml' 2>/dev/null || { HAVE_PANDAS=0; log "pandas/lxml not importable by $PY: pandas column skipped"; }
fi

IN=${SIDEBYSIDE_INPUTS:-${TMPDIR:-/tmp}/xxgk-sidebyside-N$N-s$SEED}
[ -d "$IN" ] || python3 "$HERE/make_inputs.py" "$IN" -n "$N" --seed "$SEED" >&2
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
find "$IN" -type f -name '*.html' | sort > "$T/all"
PAGES=$(wc -l < "$T/all"); BYTES=$(cat $(cat "$T/all") | wc -c)
head -n "$K" "$T/all" > "$T/k"; head -n 1 "$T/all" > "$T/1"; : > "$T/none"
[ "$PAGES" -ge "$K" ] || { log "only $PAGES pages"; exit 2; }

# tool NAME LIST [PREFIX...]: runs tool NAME on the pages of LIST (under PREFIX)
tool() {
  local name=$1 list=$2; shift 2
  case $name in
    xxgk) "$@" "$XXGK" dataset -q -j1 --paths-from "$list" -o "$T/out.csv" ;;
    gumbo) "$@" "$GUMBO_WALK" - < "$list" ;;
    pandas) "$@" "$PY" "$HERE/pandas_read_html.py" lxml < "$list" ;;
  esac
}
instructions() {  # instructions NAME LIST
  tool "$1" "$2" valgrind --tool=callgrind --callgrind-out-file=/dev/null 2>&1 >/dev/null |
    sed -n 's/.*Collected : *\([0-9]*\).*/\1/p' | awk '{s+=$1} END {print s+0}'
}
wall() {  # wall NAME LIST: median seconds of RUNS runs
  for _ in $(seq "$RUNS"); do
    local t0 t1; t0=$(date +%s.%N); tool "$1" "$2" >/dev/null; t1=$(date +%s.%N)
    echo "$t1 - $t0" | bc
  done | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'
}

TOOLS="xxgk gumbo"; [ $HAVE_PANDAS = 1 ] && TOOLS="$TOOLS pandas"
for t in $TOOLS; do
  log "$t: instructions (callgrind, 1 and $K pages)"
  one=$(instructions "$t" "$T/1"); k=$(instructions "$t" "$T/k")
  echo "$t $(( (k - one) / (K - 1) ))" >> "$T/instr"
  log "$t: wall clock ($RUNS runs, $PAGES pages and none)"
  echo "$t $(wall "$t" "$T/all") $(wall "$t" "$T/none")" >> "$T/wall"
done

COMMIT=$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)
LOAD=$(cut -d' ' -f1-3 /proc/loadavg)
python3 - "$T/instr" "$T/wall" "$PAGES" "$BYTES" "$K" "$RUNS" "$COMMIT" "$N" "$SEED" "$LOAD" "$HAVE_PANDAS" <<'PYEOF'
import sys
instr = dict((l.split()[0], int(l.split()[1])) for l in open(sys.argv[1]))
wall = {l.split()[0]: (float(l.split()[1]), float(l.split()[2])) for l in open(sys.argv[2])}
pages, nbytes, k, runs, commit, n, seed, load, have_pandas = sys.argv[3:12]
pages = int(pages)
print("## Side by side on HTML (`bash bench/sidebyside.sh`)\n")
print("Commit `%s`; %d generated pages (`bench/make_inputs.py -n %s --seed %s`, its HTML: half GBK, half UTF-8), "
      "%.1f KB each; load average %s at the end." % (commit, pages, n, seed, int(nbytes) / pages / 1024, load))
print("Instructions: callgrind, (%s pages - 1 page) / %d; wall clock: median of %s runs over all pages, "
      "net of the tool's start-up on no page.\n" % (k, int(k) - 1, runs))
print("| tool | instructions per page | pages/s (net of start-up) | start-up s |")
print("|---|---|---|---|")
names = {"xxgk": "xxgk dataset -j1", "gumbo": "gumbo parse + tree walk (bench/gumbo_walk)",
         "pandas": "pandas.read_html (lxml)"}
rate = {}
for t in ("xxgk", "gumbo", "pandas"):
    if t not in instr:
        continue
    w, w0 = wall[t]
    rate[t] = pages / max(w - w0, 1e-9)
    print("| %s | %.2f M | %.0f | %.3f |" % (names[t], instr[t] / 1e6, rate[t], w0))
print()
print("| ratio | instructions | wall-clock time per page |")
print("|---|---|---|")
for other in ("gumbo", "pandas"):
    if other in instr:
        print("| xxgk / %s | %.2f× | %.2f× |" % (other, instr["xxgk"] / instr[other], rate[other] / rate["xxgk"]))
if have_pandas != "1":
    print("\npandas was not available: its row is left out.")
PYEOF
