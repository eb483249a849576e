#include "xxgk/xxgk.h"

#include <cstdlib>
#include <filesystem>
#include <system_error>

#ifndef XXGK_VERSION
#define XXGK_VERSION "unknown"
#endif
#ifndef XXGK_SOURCE_GRAMMARS
#define XXGK_SOURCE_GRAMMARS "grammars"
#endif

namespace xxgk {

namespace fs = std::filesystem;

const char* version() {
  return XXGK_VERSION;
}

std::string self_executable() {
  std::error_code ec;
  auto p = fs::read_symlink("/proc/self/exe", ec);
  return ec ? std::string() : p.string();
}

namespace {

// How far up from the anchor's directory an install prefix may be:
// prefix/bin/xxgk is one level, prefix/lib/python3/dist-packages/xxgk/_xxgk.so four.
constexpr int kMaxPrefixDepth = 4;

bool has_grammars(const fs::path& dir) {
  std::error_code ec;
  return fs::is_regular_file(dir / "common.xml", ec);
}

}  // namespace

std::string locate_grammars(const std::string& explicit_dir, const std::string& anchor) {
  if (!explicit_dir.empty()) return explicit_dir;
  if (const char* env = std::getenv("XXGK_GRAMMARS"); env && *env) return env;
  if (!anchor.empty()) {
    std::error_code ec;
    fs::path dir = fs::weakly_canonical(fs::absolute(anchor, ec), ec).parent_path();
    for (int up = 0; up <= kMaxPrefixDepth && !dir.empty(); ++up) {
      if (auto g = dir / "share" / "xxgk" / "grammars"; has_grammars(g)) return g.string();
      if (dir == dir.root_path()) break;
      dir = dir.parent_path();
    }
  }
  return XXGK_SOURCE_GRAMMARS;
}

}  // namespace xxgk
