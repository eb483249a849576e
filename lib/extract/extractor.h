// Stage 5 internals: the table reader, one state machine over the printed
// rows, in files with one job each:
//
//   rows.cc             walks the layout's rows: which table is open, which
//                       printed row waits for its figures (the row reader)
//   labels.cc           labels wrapped over lines or cells, reworded labels
//                       (loose matching), crawler text cut into figures and words
//   assign.cc           a printed row's figures to its cells: filler cells,
//                       the row's own rules, the self-check (status suspect)
//   recovery_bridge.cc  glued digit runs to the solver (recover.cc) and back
//   value.cc            one printed value to a number (the value lexer)
//   extract.cc          the entry point and the record's cells and notes
#pragma once

#include <re2/re2.h>

#include <array>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "audit/audit.h"
#include "extract/extract.h"
#include "extract/recover.h"

namespace xxgk::extract_internal {

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
  // The row's (or line's) cell keys, held by the LabelIndex, which outlives
  // the extraction: a copy a printed row was most of a row's allocations.
  std::span<const std::string> keys;
  std::span<const ColumnSpec* const> columns;  // of each key, from the LabelIndex too
  std::span<const uint32_t> ids;               // of each key, its index in LabelIndex::keys()
  uint32_t label_offset = 0;
  std::vector<Part> parts;
};

// The longest row label of the templates has 33 characters; text longer
// than this is prose, not a label.
inline constexpr size_t kMaxLabelBytes = 40 * 3;

// Bounds of every string a pattern matches whole (known false: none found):
// a line outside them cannot be a match, and costs RE2 no run.
struct MatchRange {
  bool known = false;
  std::string min, max;
  bool excludes(std::string_view s) const { return known && (s < min || s > max); }
};
// The bounds of `re`, computed once a thread.
const MatchRange& match_range(const RE2& re);

inline bool is_ws(char c) {
  return c == ' ' || c == '\t' || c == '\n';
}

class Extractor {
 public:
  Extractor(const Normalized& text, const Grammar& grammar, const LabelIndex& labels, const CommonSpec& common,
            const PrintedText& printed);
  // Not copied: row_instances_ points into the grammar.
  Extractor(const Extractor&) = delete;
  Extractor& operator=(const Extractor&) = delete;
  Extraction run(const Layout& layout);

 private:
  // A row printed with a figure too many or too few may have shifted its
  // figures into the wrong cells (an empty span cell taken for a value, a
  // stray number line). Its reading stands only where the table's rules
  // check it and hold; otherwise its cells are suspect, never passed on as read.
  struct Anomaly {
    std::string row;
    std::vector<std::string> keys;
    uint32_t at = 0;
  };

  struct QueuedRun {
    recover::Run run;
    std::string row;
    std::string unit;  // printed after the run ("元"), belongs to its last amount cell
  };

  // walking the rows (rows.cc)
  void visit_row(const Row& row);
  void visit_segment(const Segment& s);
  void visit_label(const Segment& s);
  void act_on(const LabelMeaning& m, const Segment& s);
  void visit_figures(const Segment& s);
  void split_run(const Segment& s);
  void visit_text(const Segment& s);
  void remember_title(const Layout& layout);
  bool repeats_title(const Row& row) const;
  bool is_page_number(const Row& row) const;
  bool whole_cell_label(const Row& row, const Cell& c) const;
  bool whole_label(size_t first, const Cell& c) const;
  const RowSpec* truncated_label(std::string_view text) const;
  const RowSpec* truncated_key(const std::string& key) const;
  // A shorter key is no truncated label: a bare "1." could start any row.
  static constexpr size_t kMinTruncatedKeyBytes = 4 * 3;  // four Chinese characters
  void start_line();
  bool too_short_for_line(const Segment& s) const;
  void open_table(int t, uint32_t at);
  void close_table();

  // wrapped and loosely printed labels (labels.cc)
  void visit_loose_text(const Segment& s);
  uint32_t marker_length(uint32_t at, uint32_t end) const;
  uint32_t marker_end(uint32_t at) const;
  std::vector<Segment> cut_figures_and_words(const Segment& s) const;
  uint32_t figures_end(uint32_t i, uint32_t end) const;
  static bool label_like(std::string_view w);
  void remember_fragment(uint32_t b, uint32_t e);
  bool join_wrapped_label(const Segment& s);
  void take_loose_label();
  void demote_embedded_labels(std::vector<Segment>& segments, size_t first, const Cell& c) const;

  // figures to cells, and the self-check (assign.cc)
  void finalize();
  bool drop_filler(Pending& p) const;
  bool row_rules_allow(const Pending& p, size_t lead) const;
  bool glued(const Pending& p) const;
  bool short_of_cells(const Pending& p) const;
  void assign_all(const Pending& p, size_t n);
  void assign(uint32_t id, const ColumnSpec& col, const Part& part);
  // The cell read for `key` so far, or null (key_cell: by its key string,
  // for keys that come from rules and the solver).
  CellValue* key_cell(std::string_view key);
  const CellValue* key_cell(std::string_view key) const;
  Pending row_pending(int table, size_t row, uint32_t label_offset) const;
  void check_anomalies();
  static bool involves(const RuleInstance& in, const std::vector<std::string>& keys);
  std::optional<Decimal> sum_of(const std::vector<std::string>& terms) const;

  // glued runs and the solver (recovery_bridge.cc)
  void queue_recovery(const Pending& p);
  void recover_runs();
  static bool all_placed(const recover::Solution& s);
  bool row_rules_hold(const std::string& row, const std::map<std::string, std::optional<Decimal>>& values) const;
  bool own_rules_hold(const QueuedRun& q, const recover::Solution& s, size_t first) const;
  static bool with_empty_cells(recover::Problem& problem, const recover::Solution& first);
  void apply(const std::vector<QueuedRun>& queued, const recover::Solution& solution);
  static bool all_recovered(const recover::Solution& s, size_t first, size_t n);
  void apply_cell(const recover::CellAnswer& a, const QueuedRun& q, bool last);
  static std::string run_status(const recover::RunAnswer& a);
  static std::string describe(const recover::RunAnswer& a);

  // output (extract.cc)
  void unplace(uint32_t b, uint32_t e, std::string reason);
  void diagnose(std::string code, Severity sev, uint32_t at, std::string message);
  Extraction collect();

  const Normalized& norm_;
  std::string_view text_;
  const Grammar& g_;
  const LabelIndex& labels_;
  const CommonSpec& common_;
  // common_.page_number_patterns, compiled (looked up once a report), each
  // with the bounds of the lines it can match (RE2::PossibleMatchRange).
  struct PagePattern {
    const RE2* re;
    const MatchRange* range;
  };
  std::vector<PagePattern> page_numbers_;
  const PrintedText& printed_;
  ScanConfig config_;
  // The first bytes of the blank markers: marker_length is asked at every
  // byte of glued text, and most begin none.
  std::array<bool, 256> marker_lead_{};
  int table_ = -1;
  uint32_t opened_at_ = 0;
  size_t tables_seen_ = 0;
  int cell_counter_ = 0;
  Pending pending_;
  std::vector<Segment> segments_;  // of the row being visited (visit_row), reused
  std::vector<size_t> cell_starts_;
  std::string last_unknown_label_;
  Fragment fragment_;
  bool loose_row_ = false;
  bool lone_figure_ = false;           // the row is one figure and nothing else
  bool unknown_label_in_row_ = false;  // this printed row has a label of no template row
  std::string title_key_;
  uint32_t title_line_ = 0;
  std::string unit_;
  uint32_t unit_begin_ = 0;
  std::vector<std::vector<bool>> line_filled_;
  std::vector<std::vector<QueuedRun>> runs_;
  std::vector<Anomaly> anomalies_;
  std::vector<const RuleInstance*> row_instances_;  // those over one row (RuleEach::row)
  // By key id (LabelIndex::keys()): a flat array, not a map by key strings;
  // the searches and the nodes of a map were most of placing a figure.
  std::vector<std::optional<CellValue>> cells_;
  std::vector<Unplaced> unplaced_;
  Diagnostics diagnostics_;
};

}  // namespace xxgk::extract_internal
