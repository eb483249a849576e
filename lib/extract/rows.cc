// The row reader: walks the printed rows with the label scanner.
#include <re2/re2.h>

#include <algorithm>
#include <unordered_map>

#include "base/ascii.h"
#include "base/regex_cache.h"
#include "base/utf8.h"
#include "extractor.h"

namespace xxgk::extract_internal {

const MatchRange& match_range(const RE2& re) {
  // Compiled patterns live as long as the process (regex_cache.h): their
  // addresses are stable keys. Bounds of 10 bytes tell most lines apart.
  thread_local std::unordered_map<const RE2*, MatchRange> memo;
  auto [it, fresh] = memo.try_emplace(&re);
  if (fresh) it->second.known = re.ok() && re.PossibleMatchRange(&it->second.min, &it->second.max, 10);
  return it->second;
}

void Extractor::visit_row(const Row& row) {
  if (row.kind == RowKind::text && (is_page_number(row) || repeats_title(row))) return;
  loose_row_ = row.kind == RowKind::text;
  unknown_label_in_row_ = false;
  // Cell i's segments are segments_[cell_starts_[i] .. cell_starts_[i + 1]).
  segments_.clear();
  cell_starts_.clear();
  bool any_label = false, any_run = false, any_text = false;
  for (auto& c : row.cells) {
    const size_t first = segments_.size();
    cell_starts_.push_back(first);
    scan_cell(text_, c.begin, c.end, labels_, config_, segments_);
    if (!whole_label(first, c) && whole_cell_label(row, c)) {
      segments_.resize(first);
      segments_.push_back({SegmentKind::text, c.begin, c.end});
    }
    demote_embedded_labels(segments_, first, c);
    for (size_t k = first; k < segments_.size(); ++k) {
      any_label |= segments_[k].kind == SegmentKind::label;
      any_run |= segments_[k].kind == SegmentKind::run;
      any_text |= segments_[k].kind == SegmentKind::text;
    }
  }
  cell_starts_.push_back(segments_.size());
  lone_figure_ = loose_row_ && row.cells.size() == 1 && segments_.size() == 1 && segments_[0].kind == SegmentKind::run;
  // A structured row of bare figures is the table's unlabelled line: all its
  // cells count, leading blanks included.
  if (row.structured() && !any_label && !any_text && any_run && !pending_.active) start_line();
  for (size_t i = 0; i < row.cells.size(); ++i) {
    ++cell_counter_;
    if (row.cells[i].empty()) {
      if (row.structured() && !pending_.active && table_ >= 0) take_loose_label();
      if (row.structured() && pending_.active)
        pending_.parts.push_back({row.cells[i].begin, row.cells[i].begin, cell_counter_, true, false});
      continue;
    }
    // Visiting a segment never scans a row: segments_ stays as it is meanwhile.
    for (size_t k = cell_starts_[i]; k < cell_starts_[i + 1]; ++k) visit_segment(segments_[k]);
  }
  // A row's figures end with it; a label printed with none waits for them
  // on the next row (a label wrapped onto the next line, figures and all).
  if (row.structured() && !(pending_.active && pending_.parts.empty())) finalize();
}

void Extractor::visit_segment(const Segment& s) {
  switch (s.kind) {
    case SegmentKind::label: return visit_label(s);
    case SegmentKind::run: return visit_figures(s);
    case SegmentKind::blank:
      if (!pending_.active && table_ >= 0) take_loose_label();
      if (!pending_.active && table_ >= 0) start_line();
      if (pending_.active) pending_.parts.push_back({s.begin, s.end, cell_counter_, true, loose_row_});
      fragment_ = {};
      return;
    case SegmentKind::text: return loose_row_ ? visit_loose_text(s) : visit_text(s);
  }
}

// Picks what a label means here: something of the open table first, then a
// section, then something that opens another table.
void Extractor::visit_label(const Segment& s) {
  const LabelMeaning* here = nullptr;
  const LabelMeaning* section = nullptr;
  const LabelMeaning* opener = nullptr;
  for (auto& m : labels_.meanings(s)) {
    if (m.role == LabelRole::section)
      section = &m;
    else if (m.table == table_ && (!here || m.role == LabelRole::row))
      here = &m;
    else if (m.opens && !opener)
      opener = &m;
  }
  if (here) return act_on(*here, s);
  if (section) {
    finalize();
    close_table();
    return;
  }
  if (opener) {
    finalize();
    open_table(opener->table, s.begin);
    return act_on(*opener, s);
  }
  // A label of another table that does not open it: prose mentioning it,
  // or the first line of a wrapped label of this one.
  remember_fragment(s.begin, s.end);
}

void Extractor::act_on(const LabelMeaning& m, const Segment& s) {
  if (m.role != LabelRole::row) {
    // Headers and column titles are skipped; one met between a row label and
    // its figures is part of the label's wrapped text (其他 in
    // 只计这一情形，不计其他情形).
    if (!(pending_.active && pending_.parts.empty())) finalize();
    remember_fragment(s.begin, s.end);
    return;
  }
  finalize();
  fragment_ = {};
  pending_ = row_pending(m.table, static_cast<size_t>(m.index), s.begin);
}

void Extractor::visit_figures(const Segment& s) {
  if (table_ < 0) return;  // figures in prose outside the tables
  if (!pending_.active) take_loose_label();
  // Figures printed after a label that is no row of the template (a report's
  // own sub-row) are that row's: they never start the unlabelled line.
  if (!pending_.active && !(lone_figure_ && too_short_for_line(s)) && !unknown_label_in_row_) start_line();
  fragment_ = {};
  if (!pending_.active) {
    unplace(s.begin, s.end,
            last_unknown_label_.empty()
                ? "figures in table " + g_.tables[static_cast<size_t>(table_)].id + " that follow no known label"
                : "figures after '" + last_unknown_label_ + "', which is not a row of table " +
                      g_.tables[static_cast<size_t>(table_)].id);
    return;
  }
  split_run(s);
}

// Whitespace separates figures; a unit word after a space stays with its figure.
void Extractor::split_run(const Segment& s) {
  uint32_t i = s.begin;
  while (i < s.end) {
    while (i < s.end && is_ws(text_[i])) ++i;
    uint32_t b = i;
    while (i < s.end && !is_ws(text_[i])) ++i;
    if (b == i) break;
    std::string_view token = text_.substr(b, i - b);
    bool unit_only = token.find_first_of("0123456789") == std::string_view::npos && !pending_.parts.empty() &&
                     pending_.parts.back().cell == cell_counter_;
    if (unit_only)
      pending_.parts.back().end = i;
    else
      pending_.parts.push_back({b, i, cell_counter_, false, loose_row_});
  }
}

void Extractor::visit_text(const Segment& s) {
  std::string_view t = text_.substr(s.begin, s.end - s.begin);
  if (join_wrapped_label(s)) return;
  if (const RowSpec* row = truncated_label(t)) {
    // A long label wrapped onto the next line (pdftotext -layout): its first
    // line is a prefix of exactly one row label of the open table.
    finalize();
    const TableSpec& table = g_.tables[static_cast<size_t>(table_)];
    pending_ = row_pending(table_, static_cast<size_t>(row - table.rows.data()), s.begin);
    return;
  }
  // Prose closes the table: a sentence, or more words than any label has
  // (counted without white space: labels are letter-spaced too).
  bool prose = t.find("。") != std::string_view::npos || label_key(t).size() > kMaxLabelBytes;
  if (!prose) remember_fragment(s.begin, s.end);
  if (pending_.active && pending_.parts.empty() && !prose) return;  // rest of a wrapped label
  finalize();
  if (prose)
    close_table();
  else if (table_ >= 0)
    last_unknown_label_ = std::string(t);
  unknown_label_in_row_ = !prose && !loose_row_;
}

// A running header: the report's first line printed again at a page top.
void Extractor::remember_title(const Layout& layout) {
  for (auto& row : layout.rows)
    if (row.kind == RowKind::text && !row.cells.empty() && !row.cells[0].empty()) {
      title_key_ = label_key(text_.substr(row.cells[0].begin, row.cells[0].end - row.cells[0].begin));
      title_line_ = row.line;
      return;
    }
}

bool Extractor::repeats_title(const Row& row) const {
  if (title_key_.size() < 12 || row.line == title_line_ || row.cells.empty()) return false;
  const std::string_view cell = text_.substr(row.cells[0].begin, row.cells[0].end - row.cells[0].begin);
  // A key is the cell's characters less white space, one character each, so
  // a prefix whose key is already longer than the title's (give or take the
  // one character a cut can add) rules out a cell of megabytes cheaply.
  if (const size_t cut = utf8::floor_boundary(cell, 2 * title_key_.size() + 16); cut < cell.size())
    if (label_key(cell.substr(0, cut)).size() > title_key_.size() + 1) return false;
  return label_key(cell) == title_key_;
}

bool Extractor::is_page_number(const Row& row) const {
  std::string_view line = text_.substr(row.cells[0].begin, row.cells[0].end - row.cells[0].begin);
  for (const PagePattern& p : page_numbers_)
    if (!p.range->excludes(line) && RE2::FullMatch(line, *p.re)) return true;
  return false;
}

// The cell's scan (segments_ from `first` on) is one label spanning the
// cell, and the cell normalizes to itself: its key is then that label's, and
// whole_cell_label would say no (a whole label is no truncated one). Label
// cells are the long ones whose key that test would walk.
bool Extractor::whole_label(size_t first, const Cell& c) const {
  return segments_.size() == first + 1 && segments_[first].kind == SegmentKind::label &&
         segments_[first].begin == c.begin && segments_[first].end == c.end &&
         normalizes_verbatim(text_.substr(c.begin, c.end - c.begin));
}

// A structured cell holding the first line of a wrapped row label: kept
// whole, so that a short label inside it (其他 in 2.其他法律行政法规禁) is
// not taken for a column title; visit_text resolves it.
bool Extractor::whole_cell_label(const Row& row, const Cell& c) const {
  // No open table, no truncated label: the key is not worth computing.
  if (!row.structured() || c.empty() || table_ < 0) return false;
  const std::string_view cell = text_.substr(c.begin, c.end - c.begin);
  // Most structured cells are figures: their key is the cell less its white
  // space, and is too short to be a truncated label, or the start of none.
  if (normalizes_verbatim(cell)) {
    if (cell.size() - static_cast<size_t>(std::count_if(cell.begin(), cell.end(), ascii::is_space)) <
        kMinTruncatedKeyBytes)
      return false;
    if (labels_.key_match_squeezing(cell) != LabelIndex::KeyMatch::prefix) return false;
  }
  std::string sq = label_key(cell);
  // A whole label already, or the start of none (then of no row label
  // either): no truncated label.
  if (labels_.key_match(sq) != LabelIndex::KeyMatch::prefix) return false;
  return truncated_key(sq) != nullptr;
}

// The one row of the open table whose label starts with `text`, if the
// text is long enough to mean something (a bare "1." could start any row).
const RowSpec* Extractor::truncated_label(std::string_view text) const {
  if (table_ < 0) return nullptr;
  return truncated_key(label_key(text));
}

// The same for the label key of the text.
const RowSpec* Extractor::truncated_key(const std::string& key) const {
  if (table_ < 0 || key.size() < kMinTruncatedKeyBytes) return nullptr;
  const TableSpec& table = g_.tables[static_cast<size_t>(table_)];
  const RowSpec* found = nullptr;
  for (auto& c : labels_.table_row_labels(static_cast<size_t>(table_)))
    if (c.label.rfind(key, 0) == 0) {
      const RowSpec* row = &table.rows[static_cast<size_t>(c.row)];
      if (found && found != row) return nullptr;
      found = row;
    }
  return found;
}

// A figure alone on a line of text, with fewer digits than the table's
// unlabelled line has cells ("4" between table 4's header and its figures),
// cannot be that line: it is page furniture, and starting the line with it
// would shift every cell after it.
bool Extractor::too_short_for_line(const Segment& s) const {
  const TableSpec& t = g_.tables[static_cast<size_t>(table_)];
  size_t digits = 0;
  for (uint32_t i = s.begin; i < s.end; ++i) digits += text_[i] >= '0' && text_[i] <= '9';
  for (size_t l = 0; l < t.lines.size(); ++l)
    if (!line_filled_[static_cast<size_t>(table_)][l])
      return digits < labels_.line_keys(static_cast<size_t>(table_), l).size();
  return false;
}

void Extractor::start_line() {
  if (table_ < 0) return;
  const TableSpec& t = g_.tables[static_cast<size_t>(table_)];
  auto& filled = line_filled_[static_cast<size_t>(table_)];
  for (size_t l = 0; l < t.lines.size(); ++l)
    if (!filled[l]) {
      filled[l] = true;
      pending_ = Pending{true,
                         table_,
                         "line",
                         labels_.line_keys(static_cast<size_t>(table_), l),
                         labels_.line_columns(static_cast<size_t>(table_), l),
                         labels_.line_key_ids(static_cast<size_t>(table_), l),
                         0,
                         {}};
      return;
    }
}

void Extractor::open_table(int t, uint32_t at) {
  if (t == table_) return;
  close_table();
  table_ = t;
  ++tables_seen_;
  opened_at_ = at;
}

void Extractor::close_table() {
  table_ = -1;
  last_unknown_label_.clear();
  fragment_ = {};
}

}  // namespace xxgk::extract_internal
