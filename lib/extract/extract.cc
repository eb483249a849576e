#include "xxgk/extract.h"

#include <re2/re2.h>

#include <algorithm>
#include <map>
#include <memory>

#include "../tokenize/label_match.h"
#include "xxgk/recover.h"
#include "xxgk/regex_cache.h"
#include "xxgk/value.h"

namespace xxgk {

namespace {

// One figure (or blank) waiting to be assigned to a cell.
struct Part {
  uint32_t begin = 0, end = 0;  // normalized range
  int cell = 0;                 // layout cell it came from
  bool blank = false;           // an empty cell or a blank marker
  bool loose = false;           // from a line with no cell boundaries (crawler text)
};

// Printed text waiting to be joined with what follows: the first line of a
// label wrapped onto the next line or cell (行政 / 许可, 其他 / 对外管理服务事项).
struct Fragment {
  uint32_t begin = 0, end = 0;
  std::string key;  // label key of the text so far
  bool empty() const { return key.empty(); }
};

// A printed row waiting for its figures.
struct Pending {
  bool active = false;
  int table = -1;
  std::string name;  // row id or "line" for explanations
  std::vector<std::string> keys;
  uint32_t label_offset = 0;
  std::vector<Part> parts;
};

bool is_ws(char c) {
  return c == ' ' || c == '\t' || c == '\n';
}

class Extractor {
 public:
  Extractor(const Normalized& text, const Grammar& grammar, const LabelIndex& labels, const CommonSpec& common,
            const PrintedText& printed)
      : norm_(text), text_(text.text.text), g_(grammar), labels_(labels), common_(common), printed_(printed) {
    config_.blank_markers = common.blank_markers;
    for (auto& u : common.units) config_.units.push_back(u.first);
    for (auto& u : common.count_units) config_.units.push_back(u);
    config_.sign_words = common.increase_words;
    config_.sign_words.insert(config_.sign_words.end(), common.decrease_words.begin(), common.decrease_words.end());
    line_filled_.assign(g_.tables.size(), {});
    for (size_t t = 0; t < g_.tables.size(); ++t) line_filled_[t].assign(g_.tables[t].lines.size(), false);
    runs_.resize(g_.tables.size());
    // Label keys of every row, normalized once per document, not per segment.
    row_label_keys_.resize(g_.tables.size());
    for (size_t t = 0; t < g_.tables.size(); ++t)
      for (auto& row : g_.tables[t].rows)
        for (auto& l : row.labels) row_label_keys_[t].push_back({&row, label_key(l)});
  }

  Extraction run(const Layout& layout) {
    remember_title(layout);
    for (auto& row : layout.rows) visit_row(row);
    finalize();
    close_table();
    recover_runs();
    check_anomalies();
    return collect();
  }

 private:
  // ---- walking -----------------------------------------------------------

  void visit_row(const Row& row) {
    if (row.kind == RowKind::text && (is_page_number(row) || repeats_title(row))) return;
    loose_row_ = row.kind == RowKind::text;
    std::vector<std::vector<Segment>> segments;
    segments.reserve(row.cells.size());
    bool any_label = false, any_run = false;
    for (auto& c : row.cells) {
      segments.push_back(whole_cell_label(row, c) ? std::vector<Segment>{{SegmentKind::text, c.begin, c.end, nullptr}}
                                                  : scan_cell(text_, c.begin, c.end, labels_, config_));
      demote_embedded_labels(segments.back(), c);
      for (auto& s : segments.back()) {
        any_label |= s.kind == SegmentKind::label;
        any_run |= s.kind == SegmentKind::run;
      }
    }
    // A structured row of bare figures is the table's unlabelled line: all its
    // cells count, leading blanks included.
    if (row.structured() && !any_label && any_run && !pending_.active) start_line();
    for (size_t i = 0; i < row.cells.size(); ++i) {
      ++cell_counter_;
      if (row.cells[i].empty()) {
        if (row.structured() && pending_.active)
          pending_.parts.push_back({row.cells[i].begin, row.cells[i].begin, cell_counter_, true, false});
        continue;
      }
      for (auto& s : segments[i]) visit_segment(s);
    }
    // A row's figures end with it; a label printed with none waits for them
    // on the next row (a label wrapped onto the next line, figures and all).
    if (row.structured() && !(pending_.active && pending_.parts.empty())) finalize();
  }

  void visit_segment(const Segment& s) {
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
  void visit_label(const Segment& s) {
    const LabelMeaning* here = nullptr;
    const LabelMeaning* section = nullptr;
    const LabelMeaning* opener = nullptr;
    for (auto& m : *s.meanings) {
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

  void act_on(const LabelMeaning& m, const Segment& s) {
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
    const TableSpec& t = g_.tables[static_cast<size_t>(m.table)];
    const RowSpec& r = t.rows[static_cast<size_t>(m.index)];
    pending_ = Pending{true, m.table, r.id, t.keys_of_row(r), s.begin, {}};
  }

  void visit_figures(const Segment& s) {
    if (table_ < 0) return;  // figures in prose outside the tables
    if (!pending_.active) take_loose_label();
    if (!pending_.active) start_line();
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
  void split_run(const Segment& s) {
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

  // Crawler text: figures glued to labels the grammar does not know (a
  // reworded 4.保护第三方的合法权益 between 0000000 and 2000002) come out of
  // the scan as one text. Inside a table, when every stretch of words in it
  // could be a label, the text is cut into figures and words: a digit and '.'
  // before words is the label's number, not a figure.
  void visit_loose_text(const Segment& s) {
    if (table_ < 0) return visit_text(s);
    std::vector<Segment> pieces = cut_figures_and_words(s);
    if (pieces.size() < 2) return visit_text(s);
    for (auto& p : pieces) p.kind == SegmentKind::run ? visit_figures(p) : visit_text(p);
  }

  std::vector<Segment> cut_figures_and_words(const Segment& s) const {
    auto digit = [&](uint32_t i) { return text_[i] >= '0' && text_[i] <= '9'; };
    std::vector<Segment> out;
    uint32_t i = s.begin;
    while (i < s.end) {
      uint32_t f = figures_end(i, s.end);
      uint32_t w = f;
      // "…0004.保护": the 4. numbers the words; "24252.31" stays one figure.
      if (f < s.end && f - i >= 2 && text_[f - 1] == '.' && digit(f - 2)) f -= 2;
      while (f > i && !digit(f - 1)) --f;
      w = f;
      if (f > i) out.push_back({SegmentKind::run, i, f, nullptr});
      uint32_t e = w;
      while (e < s.end && !(digit(e) && !(e + 1 < s.end && text_[e + 1] == '.' && e == w))) ++e;
      if (e > w) {
        if (!label_like(text_.substr(w, e - w))) return {};
        out.push_back({SegmentKind::text, w, e, nullptr});
      }
      if (e == i) return {};
      i = e;
    }
    // Figures of one or two digits next to words are counts in a phrase
    // ("共3件"), not glued cells: only cut where the text holds a real run.
    bool long_run = false;
    for (auto& p : out) long_run |= p.kind == SegmentKind::run && p.end - p.begin >= 2;
    return long_run ? out : std::vector<Segment>{};
  }

  // End of the figures at `i`: digits, separators, spaces and unit words.
  uint32_t figures_end(uint32_t i, uint32_t end) const {
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
  static bool label_like(std::string_view w) {
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

  void visit_text(const Segment& s) {
    std::string_view t = text_.substr(s.begin, s.end - s.begin);
    if (join_wrapped_label(s)) return;
    if (const RowSpec* row = truncated_label(t)) {
      // A long label wrapped onto the next line (pdftotext -layout): its first
      // line is a prefix of exactly one row label of the open table.
      finalize();
      const TableSpec& table = g_.tables[static_cast<size_t>(table_)];
      pending_ = Pending{true, table_, row->id, table.keys_of_row(*row), s.begin, {}};
      return;
    }
    bool prose = t.find("。") != std::string_view::npos || t.size() > 60;
    if (!prose) remember_fragment(s.begin, s.end);
    if (pending_.active && pending_.parts.empty() && !prose) return;  // rest of a wrapped label
    finalize();
    if (prose)
      close_table();
    else if (table_ >= 0)
      last_unknown_label_ = std::string(t);
  }

  // ---- wrapped and loosely printed labels ------------------------------------

  // Text joined to the fragment before it when together they make a label, or
  // the start of one (a label wrapped over three lines).
  void remember_fragment(uint32_t b, uint32_t e) {
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
  bool join_wrapped_label(const Segment& s) {
    if (fragment_.empty()) return false;
    std::string joined = fragment_.key + label_key(text_.substr(s.begin, s.end - s.begin));
    const std::vector<LabelMeaning>* meanings = nullptr;
    if (labels_.match(joined, 0, &meanings) != joined.size()) return false;
    Segment label{SegmentKind::label, fragment_.begin, s.end, meanings};
    fragment_ = {};
    visit_label(label);
    return true;
  }

  // Figures with no row waiting: the text printed before them may be a row
  // label reworded or mistyped. Taken only when one row of the open table,
  // not read yet, is clearly the closest; recorded so it can become an alias.
  void take_loose_label() {
    if (fragment_.empty() || table_ < 0) return;
    std::vector<LooseCandidate> candidates;
    const TableSpec& table = g_.tables[static_cast<size_t>(table_)];
    for (auto& [row, label] : row_label_keys_[static_cast<size_t>(table_)]) {
      auto keys = table.keys_of_row(*row);
      if (keys.empty() || cells_.count(keys.front())) continue;
      candidates.push_back({static_cast<int>(row - table.rows.data()), label});
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
    pending_ = Pending{true, table_, r.id, table.keys_of_row(r), fragment_.begin, {}};
    fragment_ = {};
  }

  // In a cell of text, a column or group title found inside longer words is
  // part of those words (其他 in （六）其他, 不计其他情形): the cell is text.
  void demote_embedded_labels(std::vector<Segment>& segments, const Cell& c) const {
    bool text = false;
    for (auto& s : segments) {
      if (s.kind == SegmentKind::run || s.kind == SegmentKind::blank) return;
      if (s.kind == SegmentKind::text) text = true;
      if (s.kind == SegmentKind::label)
        for (auto& m : *s.meanings)
          if (m.role == LabelRole::row || m.role == LabelRole::section || (m.opens && m.table != table_)) return;
    }
    if (text) segments = {{SegmentKind::text, c.begin, c.end, nullptr}};
  }

  // A running header: the report's first line printed again at a page top.
  void remember_title(const Layout& layout) {
    for (auto& row : layout.rows)
      if (row.kind == RowKind::text && !row.cells.empty() && !row.cells[0].empty()) {
        title_key_ = label_key(text_.substr(row.cells[0].begin, row.cells[0].end - row.cells[0].begin));
        title_line_ = row.line;
        return;
      }
  }

  bool repeats_title(const Row& row) const {
    if (title_key_.size() < 12 || row.line == title_line_ || row.cells.empty()) return false;
    return label_key(text_.substr(row.cells[0].begin, row.cells[0].end - row.cells[0].begin)) == title_key_;
  }

  bool is_page_number(const Row& row) const {
    std::string_view line = text_.substr(row.cells[0].begin, row.cells[0].end - row.cells[0].begin);
    for (auto& p : common_.page_number_patterns)
      if (RE2::FullMatch(line, compiled(p))) return true;
    return false;
  }

  // A structured cell holding the first line of a wrapped row label: kept
  // whole, so that a short label inside it (其他 in 2.其他法律行政法规禁) is
  // not taken for a column title; visit_text resolves it.
  bool whole_cell_label(const Row& row, const Cell& c) const {
    if (!row.structured() || c.empty()) return false;
    std::string_view t = text_.substr(c.begin, c.end - c.begin);
    std::string sq = label_key(t);
    const std::vector<LabelMeaning>* meanings = nullptr;
    if (labels_.match(sq, 0, &meanings) == sq.size()) return false;  // a whole label already
    return truncated_label(t) != nullptr;
  }

  // The one row of the open table whose label starts with `text`, if the
  // text is long enough to mean something (a bare "1." could start any row).
  const RowSpec* truncated_label(std::string_view text) const {
    static constexpr size_t kMinPrefixBytes = 4 * 3;  // four Chinese characters
    if (table_ < 0) return nullptr;
    std::string key = label_key(text);
    if (key.size() < kMinPrefixBytes) return nullptr;
    const RowSpec* found = nullptr;
    for (auto& [row, label] : row_label_keys_[static_cast<size_t>(table_)])
      if (label.rfind(key, 0) == 0) {
        if (found && found != row) return nullptr;
        found = row;
      }
    return found;
  }

  void start_line() {
    if (table_ < 0) return;
    const TableSpec& t = g_.tables[static_cast<size_t>(table_)];
    auto& filled = line_filled_[static_cast<size_t>(table_)];
    for (size_t l = 0; l < t.lines.size(); ++l)
      if (!filled[l]) {
        filled[l] = true;
        pending_ = Pending{true, table_, "line", t.keys_of_line(t.lines[l]), 0, {}};
        return;
      }
  }

  void open_table(int t, uint32_t at) {
    if (t == table_) return;
    close_table();
    table_ = t;
    ++tables_seen_;
    opened_at_ = at;
  }

  void close_table() {
    table_ = -1;
    last_unknown_label_.clear();
    fragment_ = {};
  }

  // ---- assigning -----------------------------------------------------------

  void finalize() {
    if (!pending_.active) return;
    Pending p = std::move(pending_);
    pending_ = Pending{};
    // Empty cells beyond the row's width are layout filler: merged label
    // columns expanded before the figures ("| 一、… |  |  | 73 |"), or trailing
    // "| |". Explicit blank markers (/ —) are never dropped.
    auto filler = [](const Part& x) { return x.blank && x.begin == x.end; };
    while (p.parts.size() > p.keys.size() && filler(p.parts.back())) p.parts.pop_back();
    while (p.parts.size() > p.keys.size() && filler(p.parts.front())) p.parts.erase(p.parts.begin());
    const size_t k = p.keys.size(), n = p.parts.size();
    if (n == k) return assign_all(p, n);
    if (n > k) {
      assign_all(p, k);
      anomalies_.push_back({p.name, p.keys, p.parts[k].begin});
      for (size_t i = k; i < n; ++i)
        if (!p.parts[i].blank)
          unplace(p.parts[i].begin, p.parts[i].end, "extra figure after the cells of row " + p.name);
      diagnose("table.row_long", Severity::warning, p.parts[k].begin,
               "row " + p.name + " has " + std::to_string(n) + " figures for " + std::to_string(k) +
                   " cells; the extra ones are unplaced");
      return;
    }
    if (n > 0 && glued(p)) return queue_recovery(p);
    assign_all(p, n);
    if (n > 0 && n < k) anomalies_.push_back({p.name, p.keys, p.parts.back().end});
    // A row printed with no figures at all (a table of labels only) is covered
    // by the report-wide count of missing cells.
    if (n > 0 && n < k)
      diagnose("table.row_short", Severity::warning, n ? p.parts.back().end : p.label_offset,
               "row " + p.name + " has " + std::to_string(n) + " of " + std::to_string(k) + " cells; " +
                   std::to_string(k - n) + " missing");
  }

  // Fewer figures than cells, all from one printed cell, all digits: the cell
  // boundaries were lost (crawler text), not the cells.
  bool glued(const Pending& p) const {
    size_t digits = 0;
    for (auto& part : p.parts) {
      // A printed cell is one value: only text without cell boundaries glues.
      if (part.blank || !part.loose || part.cell != p.parts.front().cell) return false;
      for (uint32_t i = part.begin; i < part.end; ++i) digits += text_[i] >= '0' && text_[i] <= '9';
    }
    return digits >= p.keys.size();  // every cell needs a digit of its own
  }

  void assign_all(const Pending& p, size_t n) {
    for (size_t i = 0; i < n; ++i) assign(p.keys[i], p.parts[i]);
  }

  void assign(const std::string& key, const Part& part) {
    if (cells_.count(key)) {
      if (!part.blank) unplace(part.begin, part.end, "cell " + key + " was already read earlier in the report");
      return;
    }
    CellValue cv;
    cv.key = key;
    cv.raw = printed_(part.begin, part.end);
    cv.offset = norm_.text.origin_of(part.begin);
    const ColumnSpec* col = g_.column_of(key);
    ParsedValue v = parse_value(text_.substr(part.begin, part.end - part.begin), *col, common_);
    switch (v.status) {
      case ParsedValue::Status::blank: cv.status = CellStatus::blank; break;
      case ParsedValue::Status::number:
        cv.status = CellStatus::read;
        cv.value = v.value;
        cv.unit = v.unit;
        if (col->kind == CellKind::count && v.value->mantissa < 0)
          diagnose("value.negative", Severity::warning, part.begin, key + " is a count but is printed negative");
        break;
      case ParsedValue::Status::invalid:
        cv.status = CellStatus::missing;
        unplace(part.begin, part.end, "cannot read '" + *cv.raw + "' as a figure for " + key + ": " + v.problem);
        return;
    }
    cells_[key] = std::move(cv);
  }

  void queue_recovery(const Pending& p) {
    recover::Run run;
    run.keys = p.keys;
    for (auto& part : p.parts) {
      if (!run.text.empty()) {
        run.text.push_back(' ');
        run.origin.push_back(part.begin);
      }
      for (uint32_t i = part.begin; i < part.end; ++i) {
        char c = text_[i];
        if ((c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.') {
          run.text.push_back(c);
          run.origin.push_back(i);
        } else if (static_cast<unsigned char>(c) >= 0x80 && unit_.empty()) {
          unit_begin_ = i;  // a unit word follows the last figure
          unit_ = std::string(text_.substr(i, part.end - i));
          break;
        }
      }
    }
    for (auto& key : p.keys) {
      const ColumnSpec* col = g_.column_of(key);
      run.signed_ok.push_back(col->kind == CellKind::signed_count);
      run.decimal_ok.push_back(col->kind == CellKind::amount);
    }
    QueuedRun q{std::move(run), p.name, unit_};
    unit_.clear();
    runs_[static_cast<size_t>(p.table)].push_back(std::move(q));
  }

  // ---- self-check -------------------------------------------------------------

  // A row printed with a figure too many or too few may have shifted its
  // figures into the wrong cells (an empty span cell taken for a value, a
  // stray number line). Its reading stands only where the table's rules
  // check it and hold; otherwise its cells are suspect, never passed on as read.
  struct Anomaly {
    std::string row;
    std::vector<std::string> keys;
    uint32_t at = 0;
  };

  void check_anomalies() {
    if (anomalies_.empty()) return;
    auto instances = g_.instances();
    for (auto& a : anomalies_) {
      bool checked = false, broken = false;
      for (auto& in : instances) {
        if (!involves(in, a.keys)) continue;
        auto lhs = sum_of(in.lhs), rhs = sum_of(in.rhs);
        if (!lhs || !rhs) continue;
        checked = true;
        broken |= *lhs != *rhs;
      }
      if (checked && !broken) continue;
      size_t marked = 0;
      for (auto& key : a.keys) {
        auto it = cells_.find(key);
        if (it != cells_.end() && it->second.status == CellStatus::read) {
          it->second.status = CellStatus::suspect;
          ++marked;
        }
      }
      if (marked)
        diagnose("table.suspect", Severity::warning, a.at,
                 "row " + a.row + " was printed with a different number of figures than it has cells, and " +
                     (checked ? "the table's rules do not hold for it" : "no rule of the table checks it") + ": its " +
                     std::to_string(marked) + " figures are marked suspect");
    }
  }

  static bool involves(const RuleInstance& in, const std::vector<std::string>& keys) {
    for (auto* side : {&in.lhs, &in.rhs})
      for (auto& k : *side)
        if (std::find(keys.begin(), keys.end(), k) != keys.end()) return true;
    return false;
  }

  // Sum of one side of a rule over read cells (blank counts 0); none if a
  // term was not read.
  std::optional<Decimal> sum_of(const std::vector<std::string>& terms) const {
    Decimal total = Decimal::of(0);
    for (auto& k : terms) {
      auto it = cells_.find(k);
      if (it == cells_.end()) return std::nullopt;
      const CellValue& c = it->second;
      if (c.status == CellStatus::blank) continue;
      if (!c.value || (c.status != CellStatus::read && c.status != CellStatus::recovered)) return std::nullopt;
      total = total + *c.value;
    }
    return total;
  }

  // ---- recovery --------------------------------------------------------------

  struct QueuedRun {
    recover::Run run;
    std::string row;
    std::string unit;  // printed after the run ("元"), belongs to its last amount cell
  };

  void recover_runs() {
    auto instances = g_.instances();
    for (size_t t = 0; t < g_.tables.size(); ++t) {
      if (runs_[t].empty()) continue;
      recover::Problem problem;
      const std::string prefix = g_.tables[t].id + ".";
      for (auto& [key, cv] : cells_)
        if (key.rfind(prefix, 0) == 0 && cv.status != CellStatus::missing) {
          if (cv.status == CellStatus::blank)
            problem.known[key] = 0;
          else if (cv.value && cv.value->is_integer())
            problem.known[key] = cv.value->mantissa;
        }
      for (auto& in : instances)
        if (in.rule->table == g_.tables[t].id) problem.equations.push_back({in.lhs, in.rhs, 0, in.rule->id, in.scope});
      for (auto& q : runs_[t]) problem.runs.push_back(q.run);
      apply(runs_[t], recover::solve(problem));
    }
  }

  void apply(const std::vector<QueuedRun>& queued, const recover::Solution& solution) {
    size_t cell = 0;
    bool relaxed_reported = false;
    for (size_t r = 0; r < queued.size() && r < solution.runs.size(); ++r) {
      const auto& run = queued[r].run;
      const auto& answer = solution.runs[r];
      uint32_t run_begin = run.origin.empty() ? 0 : run.origin.front();
      uint32_t run_end = run.origin.empty() ? 0 : run.origin.back() + 1;
      bool placed = answer.status == recover::RunStatus::solved || answer.status == recover::RunStatus::ambiguous;
      // No split satisfies every rule, but one does once the fewest rules are
      // set aside: the cells are kept (the audit then reports exactly those
      // rules as broken) and the row is reported as broken here.
      bool relaxed =
          !placed && answer.status == recover::RunStatus::no_solution && all_recovered(solution, cell, run.keys.size());
      if (relaxed) {
        if (!relaxed_reported) {  // one note per table: the cause is the table's arithmetic
          diagnose("recover.relaxed", Severity::warning, run_begin,
                   "table " + run.keys.front().substr(0, run.keys.front().find('.')) +
                       ": the glued figures fit only when some rules are set aside, so the report's arithmetic is "
                       "broken there (" +
                       answer.note +
                       "); the cells are split accordingly and the audit names the "
                       "broken rules");
          relaxed_reported = true;
        }
      } else if (!placed) {
        unplace(run_begin, run_end,
                "glued figures of row " + queued[r].row + " could not be split: " + run_status(answer));
        diagnose("recover." + run_status(answer), Severity::warning, run_begin,
                 "row " + queued[r].row + ": glued figures '" + run.text + "' " + describe(answer));
      } else if (answer.status == recover::RunStatus::ambiguous) {
        diagnose("recover.ambiguous", Severity::info, run_begin,
                 "row " + queued[r].row + ": glued figures '" + run.text + "' admit " +
                     std::to_string(answer.candidates.size()) + " splits under the rules");
      }
      for (size_t k = 0; k < run.keys.size(); ++k, ++cell) {
        if (cell >= solution.cells.size()) break;
        apply_cell(solution.cells[cell], queued[r], k + 1 == run.keys.size());
      }
    }
  }

  static bool all_recovered(const recover::Solution& s, size_t first, size_t n) {
    if (first + n > s.cells.size()) return false;
    for (size_t i = first; i < first + n; ++i)
      if (s.cells[i].status != recover::CellStatus::recovered) return false;
    return true;
  }

  void apply_cell(const recover::CellAnswer& a, const QueuedRun& q, bool last) {
    if (cells_.count(a.key)) return;
    CellValue cv;
    cv.key = a.key;
    switch (a.status) {
      case recover::CellStatus::recovered: {
        cv.status = CellStatus::recovered;
        cv.raw = a.raw;
        cv.offset = norm_.text.origin_of(a.offset);
        const ColumnSpec* col = g_.column_of(a.key);
        std::string printed = a.raw + (last ? q.unit : std::string());
        ParsedValue v = parse_value(printed, *col, common_);
        if (v.status == ParsedValue::Status::number) {
          cv.value = v.value;
          cv.unit = v.unit;
          cv.raw = printed;
        } else {
          cv.value = Decimal::of(a.value);
        }
        break;
      }
      case recover::CellStatus::ambiguous:
        cv.status = CellStatus::ambiguous;
        // The solver's candidates are whole numbers; for amounts (which may
        // hold a decimal point) they would misstate the value, so none are
        // listed there and the diagnostic shows the run's splits instead.
        if (g_.column_of(a.key)->kind != CellKind::amount)
          for (auto c : a.candidates) cv.candidates.push_back(Decimal::of(c));
        break;
      case recover::CellStatus::unresolved: cv.status = CellStatus::missing; break;
    }
    cells_[a.key] = std::move(cv);
  }

  static std::string run_status(const recover::RunAnswer& a) {
    switch (a.status) {
      case recover::RunStatus::solved: return "solved";
      case recover::RunStatus::ambiguous: return "ambiguous";
      case recover::RunStatus::no_solution: return "no_solution";
      case recover::RunStatus::gave_up: return "gave_up";
      case recover::RunStatus::too_long: return "too_long";
    }
    return "no_solution";
  }

  static std::string describe(const recover::RunAnswer& a) {
    switch (a.status) {
      case recover::RunStatus::no_solution:
        return "admit no split that satisfies the table's rules: the report's arithmetic is broken" +
               (a.note.empty() ? std::string() : " (" + a.note + ")");
      case recover::RunStatus::gave_up:
        return "were not settled within the search limit" + (a.note.empty() ? std::string() : " (" + a.note + ")");
      case recover::RunStatus::too_long: return "are too long to search";
      default: return "";
    }
  }

  // ---- output ------------------------------------------------------------------

  void unplace(uint32_t b, uint32_t e, std::string reason) {
    unplaced_.push_back({printed_(b, e), norm_.text.origin_of(b), std::move(reason)});
  }

  void diagnose(std::string code, Severity sev, uint32_t at, std::string message) {
    Diagnostic d;
    d.code = std::move(code);
    d.severity = sev;
    d.offset = norm_.text.origin_of(at);
    d.message = std::move(message);
    diagnostics_.push_back(std::move(d));
  }

  Extraction collect() {
    Extraction out;
    for (auto& key : g_.keys()) {
      auto it = cells_.find(key);
      if (it != cells_.end()) {
        out.cells.push_back(std::move(it->second));
      } else {
        CellValue cv;
        cv.key = key;
        out.cells.push_back(std::move(cv));
      }
    }
    std::stable_sort(unplaced_.begin(), unplaced_.end(),
                     [](const Unplaced& a, const Unplaced& b) { return a.offset < b.offset; });
    out.unplaced = std::move(unplaced_);
    out.diagnostics = std::move(diagnostics_);
    out.tables_seen = tables_seen_;
    return out;
  }

  const Normalized& norm_;
  std::string_view text_;
  const Grammar& g_;
  const LabelIndex& labels_;
  const CommonSpec& common_;
  const PrintedText& printed_;
  ScanConfig config_;

  int table_ = -1;
  uint32_t opened_at_ = 0;
  size_t tables_seen_ = 0;
  int cell_counter_ = 0;
  Pending pending_;
  std::string last_unknown_label_;
  Fragment fragment_;
  bool loose_row_ = false;
  std::string title_key_;
  uint32_t title_line_ = 0;
  std::string unit_;
  uint32_t unit_begin_ = 0;
  std::vector<std::vector<std::pair<const RowSpec*, std::string>>> row_label_keys_;  // per table
  std::vector<std::vector<bool>> line_filled_;
  std::vector<std::vector<QueuedRun>> runs_;
  std::vector<Anomaly> anomalies_;
  std::map<std::string, CellValue> cells_;
  std::vector<Unplaced> unplaced_;
  Diagnostics diagnostics_;
};

}  // namespace

Extraction extract_tables(const Normalized& text, const Layout& layout, const Grammar& grammar,
                          const LabelIndex& labels, const CommonSpec& common, const PrintedText& printed) {
  return Extractor(text, grammar, labels, common, printed).run(layout);
}

}  // namespace xxgk
