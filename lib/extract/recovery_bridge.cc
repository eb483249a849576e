// Glued digit runs to the solver (recover.cc), and its answers back to cells.
#include "extract/value.h"
#include "extractor.h"

namespace xxgk::extract_internal {

void Extractor::queue_recovery(const Pending& p) {
  recover::Run run;
  run.keys.assign(p.keys.begin(), p.keys.end());
  const bool maybe_blank = short_of_cells(p);
  for (auto& part : p.parts) {
    if (!run.text.empty()) {
      run.text.push_back(maybe_blank ? recover::kMaybeBlank : ' ');
      run.origin.push_back(part.begin);
    }
    if (part.blank) {
      run.text.push_back(recover::kBlankCell);
      run.origin.push_back(part.begin);
      continue;
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

void Extractor::recover_runs() {
  const auto& instances = g_.instances();
  for (size_t t = 0; t < g_.tables.size(); ++t) {
    if (runs_[t].empty()) continue;
    recover::Problem problem;
    const std::string prefix = g_.tables[t].id + ".";
    for (size_t id = 0; id < cells_.size(); ++id) {
      if (!cells_[id]) continue;
      const std::string& key = labels_.keys()[id];
      const CellValue& cv = *cells_[id];
      if (key.rfind(prefix, 0) == 0 && cv.status != CellStatus::missing) {
        if (cv.status == CellStatus::blank)
          problem.known[key] = 0;
        else if (cv.value && cv.value->is_integer())
          problem.known[key] = cv.value->mantissa;
      }
    }
    for (auto& in : instances)
      if (in.rule->table == g_.tables[t].id) problem.equations.push_back({in.lhs, in.rhs, 0, in.rule->id, in.scope});
    for (auto& q : runs_[t]) problem.runs.push_back(q.run);
    recover::Solution solution = recover::solve(problem);
    if (!all_placed(solution) && with_empty_cells(problem, solution)) {
      // No split satisfies every rule. Crawler text keeps a space where a
      // cell was printed empty: if reading its spaces as possible empty
      // cells lets every rule hold, that is the reading (the rules confirm
      // it); otherwise the table's arithmetic is broken as printed.
      recover::Solution second = recover::solve(problem);
      if (all_placed(second)) {
        solution = std::move(second);
        for (size_t r = 0; r < runs_[t].size(); ++r) runs_[t][r].run = problem.runs[r];
      }
    }
    apply(runs_[t], solution);
  }
}

bool Extractor::all_placed(const recover::Solution& s) {
  for (auto& r : s.runs)
    if (r.status != recover::RunStatus::solved && r.status != recover::RunStatus::ambiguous) return false;
  return true;
}

// Turns the spaces between the figures of the runs that found no split into
// possible empty cells (a run that did keeps its reading); false when none
// has a space.
bool Extractor::with_empty_cells(recover::Problem& problem, const recover::Solution& first) {
  bool any = false;
  for (size_t r = 0; r < problem.runs.size() && r < first.runs.size(); ++r) {
    auto status = first.runs[r].status;
    if (status == recover::RunStatus::solved || status == recover::RunStatus::ambiguous) continue;
    for (char& c : problem.runs[r].text)
      if (c == ' ') c = recover::kMaybeBlank, any = true;
  }
  return any;
}

void Extractor::apply(const std::vector<QueuedRun>& queued, const recover::Solution& solution) {
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
    // A row's own rule (its total) must hold under the split kept: a broken
    // sum elsewhere in the table is no licence to read this row against its
    // own arithmetic. Such a row is left unsplit.
    if (relaxed && !own_rules_hold(queued[r], solution, cell)) {
      for (size_t k = 0; k < run.keys.size(); ++k)
        if (const int id = labels_.key_id(run.keys[k]); id >= 0) cells_[static_cast<size_t>(id)].reset();
      unplace(run_begin, run_end,
              "glued figures of row " + queued[r].row +
                  " could not be split: the table's arithmetic is broken and no split keeps this row's own total");
      diagnose("recover.no_solution", Severity::warning, run_begin,
               "row " + queued[r].row + ": glued figures '" + run.text +
                   "' admit no split that keeps the row's own total while the table's arithmetic is broken");
      cell += run.keys.size();
      continue;
    }
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

bool Extractor::own_rules_hold(const QueuedRun& q, const recover::Solution& s, size_t first) const {
  std::map<std::string, std::optional<Decimal>> values;
  for (size_t k = 0; k < q.run.keys.size() && first + k < s.cells.size(); ++k)
    values[q.run.keys[k]] = Decimal::of(s.cells[first + k].value);
  return row_rules_hold(q.row, values);
}

bool Extractor::all_recovered(const recover::Solution& s, size_t first, size_t n) {
  if (first + n > s.cells.size()) return false;
  for (size_t i = first; i < first + n; ++i)
    if (s.cells[i].status != recover::CellStatus::recovered) return false;
  return true;
}

void Extractor::apply_cell(const recover::CellAnswer& a, const QueuedRun& q, bool last) {
  const int id = labels_.key_id(a.key);
  // Run keys are a row's keys, all in LabelIndex::keys().
  if (id < 0 || cells_[static_cast<size_t>(id)]) return;
  CellValue cv;
  cv.key = a.key;
  switch (a.status) {
    case recover::CellStatus::recovered: {
      cv.status = CellStatus::recovered;
      cv.raw = a.raw;
      cv.offset = norm_.text.origin_of(a.offset);
      if (a.raw == std::string(1, recover::kMaybeBlank)) {  // printed empty: a space in the run
        cv.status = CellStatus::blank;
        cv.raw = "";
        break;
      }
      if (a.raw == std::string(1, recover::kBlankCell)) {  // the marker printed in the run
        cv.status = CellStatus::blank;
        cv.raw = printed_(a.offset, marker_end(a.offset));
        break;
      }
      const ColumnSpec* col = g_.column_of(a.key);
      std::string printed = a.raw + (last ? q.unit : std::string());
      ParsedValue v = parse_value(printed, *col, common_, config_.digit_words);
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
  cells_[static_cast<size_t>(id)] = std::move(cv);
}

std::string Extractor::run_status(const recover::RunAnswer& a) {
  switch (a.status) {
    case recover::RunStatus::solved: return "solved";
    case recover::RunStatus::ambiguous: return "ambiguous";
    case recover::RunStatus::no_solution: return "no_solution";
    case recover::RunStatus::gave_up: return "gave_up";
    case recover::RunStatus::too_long: return "too_long";
  }
  return "no_solution";
}

std::string Extractor::describe(const recover::RunAnswer& a) {
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

}  // namespace xxgk::extract_internal
