// Shared helpers for the unit tests: the real grammars, loaded once, and
// files from the shared corpus (read in place, never copied).
#pragma once

#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <map>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "grammar/grammar.h"
#include "engine/pipeline.h"

namespace xxgk::test {

// A small deterministic generator for the randomized tests (the same
// sequence on every platform, unlike the distributions of <random>):
// next(n) is a number below n.
struct Lcg {
  uint32_t seed;
  uint32_t operator()(uint32_t n) {
    seed = seed * 1664525u + 1013904223u;
    return (seed >> 8) % n;
  }
};

// Test data that is not there is a failure that says so (doctest reports the
// exception), never an empty string that crashes a test further on.
inline std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in)
    throw std::runtime_error("cannot read test data " + path +
                             " (the tests read ../shared beside the checkout; XXGK_SHARED=DIR points elsewhere)");
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

inline std::string source_path(const std::string& rel) {
  return std::string(XXGK_SOURCE_DIR) + "/" + rel;
}
// ../shared, or $XXGK_SHARED when set.
inline std::string shared_path(const std::string& rel) {
  const char* env = std::getenv("XXGK_SHARED");
  const std::string root = env && *env ? std::string(env) : std::string(XXGK_SHARED_CORPUS) + "/..";
  return root + "/" + rel;
}
inline std::string shared_corpus(const std::string& rel) {
  return shared_path("corpus/" + rel);
}

// The pipeline, which the stages' tests reach into (its grammars), and the
// public Engine over the same grammars, which the CLI's code takes.
inline const Pipeline& engine() {
  static const Pipeline e(load_grammars(source_path("grammars")));
  return e;
}
inline const Engine& public_engine() {
  static const Engine e(source_path("grammars"));
  return e;
}

inline Record parse(const std::string& text, const std::string& name = "test.txt") {
  return engine().parse(text, name);
}

inline std::string value_of(const Record& r, const std::string& key) {
  const CellValue* c = r.cell(key);
  if (!c) return "<no key>";
  return c->value ? c->value->str() : "null";
}

// A truth file: key -> value ("" for blank).
inline std::map<std::string, std::string> read_truth(const std::string& path) {
  std::map<std::string, std::string> out;
  std::istringstream in(read_file(path));
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#' || line.rfind("key\t", 0) == 0) continue;
    auto a = line.find('\t');
    auto b = line.find('\t', a + 1);
    out[line.substr(0, a)] = line.substr(a + 1, b == std::string::npos ? std::string::npos : b - a - 1);
  }
  return out;
}

// Replaces the n-th (0-based) occurrence of `from` after `anchor`.
inline std::string replace_after(std::string s, const std::string& anchor, const std::string& from,
                                 const std::string& to) {
  auto a = s.find(anchor);
  auto p = s.find(from, a);
  return s.replace(p, from.size(), to);
}

}  // namespace xxgk::test
