#!/usr/bin/env bash
# End-to-end tests of the xxgk command line: exit codes, bad inputs, batch
# behaviour, determinism. Run by ctest (XXGK is the binary); prints
# "N passed, M failed" as its last line.
set -u
XXGK=${XXGK:-build/xxgk}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
SHARED=${XXGK_SHARED:-$ROOT/../shared/corpus}
SEED=$SHARED/seed/000_3b10d53d6ce3f43f.txt
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
passed=0 failed=0

check() {  # check NAME CONDITION-COMMAND...
  local name=$1; shift
  if "$@" >/dev/null 2>&1; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "FAIL: $name"; fi
}
exit_is() {  # exit_is CODE COMMAND...
  local want=$1; shift
  "$@" >"$T/out" 2>"$T/err"; local got=$?
  [ "$got" -eq "$want" ] || { echo "  exit $got, wanted $want: $*" >&2; return 1; }
}

# Usage and help.
check "help exits 0 and teaches the commands" bash -c "'$XXGK' --help | grep -q 'xxgk dataset'"
check "no arguments is bad usage (2)" exit_is 2 "$XXGK"
check "unknown command is bad usage (2)" exit_is 2 "$XXGK" frobnicate
check "unknown option is bad usage (2)" exit_is 2 "$XXGK" parse --no-such-option "$SEED"
check "parse --help exits 0" exit_is 0 "$XXGK" parse --help
check "help documents --keep-partial and atomic outputs" bash -c "'$XXGK' --help | grep -q -- '--keep-partial' && '$XXGK' --help | grep -q 'renamed'"
check "dataset --help lists --keep-partial" bash -c "'$XXGK' dataset --help | grep -q -- '--keep-partial'"
check "--help to a full disk is a failure" exit_is 2 bash -c "'$XXGK' --help > /dev/full"
check "missing input file is reported (2)" exit_is 2 "$XXGK" parse "$T/does-not-exist.txt"
check "  ... and named on stderr" grep -q "does-not-exist.txt: error" "$T/err"

# The seed: parses, audits clean.
check "parse seed exits 0" exit_is 0 "$XXGK" parse "$SEED"
check "  ... record says gov-2019 and the agency" bash -c "grep -q '\"template\": \"gov-2019\"' '$T/out' && grep -q '鹤岗市南山区人民政府' '$T/out'"
check "audit seed: no findings, exit 0" exit_is 0 "$XXGK" audit -q "$SEED"
check "  ... prints nothing" test ! -s "$T/out"

# A broken sum: audit exits 1 and points at the cell.
sed '0,/（一）予以公开/!b' "$SEED" > /dev/null
awk 'done==0 && prev ~ /（一）予以公开/ && $0 ~ /^\t0$/ {print "\t3"; done=1; prev=$0; next} {print; prev=$0}' "$SEED" > "$T/seed-broken.txt"
check "audit of a broken sum exits 1" exit_is 1 "$XXGK" audit "$T/seed-broken.txt"
check "  ... names the rule and the changed cell" bash -c "grep -q 't3.row_total \[granted\]' '$T/out' && grep -q 't3.granted.natural' '$T/out'"
check "audit --format jsonl gives one JSON line per finding" bash -c "'$XXGK' audit --format jsonl '$T/seed-broken.txt' | grep -c '\"rule\"' | grep -qx 2"
check "audit --fail-on error still exits 1 on errors" exit_is 1 "$XXGK" audit -q --fail-on error "$T/seed-broken.txt"

# Cross-report rules: the same agency's next year claims carried-over
# applications the seed year did not carry forward.
mkdir -p "$T/years"
cp "$SEED" "$T/years/2020.txt"
# The later year is signed with the short name: the same agency_key all the same.
sed 's/南山区2020年政府信息公开/南山区2021年政府信息公开/; s/^ *鹤岗市南山区人民政府$/南山区人民政府/' "$SEED" |
  awk 'prev ~ /二、上年结转/ && n < 1 && $0 ~ /^\t0$/ {print "\t2"; n++; prev=$0; next} {print; prev=$0}' > "$T/years/2021.txt"
check "cross.carry_over fires across consecutive years" bash -c "'$XXGK' audit -q '$T/years' | grep -q 'cross.carry_over \[natural\] 2 ≠ 0'"
check "  ... and names the previous report" bash -c "'$XXGK' audit -q '$T/years' | grep -q 'previous: .*2020.txt (2020)'"
check "  ... with the agency in its two forms" bash -c "'$XXGK' audit -q '$T/years' | grep -q 'agency printed 南山区人民政府 here, 鹤岗市南山区人民政府 there'"
check "  ... and the record says which report was linked, and why" \
  bash -c "'$XXGK' parse -q '$T/years' --format jsonl | grep '2021.txt' | grep -q '\"previous\":{\"file\":\"[^\"]*2020.txt\".*\"why\":\"same agency_key 鹤岗市南山区人民政府'"
check "audit names the suspect cell in one line" bash -c "'$XXGK' audit -q '$T/seed-broken.txt' | grep -q 'diagnosis: .*/自然人 printed 3; 0 would make t3.row_total\[granted\], t3.results_total\[natural\] hold'"
check "parse -f xml carries the diagnosis, the suspects and the indicators" \
  bash -c "'$XXGK' parse -f xml '$T/seed-broken.txt' > '$T/rec.xml'; grep -q '<record schema=\"xxgk/2\"' '$T/rec.xml' && grep -q '<diagnosis verdict=\"single\">' '$T/rec.xml' && grep -q '<suspect cell=\"t3.granted.natural\"' '$T/rec.xml' && grep -q '<metric id=\"m.requests\" unit=\"count\" value=\"0\"' '$T/rec.xml'"
check "parse writes schema xxgk/2 with agency_key and metrics" \
  bash -c "'$XXGK' parse '$SEED' | grep -q '\"schema\": \"xxgk/2\"' && '$XXGK' parse '$SEED' | grep -q '\"agency_key\": \"鹤岗市南山区人民政府\"' && '$XXGK' parse '$SEED' | grep -q '\"m.requests\": 0'"

# Two years of one agency in the dataset: agency_key, the year-on-year
# indicators against the linked report, and a copied table.
mkdir -p "$T/eco"
cp "$ROOT/corpus/reports/gov2021-tab-rows.txt" "$T/eco/2022.txt"
sed 's/2023/2024/g; s/2022/2023/g' "$ROOT/corpus/reports/gov2021-tab-rows.txt" > "$T/eco/2023.txt"
"$XXGK" dataset -q "$T/eco" -o "$T/eco.csv"
yoy_col=$(head -1 "$T/eco.csv" | tr ',' '\n' | grep -nx 'm.yoy.requests' | cut -d: -f1)
key_col=$(head -1 "$T/eco.csv" | tr ',' '\n' | grep -nx 'agency_key' | cut -d: -f1)
check "dataset: m.yoy.requests against the previous year (0: same table), empty without one" \
  bash -c "test \"\$(sed -n 2p '$T/eco.csv' | cut -d, -f$yoy_col)\" = '' && test \"\$(sed -n 3p '$T/eco.csv' | cut -d, -f$yoy_col)\" = 0"
check "  ... and agency_key in every row" bash -c "test \"\$(cut -d, -f$key_col '$T/eco.csv' | sort -u | tr '\n' ' ')\" = 'agency_key 云栖市生态环境局 '"
check "  ... audit: the copied table names both files" \
  bash -c "'$XXGK' audit -q '$T/eco' | grep 'cross.copied_table (t3)' | grep -q 'eco/2022.txt (2022)'"

# Bad inputs in one batch: each named with a line and a code, the rest processed.
: > "$T/empty.txt"
head -c 3000 /dev/urandom > "$T/binary.bin"; printf '\0\0\0' >> "$T/binary.bin"
awk '/（四）无法提供/ {exit} {print}' "$SEED" > "$T/truncated.txt"
printf '今天天气很好，我们去公园散步。\n明天再说。\n' > "$T/not-a-report.txt"
"$XXGK" parse -f jsonl "$T/empty.txt" "$T/binary.bin" "$SEED" "$T/truncated.txt" "$T/not-a-report.txt" >"$T/batch.out" 2>"$T/batch.err"
code=$?
check "a batch with bad inputs exits 2" test "$code" -eq 2
check "  ... empty file named with its code" grep -q "empty.txt.*input.empty" "$T/batch.err"
check "  ... binary file named with its code" grep -q "binary.bin.*input.binary" "$T/batch.err"
check "  ... non-report named with its code" grep -q "not-a-report.txt:1:1: error.*input.not_a_report" "$T/batch.err"
check "  ... truncated report says cells are missing, with a line" grep -Eq "truncated.txt:[0-9]+:[0-9]+: warning: .*cells not found" "$T/batch.err"
check "  ... every input still has a record on stdout" test "$(wc -l < "$T/batch.out")" -eq 5
check "  ... the truncated report keeps what it holds" grep -q '"t3.granted.natural":{"value":0' "$T/batch.out"

# Dataset over the bundled corpus.
check "dataset on corpus/ exits 0" exit_is 0 "$XXGK" dataset -q "$ROOT/corpus/reports" -o "$T/ds.csv"
samples=$(find "$ROOT/corpus/reports" -maxdepth 1 -type f ! -name README.md ! -name '*.py' | wc -l)
check "  ... one row per sample report plus the header" test "$(wc -l < "$T/ds.csv")" -eq $((samples + 1))
check "  ... header: file,template,agency,year, the keys, the counts, agency_key, the indicators, the diagnosis" \
  bash -c "head -1 '$T/ds.csv' | grep -q '^file,template,agency,year,t2.regulations.new_made,.*,n_findings,n_recovered,n_ambiguous,agency_key,m.requests,.*,m.yoy.disputes,diagnosis$'"

check "dataset -o x.sqlite writes a SQLite database" bash -c "'$XXGK' dataset -q '$ROOT/corpus/reports' -o '$T/ds.sqlite' && head -c 15 '$T/ds.sqlite' | grep -q 'SQLite format 3'"

# Determinism: same bytes whatever the thread count.
"$XXGK" dataset -q -j 1 "$ROOT/corpus/reports" "$SHARED" -o "$T/j1.csv" 2>/dev/null
"$XXGK" dataset -q -j 2 "$ROOT/corpus/reports" "$SHARED" -o "$T/j2.csv" 2>/dev/null
check "dataset is byte-identical at -j1 and -j2" cmp "$T/j1.csv" "$T/j2.csv"
"$XXGK" dataset -q -j 1 "$ROOT/corpus/reports" "$SHARED" -o "$T/j1.sqlite" 2>/dev/null
"$XXGK" dataset -q -j 2 "$ROOT/corpus/reports" "$SHARED" -o "$T/j2.sqlite" 2>/dev/null
check "the SQLite database is byte-identical at -j1 and -j2" cmp "$T/j1.sqlite" "$T/j2.sqlite"
"$XXGK" parse -q -f jsonl -j 1 "$ROOT/corpus/reports" > "$T/p1.jsonl" 2>/dev/null
"$XXGK" parse -q -f jsonl -j 2 "$ROOT/corpus/reports" > "$T/p2.jsonl" 2>/dev/null
check "records are byte-identical at -j1 and -j2" cmp "$T/p1.jsonl" "$T/p2.jsonl"

# The shared corpus: every file is a row or a clear error line.
"$XXGK" dataset -q "$SHARED" -o "$T/shared.csv" 2>"$T/shared.err"
files=$(find "$SHARED" -type f ! -name '.*' | wc -l)
rows=$(($(wc -l < "$T/shared.csv") - 1))
errors=$(grep -c ': error: ' "$T/shared.err")
check "shared corpus: every file is a row or an error line ($rows rows + $errors errors = $files files)" test $((rows + errors)) -eq "$files"

# Output forms.
check "parse -o DIR writes one record per input" bash -c "'$XXGK' parse -q '$ROOT/corpus/reports' -o '$T/recs/' && test \$(ls '$T/recs' | wc -l) -eq $samples"
check "parse --format xml is one XML document" bash -c "'$XXGK' parse -q -f xml '$SEED' '$ROOT/corpus/reports/gov2021-tab-rows.txt' | tail -1 | grep -q '</records>'"

# A malformed grammar is reported with its file and line.
mkdir -p "$T/g" && cp "$ROOT"/grammars/*.xml "$T/g/"
sed -i 's|<row id="partial"|<row id="partial" columns="natural nosuch"|' "$T/g/gov-2021.xml"
check "malformed grammar exits 2" exit_is 2 "$XXGK" parse --grammars "$T/g" "$SEED"
check "  ... naming file and line" grep -Eq "gov-2021.xml:[0-9]+: error: row 'partial' names unknown column 'nosuch' \[grammar.invalid\]" "$T/err"

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
