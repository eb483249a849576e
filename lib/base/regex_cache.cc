#include "base/regex_cache.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdint>
#include <cstring>
#include <memory>
#include <mutex>
#include <set>

#include "base/swar.h"

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
      g.error = "invalid named capture group: " +
                std::string(p.substr(i, close == std::string_view::npos ? 8 : close - i + 1));
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

namespace {

// What figure_window needs to know of a piece of a pattern.
struct Piece {
  std::optional<size_t> max;                   // most bytes a match spans; nothing: no bound
  bool nullable = false;                       // it can match the empty string
  std::optional<std::set<std::string>> first;  // the characters a non-empty match begins with; nothing: any
  int groups = 0;                              // capturing groups in it
  bool literal = false;                        // one character, as written: `first` holds it
};

constexpr size_t kMaxCharBytes = 4;  // one character of UTF-8, whatever class matched it

Piece any_char() {
  return {kMaxCharBytes, false, std::nullopt, 0};
}
Piece assertion() {
  return {0, true, std::set<std::string>{}, 0};
}
Piece literal(std::string c) {
  const size_t n = c.size();
  return {n, false, std::set<std::string>{std::move(c)}, 0, true};
}

std::optional<std::set<std::string>> either_first(const Piece& a, const Piece& b) {
  if (!a.first || !b.first) return std::nullopt;
  std::set<std::string> out = *a.first;
  out.insert(b.first->begin(), b.first->end());
  return out;
}

Piece then(const Piece& a, const Piece& b) {
  Piece out;
  if (a.max && b.max) out.max = *a.max + *b.max;
  out.nullable = a.nullable && b.nullable;
  out.first = a.nullable ? either_first(a, b) : a.first;
  out.groups = a.groups + b.groups;
  return out;
}

Piece either(const Piece& a, const Piece& b) {
  Piece out;
  if (a.max && b.max) out.max = std::max(*a.max, *b.max);
  out.nullable = a.nullable || b.nullable;
  out.first = either_first(a, b);
  out.groups = a.groups + b.groups;
  return out;
}

Piece repeated(Piece a, size_t lo, std::optional<size_t> hi) {
  a.literal = false;
  if (!hi || !a.max)
    a.max.reset();
  else
    a.max = *a.max * *hi;
  a.nullable = a.nullable || lo == 0;
  return a;
}

// A reader of the RE2 syntax the grammars' narratives use, for bounds only.
// It refuses (nothing) what it does not know rather than guess: flags such as
// (?i) (case folding changes a character's length), \Q...\E, numeric and
// \C escapes, a '{' that is not a repetition. The pattern has passed RE2's
// parser already.
class PieceReader {
 public:
  explicit PieceReader(std::string_view p) : p_(p) {}

  // The top-level pieces with their text; nothing if the pattern is an
  // alternation at top level or is not read.
  // The whole pattern as one piece; nothing if it is not read.
  std::optional<Piece> whole() {
    auto all = alternation();
    if (!all || i_ != p_.size()) return std::nullopt;
    return all;
  }

  std::optional<std::vector<std::pair<std::string_view, Piece>>> top() {
    std::vector<std::pair<std::string_view, Piece>> out;
    while (i_ < p_.size()) {
      if (p_[i_] == '|' || p_[i_] == ')') return std::nullopt;
      const size_t start = i_;
      auto q = quantified();
      if (!q) return std::nullopt;
      out.emplace_back(p_.substr(start, i_ - start), *q);
    }
    return out;
  }

 private:
  bool at(char c) const { return i_ < p_.size() && p_[i_] == c; }

  std::optional<Piece> alternation() {
    auto a = sequence();
    while (a && at('|')) {
      ++i_;
      auto b = sequence();
      if (!b) return std::nullopt;
      a = either(*a, *b);
    }
    return a;
  }

  std::optional<Piece> sequence() {
    Piece acc = assertion();
    while (i_ < p_.size() && !at('|') && !at(')')) {
      auto q = quantified();
      if (!q) return std::nullopt;
      acc = then(acc, *q);
    }
    return acc;
  }

  std::optional<size_t> number() {
    const size_t start = i_;
    size_t n = 0;
    while (i_ < p_.size() && p_[i_] >= '0' && p_[i_] <= '9' && i_ - start < 6) n = n * 10 + (p_[i_++] - '0');
    if (i_ == start) return std::nullopt;
    return n;
  }

  std::optional<Piece> quantified() {
    auto a = atom();
    if (!a || i_ >= p_.size()) return a;
    const char c = p_[i_];
    if (c == '*' || c == '+' || c == '?') {
      ++i_;
      a = repeated(*a, c == '+' ? 1 : 0, c == '?' ? std::optional<size_t>(1) : std::nullopt);
    } else if (c == '{') {
      ++i_;
      auto lo = number();
      if (!lo) return std::nullopt;
      std::optional<size_t> hi = lo;
      if (at(',')) {
        ++i_;
        hi = at('}') ? std::nullopt : number();
        if (!hi && !at('}')) return std::nullopt;
      }
      if (!at('}')) return std::nullopt;
      ++i_;
      a = repeated(*a, *lo, hi);
    } else {
      return a;
    }
    if (at('?')) ++i_;  // lazy: the same bounds
    return a;
  }

  std::optional<Piece> group() {
    ++i_;  // '('
    int captures = 1;
    if (at('?')) {
      const std::string_view rest = p_.substr(i_);
      if (rest.substr(0, 2) == "?:") {
        captures = 0;
        i_ += 2;
      } else if (rest.substr(0, 3) == "?P<" ||
                 (rest.substr(0, 2) == "?<" && rest.substr(0, 3) != "?<=" && rest.substr(0, 3) != "?<!")) {
        const size_t close = p_.find('>', i_);
        if (close == std::string_view::npos) return std::nullopt;
        i_ = close + 1;
      } else {
        return std::nullopt;  // flags
      }
    }
    auto inner = alternation();
    if (!inner || !at(')')) return std::nullopt;
    ++i_;
    inner->groups += captures;
    return inner;
  }

  std::optional<Piece> escape() {
    if (i_ + 1 >= p_.size()) return std::nullopt;
    const char e = p_[i_ + 1];
    i_ += 2;
    switch (e) {
      case 'd':
      case 'D':
      case 's':
      case 'S':
      case 'w':
      case 'W': return any_char();
      case 'p':
      case 'P':
        if (at('{')) {
          const size_t close = p_.find('}', i_);
          if (close == std::string_view::npos) return std::nullopt;
          i_ = close + 1;
        } else if (i_ < p_.size()) {
          ++i_;
        }
        return any_char();
      case 'b':
      case 'B':
      case 'A':
      case 'z': return assertion();
      case 'n': return literal("\n");
      case 't': return literal("\t");
      case 'r': return literal("\r");
      case 'f': return literal("\f");
      case 'v': return literal("\v");
      case 'a': return literal("\a");
      default:
        if (static_cast<unsigned char>(e) < 0x80 && !std::isalnum(static_cast<unsigned char>(e)))
          return literal(std::string(1, e));
        return std::nullopt;
    }
  }

  std::optional<Piece> char_class() {
    ++i_;  // '['
    if (at('^')) ++i_;
    if (at(']')) ++i_;  // a literal member
    while (i_ < p_.size()) {
      const char c = p_[i_];
      if (c == ']') {
        ++i_;
        return any_char();
      }
      if (c == '\\') {
        i_ += 2;
        if (i_ <= p_.size() && (p_[i_ - 1] == 'p' || p_[i_ - 1] == 'P' || p_[i_ - 1] == 'x') && at('{')) {
          const size_t close = p_.find('}', i_);
          if (close == std::string_view::npos) return std::nullopt;
          i_ = close + 1;
        }
      } else if (c == '[' && p_.substr(i_ + 1, 1) == ":") {
        const size_t close = p_.find(":]", i_ + 2);
        if (close == std::string_view::npos) return std::nullopt;
        i_ = close + 2;
      } else {
        ++i_;
      }
    }
    return std::nullopt;
  }

  std::optional<Piece> atom() {
    const unsigned char c = p_[i_];
    switch (c) {
      case '(': return group();
      case '[': return char_class();
      case '\\': return escape();
      case '.': ++i_; return any_char();
      case '^':
      case '$': ++i_; return assertion();
      case '|':
      case ')':
      case '*':
      case '+':
      case '?':
      case '{': return std::nullopt;
      default: break;
    }
    const size_t n = c < 0x80 ? 1 : c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 0;
    if (n == 0 || i_ + n > p_.size()) return std::nullopt;
    std::string ch(p_.substr(i_, n));
    i_ += n;
    return literal(std::move(ch));
  }

  std::string_view p_;
  size_t i_ = 0;
};

std::optional<FigureWindow> analyze_figure(const std::string& pattern) {
  auto pieces = PieceReader(pattern).top();
  if (!pieces) return std::nullopt;
  size_t k = 0;
  while (k < pieces->size() && (*pieces)[k].second.groups == 0) ++k;
  if (k == pieces->size() || (*pieces)[k].first != "(\\d+)") return std::nullopt;
  Piece ahead = assertion(), past = assertion();
  for (size_t j = 0; j < k; ++j) ahead = then(ahead, (*pieces)[j].second);
  for (size_t j = k + 1; j < pieces->size(); ++j) past = then(past, (*pieces)[j].second);
  if (!ahead.max || !past.max) return std::nullopt;
  FigureWindow w{*ahead.max, *past.max, {}, {}};
  // The longest run of plain characters ahead of the figure: every match holds it.
  std::string run;
  for (size_t j = 0; j < k; ++j) {
    const Piece& piece = (*pieces)[j].second;
    run = piece.literal ? run + *piece.first->begin() : std::string();
    if (run.size() > w.ahead_literal.size()) w.ahead_literal = run;
  }
  const bool digit_next = past.first && std::any_of(past.first->begin(), past.first->end(),
                                                    [](const std::string& c) { return c[0] >= '0' && c[0] <= '9'; });
  if (!past.nullable && past.first && !past.first->empty() && !digit_next)
    w.follow.assign(past.first->begin(), past.first->end());
  return w;
}

std::optional<std::vector<std::string>> analyze_first(const std::string& pattern) {
  auto whole = PieceReader(pattern).whole();
  if (!whole || whole->nullable || !whole->first || whole->first->empty()) return std::nullopt;
  return std::vector<std::string>(whole->first->begin(), whole->first->end());
}

}  // namespace

const std::optional<std::vector<std::string>>& first_characters(const std::string& pattern) {
  static std::mutex mutex;
  static std::map<std::string, std::optional<std::vector<std::string>>, std::less<>> cache;
  std::lock_guard lock(mutex);
  auto it = cache.find(pattern);
  if (it == cache.end()) it = cache.emplace(pattern, analyze_first(pattern)).first;
  return it->second;  // entries are never erased, so the reference stays valid
}

bool match_from(const RE2& re, std::string_view text, size_t from, const std::vector<std::string>* firsts,
                re2::StringPiece* groups, int n) {
  // Past a few first characters, looking for each costs more than it saves.
  constexpr size_t kMaxFirsts = 8;
  if (!firsts || firsts->size() > kMaxFirsts) return re.Match(text, from, text.size(), RE2::UNANCHORED, groups, n);
  // The next place each first character occurs at, from `from` on.
  std::array<size_t, kMaxFirsts> next;
  next.fill(std::string_view::npos);
  for (size_t k = 0; k < firsts->size(); ++k) next[k] = text.find((*firsts)[k], from);
  for (;;) {
    const size_t at = *std::min_element(next.begin(), next.end());
    if (at == std::string_view::npos) return false;
    if (re.Match(text, at, text.size(), RE2::ANCHOR_START, groups, n)) return true;
    for (size_t k = 0; k < firsts->size(); ++k)
      if (next[k] == at) next[k] = text.find((*firsts)[k], at + 1);
  }
}

const std::optional<FigureWindow>& figure_window(const std::string& pattern) {
  static std::mutex mutex;
  static std::map<std::string, std::optional<FigureWindow>, std::less<>> cache;
  std::lock_guard lock(mutex);
  auto it = cache.find(pattern);
  if (it == cache.end()) it = cache.emplace(pattern, analyze_figure(pattern)).first;
  return it->second;  // entries are never erased, so the reference stays valid
}

namespace {

using DigitRun = FigureScan::DigitRun;

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

// Eight bytes at a time: most of a report's bytes are no digit.
std::vector<DigitRun> digit_runs(std::string_view s) {
  std::vector<DigitRun> out;
  const size_t size = s.size();
  for (size_t i = 0; i < size;) {
    if (i + 8 <= size && !swar::has_between(swar::load(s.data() + i), '0' - 1, '9' + 1)) {
      i += 8;
      continue;
    }
    for (const size_t stop = std::min(size, i + 8); i < stop;) {
      if (!is_digit(s[i])) {
        ++i;
        continue;
      }
      const size_t begin = i;
      while (i < size && is_digit(s[i])) ++i;
      out.push_back({begin, i});
    }
  }
  return out;
}

bool followed_right(std::string_view s, const DigitRun& run, const FigureWindow& w) {
  if (w.follow.empty()) return true;
  const std::string_view next = s.substr(run.end);
  return std::any_of(w.follow.begin(), w.follow.end(), [&](const std::string& f) { return next.starts_with(f); });
}

// The bytes of the UTF-8 character `s` starts with (as many as its first
// byte says, as many as there are), with their count, as one key. A stray
// continuation byte counts as a character of one byte.
uint64_t character_key(std::string_view s) {
  if (s.empty()) return 0;
  const auto lead = static_cast<unsigned char>(s[0]);
  const size_t length = lead < 0x80             ? 1
                        : (lead & 0xE0) == 0xC0 ? 2
                        : (lead & 0xF0) == 0xE0 ? 3
                        : (lead & 0xF8) == 0xF0 ? 4
                                                : 1;
  const size_t n = std::min(length, s.size());
  uint32_t bytes = 0;
  std::memcpy(&bytes, s.data(), n);
  return uint64_t{bytes} | (uint64_t{n} << 32);
}

// Whether `word` is one whole character as character_key reads it: then a
// run is followed by it exactly when the character after the run has its key.
bool one_character(const std::string& word) {
  return !word.empty() && character_key(word) >> 32 == word.size();
}

// FigureScan::figures for a pattern A(\d+)B, A and B bounded: only the
// windows around digit runs are searched. Every match lies within the window
// of the run its figure is in, and overlapping windows are merged, so the
// matches starting in a merged window lie within it: searching the windows in
// order gives the leftmost match each time, as the scan does. RE2::Match sees
// the text from the last match on as context, so ^ (and \b) read as in the
// scan, which starts each search there.
void windowed_figures(const RE2& re, std::string_view s, const FigureWindow& w, const std::vector<DigitRun>& runs,
                      std::vector<std::string_view>& found) {
  size_t consumed = 0;
  // Windows of runs in order start and end in order; overlapping ones are one.
  struct Window {
    size_t from, to, last_run_end;
  };
  auto search = [&](const Window& win) {
    // A further match has its figure past `consumed`, in a run of the window.
    while (consumed < win.last_run_end) {
      const size_t start = std::max(win.from, consumed);
      if (!w.ahead_literal.empty() && s.substr(start, win.to - start).find(w.ahead_literal) == std::string_view::npos)
        return;  // no match lies here without it
      const re2::StringPiece rest(s.data() + consumed, s.size() - consumed);
      re2::StringPiece m[2];
      if (!re.Match(rest, start - consumed, win.to - consumed, RE2::UNANCHORED, m, 2)) return;
      found.emplace_back(m[1].data(), m[1].size());
      consumed = static_cast<size_t>(m[0].data() + m[0].size() - s.data());  // a match holds a digit: never empty
    }
  };
  std::optional<Window> open;
  for (const DigitRun& run : runs) {
    if (!followed_right(s, run, w)) continue;
    const size_t from = run.begin - std::min(run.begin, w.before), to = std::min(s.size(), run.end + w.after);
    if (open && from <= open->to) {
      open->to = to;
      open->last_run_end = run.end;
      continue;
    }
    if (open) search(*open);
    open = Window{from, to, run.end};
  }
  if (open) search(*open);
}

}  // namespace

std::vector<std::string_view> FigureScan::figures(const std::string& pattern) {
  const RE2& re = compiled(pattern);
  std::vector<std::string_view> out;
  const auto& window = figure_window(pattern);
  if (!window || re.NumberOfCapturingGroups() < 1) {
    re2::StringPiece input(text_), figure;
    while (RE2::FindAndConsume(&input, re, &figure)) out.emplace_back(figure.data(), figure.size());
    return out;
  }
  if (!runs_) runs_ = digit_runs(text_);
  const auto& follow = window->follow;
  if (follow.empty() || !std::all_of(follow.begin(), follow.end(), one_character)) {
    windowed_figures(re, text_, *window, *runs_, out);
    return out;
  }
  if (!by_follow_) {
    by_follow_.emplace();
    for (size_t r = 0; r < runs_->size(); ++r)
      (*by_follow_)[character_key(text_.substr((*runs_)[r].end))].push_back(static_cast<uint32_t>(r));
  }
  std::vector<uint32_t> chosen;
  for (auto& word : follow)
    if (auto it = by_follow_->find(character_key(word)); it != by_follow_->end())
      chosen.insert(chosen.end(), it->second.begin(), it->second.end());
  std::sort(chosen.begin(), chosen.end());
  std::vector<DigitRun> runs;
  runs.reserve(chosen.size());
  for (uint32_t r : chosen) runs.push_back((*runs_)[r]);
  windowed_figures(re, text_, *window, runs, out);
  return out;
}

}  // namespace xxgk
