#include "base/regex_cache.h"

#include <memory>
#include <mutex>

namespace xxgk {

const RE2& compiled(const std::string& pattern) {
  static std::mutex mutex;
  static std::map<std::string, std::unique_ptr<const RE2>> cache;
  std::lock_guard lock(mutex);
  auto& slot = cache[pattern];
  if (!slot) slot = std::make_unique<const RE2>(pattern, RE2::Quiet);
  return *slot;  // entries are never erased, so the reference stays valid
}

namespace {

// RE2 parses a pattern, then compiles it within max_mem; with no more memory
// than a program header the compiler stops at its first instruction, after
// the parser has reported any syntax error. So ErrorPatternTooLarge here means
// "parsed". RE2 gives the forward program 2/3 of max_mem, and takes 0 as "no
// limit": 100 bytes leaves it 66, less than a program header, so no
// instruction fits. (A bigger max_mem does not help: the cost is the UTF-8
// automaton of large classes, not the number of instructions.)
constexpr int64_t kParseOnlyMaxMem = 100;

// Capturing groups of a pattern RE2 has parsed: "(" not followed by "?", and
// the named forms (?P<name>...) and (?<name>...); nothing inside [...] or
// \Q...\E, nor an escaped "\(".
int count_groups(std::string_view p) {
  int groups = 0;
  bool in_class = false;
  for (size_t i = 0; i < p.size(); ++i) {
    char c = p[i];
    if (c == '\\') {
      if (i + 1 < p.size() && p[i + 1] == 'Q') {
        size_t end = p.find("\\E", i + 2);
        if (end == std::string_view::npos) break;
        i = end + 1;
      } else {
        ++i;  // the escaped character
      }
      continue;
    }
    if (in_class) {
      if (c == '[' && i + 1 < p.size() && p[i + 1] == ':') {  // [:alpha:] within a class
        size_t end = p.find(":]", i + 2);
        if (end != std::string_view::npos) i = end + 1;
      } else if (c == ']') {
        in_class = false;
      }
      continue;
    }
    if (c == '[') {
      in_class = true;
      // A ']' (or '^]') right after '[' is a literal member of the class.
      if (i + 1 < p.size() && p[i + 1] == '^') ++i;
      if (i + 1 < p.size() && p[i + 1] == ']') ++i;
      continue;
    }
    if (c != '(') continue;
    if (i + 1 >= p.size() || p[i + 1] != '?') {
      ++groups;
    } else if (p.substr(i + 1, 3) == "?P<" || (p.substr(i + 1, 2) == "?<" && p.substr(i + 1, 3) != "?<=" &&
                                                 p.substr(i + 1, 3) != "?<!")) {
      ++groups;
    }
  }
  return groups;
}

}  // namespace

PatternSyntax check_pattern_syntax(const std::string& pattern) {
  RE2::Options options(RE2::Quiet);
  options.set_max_mem(kParseOnlyMaxMem);
  RE2 re(pattern, options);
  PatternSyntax out;
  out.ok = re.ok() || re.error_code() == RE2::ErrorPatternTooLarge;
  if (!out.ok) {
    out.error = re.error();
    return out;
  }
  out.named = re.NamedCapturingGroups();
  out.groups = re.ok() ? re.NumberOfCapturingGroups() : count_groups(pattern);
  return out;
}

}  // namespace xxgk
