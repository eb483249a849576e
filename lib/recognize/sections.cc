#include <re2/re2.h>

#include <algorithm>

#include "base/ascii.h"
#include "base/utf8.h"
#include "recognize/recognize.h"
#include "tokenize/label_match.h"

namespace xxgk {

namespace {

// A heading's title ends at the first full stop, colon or semicolon; what
// follows on the same line is body text ("(一)主动公开方面。按照…").
constexpr size_t kMaxTitleBytes = 40 * 3;  // about 40 Chinese characters

// Each level's pattern is a number, its brackets or separator, white space,
// then the title to the end of the line. The number and separator are read by
// hand, and the groups follow from the prefix (heading_title says how); RE2
// says whether the whole line matches only where the rest of the line could
// decide otherwise (needs_re2): RE2's capture engines cost several times the
// match on a long line, and the match itself is most of a heading's cost.
struct HeadingPattern {
  int level;
  const RE2* re;         // the whole line, without groups
  bool bracketed;        // "(" number ")", else the number then 、 or .
  bool chinese;          // numerals 一 to 十, one to three; else ASCII digits, one or two
  bool title_not_digit;  // the title's first character is no ASCII digit
};

const std::vector<HeadingPattern>& heading_patterns() {
  static const RE2 l1("^[一二三四五六七八九十]{1,3}[、.]\\s*.+$");
  static const RE2 l2("^\\([一二三四五六七八九十]{1,3}\\)\\s*.+$");
  static const RE2 l3("^[0-9]{1,2}[.、]\\s*[^0-9].*$");
  static const RE2 l4("^\\([0-9]{1,2}\\)\\s*.+$");
  static const std::vector<HeadingPattern> all{{1, &l1, false, true, false},
                                               {2, &l2, true, true, false},
                                               {3, &l3, false, false, true},
                                               {4, &l4, true, false, false}};
  return all;
}

bool is_chinese_numeral(std::string_view s) {
  // Every numeral begins with byte E4 or E5 (一 U+4E00 to 四 U+56DB): most lines fail there.
  if (s.size() < 3 || static_cast<unsigned char>(s[0]) < 0xE4 || static_cast<unsigned char>(s[0]) > 0xE5) return false;
  for (std::string_view numeral : {"一", "二", "三", "四", "五", "六", "七", "八", "九", "十"})
    if (s.substr(0, numeral.size()) == numeral) return true;
  return false;
}

// The number a pattern's prefix reads and where its separator ends, or
// nothing. A run of numerals longer than the pattern allows matches nothing:
// the separator would have to be a numeral.
std::optional<std::pair<std::string_view, size_t>> heading_prefix(std::string_view line, const HeadingPattern& p) {
  size_t i = 0;
  if (p.bracketed) {
    if (line.empty() || line[0] != '(') return std::nullopt;
    i = 1;
  }
  const size_t begin = i;
  size_t count = 0;
  if (p.chinese) {
    for (; is_chinese_numeral(line.substr(i)); i += 3) ++count;
    if (count < 1 || count > 3) return std::nullopt;
  } else {
    for (; i < line.size() && line[i] >= '0' && line[i] <= '9'; ++i) ++count;
    if (count < 1 || count > 2) return std::nullopt;
  }
  const std::string_view number = line.substr(begin, i - begin), rest = line.substr(i);
  if (p.bracketed) {
    if (rest.substr(0, 1) != ")") return std::nullopt;
    return std::pair{number, i + 1};
  }
  if (rest.substr(0, 1) == ".") return std::pair{number, i + 1};
  if (rest.substr(0, 3) == "、") return std::pair{number, i + 3};
  return std::nullopt;
}

// Where the title group starts in a line the pattern matches, its separator
// ending at `from`: \s* takes all the white space it can and gives back one
// character only when the title needs it (nothing left, or a digit where
// l3's title may not start with one); giving back more never helps.
std::optional<size_t> heading_title(std::string_view line, size_t from, const HeadingPattern& p) {
  size_t w = from;
  while (w < line.size() && ascii::is_re2_space(line[w])) ++w;
  const bool give_back = w == line.size() || (p.title_not_digit && line[w] >= '0' && line[w] <= '9');
  if (!give_back) return w;
  if (w == from) return std::nullopt;  // RE2 says no match then
  return w - 1;
}

}  // namespace

// Whether RE2 need be asked if the line matches once its prefix has: after
// the separator, \s* then .+$ (or [^0-9].*$) match exactly where
// heading_title finds a title, unless the rest holds a line feed (which \s
// takes and . does not) or bytes that are not UTF-8 (which . does not take).
bool needs_re2(std::string_view rest) {
  return rest.find('\n') != std::string_view::npos || !utf8::is_valid(rest);
}

std::optional<HeadingLine> match_heading(std::string_view line) {
  for (auto& p : heading_patterns()) {
    auto prefix = heading_prefix(line, p);
    if (!prefix) continue;
    if (needs_re2(line.substr(prefix->second)) && !RE2::FullMatch(line, *p.re)) continue;
    auto title = heading_title(line, prefix->second, p);
    if (!title) continue;
    return HeadingLine{p.level, prefix->first, line.substr(*title)};
  }
  return std::nullopt;
}

namespace {

// Cuts a title at the first 。:；; returns its byte length in `rest`.
size_t title_length(std::string_view rest) {
  size_t cut = rest.size();
  for (std::string_view stop : {"。", ":", ";", "!"}) cut = std::min(cut, rest.find(stop));
  return cut;
}

// The template section a title names: exactly, or clearly closest (与 for 、,
// a dropped 的), never where two sections are about as close.
// The candidates of `g` kept by its label index; built here for a grammar
// with none (the legacy sections).
const std::vector<LooseCandidate>& candidates_of(const Grammar& g, const LabelIndex* labels, bool sections,
                                                 std::vector<LooseCandidate>& own) {
  if (labels && &labels->grammar() == &g) return sections ? labels->section_candidates() : labels->row_candidates();
  own = sections ? section_candidates_of(g) : row_candidates_of(g);
  return own;
}

const SectionSpec* template_section(const Grammar* g, const LabelIndex* labels, std::string_view title) {
  if (!g) return nullptr;
  std::string key = label_key(title);
  std::vector<LooseCandidate> own;
  const auto& candidates = candidates_of(*g, labels, true, own);
  for (auto& c : candidates)
    if (c.label == key) return &g->sections[static_cast<size_t>(c.row)];
  if (key.size() < 4 * 3) return nullptr;  // too short to say
  if (!length_allows(key, candidates, kSectionMinScore)) return nullptr;
  LooseMatch m = match_loosely(key, candidates);
  return m.row >= 0 && m.score >= kSectionMinScore ? &g->sections[static_cast<size_t>(m.row)] : nullptr;
}

// "## 二、…", "**（一）…**", "> 三、…": markdown around a heading line.
std::string_view strip_markup(std::string_view line) {
  while (!line.empty() && (line.front() == '#' || line.front() == '>' || line.front() == ' ')) line.remove_prefix(1);
  for (std::string_view mark : {"**", "__"}) {
    if (line.substr(0, mark.size()) == mark) line.remove_prefix(mark.size());
    while (!line.empty() && line.back() == ' ') line.remove_suffix(1);
    if (line.size() >= mark.size() && line.substr(line.size() - mark.size()) == mark) line.remove_suffix(mark.size());
  }
  return line;
}

// "(四)项告知申请人…": the rest of a reference wrapped after 第, not a heading.
bool continues_reference(std::string_view title) {
  for (std::string_view unit : {"项", "款", "条"})
    if (title.substr(0, unit.size()) == unit) return true;
  return false;
}

// A heading number with one numeral printed twice (三三、) is a typo for it:
// no Chinese numeral repeats a digit without a 十 between.
std::string heading_number(std::string_view n) {
  if (n.size() == 6 && n.substr(0, 3) == n.substr(3)) return std::string(n.substr(3));
  return std::string(n);
}

// A whole cell that is a table label (一、本年新收…, 1.属于国家秘密) is not a heading.
bool is_table_label(const LabelIndex* labels, std::string_view cell) {
  if (!labels) return false;
  // A text row's cell is one line: ascii::squeeze's \n \r \f \v never occur
  // in it (normalized text has no \r, \f or \v), so only spaces and tabs go.
  std::string sq = ascii::squeeze(cell);
  // The first line of a wrapped row label (一、本年新收政府信 / 息公开申请数量).
  if (labels->starts_table_label(label_key(cell))) return true;
  const std::vector<LabelMeaning>* meanings = nullptr;
  size_t len = labels->match(sq, 0, &meanings);
  if (len == 0 || !meanings) return false;
  // "1.属于国家秘密 0 0 0 0 0 0 0": a row label followed by its figures.
  if (len != sq.size() && !is_figure_run(std::string_view(sq).substr(len), {})) return false;
  return std::any_of(meanings->begin(), meanings->end(), [](auto& m) { return m.role != LabelRole::section; });
}

// A line that is a table row label reworded (4.保护第三方的合法权益) is no
// heading either, when one row label is clearly the closest.
bool is_loose_table_label(const Grammar* g, const LabelIndex* labels, std::string_view line) {
  if (!g) return false;
  std::string key = label_key(line);
  std::vector<LooseCandidate> own;
  LooseMatch m = match_loosely(key, candidates_of(*g, labels, false, own));
  return m.row >= 0 && m.score >= kSectionMinScore;
}

class SectionFinder {
 public:
  SectionFinder(const Normalized& text, const Grammar* g, const LabelIndex* labels, const PrintedText& printed)
      : norm_(text), s_(text.text.text), g_(g), labels_(labels), printed_(printed) {}

  std::vector<Section> run(const Layout& layout) {
    for (auto& row : layout.rows) {
      if (row.kind != RowKind::text || row.cells.empty()) continue;
      const Cell& c = row.cells.front();
      std::string_view line = s_.substr(c.begin, c.end - c.begin);
      if (line.size() > 600)
        inline_sections(c);
      else
        line_heading(line);
    }
    close_spans();
    return std::move(out_);
  }

 private:
  // A line is a heading when it is numbered like one or is a template
  // section's title, and is not a table label (一、本年新收…, 1.属于国家秘密).
  // The table-label test, a squeeze and two trie walks, is made only for a
  // line that would otherwise be a heading: most lines are prose and are
  // neither.
  void line_heading(std::string_view line) {
    line = strip_markup(line);
    if (auto h = match_heading(line)) {
      const std::string_view rest = h->title;
      size_t len = title_length(rest);
      if (len == 0 || len > kMaxTitleBytes) return;
      if (continues_reference(rest)) return;
      const SectionSpec* spec = h->level == 1 ? template_section(g_, labels_, rest.substr(0, len)) : nullptr;
      if (!spec && line.size() <= kMaxTitleBytes && is_loose_table_label(g_, labels_, line)) return;
      if (is_table_label(labels_, line)) return;
      auto tb = static_cast<uint32_t>(rest.data() - s_.data());
      std::string title = printed_(tb, tb + static_cast<uint32_t>(len));
      auto lb = static_cast<uint32_t>(line.data() - s_.data());
      add(h->level, heading_number(h->number), trim(title), lb, true, spec != nullptr);
      return;
    }
    // An unnumbered line that is a template section: the number was lost.
    if (line.size() <= kMaxTitleBytes)
      if (const SectionSpec* spec = template_section(g_, labels_, line)) {
        if (is_table_label(labels_, line)) return;
        auto lb = static_cast<uint32_t>(line.data() - s_.data());
        add(spec->level, spec->number, trim(printed_(lb, lb + static_cast<uint32_t>(line.size()))), lb, false, true);
      }
  }

  // Crawler text: the whole report on one line. Only numbered template
  // sections are trusted there ("二、主动公开政府信息情况"): at each numeral
  // and 、, the words that follow are compared with the titles of the
  // template section of that number, exactly or clearly closest (与 for 、).
  void inline_sections(const Cell& c) {
    if (!g_) return;
    std::string_view line = s_.substr(c.begin, c.end - c.begin);
    static const RE2 kNumber("([一二三四五六七八九十]{1,3})、");
    re2::StringPiece input(line.data(), line.size()), number;
    size_t covered = 0;
    while (RE2::FindAndConsume(&input, kNumber, &number)) {
      size_t at = static_cast<size_t>(number.data() - line.data());
      size_t words = at + number.size() + std::string_view("、").size();
      while (words < line.size() && line[words] == ' ') ++words;
      if (at < covered) continue;
      std::string n = heading_number(std::string_view(number.data(), number.size()));
      auto [spec, len] = title_at(line.substr(words), n);
      if (!spec) continue;
      auto b = static_cast<uint32_t>(c.begin + at + number.size() - n.size());
      auto tb = static_cast<uint32_t>(c.begin + words);
      add(spec->level, n, printed_(tb, tb + static_cast<uint32_t>(len)), b, true, true);
      covered = words + len;
    }
  }

  // The template section numbered `n` whose title starts `rest`, and the
  // printed title's length in bytes.
  std::pair<const SectionSpec*, size_t> title_at(std::string_view rest, const std::string& n) const {
    const SectionSpec* best = nullptr;
    size_t best_len = 0;
    double best_score = 0;
    for (auto& spec : g_->sections) {
      if (!spec.number.empty() && spec.number != n) continue;
      for (auto& t : spec.titles) {
        std::string title = normalize_string(t);
        if (rest.substr(0, title.size()) == title) return {&spec, title.size()};
        // The same length in characters, give or take one.
        for (int delta : {0, 3, -3}) {
          size_t len = title.size() + static_cast<size_t>(delta);
          if (delta < 0 && title.size() < 6) continue;
          if (len > rest.size() || (len < rest.size() && (static_cast<unsigned char>(rest[len]) & 0xC0) == 0x80))
            continue;
          double score = label_similarity(rest.substr(0, len), title);
          if (score > best_score) {
            best_score = score;
            best = &spec;
            best_len = len;
          }
        }
      }
    }
    if (best_score < kSectionMinScore) return {nullptr, 0};
    return {best, best_len};
  }

  static std::string trim(std::string s) {
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.pop_back();
    size_t b = s.find_first_not_of(" \t");
    return b == std::string::npos ? std::string() : s.substr(b);
  }

  void add(int level, std::string number, std::string title, uint32_t at, bool numbered, bool in_template) {
    Section s;
    s.level = level;
    s.number = std::move(number);
    s.title = std::move(title);
    s.offset = norm_.text.origin_of(at);
    s.numbered = numbered;
    s.in_template = in_template;
    out_.push_back(std::move(s));
  }

  // A section ends where the next one of the same or a higher level starts.
  void close_spans() {
    uint32_t end = norm_.text.origin_of(s_.size());
    for (size_t i = 0; i < out_.size(); ++i) {
      out_[i].end = end;
      for (size_t j = i + 1; j < out_.size(); ++j)
        if (out_[j].level <= out_[i].level) {
          out_[i].end = out_[j].offset;
          break;
        }
    }
  }

  const Normalized& norm_;
  std::string_view s_;
  const Grammar* g_;
  const LabelIndex* labels_;
  const PrintedText& printed_;
  std::vector<Section> out_;
};

}  // namespace

std::vector<Section> find_sections(const Normalized& text, const Layout& layout, const Grammar* grammar,
                                   const LabelIndex* labels, const PrintedText& printed) {
  return SectionFinder(text, grammar, labels, printed).run(layout);
}

}  // namespace xxgk
