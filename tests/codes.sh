#!/usr/bin/env bash
# Every diagnostic code spelt as a literal anywhere in lib/, tools/ or python/
# (where a code is set: diagnose(), refused(), error_diagnostic(), simple(),
# `code = ...`) is in the one list, XXGK_DIAGNOSTIC_CODES of the public header
# lib/include/xxgk/xxgk.h, which the README documents (a unit test checks
# that side).
set -u
ROOT=${1:-$(cd "$(dirname "$0")/.." && pwd)}
list=$(grep -o 'X([a-z_0-9]*, "[a-z_0-9.]*"' "$ROOT/lib/include/xxgk/xxgk.h" | sed 's/.*"\(.*\)"/\1/')
used=$(grep -rhoE '(diagnose|refused|error_diagnostic|simple|failure|fail)\("[a-z_0-9]+\.[a-z_0-9]+"|code = "[a-z_0-9]+\.[a-z_0-9]+"' \
  "$ROOT/lib" "$ROOT/tools" "$ROOT/python" | grep -oE '"[a-z_0-9]+\.[a-z_0-9]+"' | tr -d '"' | sort -u)
missing=0
for c in $used; do
  grep -qxF "$c" <<<"$list" || { echo "FAIL: code '$c' is used in lib/, tools/ or python/ but not listed in xxgk/xxgk.h"; missing=1; }
done
[ $missing -eq 0 ] && echo "ok: $(wc -w <<<"$used") literal code(s), all in xxgk/xxgk.h"
exit $missing
