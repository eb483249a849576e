// Grammars: everything template-specific, read at run time from grammars/*.xml.
//
// A template (gov-2019, gov-2021, ...) is described as data: how to recognize
// it, its section names, its tables, and its arithmetic rules. The engine knows
// no label text: a new template or a new label variant is a grammar edit.
//
// A table is a matrix of logical rows x columns; the canonical key of a cell is
// "<table>.<row>.<column>" (t3.granted.natural). How rows appear in print is
// described by labels: a labelled row is found by its label (or an alias) and
// its values follow it; an unlabelled `line` (table 4's single row of fifteen
// cells) is the first run of values met in the table. Headers are labels that
// are recognized and skipped (column titles, merged group labels); some of them
// open the table.
//
// Labels are compared by their *label key*: normalized text (NFKC) with all
// white space removed, so 自 然 人 and 自然人 are the same label.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "base/diagnostic.h"
#include "base/hash.h"

namespace xxgk {

enum class CellKind { count, signed_count, amount };
const char* to_string(CellKind k);

struct ColumnSpec {
  std::string id;
  std::vector<std::string> labels;  // printed label first, then aliases
  CellKind kind = CellKind::count;
  std::string unit;  // unit the template prints the value in ("万元"), or empty
};

struct RowSpec {
  std::string id;
  std::vector<std::string> labels;   // empty: the row is unlabelled (printed in a line)
  std::vector<std::string> columns;  // column ids, in printed order
  bool opens = false;                // its label also opens the table
};

// An unlabelled printed line that carries the cells of several rows in order.
struct LineSpec {
  std::vector<std::string> rows;
};

struct HeaderSpec {
  std::string label;
  bool opens = false;
};

struct TableSpec {
  std::string id;  // "t3"
  std::string title;
  std::vector<ColumnSpec> columns;
  std::vector<RowSpec> rows;
  std::vector<LineSpec> lines;
  std::vector<HeaderSpec> headers;

  const ColumnSpec* column(std::string_view id) const;
  const RowSpec* row(std::string_view id) const;
  // Canonical keys of one printed line / row, in printed order.
  std::vector<std::string> keys_of_row(const RowSpec& r) const;
  std::vector<std::string> keys_of_line(const LineSpec& l) const;
  std::string key(std::string_view row, std::string_view column) const;
};

enum class RuleEach { row, column };

// "lhs terms = rhs terms", instantiated for each row (terms are column ids) or
// each column (terms are row ids; a trailing ".*" takes every row below it).
struct RuleSpec {
  std::string id;  // "t3.row_total"
  std::string table;
  RuleEach each = RuleEach::row;
  Severity severity = Severity::error;
  std::vector<std::string> lhs, rhs;
  std::string text;  // as written in the grammar, for explanations
  // A cross-report rule (<cross>): terms written "previous.x" refer to the
  // same agency's report of the year before.
  bool cross = false;
};

// In a cross rule instance, a key of the previous year's report carries this prefix.
inline constexpr std::string_view kPreviousPrefix = "previous:";

// One instance of a rule: a checkable equation over concrete keys.
struct RuleInstance {
  const RuleSpec* rule = nullptr;
  std::string scope;  // the row id (each=row) or column id (each=column)
  std::vector<std::string> lhs, rhs;
  // Each term's index among the grammar's keys (Grammar::key_index()), -1
  // for a previous-year term. A cell index of a report in key order looks
  // the cells up by these, not by hash.
  std::vector<int32_t> lhs_ids, rhs_ids;
};

// A figure stated in prose that must equal a table cell (warning on mismatch).
struct NarrativeSpec {
  std::string id;       // "text.new_received"
  std::string key;      // "t3.new_received.total"
  std::string pattern;  // RE2, one capture group: the figure
};

// An indicator formula (metrics.tsv) as a tree, parsed and checked at load:
// cell keys (a blank cell counts 0), "Σ t3.withheld.*.total" (the sum of the
// matching keys), earlier indicators (m.processed), the previous year's value
// of an indicator (previous.m.requests), numbers, + - / and parentheses.
struct MetricExpr {
  enum class Op { number, key, sum, metric, previous, add, sub, div };
  Op op = Op::number;
  double number = 0;
  std::string name;               // key or metric id
  std::vector<std::string> keys;  // sum: the matching keys
  std::vector<MetricExpr> args;   // add/sub/div: two operands
};

struct MetricSpec {
  std::string id;       // "m.granted_share"
  std::string unit;     // count or ratio
  std::string formula;  // as written
  MetricExpr expr;
  // The template has no such cell: the indicator is always null, and why.
  std::string absent;
};

// cross.jump: an indicator moving by more than `factor` (either way) against
// the previous year, where either year's value reaches `min` (small numbers
// jump by nature).
struct JumpSpec {
  std::string metric;
  double factor = 3;
  double min = 0;
};

// Thresholds of the cross-report checks that compare a report with the year
// before (<cross-checks>).
struct CrossChecks {
  size_t copied_table_min_nonzero = 0;  // 0: cross.copied_table off
  size_t copied_text_min_chars = 0;     // 0: cross.copied_text off
  std::vector<JumpSpec> jumps;
};

// A grammar's keys in order (Grammar::keys()) and each key's index in it: a
// parsed report's cells are in this order, and the audit finds them by it.
struct KeyIndex {
  std::vector<std::string> order;
  std::unordered_map<std::string, uint32_t, ViewHash, std::equal_to<>> ids;  // the first of a key twice
};

// The expanded rule instances of one Grammar, and its key index, made on
// first use (a batch without reports never pays for them).
class RuleInstanceCache {
 public:
  RuleInstanceCache() = default;
  RuleInstanceCache(const RuleInstanceCache&) : RuleInstanceCache() {}
  RuleInstanceCache(RuleInstanceCache&&) noexcept = default;
  RuleInstanceCache& operator=(const RuleInstanceCache&) {
    state_ = std::make_unique<State>();
    return *this;
  }
  RuleInstanceCache& operator=(RuleInstanceCache&&) noexcept = default;
  ~RuleInstanceCache() = default;

  // The key index, made by `make` on the first call.
  template <class Make>
  const KeyIndex& keys(Make&& make) const {
    if (!state_) throw std::logic_error("key index of a moved-from Grammar");
    std::call_once(state_->keys_once, [&] { state_->keys = make(); });
    return state_->keys;
  }
  // The instances (or the cross-report ones), made by `expand` on the first call.
  template <class Expand>
  const std::vector<RuleInstance>& get(bool cross, Expand&& expand) const {
    if (!state_) throw std::logic_error("rule instances of a moved-from Grammar");
    Slot& slot = cross ? state_->cross : state_->local;
    std::call_once(slot.once, [&] { slot.instances = expand(cross); });
    return slot.instances;
  }

 private:
  struct Slot {
    std::once_flag once;
    std::vector<RuleInstance> instances;
  };
  struct State {
    Slot local, cross;
    std::once_flag keys_once;
    KeyIndex keys;
  };
  // A once_flag cannot move, so the state is held; a moved-from cache has none.
  std::unique_ptr<State> state_ = std::make_unique<State>();
};

struct SectionSpec {
  int level = 1;
  std::string number;               // "二"; "" where any number is printed (legacy reports)
  std::vector<std::string> titles;  // printed title first, then variants
};

struct Grammar {
  std::string id;       // "gov-2019"
  std::string file;     // where it was loaded from
  std::string version;  // <grammar version="1">: the grammar's own revision
  std::string description;
  std::vector<std::string> markers;  // detection: labels typical of this template
  std::vector<SectionSpec> sections;
  std::vector<TableSpec> tables;
  std::vector<RuleSpec> rules;
  std::vector<NarrativeSpec> narratives;
  std::vector<MetricSpec> metrics;
  std::string chart_metric;  // <metrics chart="...">: the indicator the HTML page charts
  CrossChecks cross_checks;
  // <display>: how a row without a printed label of its own (table 4's) is
  // named to a reader, "t4.review" -> "行政复议".
  std::map<std::string, std::string> row_display;

  const TableSpec* table(std::string_view id) const;
  // The printed row and column labels of a key, for readers:
  // "t3.granted.natural" -> "予以公开/自然人" (numbering such as （一） dropped).
  std::string display_label(std::string_view key) const;
  std::string row_label(const TableSpec& t, const RowSpec& r) const;
  static std::string column_label(const ColumnSpec& c);
  // Every canonical key of the template, in table/row/column order.
  std::vector<std::string> keys() const;
  std::optional<CellKind> kind_of(std::string_view key) const;
  const ColumnSpec* column_of(std::string_view key) const;
  // Rules expanded over the table's rows/columns into concrete equations:
  // the rules of one report, and the cross-report rules. Expanded on the first
  // call, once for this object (thread-safe), and kept: every report checks
  // every rule, a batch without reports never pays for them.
  const std::vector<RuleInstance>& instances() const;
  const std::vector<RuleInstance>& cross_instances() const;

  // Canonical key -> (index into tables, index into its columns), built once
  // by parse_grammar so that column_of() builds no string per call (it is on
  // the path of every cell). Indices, not pointers: a copied Grammar stays
  // right. Empty for a Grammar assembled by hand: column_of() then scans.
  // Hashed, and looked up by string_view: building it is part of every
  // start-up, and a sorted map's string comparisons were most of that.
  std::unordered_map<std::string, std::pair<uint32_t, uint32_t>, ViewHash, std::equal_to<>> column_index;
  void index_columns();
  // keys(), and each key's index in it; made on first use, kept.
  const KeyIndex& key_index() const;

  // What instances() and cross_instances() expanded. Their rule pointers point
  // into `rules`: a copy starts empty and expands its own; a move keeps them
  // (the rules' storage moves along).
  RuleInstanceCache rule_cache;
};

// Report-wide patterns that are not tied to one template: how titles, dates and
// signatures are written, which strings mean "blank", which units exist.
struct CommonSpec {
  std::vector<std::string> title_patterns;        // RE2; named groups agency, year
  std::vector<std::string> opening_patterns;      // RE2; agency, year
  std::vector<std::string> period_patterns;       // RE2; year
  std::vector<std::string> date_patterns;         // RE2; year (signature date)
  std::vector<std::string> agency_suffixes;       // a signature line ends with one
  std::vector<std::string> report_markers;        // text that says "this is a report"
  std::vector<std::string> blank_markers;         // "/", "—", "无", ...
  std::vector<std::string> page_number_patterns;  // RE2, whole line: "- 3 -", "第3页"
  std::map<std::string, int> units;               // unit -> power of ten vs the base (元 0, 万元 4)
  std::vector<std::string> count_units;           // 件, 个, 条 ... stripped from counts
  std::vector<std::string> increase_words;        // 增加 -> +
  std::vector<std::string> decrease_words;        // 减少 -> -
  std::string version;                            // <common version="1">
  std::vector<std::string> region_suffixes;       // 省 市 区 县 ...: where an agency's region prefix ends
  std::string legacy_template = "legacy";
  std::vector<SectionSpec> legacy_sections;  // titles of pre-2019 reports; number "" = any
  int legacy_before_year = 2019;
};

// All grammars of a directory, validated and compiled once at load.
struct GrammarSet {
  CommonSpec common;
  std::vector<Grammar> templates;         // gov-* in file-name order
  std::vector<std::string> dataset_keys;  // union of keys, in fields.tsv order
  // dataset_keys[i] -> i: a dataset row finds each cell's column by one lookup.
  std::unordered_map<std::string, uint32_t, ViewHash, std::equal_to<>> dataset_column;
  std::vector<std::string> metric_ids;  // the indicators, in metrics.tsv order (same in every template)
  const Grammar* find(std::string_view id) const;
};

// GrammarError, thrown with "file:line: message" for a malformed grammar, is
// public (xxgk/xxgk.h): an embedding program catches it from Engine.

// Loads every *.xml of `dir` (common.xml is the common spec). Throws GrammarError.
GrammarSet load_grammars(const std::string& dir);
// Loads one template grammar from a string (tests). Throws GrammarError.
Grammar parse_grammar(std::string_view xml, const std::string& file_name);
CommonSpec parse_common(std::string_view xml, const std::string& file_name);

// The label key: NFKC, white space removed. Used for every label comparison.
std::string label_key(std::string_view text);

}  // namespace xxgk
