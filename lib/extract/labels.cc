// Labels as reports really print them: wrapped over lines or cells, reworded,
// or glued to the figures of crawler text.
#include "../tokenize/label_match.h"
#include "extractor.h"

namespace xxgk::extract_internal {

// Crawler text: figures glued to labels the grammar does not know (a
// reworded 4.保护第三方的合法权益 between 0000000 and 2000002) come out of
// the scan as one text. Inside a table, when every stretch of words in it
// could be a label, the text is cut into figures and words: a digit and '.'
// before words is the label's number, not a figure.
void Extractor::visit_loose_text(const Segment& s) {
  if (table_ < 0) return visit_text(s);
  std::vector<Segment> pieces = cut_figures_and_words(s);
  if (pieces.size() < 2) return visit_text(s);
  for (auto& p : pieces) {
    if (p.kind == SegmentKind::text)
      visit_text(p);
    else
      visit_segment(p);  // runs and blank markers
  }
}

// Length of the blank marker at normalized offset `at` (0 if none).
uint32_t Extractor::marker_length(uint32_t at, uint32_t end) const {
  if (at >= end || !marker_lead_[static_cast<unsigned char>(text_[at])]) return 0;
  size_t best = 0;
  for (auto& m : common_.blank_markers)
    if (!m.empty() && m.size() > best && at + m.size() <= end && text_.substr(at, m.size()) == m) best = m.size();
  return static_cast<uint32_t>(best);
}

uint32_t Extractor::marker_end(uint32_t at) const {
  return at + std::max<uint32_t>(1, marker_length(at, static_cast<uint32_t>(text_.size())));
}

std::vector<Segment> Extractor::cut_figures_and_words(const Segment& s) const {
  auto digit = [&](uint32_t i) { return text_[i] >= '0' && text_[i] <= '9'; };
  // A blank marker between figures ("3/00—", "0无0"): a blank cell. A
  // hyphen before a digit is a minus sign, and 无 before words is a word.
  std::vector<Segment> out;
  auto marker_at = [&](uint32_t i) -> uint32_t {
    uint32_t m = marker_length(i, s.end);
    if (m == 0) return 0;
    uint32_t after = i + m;
    while (after < s.end && text_[after] == ' ') ++after;
    bool bounded = after == s.end || digit(after) || marker_length(after, s.end) > 0;
    bool minus = text_[i] == '-' && after < s.end && digit(after);
    // "/" or "—" after a figure is a cell whatever follows; 无 before words
    // may be a word (无法提供).
    bool after_figure = !out.empty() && out.back().kind != SegmentKind::text;
    bool symbol = static_cast<unsigned char>(text_[i]) < 0xE4 || static_cast<unsigned char>(text_[i]) > 0xE9;
    return (bounded || (after_figure && symbol)) && !minus ? m : 0;
  };
  uint32_t i = s.begin;
  while (i < s.end) {
    if (text_[i] == ' ') {
      ++i;
      continue;
    }
    if (uint32_t m = marker_at(i)) {
      out.push_back({SegmentKind::blank, i, i + m});
      i += m;
      continue;
    }
    uint32_t f = figures_end(i, s.end);
    // "…0004.保护": the 4. numbers the words; "24252.31" stays one figure.
    if (f < s.end && f - i >= 2 && text_[f - 1] == '.' && digit(f - 2)) f -= 2;
    while (f > i && !digit(f - 1)) --f;
    if (f > i) {
      out.push_back({SegmentKind::run, i, f});
      i = f;
      continue;
    }
    uint32_t e = i;
    if (digit(e) && e + 1 < s.end && text_[e + 1] == '.') e += 2;  // the label's number
    while (e < s.end && !digit(e) && !marker_at(e)) ++e;
    // One stray character before the next label ends the figures: a
    // heading's numeral printed twice (…0000000三三、本年度办理结果).
    bool stray = e == s.end && !out.empty() && e - i <= 3 && static_cast<unsigned char>(text_[i]) >= 0x80;
    if (e == i || !(label_like(text_.substr(i, e - i)) || stray)) return {};
    out.push_back({SegmentKind::text, i, e});
    i = e;
  }
  // Figures of one or two digits next to words are counts in a phrase
  // ("共3件"), not glued cells: only cut where the text holds a real run.
  bool long_run = false;
  for (auto& p : out) long_run |= p.kind == SegmentKind::run && p.end - p.begin >= 2;
  return long_run ? out : std::vector<Segment>{};
}

// End of the figures at `i`: digits, separators, spaces and unit words.
uint32_t Extractor::figures_end(uint32_t i, uint32_t end) const {
  auto digit = [&](uint32_t k) { return text_[k] >= '0' && text_[k] <= '9'; };
  for (bool more = true; more;) {
    more = false;
    while (i < end && (digit(i) || text_[i] == '.' || text_[i] == ',' || text_[i] == ' ')) ++i;
    if (i > 0 && digit(i - 1))
      for (auto& u : config_.units)
        if (!u.empty() && text_.substr(i, u.size()) == u) {
          i += static_cast<uint32_t>(u.size());
          more = true;
          break;
        }
  }
  return i;
}

// Words that could be a row label: a few characters, no sentence
// punctuation outside brackets (labels carry commas only in their notes).
bool Extractor::label_like(std::string_view w) {
  if (w.size() < 4 * 3 || w.size() > 40 * 3) return false;
  int depth = 0;
  for (size_t i = 0; i < w.size(); ++i) {
    char c = w[i];
    if (c == '(') ++depth;
    if (c == ')') --depth;
    if (depth == 0 && (c == ',' || c == ';' || c == ':')) return false;
  }
  return w.find("。") == std::string_view::npos;
}

// Text joined to the fragment before it when together they make a label, or
// the start of one (a label wrapped over three lines).
void Extractor::remember_fragment(uint32_t b, uint32_t e) {
  std::string key = label_key(text_.substr(b, e - b));
  if (key.empty()) return;
  if (!fragment_.empty() && labels_.is_prefix(fragment_.key + key)) {
    fragment_.key += key;
    fragment_.end = e;
    return;
  }
  fragment_ = {b, e, std::move(key)};
}

// The text `s` completes a label begun by the fragment before it.
bool Extractor::join_wrapped_label(const Segment& s) {
  if (fragment_.empty()) return false;
  std::string joined = fragment_.key + label_key(text_.substr(s.begin, s.end - s.begin));
  const std::vector<LabelMeaning>* meanings = nullptr;
  uint32_t node = 0;
  if (labels_.match(joined, 0, &meanings, &node) != joined.size()) return false;
  Segment label{SegmentKind::label, fragment_.begin, s.end, node};
  fragment_ = {};
  visit_label(label);
  return true;
}

// Figures with no row waiting: the text printed before them may be a row
// label reworded or mistyped. Taken only when one row of the open table,
// not read yet, is clearly the closest; recorded so it can become an alias.
void Extractor::take_loose_label() {
  if (fragment_.empty() || table_ < 0) return;
  std::vector<const LooseCandidate*> candidates;
  const TableSpec& table = g_.tables[static_cast<size_t>(table_)];
  for (auto& c : labels_.table_row_labels(static_cast<size_t>(table_))) {
    const RowSpec* row = &table.rows[static_cast<size_t>(c.row)];
    if (row->columns.empty() ||
        cells_[labels_.row_key_ids(static_cast<size_t>(table_), static_cast<size_t>(c.row)).front()])
      continue;
    candidates.push_back(&c);
  }
  LooseMatch m = match_loosely(fragment_.key, candidates);
  std::string printed = printed_(fragment_.begin, fragment_.end);
  if (m.row < 0) {
    if (m.score >= kMinScore)
      diagnose("label.unsure", Severity::warning, fragment_.begin,
               "printed label '" + printed + "' is about as close to two rows of table " + table.id +
                   "; its figures are left unplaced");
    return;
  }
  const RowSpec& r = table.rows[static_cast<size_t>(m.row)];
  diagnose("label.loose", Severity::info, fragment_.begin,
           "printed label '" + printed + "' read as row " + r.id + " ('" + m.label + "', similarity " +
               std::to_string(static_cast<int>(m.score * 100)) + "%): add it to the grammar as an alias if right");
  pending_ = row_pending(table_, static_cast<size_t>(m.row), fragment_.begin);
  fragment_ = {};
}

// In a cell of text, a column or group title found inside longer words is
// part of those words (其他 in （六）其他, 不计其他情形): the cell is text.
// `segments` from `first` on are the cell's.
void Extractor::demote_embedded_labels(std::vector<Segment>& segments, size_t first, const Cell& c) const {
  bool text = false;
  for (size_t k = first; k < segments.size(); ++k) {
    const Segment& s = segments[k];
    if (s.kind == SegmentKind::run || s.kind == SegmentKind::blank) return;
    if (s.kind == SegmentKind::text) text = true;
    if (s.kind == SegmentKind::label)
      for (auto& m : labels_.meanings(s))
        if (m.role == LabelRole::row || m.role == LabelRole::section || (m.opens && m.table != table_)) return;
  }
  if (text) {
    segments.resize(first);
    segments.push_back({SegmentKind::text, c.begin, c.end});
  }
}

}  // namespace xxgk::extract_internal
