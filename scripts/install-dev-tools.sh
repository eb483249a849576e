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
source "$(dirname "$0")/apt-missing.sh"
install_missing "${packages[@]}"
# The runtimes of the clang just installed.
if [ "$XXGK_INSTALLED" = 1 ]; then exec bash "$0"; fi
