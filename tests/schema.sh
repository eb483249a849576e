#!/usr/bin/env bash
# The grammar format's schema (grammars/grammar.rng): the real grammars are
# valid against it, a typo is not, and it names the same elements as the
# loader's table in lib/grammar/grammar.cc.
set -u
ROOT=${1:-$(cd "$(dirname "$0")/.." && pwd)}
RNG=$ROOT/grammars/grammar.rng
command -v xmllint >/dev/null || { echo "FAIL: xmllint missing (scripts/install-deps.sh installs libxml2-utils)"; exit 1; }
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
failed=0
fail() { echo "FAIL: $*"; failed=1; }

xmllint --noout --relaxng "$RNG" "$ROOT"/grammars/*.xml 2>"$T/err" || { cat "$T/err"; fail "a grammar is not valid against grammar.rng"; }

sed 's|<alias>|<alais>|; s|</alias>|</alais>|' "$ROOT/grammars/gov-2021.xml" > "$T/alais.xml"
xmllint --noout --relaxng "$RNG" "$T/alais.xml" 2>/dev/null && fail "the schema accepts <alais>"
sed '0,/columns="/s//colums="/' "$ROOT/grammars/gov-2021.xml" > "$T/colums.xml"
xmllint --noout --relaxng "$RNG" "$T/colums.xml" 2>/dev/null && fail "the schema accepts colums="
sed 's|version="1"|version="99"|' "$ROOT/grammars/gov-2021.xml" > "$T/v99.xml"
xmllint --noout --relaxng "$RNG" "$T/v99.xml" 2>/dev/null && fail "the schema accepts version=\"99\""

# Element names: the schema's and the loader's table must be the same set.
grep -o '<element name="[^"]*"' "$RNG" | sed 's/.*name="//; s/"//' | sort -u > "$T/rng"
sed -n '/^constexpr ElementSpec k[A-Za-z]*Elements\[\] = {/,/^};/p' "$ROOT/lib/grammar/grammar.cc" |
  grep -o '{"[^"]*", "[^"]*"' | sed 's/.*, "//; s/"//' | sort -u > "$T/loader"
diff "$T/rng" "$T/loader" >"$T/diff" || { cat "$T/diff"; fail "grammar.rng and grammar.cc name different elements (< schema, > loader)"; }
[ -s "$T/loader" ] || fail "no element table found in grammar.cc"

[ $failed -eq 0 ] && echo "ok: grammars valid, typos refused, schema and loader agree"
exit $failed
