#!/usr/bin/env bash
# Developer and CI tools beyond what `make test` needs: clang with libFuzzer
# and the sanitizer runtimes (scripts/sanitize.sh, scripts/clang-build.sh,
# fuzz/run.sh). Safe to run again: apt-get only runs when something is absent.
set -euo pipefail
packages=(clang lld)
# The runtimes (libFuzzer, ASan, UBSan) of the installed clang version.
if command -v clang >/dev/null; then
  v=$(clang --version | sed -n 's/.*clang version \([0-9]*\).*/\1/p' | head -1)
  [ -n "$v" ] && packages+=("libclang-rt-$v-dev")
fi
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
echo "xxgk: installing ${missing[*]}" >&2
sudo=""
[ "$(id -u)" -ne 0 ] && sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
# The runtimes of the clang just installed.
exec bash "$0"
