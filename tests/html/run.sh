#!/usr/bin/env bash
# The audit page in a real browser: `xxgk audit --html` on the real reports of
# ../shared/corpus, opened in headless Chromium. The page must render with no
# console error (its inline script, which counts the highlighted cells into
# <body>, must have run), and the cells it highlights for 007-2020 must be
# exactly the cells of that report's findings, with the suspects marked.
# Skips (exit 77) when Chromium is not installed: apt-get install chromium.
set -uo pipefail
XXGK=${XXGK:?set XXGK to the xxgk binary}
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
REAL="$ROOT/../shared/corpus/real"
BROWSER=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$BROWSER" ]; then
  echo "SKIP: chromium is not installed (apt-get install chromium); the HTML page was not checked in a browser"
  exit 77
fi
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
pass=0 fail=0
check() {
  local what=$1; shift
  if "$@"; then pass=$((pass + 1)); echo "ok: $what"; else fail=$((fail + 1)); echo "FAIL: $what"; fi
}

"$XXGK" audit -q "$REAL" --html "$T/page.html" > /dev/null
check "audit --html writes the page" test -s "$T/page.html"
check "  ... self-contained: no external resource" bash -c "! grep -Eq '(src|href)=\"(https?:)?//' '$T/page.html'"

# A fresh profile, no network, console messages on stderr.
timeout 120 "$BROWSER" --headless --no-sandbox --disable-gpu --no-first-run --user-data-dir="$T/profile" \
  --enable-logging=stderr --v=0 --dump-dom "file://$T/page.html" > "$T/dom.html" 2> "$T/console.log"
check "chromium renders the page" grep -q '</body>' "$T/dom.html"
check "  ... with no console error" bash -c "! grep -E 'CONSOLE|Uncaught' '$T/console.log' | grep -Eqi 'error|uncaught'"
check "  ... and its script ran (counts in <body>)" grep -Eq '<body data-involved="[0-9]+" data-suspects="[0-9]+"' "$T/dom.html"

# The section of 007-2020 in the rendered DOM.
# One section a line, whatever the page's own line breaks.
tr '\n' ' ' < "$T/dom.html" | sed 's/<section /\n<section /g; s/<\/section>/<\/section>\n/g' |
  grep '^<section class="report" data-file="[^"]*007-2020-pingtan.txt"' > "$T/007.html"
check "007-2020 has a section" test -s "$T/007.html"
check "  ... showing its broken results total" grep -q 'data-rule="t3.results_total" data-scope="natural"' "$T/007.html"
grep -o '<td [^>]*>' "$T/007.html" | grep 'class="involved' | sed 's/.*data-key="\([^"]*\)".*/\1/' | sort -u > "$T/highlighted"
"$XXGK" audit -q --format jsonl "$REAL/007-2020-pingtan.txt" | grep '"rule"' | grep -o '"cells":\[[^]]*\]' |
  sed 's/"cells":\[//; s/\]//' | tr ',' '\n' | tr -d '"' | grep -v '^previous:' | sort -u > "$T/expected"
check "  ... highlighting exactly the cells of its findings ($(wc -l < "$T/expected") cells)" \
  bash -c "test -s '$T/expected' && cmp -s '$T/highlighted' '$T/expected'"
check "  ... t3.total_processed.natural among them" grep -qx 't3.total_processed.natural' "$T/highlighted"
grep -o '<td [^>]*>' "$T/007.html" | grep 'suspect"' | sed 's/.*data-key="\([^"]*\)".*/\1/' | sort -u > "$T/suspects"
check "  ... marking the diagnosis's suspects" \
  bash -c "printf '%s\n' t3.granted.natural t3.granted.total t3.partial.natural t3.partial.total | cmp -s - '$T/suspects'"
check "  ... each with printed and expected value" \
  bash -c "grep -o '<td [^>]*suspect\"[^>]*>' '$T/007.html' | grep -c 'data-printed=\"[0-9]*\" data-expected=\"[0-9]*\"' | grep -qx 4"
check "  ... and cells carry their source offsets" grep -q 'data-key="t3.total_processed.natural" data-status="[a-z]*" data-offset="[0-9]*"' "$T/007.html"
# A clean report has no section of its own.
check "a report without findings has no section" bash -c "! grep -q 'data-file=\"[^\"]*009-2021' '$T/dom.html'"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
