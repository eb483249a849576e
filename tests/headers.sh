#!/usr/bin/env bash
# The public API is one header. lib/include/xxgk/xxgk.h includes standard
# headers only (it is installed alone), and the CLI (tools/) and the Python
# module (python/) include it and nothing else of the library: besides it,
# only their own headers (beside them) and those of the standard library,
# the system, Boost and pybind11. An internal header is one of lib/'s: named
# from lib/ ("grammar/grammar.h"), by a path through lib/, or, quoted, by the
# name of a stage's header ("pipeline.h").
set -u
ROOT=${1:-$(cd "$(dirname "$0")/.." && pwd)}
fail=0
internal=$(cd "$ROOT/lib" && find . -name '*.h' ! -path './include/*' | sed 's|^\./||')
internal_names=$(for h in $internal; do basename "$h"; done)
included() {  # the #include lines of a file, as "<name>" or "\"name\""
  sed -nE 's/^[[:space:]]*#[[:space:]]*include[[:space:]]*([<"][^>"]*[>"]).*/\1/p' "$1"
}
while IFS= read -r f; do
  for inc in $(included "$ROOT/$f"); do
    name=${inc:1:${#inc}-2}
    [ "$name" = xxgk/xxgk.h ] && continue
    own=no  # a header beside the file (tools/batch.h), not one reached through ..
    [ "${inc:0:1}" = '"' ] && [[ $name != */* ]] && [ -f "$ROOT/$(dirname "$f")/$name" ] && own=yes
    if [ -f "$ROOT/lib/$name" ] || [[ $name == *lib/* || $name == xxgk/* || $name == *..* ]] ||
       { [ $own = no ] && [ "${inc:0:1}" = '"' ] && grep -qxF "$(basename "$name")" <<<"$internal_names"; }; then
      echo "FAIL: $f includes $inc, an internal header (only <xxgk/xxgk.h> is public)"
      fail=1
    fi
  done
done < <(cd "$ROOT" && find tools python \( -name '*.cc' -o -name '*.h' \) | sort)
for inc in $(included "$ROOT/lib/include/xxgk/xxgk.h"); do
  [[ $inc =~ ^\<[a-z_]+\>$ ]] || { echo "FAIL: xxgk/xxgk.h includes $inc: it may include standard headers only"; fail=1; }
done
extra=$(ls "$ROOT/lib/include/xxgk" | grep -vx xxgk.h)
[ -z "$extra" ] || { echo "FAIL: lib/include/xxgk holds more than xxgk.h: $extra"; fail=1; }
[ $fail -eq 0 ] && echo "ok: tools/ and python/ include only <xxgk/xxgk.h> of the library, which includes standard headers only"
exit $fail
