#!/usr/bin/env bash
# Installs the build tree BUILD_DIR into a temporary prefix, moves the prefix
# elsewhere, and checks that the moved installation works: xxgk --version
# finds its grammars beside itself, parses the seed report, the man page
# renders, and programs built against the installed library (pkg-config, and
# CMake's find_package) parse the seed too. Prints "N passed, M failed".
set -u
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
BUILD_DIR=${BUILD_DIR:-$ROOT/build}
SEED=$(ls "$ROOT"/../shared/corpus/seed/*.txt | head -1)
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
passed=0 failed=0
check() {  # check NAME COMMAND...
  local name=$1; shift
  if "$@" >"$T/log" 2>&1; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "FAIL: $name"; sed 's/^/  /' "$T/log" | tail -20; fi
}

check "cmake --install into a temporary prefix" cmake --install "$BUILD_DIR" --prefix "$T/first"
mv "$T/first" "$T/moved"
P=$T/moved
# No hint from the environment or the source tree: only the binary's location.
unset XXGK_GRAMMARS
check "installs bin, grammars, man page, library, header, CMake and pkg-config files" bash -c "
  test -x '$P/bin/xxgk' && ls '$P'/share/xxgk/grammars/gov-2019.xml '$P'/share/xxgk/grammars/common.xml &&
  test -f '$P/share/man/man1/xxgk.1' && ls '$P'/lib*/libxxgk.a '$P'/lib*/pkgconfig/xxgk.pc &&
  ls '$P'/lib*/cmake/xxgk/xxgkConfig.cmake && test -f '$P/include/xxgk/xxgk.h'"
check "installs one header, include/xxgk/xxgk.h, and no other" bash -c "
  [ \"\$(cd '$P/include' && find . -type f)\" = ./xxgk/xxgk.h ]"
check "moved binary: --version names the version and the grammars beside it" bash -c "
  '$P/bin/xxgk' --version > '$T/version' && grep -q '^xxgk [0-9]' '$T/version' &&
  grep -q 'gov-2019 version 1' '$T/version' && grep -q 'gov-2021 version 1' '$T/version' &&
  grep -qF '$P/share/xxgk/grammars' '$T/version'"
check "moved binary parses the seed report" bash -c "
  '$P/bin/xxgk' parse '$SEED' > '$T/seed.json' && grep -q '\"template\": \"gov-2019\"' '$T/seed.json'"
# A one-page PDF (ASCII text, a standard font): read through the plugin the
# prefix holds in lib*/xxgk, so it is no report, but no missing reader either.
printf '%%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 300 100]/Contents 4 0 R/Resources<</Font<</F1 5 0 R>>>>>>endobj\n4 0 obj<</Length 44>>stream\nBT /F1 12 Tf 10 50 Td (Hello PDF 2020) Tj ET\nendstream endobj\n5 0 obj<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>endobj\ntrailer<</Root 1 0 R>>\n%%%%EOF\n' > "$T/hello.pdf"
check "moved binary reads a PDF with the plugin installed beside it" bash -c "
  ls '$P'/lib*/xxgk/xxgk-pdf.so && ! '$P/bin/xxgk' parse '$T/hello.pdf' > /dev/null 2> '$T/pdf.err';
  grep -q 'input.not_a_report' '$T/pdf.err' && ! grep -q 'pdf.unavailable' '$T/pdf.err'"
check "a copy of the binary outside any prefix still honours \$XXGK_GRAMMARS" bash -c "
  cp '$P/bin/xxgk' '$T/lone' && XXGK_GRAMMARS='$P/share/xxgk/grammars' '$T/lone' parse '$SEED' | grep -q gov-2019"
check "--grammars overrides the installed grammars" bash -c "
  ! '$P/bin/xxgk' grammars --grammars '$T/nowhere' 2>/dev/null"
# man-db is not on a bare machine: then the page is only checked to be a man(7) page.
if command -v man >/dev/null; then
  check "man xxgk renders" bash -c "MANWIDTH=80 man -l '$P/share/man/man1/xxgk.1' | grep -q 'xxgk dataset'"
else
  check "the man page is xxgk(1)" grep -q '^\.TH XXGK 1' "$P/share/man/man1/xxgk.1"
fi

# The Python module, when this build has one: found in the moved prefix, its
# grammars beside it. Debian's python3 (the one it is built for).
if ls "$P"/lib/python3*/dist-packages/xxgk/_xxgk*.so >/dev/null 2>&1; then
  PYDIR=$(dirname "$(ls -d "$P"/lib/python3*/dist-packages/xxgk)")
  check "the installed Python module, moved, reads the seed with its own grammars" bash -c "
    cd '$T' && PYTHONPATH='$PYDIR' /usr/bin/python3 -c \"
import xxgk
assert xxgk.grammars_dir().startswith('$P/'), xxgk.grammars_dir()
print(len(xxgk.dataset(['$SEED'])))\" | grep -qx 1"
fi

cat > "$T/embed.cc" <<'CC'
// Embeds xxgk through its one public header: argv[1] a report, argv[2] the grammars.
#include <xxgk/xxgk.h>

#include <iostream>
#include <vector>

int main(int argc, char** argv) {
  if (argc != 3) return 2;
  try {
    const xxgk::Engine engine(argv[2]);
    std::vector<xxgk::Record> batch{xxgk::parse_file(engine, argv[1])};
    xxgk::link_batch(engine, batch);
    const xxgk::Record& r = batch.front();
    std::cerr << xxgk::diagnostics_text(r, xxgk::Severity::error);
    if (xxgk::record_json(r, false).find(xxgk::kRecordSchema) == std::string::npos) return 3;
    if (xxgk::dataset_header(engine).empty() || xxgk::dataset_row(r, engine).empty()) return 3;
    std::cout << r.template_id << " " << r.cells.size() << " " << r.findings.size() << "\n";
    return r.failed;
  } catch (const xxgk::GrammarError& e) {
    std::cerr << e.what() << "\n";
    return 2;
  }
}
CC
PCDIR=$(dirname "$(ls "$P"/lib*/pkgconfig/xxgk.pc | head -1)")
check "a program built with pkg-config --cflags --libs xxgk parses the seed" bash -c "
  g++ -std=c++20 '$T/embed.cc' -o '$T/embed' \$(PKG_CONFIG_PATH='$PCDIR' pkg-config --cflags --libs xxgk) &&
  '$T/embed' '$SEED' \"\$(PKG_CONFIG_PATH='$PCDIR' pkg-config --variable=grammarsdir xxgk)\" | grep -q '^gov-2019 '"
check "the embedding program prints a grammar folder it cannot load as file:line: message" bash -c "
  ! '$T/embed' '$SEED' '$T/nowhere' 2> '$T/embed.err' && grep -q '$T/nowhere' '$T/embed.err'"
mkdir -p "$T/consumer"
cat > "$T/consumer/CMakeLists.txt" <<'CM'
cmake_minimum_required(VERSION 3.20)
project(embed CXX)
set(CMAKE_CXX_STANDARD 20)
find_package(xxgk 0.1 REQUIRED)
add_executable(embed ../embed.cc)
target_link_libraries(embed PRIVATE xxgk::xxgk)
target_compile_definitions(embed PRIVATE GRAMMARS="${xxgk_GRAMMARS_DIR}")
CM
check "a CMake project with find_package(xxgk) builds and parses the seed" bash -c "
  cmake -S '$T/consumer' -B '$T/consumer/build' -G Ninja -DCMAKE_PREFIX_PATH='$P' &&
  cmake --build '$T/consumer/build' && '$T/consumer/build/embed' '$SEED' '$P/share/xxgk/grammars' | grep -q '^gov-2019 '"

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
