#!/usr/bin/env bash
# The unit tests without ../shared: every case that needs it must fail with a
# message naming the missing data, and the binary must exit 1 (a failure),
# not die of a signal (exit > 128).
set -u
TESTS=$1
out=$(mktemp)
trap 'rm -f "$out"' EXIT
XXGK_SHARED=/nonexistent/shared "$TESTS" --no-colors >"$out" 2>&1
code=$?
if [ "$code" -gt 128 ]; then
  echo "FAIL: the unit tests died of signal $((code - 128)) without ../shared"; tail -20 "$out"; exit 1
fi
if [ "$code" -ne 1 ]; then
  echo "FAIL: the unit tests exited $code without ../shared (wanted 1: failed)"; tail -20 "$out"; exit 1
fi
if ! grep -q "cannot read test data /nonexistent/shared" "$out"; then
  echo "FAIL: no message names the missing ../shared"; tail -20 "$out"; exit 1
fi
echo "ok: $(grep -c 'cannot read test data' "$out") failure(s) name the missing data; exit $code"
