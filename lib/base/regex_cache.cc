#include "base/regex_cache.h"

#include <algorithm>
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

// A pattern's capturing groups: "(" not followed by "?", and the named forms
// (?P<name>...) and (?<name>...); nothing inside [...] or \Q...\E, nor an
// escaped "\(". `plain` is the pattern with each (?P<name> group written as a
// plain one: RE2 builds a large Unicode table of word characters the first
// time it parses a group name (about 2.3 M instructions a process), so names
// are read here and RE2 never sees one. Names are ASCII words.
struct Groups {
  std::string plain;
  int count = 0;
  std::map<std::string, int> named;
  std::string error;
};

bool is_name_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

Groups scan_groups(std::string_view p) {
  Groups g;
  g.plain.reserve(p.size());
  bool in_class = false;
  for (size_t i = 0; i < p.size(); ++i) {
    const char c = p[i];
    if (c == '\\') {
      size_t end = i + 1;  // the escaped character
      if (i + 1 < p.size() && p[i + 1] == 'Q') {
        end = p.find("\\E", i + 2);
        end = end == std::string_view::npos ? p.size() - 1 : end + 1;
      }
      g.plain.append(p.substr(i, end - i + 1));
      i = end;
      continue;
    }
    if (in_class) {
      if (c == '[' && i + 1 < p.size() && p[i + 1] == ':') {  // [:alpha:] within a class
        if (size_t end = p.find(":]", i + 2); end != std::string_view::npos) {
          g.plain.append(p.substr(i, end + 2 - i));
          i = end + 1;
          continue;
        }
      } else if (c == ']') {
        in_class = false;
      }
      g.plain.push_back(c);
      continue;
    }
    if (c == '[') {
      in_class = true;
      // A ']' (or '^]') right after '[' is a literal member of the class.
      size_t end = i;
      if (end + 1 < p.size() && p[end + 1] == '^') ++end;
      if (end + 1 < p.size() && p[end + 1] == ']') ++end;
      g.plain.append(p.substr(i, end - i + 1));
      i = end;
      continue;
    }
    if (c != '(') {
      g.plain.push_back(c);
      continue;
    }
    if (i + 1 >= p.size() || p[i + 1] != '?') {
      ++g.count;
      g.plain.push_back(c);
      continue;
    }
    // (?<name>...), which newer RE2 reads too, is left to RE2 to accept or refuse.
    if (p.substr(i + 1, 2) == "?<" && p.substr(i + 1, 3) != "?<=" && p.substr(i + 1, 3) != "?<!") ++g.count;
    if (p.substr(i + 1, 3) != "?P<") {
      g.plain.push_back(c);
      continue;
    }
    const size_t name_at = i + 4, close = p.find('>', name_at);
    const std::string name(p.substr(name_at, close == std::string_view::npos ? 0 : close - name_at));
    if (close == std::string_view::npos || name.empty() || !std::all_of(name.begin(), name.end(), is_name_char)) {
      g.error = "invalid named capture group: " + std::string(p.substr(i, close == std::string_view::npos ? 8 : close - i + 1));
      return g;
    }
    g.named.emplace(name, ++g.count);  // a name used twice names its first group, as in RE2
    g.plain.push_back('(');
    i = close;
  }
  return g;
}

// RE2's parser on the pattern (with its names read by scan_groups).
PatternSyntax parse_pattern(const std::string& pattern) {
  PatternSyntax out;
  Groups groups = scan_groups(pattern);
  if (!groups.error.empty()) {
    out.error = groups.error;
    return out;
  }
  RE2::Options options(RE2::Quiet);
  options.set_max_mem(kParseOnlyMaxMem);
  RE2 re(groups.plain, options);
  out.ok = re.ok() || re.error_code() == RE2::ErrorPatternTooLarge;
  if (!out.ok) {
    out.error = re.error();
    return out;
  }
  out.named = std::move(groups.named);
  if (re.ok()) {  // (?<name>...), if this RE2 reads it
    const auto& more = re.NamedCapturingGroups();
    out.named.insert(more.begin(), more.end());
  }
  out.groups = re.ok() ? re.NumberOfCapturingGroups() : groups.count;
  return out;
}

}  // namespace

// Templates repeat each other's patterns (a third of them are the same
// text): each is parsed once a process. Bounded, for a program (the grammar
// fuzzer) that loads endless grammars: real ones hold a few dozen patterns.
constexpr size_t kMaxCheckedPatterns = 1024;

PatternSyntax check_pattern_syntax(const std::string& pattern) {
  static std::mutex mutex;
  static std::map<std::string, PatternSyntax, std::less<>> checked;
  std::lock_guard lock(mutex);
  auto it = checked.find(pattern);
  if (it == checked.end()) {
    if (checked.size() >= kMaxCheckedPatterns) checked.clear();
    it = checked.emplace(pattern, parse_pattern(pattern)).first;
  }
  return it->second;
}

NamedRegex compiled_named(const std::string& pattern) {
  struct Entry {
    std::unique_ptr<const RE2> re;
    std::map<std::string, int> named;
  };
  static std::mutex mutex;
  static std::map<std::string, Entry> cache;
  std::lock_guard lock(mutex);
  auto& slot = cache[pattern];
  if (!slot.re) {
    Groups groups = scan_groups(pattern);
    // A pattern the scan refuses is compiled as written, so that ok() is false.
    slot.re = std::make_unique<const RE2>(groups.error.empty() ? groups.plain : pattern, RE2::Quiet);
    slot.named = std::move(groups.named);
    const auto& more = slot.re->NamedCapturingGroups();
    slot.named.insert(more.begin(), more.end());
  }
  return {*slot.re, slot.named};  // entries are never erased
}

}  // namespace xxgk
