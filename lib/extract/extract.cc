#include "extract/extract.h"

#include "base/budget.h"
#include "base/regex_cache.h"
#include "extractor.h"

namespace xxgk::extract_internal {

Extractor::Extractor(const Normalized& text, const Grammar& grammar, const LabelIndex& labels, const CommonSpec& common,
                     const PrintedText& printed)
    : norm_(text), text_(text.text.text), g_(grammar), labels_(labels), common_(common), printed_(printed) {
  for (auto& p : common.page_number_patterns) {
    const RE2& re = compiled(p);
    page_numbers_.push_back({&re, &match_range(re)});
  }
  config_ = scan_config(common);
  for (auto& m : common.blank_markers)
    if (!m.empty()) marker_lead_[static_cast<unsigned char>(m[0])] = true;
  line_filled_.assign(g_.tables.size(), {});
  for (size_t t = 0; t < g_.tables.size(); ++t) line_filled_[t].assign(g_.tables[t].lines.size(), false);
  runs_.resize(g_.tables.size());
  cells_.resize(labels_.keys().size());
  // Pointers, not copies: a report would otherwise copy every row rule's
  // instance (their terms are strings).
  for (auto& in : g_.instances())
    if (in.rule->each == RuleEach::row) row_instances_.push_back(&in);
}

Extraction Extractor::run(const Layout& layout) {
  remember_title(layout);
  BudgetTicker ticker(64);
  for (auto& row : layout.rows) {
    ticker.tick();
    visit_row(row);
  }
  finalize();
  close_table();
  recover_runs();
  check_anomalies();
  return collect();
}

CellValue* Extractor::key_cell(std::string_view key) {
  const int id = labels_.key_id(key);
  return id >= 0 && cells_[static_cast<size_t>(id)] ? &*cells_[static_cast<size_t>(id)] : nullptr;
}

const CellValue* Extractor::key_cell(std::string_view key) const {
  return const_cast<Extractor*>(this)->key_cell(key);
}

// The pending row of table `table`'s row `row`, its label at `label_offset`.
Pending Extractor::row_pending(int table, size_t row, uint32_t label_offset) const {
  const auto t = static_cast<size_t>(table);
  return Pending{true,
                 table,
                 g_.tables[t].rows[row].id,
                 labels_.row_keys(t, row),
                 labels_.row_columns(t, row),
                 labels_.row_key_ids(t, row),
                 label_offset,
                 {}};
}

void Extractor::unplace(uint32_t b, uint32_t e, std::string reason) {
  unplaced_.push_back({printed_(b, e), norm_.text.origin_of(b), std::move(reason)});
}

void Extractor::diagnose(std::string code, Severity sev, uint32_t at, std::string message) {
  Diagnostic d;
  d.code = std::move(code);
  d.severity = sev;
  d.offset = norm_.text.origin_of(at);
  d.message = std::move(message);
  diagnostics_.push_back(std::move(d));
}

Extraction Extractor::collect() {
  Extraction out;
  const auto& keys = labels_.keys();
  out.cells.reserve(keys.size());
  for (size_t i = 0; i < keys.size(); ++i) {
    if (cells_[i]) {
      out.cells.push_back(std::move(*cells_[i]));
    } else {
      CellValue cv;
      cv.key = keys[i];
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

}  // namespace xxgk::extract_internal

namespace xxgk {

Extraction extract_tables(const Normalized& text, const Layout& layout, const Grammar& grammar,
                          const LabelIndex& labels, const CommonSpec& common, const PrintedText& printed) {
  return extract_internal::Extractor(text, grammar, labels, common, printed).run(layout);
}

}  // namespace xxgk
