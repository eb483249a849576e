#!/usr/bin/env bash
# Runs one case of the regression set: tests/bad/run.sh tests/bad/NAME.case
#
# A case is a bash file that defines, in a fresh scratch folder:
#   setup()        optional: makes the inputs (helpers below: $SEED, $CORPUS)
#   run()          the command, with "$XXGK"; its stdout/stderr go to $OUT/$ERR
#                  (outside the scratch folder, so a walk of "." misses them)
#   expect_exit=N  the exit status wanted (never a signal: > 128 fails)
#   expect_code=C  optional: "[C]" must appear on stderr
#   verify()       optional: more checks after the run (0: fine)
# A case may call `skip "why"` in setup (e.g. root cannot test permissions).
set -u
CASE=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
XXGK=${XXGK:-$ROOT/build/xxgk}
SHARED=${XXGK_SHARED:-$ROOT/../shared}
SEED=$SHARED/corpus/seed/000_3b10d53d6ce3f43f.txt
CORPUS=$ROOT/corpus/reports
GRAMMARS=$ROOT/grammars
T=$(mktemp -d)
trap 'chmod -R u+rwx "$T" 2>/dev/null; rm -rf "$T"' EXIT
OUT=$T/stdout ERR=$T/stderr
mkdir "$T/w" && cd "$T/w" || exit 1
[ -f "$SEED" ] || { echo "FAIL: the seed report $SEED is missing (../shared beside the checkout)"; exit 1; }

skip() { echo "SKIP: $*"; exit 0; }
fail() { echo "FAIL: $(basename "$CASE" .case): $*"; echo "--- stderr:"; head -c 3000 "$ERR"; exit 1; }
# As an unprivileged user (root reads every folder): as_nobody CMD...
as_nobody() { setpriv --reuid=nobody --regid=nogroup --clear-groups "$@"; }
# ... and that user can run xxgk and read its grammars (a private checkout may not allow it).
can_drop_privileges() {
  command -v setpriv >/dev/null && as_nobody test -x "$XXGK" 2>/dev/null && as_nobody test -r "$GRAMMARS/common.xml" &&
    as_nobody test -r "$SEED"
}
# Disk full, for real: a file-size limit makes write(2) fail with EFBIG.
with_file_limit() { local kb=$1; shift; (trap '' XFSZ; ulimit -f "$kb"; "$@"); }
valid_utf8() { python3 -c 'import sys; open(sys.argv[1], "rb").read().decode("utf-8")' "$1"; }

expect_code=""
verify() { :; }
setup() { :; }
# shellcheck source=/dev/null
source "$CASE"
setup
run >"$OUT" 2>"$ERR"
got=$?
[ "$got" -gt 128 ] && [ "$got" -ne "${expect_exit}" ] && fail "died of signal $((got - 128))"
[ "$got" -eq "$expect_exit" ] || fail "exit $got, wanted $expect_exit"
if [ -n "$expect_code" ]; then grep -qF "[$expect_code]" "$ERR" || fail "no [$expect_code] on stderr"; fi
verify || fail "verify failed"
echo "ok: $(basename "$CASE" .case)"
