#!/usr/bin/env bash
# Installs the Debian packages xxgk needs to build and test, if any is missing.
# Safe to run again: it only calls apt-get when something is absent. Needs only
# bash and apt-get (a bare Debian 12, as root or with sudo): it installs make,
# the compiler and CMake too, so it is the first command of the README.
set -euo pipefail

packages=(
  g++ cmake ninja-build pkg-config make
  libicu-dev          # decoding (GB18030, UTF-16, Big5), charset detection, NFKC
  libpugixml-dev      # grammars, DOCX XML, XML records
  libre2-dev          # patterns in grammars (linear time, no backtracking blow-ups)
  libboost-program-options-dev  # the CLI
  doctest-dev         # unit tests
  libgumbo-dev        # HTML5 parsing of saved web pages
  zlib1g-dev          # DOCX containers (inflate; the zip itself is read by lib/readers/docx_archive.cc)
  libzip-dev          # tests: DOCX fixtures written by another zip implementation than the reader's
  libpoppler-cpp-dev  # PDF text layer
  libsqlite3-dev      # dataset as a SQLite database
  libcairo2-dev       # tests: typeset a real Chinese PDF to read back
  fonts-wqy-microhei  # tests: the CJK font that PDF embeds
  libxml2-utils       # tests: xmllint validates the grammars against grammars/grammar.rng
  python3             # tests: tests/bad generators and checks (sqlite3, json, zipfile)
  python3-dev pybind11-dev  # the Python module (import xxgk), built for /usr/bin/python3
  python3-pytest      # tests of the Python module
  python3-pandas      # xxgk.dataset() returns a DataFrame
)
# The browser test of the audit page (tests/html) skips without Chromium, so
# Chromium is installed only when asked: XXGK_WITH_CHROMIUM=1 (CI sets it).
if [ "${XXGK_WITH_CHROMIUM:-0}" = 1 ]; then packages+=(chromium); fi

source "$(dirname "$0")/apt-missing.sh"
install_missing "${packages[@]}"
