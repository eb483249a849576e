#!/usr/bin/env bash
# xxgk throughput benchmark.  See bench/README.md.
#
#   bash bench/run.sh                       # binary: $XXGK, else build/xxgk
#   XXGK=build-bench/xxgk N=2000 RUNS=5 bash bench/run.sh
#
# Builds nothing.  Generates inputs with bench/make_inputs.py into a temp
# folder when they are absent (or when the generator/templates changed), then
# measures `xxgk dataset DIR -o FILE -q` at -j1 and -j2, peak RSS,
# determinism across -j1/-j2 (dataset CSV and parse --format jsonl, byte for
# byte: the script exits 1 if they differ), and time per MB on very long
# reports.  Prints a Markdown table and writes it to bench/RESULTS.md.
#
# Knobs (environment):
#   XXGK            binary (default <repo>/build/xxgk)
#   N               reports in the normal set (default 500: at ~17 ms CPU per report
#                   the whole script then takes ~2-3 min on 2 cores; N=2000 ~8 min)
#   RUNS            timed runs per configuration, median reported (default 5, min 5)
#   LARGE_RUNS      timed runs per large-report size (default 3)
#   SEED            generator seed (default 20240601)
#   BENCH_INPUTS    input folder (default ${TMPDIR:-/tmp}/xxgk-bench-N$N-s$SEED)
#   BENCH_PER_TEMPLATE=1   also time each template's folder once at -j1
#   BENCH_NO_INSTALL=1     never apt-get install hyperfine / time
#   BENCH_NO_HYPERFINE=1   use the /usr/bin/time loop even when hyperfine is there
#   BENCH_RESULTS   where to write the Markdown (default bench/RESULTS.md)
#   GUMBO_WALK      the bare gumbo walker (default: bench/gumbo_walk beside $XXGK)
#   BENCH_NO_SIDEBYSIDE=1  skip the side by side with gumbo and pandas.read_html
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
XXGK=${XXGK:-$ROOT/build/xxgk}
N=${N:-500}
RUNS=${RUNS:-5}
[ "$RUNS" -ge 5 ] || RUNS=5
LARGE_RUNS=${LARGE_RUNS:-3}
SEED=${SEED:-20240601}
BENCH_INPUTS=${BENCH_INPUTS:-${TMPDIR:-/tmp}/xxgk-bench-N$N-s$SEED}
RESULTS=${BENCH_RESULTS:-$HERE/RESULTS.md}
PY=${PYTHON:-python3}

die() { echo "bench: $*" >&2; exit 2; }
log() { echo "bench: $*" >&2; }

case "$XXGK" in /*) ;; *) XXGK=$PWD/$XXGK ;; esac
[ -x "$XXGK" ] || die "no xxgk binary at $XXGK (build it, or set XXGK=path)"
command -v "$PY" >/dev/null || die "python3 is needed"

# ---------------------------------------------------------------- tools
apt_install() {   # apt_install PACKAGE: only when root, allowed, and Debian has it
  [ -z "${BENCH_NO_INSTALL:-}" ] || return 1
  [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null || return 1
  if ! apt-cache policy "$1" 2>/dev/null | grep -q 'Candidate: [0-9]'; then
    apt-get update -qq >/dev/null 2>&1 || true
    apt-cache policy "$1" 2>/dev/null | grep -q 'Candidate: [0-9]' || return 1
  fi
  log "installing $1 with apt-get"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$1" >/dev/null 2>&1
}
command -v hyperfine >/dev/null || apt_install hyperfine || log "hyperfine not available: using a repeated-run loop"
[ -x /usr/bin/time ] || apt_install time || log "/usr/bin/time not available: no peak RSS"
HAVE_HF=0; command -v hyperfine >/dev/null && [ -z "${BENCH_NO_HYPERFINE:-}" ] && HAVE_HF=1
HAVE_TIME=0; [ -x /usr/bin/time ] && HAVE_TIME=1

WORK=$(mktemp -d "${TMPDIR:-/tmp}/xxgk-bench-work.XXXXXX")
# Outputs go to $WORK/out.csv, never to /dev/null: xxgk writes every output
# atomically (a temporary file beside it, renamed over it), which, run as
# root, would replace the device /dev/null with a regular file.
trap 'rm -rf "$WORK"' EXIT

# ---------------------------------------------------------------- inputs
FP="$($PY "$HERE/make_inputs.py" x -n "$N" --seed "$SEED" --fingerprint)-$($PY "$HERE/make_inputs.py" x --large --seed "$SEED" --fingerprint)"
if [ "$(cat "$BENCH_INPUTS/.fingerprint" 2>/dev/null || true)" != "$FP" ]; then
  log "generating inputs into $BENCH_INPUTS (N=$N, seed $SEED)"
  rm -rf "$BENCH_INPUTS.tmp" && mkdir -p "$BENCH_INPUTS.tmp"
  $PY "$HERE/make_inputs.py" "$BENCH_INPUTS.tmp/normal" -n "$N" --seed "$SEED" \
      --manifest "$BENCH_INPUTS.tmp/normal.tsv"
  $PY "$HERE/make_inputs.py" "$BENCH_INPUTS.tmp/large" --large --seed "$SEED" \
      --manifest "$BENCH_INPUTS.tmp/large.tsv"
  echo "$FP" > "$BENCH_INPUTS.tmp/.fingerprint"
  rm -rf "$BENCH_INPUTS" && mv "$BENCH_INPUTS.tmp" "$BENCH_INPUTS"
else
  log "reusing inputs in $BENCH_INPUTS"
fi
NORMAL=$BENCH_INPUTS/normal
LARGE=$BENCH_INPUTS/large
bytes_of() { find "$1" -type f -printf '%s\n' | awk '{s+=$1} END {print s+0}'; }
count_of() { find "$1" -type f | wc -l; }
NBYTES=$(bytes_of "$NORMAL"); NFILES=$(count_of "$NORMAL")

# sanity: a sample of generated reports must read exactly like its template
VERIFY=ok
$PY "$HERE/make_inputs.py" "$WORK/verify" -n 60 --seed "$SEED" --verify "$XXGK" --verify-sample 0 \
    2>"$WORK/verify.log" || VERIFY=FAILED
grep '^verify' "$WORK/verify.log" | tail -n 5 >&2 || true

# ---------------------------------------------------------------- machine
NPROC=$(nproc)
CPU=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')
COMMIT=$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)
# sources that go into the binary, tracked or not (CMake globs lib/ and tools/)
DIRTY=""; [ -z "$(git -C "$ROOT" status --porcelain -- lib tools grammars CMakeLists.txt 2>/dev/null || true)" ] \
  || DIRTY=" (work tree modified)"
DATE=$(date -u '+%Y-%m-%d %H:%M UTC')
LOAD0=$(cut -d' ' -f1-3 /proc/loadavg)
log "binary $XXGK, commit $COMMIT$DIRTY, $NPROC cores, load $LOAD0"

# ---------------------------------------------------------------- determinism + peak RSS
# run_timed OUTFILE -- command...: /usr/bin/time -v into OUTFILE.time, rc into OUTFILE.rc
run_timed() {
  local out=$1; shift; shift
  local rc=0
  if [ $HAVE_TIME = 1 ]; then
    /usr/bin/time -v -o "$out.time" "$@" || rc=$?
  else
    "$@" || rc=$?
  fi
  echo $rc > "$out.rc"
}
rss_kb() { [ -f "$1.time" ] && awk -F': ' '/Maximum resident set size/ {print $2}' "$1.time" || echo ""; }

DET=identical
for j in 1 2; do
  log "dataset -j$j (CSV kept for the determinism check)"
  run_timed "$WORK/ds$j" -- "$XXGK" dataset "$NORMAL" -o "$WORK/ds$j.csv" -q -j$j
  log "parse --format jsonl -j$j"
  run_timed "$WORK/ps$j" -- sh -c '"$0" parse "$1" --format jsonl -q -j"$2" > "$3"' \
      "$XXGK" "$NORMAL" "$j" "$WORK/ps$j.jsonl"
done
RC1=$(cat "$WORK/ds1.rc"); RC2=$(cat "$WORK/ds2.rc")
PRC1=$(cat "$WORK/ps1.rc"); PRC2=$(cat "$WORK/ps2.rc")
PROBLEMS=()
[ "$RC1" = "$RC2" ] && [ "$PRC1" = "$PRC2" ] || PROBLEMS+=("exit codes differ (dataset $RC1/$RC2, parse $PRC1/$PRC2)")
cmp -s "$WORK/ds1.csv" "$WORK/ds2.csv" || PROBLEMS+=("dataset CSV differs")
cmp -s "$WORK/ps1.jsonl" "$WORK/ps2.jsonl" || PROBLEMS+=("parse jsonl differs")
CSV_ROWS=$(( $(cat "$WORK/ds1.csv" 2>/dev/null | wc -l) - 1 ))
JSONL_RECS=$(cat "$WORK/ps1.jsonl" 2>/dev/null | wc -l)
[ "$CSV_ROWS" -gt 0 ] && [ "$JSONL_RECS" -gt 0 ] || PROBLEMS+=("no output (dataset rc $RC1, parse rc $PRC1)")
if [ ${#PROBLEMS[@]} -gt 0 ]; then DET=$(IFS=';'; echo "DIFFERENT: ${PROBLEMS[*]}"); fi
RSS1=$(rss_kb "$WORK/ds1"); RSS2=$(rss_kb "$WORK/ds2")
log "determinism: $DET; exit codes dataset $RC1, parse $PRC1; CSV rows $CSV_ROWS, jsonl records $JSONL_RECS"

# ---------------------------------------------------------------- timing
# time_cmd NAME RUNS command... -> $WORK/NAME.stats: "median mean min max user sys" (seconds)
IGN=(); [ "$RC1" = 0 ] || IGN=(-i)   # exit 2 = some input unreadable: keep timing, noted below
time_cmd() {
  local name=$1 runs=$2; shift 2
  if [ $HAVE_HF = 1 ]; then
    hyperfine -N "${IGN[@]}" --style basic --warmup 0 --runs "$runs" \
      --export-json "$WORK/$name.json" -n "$name" "$*" >&2
    $PY - "$WORK/$name.json" > "$WORK/$name.stats" <<'EOF'
import json, sys, statistics
r = json.load(open(sys.argv[1]))["results"][0]
t = r["times"]
print(statistics.median(t), statistics.mean(t), min(t), max(t), r["user"], r["system"])
EOF
  else
    : > "$WORK/$name.raw"
    for _ in $(seq "$runs"); do
      if [ $HAVE_TIME = 1 ]; then
        /usr/bin/time -f '%e %U %S' -a -o "$WORK/$name.raw" "$@" || [ ${#IGN[@]} -gt 0 ]
      else
        local t0 t1; t0=$(date +%s.%N); "$@" || [ ${#IGN[@]} -gt 0 ]; t1=$(date +%s.%N)
        echo "$(echo "$t1 - $t0" | bc) 0 0" >> "$WORK/$name.raw"
      fi
    done
    $PY - "$WORK/$name.raw" > "$WORK/$name.stats" <<'EOF'
import sys, statistics
rows = [list(map(float, l.split()[:3])) for l in open(sys.argv[1]) if l.strip() and l[0].isdigit()]
t = [r[0] for r in rows]
print(statistics.median(t), statistics.mean(t), min(t), max(t),
      statistics.mean(r[1] for r in rows), statistics.mean(r[2] for r in rows))
EOF
  fi
  log "$name: $(cut -d' ' -f1 "$WORK/$name.stats") s median"
}

mkdir -p "$WORK/one" && cp "$(find "$NORMAL" -type f | sort | head -n 1)" "$WORK/one/"
time_cmd one "$RUNS" "$XXGK" dataset "$WORK/one" -o "$WORK/out.csv" -q -j1
time_cmd j1 "$RUNS" "$XXGK" dataset "$NORMAL" -o "$WORK/out.csv" -q -j1
time_cmd j2 "$RUNS" "$XXGK" dataset "$NORMAL" -o "$WORK/out.csv" -q -j2

LARGE_ROWS=()
for d in "$LARGE"/*/; do
  d=${d%/}; s=$(basename "$d")
  time_cmd "large-$s" "$LARGE_RUNS" "$XXGK" dataset "$d" -o "$WORK/out.csv" -q -j1
  run_timed "$WORK/large-$s-rss" -- "$XXGK" dataset "$d" -o "$WORK/out.csv" -q -j1
  LARGE_ROWS+=("$s $(count_of "$d") $(bytes_of "$d") $(rss_kb "$WORK/large-$s-rss")")
done

PER_TEMPLATE=()
if [ "${BENCH_PER_TEMPLATE:-0}" = 1 ]; then
  for d in "$NORMAL"/*/; do
    d=${d%/}; s=$(basename "$d")
    time_cmd "tpl-$s" 1 "$XXGK" dataset "$d" -o "$WORK/out.csv" -q -j1
    PER_TEMPLATE+=("$s $(count_of "$d") $(bytes_of "$d")")
  done
fi
LOAD1=$(cut -d' ' -f1-3 /proc/loadavg)

# ---------------------------------------------------------------- report
export WORK NFILES NBYTES RSS1 RSS2 DET RC1 PRC1 CSV_ROWS JSONL_RECS NPROC CPU COMMIT DIRTY DATE \
       LOAD0 LOAD1 N RUNS LARGE_RUNS SEED XXGK BENCH_INPUTS HAVE_HF VERIFY
LARGE_SPEC=$(printf '%s\n' "${LARGE_ROWS[@]}") PER_SPEC=$(printf '%s\n' "${PER_TEMPLATE[@]+"${PER_TEMPLATE[@]}"}") \
$PY - > "$WORK/RESULTS.md" <<'EOF'
import os
E = os.environ
W = E["WORK"]

def stats(name):
    med, mean, lo, hi, user, sys_ = map(float, open(os.path.join(W, name + ".stats")).read().split())
    return dict(med=med, mean=mean, lo=lo, hi=hi, cpu=user + sys_)

n, nb = int(E["NFILES"]), int(E["NBYTES"])
mb = nb / 1e6
j1, j2 = stats("j1"), stats("j2")
def rss(v):
    return "%.1f MB" % (int(v) / 1024) if v else "n/a"

out = []
out.append("# xxgk benchmark results\n")
out.append("| | |\n|---|---|")
out.append("| date | %s |" % E["DATE"])
out.append("| commit | `%s`%s |" % (E["COMMIT"], E["DIRTY"]))
out.append("| machine | %s cores, %s |" % (E["NPROC"], E["CPU"]))
out.append("| load average (start / end) | %s / %s |" % (E["LOAD0"], E["LOAD1"]))
out.append("| inputs | N=%d reports, %.2f MB, seed %s (`bench/make_inputs.py`) |" % (n, mb, E["SEED"]))
out.append("| runs | median of %s runs (%s); large reports: %s runs |" % (
    E["RUNS"], "hyperfine" if E["HAVE_HF"] == "1" else "loop", E["LARGE_RUNS"]))
out.append("")
out.append("## Throughput: `xxgk dataset DIR -o FILE -q`\n")
out.append("| jobs | median wall s | min–max s | reports/s | MB/s | CPU ms/report | peak RSS |")
out.append("|---|---|---|---|---|---|---|")
for name, s, r in (("-j1", j1, E["RSS1"]), ("-j2", j2, E["RSS2"])):
    out.append("| %s | %.2f | %.2f–%.2f | %.1f | %.2f | %.1f | %s |" % (
        name, s["med"], s["lo"], s["hi"], n / s["med"], mb / s["med"], 1000 * s["cpu"] / n, rss(r)))
out.append("\nSpeed-up j2/j1 (reports/s): **%.2f×** (ideal 2.00× on 2 idle cores)." % (j1["med"] / j2["med"]))
one = stats("one")
out.append("Process start-up + one small report: %.0f ms (median); -j1 cost per report without it: %.1f ms." % (
    1000 * one["med"], 1000 * (j1["med"] - one["med"]) / max(1, n - 1)))
out.append("")
out.append("## Determinism (-j1 vs -j2, `cmp`)\n")
out.append("- dataset CSV (%s rows) and `parse --format jsonl` (%s records): **%s**" % (
    E["CSV_ROWS"], E["JSONL_RECS"], E["DET"]))
out.append("- exit status: dataset %s, parse %s%s" % (E["RC1"], E["PRC1"],
           "" if E["RC1"] == "0" else " (2 = some input could not be read as a report)"))
out.append("- generated inputs read like their templates (60-report check): %s" % E["VERIFY"])
out.append("")
out.append("## Scaling: very long reports (prose repeated), -j1\n")
out.append("| set | files | MB | median wall s | s/MB | s/MB net of start-up | CPU s/MB | vs normal (net) | peak RSS |")
out.append("|---|---|---|---|---|---|---|---|---|")
one = stats("one")
base = (j1["med"] - one["med"]) / mb
out.append("| normal (N=%d) | %d | %.2f | %.2f | %.3f | %.3f | %.3f | 1.00 | %s |" % (
    n, n, mb, j1["med"], j1["med"] / mb, base, j1["cpu"] / mb, rss(E["RSS1"])))
rows = []
for line in E.get("LARGE_SPEC", "").splitlines():
    if not line.strip():
        continue
    p = line.split()
    size, cnt, b = p[0], int(p[1]), int(p[2])
    r = p[3] if len(p) > 3 else ""
    s = stats("large-" + size)
    spm = (s["med"] - one["med"]) / (b / 1e6)
    rows.append((size, spm))
    out.append("| %s MiB per file | %d | %.2f | %.2f | %.3f | %.3f | %.3f | %.2f | %s |" % (
        size.replace("p", ".").rstrip("M"), cnt, b / 1e6, s["med"], s["med"] / (b / 1e6), spm,
        s["cpu"] / (b / 1e6), spm / base, rss(r)))
if len(rows) >= 2:
    out.append("\nTime per MB (net of start-up), largest vs smallest long-report set: **%.2f×** "
               "(1.0 = linear; below 1 = the fixed per-report cost is being amortized; "
               "well above 1 = super-linear)." % (rows[-1][1] / rows[0][1]))
per = [l.split() for l in E.get("PER_SPEC", "").splitlines() if l.strip()]
if per:
    out.append("")
    out.append("## Per template (one run each, -j1)\n")
    out.append("| template | reports | MB | wall s | reports/s | CPU ms/report |")
    out.append("|---|---|---|---|---|---|")
    for t, cnt, b in per:
        s = stats("tpl-" + t)
        out.append("| %s | %s | %.2f | %.2f | %.1f | %.1f |" % (
            t, cnt, int(b) / 1e6, s["med"], int(cnt) / s["med"], 1000 * s["cpu"] / int(cnt)))
try:
    la = float(E["LOAD0"].split()[0])
    if la > 0.5 * int(E["NPROC"]):
        out.append("\n> Note: the machine was busy (load average %s at start on %s cores): wall times "
                   "and the j2/j1 ratio are pessimistic; CPU ms/report is the steadier figure." % (
                       E["LOAD0"].split()[0], E["NPROC"]))
except ValueError:
    pass
print("\n".join(out))
EOF

# Instruction counts (repeatable on a busy machine), when valgrind is there.
if command -v valgrind >/dev/null && [ -z "${BENCH_NO_CALLGRIND:-}" ]; then
  log "instruction counts (bench/callgrind.sh)"
  { echo
    echo "## Instruction counts (callgrind: \`bash bench/callgrind.sh\`, -j1, 12 reports a kind)"
    echo
    bash "$HERE/callgrind.sh" "$XXGK"
  } >> "$WORK/RESULTS.md" || log "callgrind.sh failed: no instruction counts"
fi
# Side by side with a bare gumbo parse and pandas.read_html on the HTML of
# the same generator and seed (bench/sidebyside.sh; needs valgrind and the
# gumbo_walk program of bench/CMakeLists.txt; pandas is installed or skipped).
GUMBO_WALK=${GUMBO_WALK:-$(dirname "$XXGK")/bench/gumbo_walk}
if [ -z "${BENCH_NO_SIDEBYSIDE:-}" ]; then
  if [ -x "$GUMBO_WALK" ] && command -v valgrind >/dev/null; then
    log "side by side with gumbo and pandas (bench/sidebyside.sh)"
    { echo; XXGK="$XXGK" GUMBO_WALK="$GUMBO_WALK" SEED="$SEED" bash "$HERE/sidebyside.sh"; } >> "$WORK/RESULTS.md" \
      || log "sidebyside.sh failed: no side-by-side figures"
  else
    log "no $GUMBO_WALK (cmake --build BUILD --target gumbo_walk) or no valgrind: side by side skipped"
  fi
fi
# Notes written by hand below this marker survive a rerun.
MARK='<!-- kept by bench/run.sh -->'
if [ -f "$RESULTS" ] && grep -qF "$MARK" "$RESULTS"; then
  { echo; awk -v m="$MARK" 'index($0, m) == 1 { keep = 1 } keep' "$RESULTS"; } >> "$WORK/RESULTS.md"
fi
cp "$WORK/RESULTS.md" "$RESULTS"
cat "$WORK/RESULTS.md"
log "written to $RESULTS"
if [ "$DET" != identical ]; then
  log "FAIL: output differs between -j1 and -j2: $DET"
  cp "$WORK/ds1.csv" "$WORK/ds2.csv" "$WORK/ps1.jsonl" "$WORK/ps2.jsonl" "${TMPDIR:-/tmp}/" 2>/dev/null || true
  exit 1
fi
