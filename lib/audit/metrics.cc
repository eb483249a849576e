// Indicators (metrics.tsv): the grammar's formulas evaluated on one report.
//
// Null, never 0 or 1, where the contract says so: a term missing, ambiguous or
// suspect (a blank cell counts 0, as in the arithmetic), an absent cell (the
// template has none), a zero denominator, no previous report for previous.*.
// Values are doubles: counts are whole numbers far below 2^53, and a ratio is
// written in its shortest round-trip form.
#include <map>

#include "audit/audit.h"

namespace xxgk {

namespace {

struct Scope {
  explicit Scope(const CellIndex& all) : cells(all) {}
  const CellIndex& cells;
  std::map<std::string, std::optional<double>> done;      // this report's indicators so far
  std::map<std::string, std::optional<double>> previous;  // last year's
  bool have_previous = false;
};

std::optional<double> cell_value(const Scope& s, const std::string& key) {
  const CellValue* found = s.cells.find(key);
  if (!found) return std::nullopt;
  const CellValue& c = *found;
  if (c.status == CellStatus::blank) return 0.0;
  if (c.status == CellStatus::missing || c.status == CellStatus::ambiguous || c.status == CellStatus::suspect ||
      !c.value)
    return std::nullopt;
  return static_cast<double>(c.value->mantissa) / [&] {
    double p = 1;
    for (int i = 0; i < c.value->scale; ++i) p *= 10;
    return p;
  }();
}

std::optional<double> lookup(const std::map<std::string, std::optional<double>>& m, const std::string& id) {
  auto it = m.find(id);
  return it == m.end() ? std::nullopt : it->second;
}

// The tree is the grammar's (bounded depth, checked at load), not the input's.
std::optional<double> eval(const MetricExpr& e, const Scope& s) {
  using Op = MetricExpr::Op;
  switch (e.op) {
    case Op::number: return e.number;
    case Op::key: return cell_value(s, e.name);
    case Op::metric: return lookup(s.done, e.name);
    case Op::previous: return s.have_previous ? lookup(s.previous, e.name) : std::nullopt;
    case Op::sum: {
      double sum = 0;
      for (auto& k : e.keys) {
        auto v = cell_value(s, k);
        if (!v) return std::nullopt;
        sum += *v;
      }
      return sum;
    }
    case Op::add:
    case Op::sub:
    case Op::div: {
      auto a = eval(e.args[0], s), b = eval(e.args[1], s);
      if (!a || !b) return std::nullopt;
      if (e.op == Op::add) return *a + *b;
      if (e.op == Op::sub) return *a - *b;
      if (*b == 0) return std::nullopt;
      return *a / *b;
    }
  }
  return std::nullopt;
}

}  // namespace

std::vector<Metric> compute_metrics(const Grammar& grammar, const std::vector<CellValue>& cells,
                                    const std::vector<Metric>* previous, const CellIndex* index) {
  std::optional<CellIndex> own;
  Scope s(CellIndex::of(cells, grammar, index, own));
  if (previous) {
    s.have_previous = true;
    for (auto& m : *previous) s.previous[m.id] = m.value;
  }
  std::vector<Metric> out;
  for (auto& spec : grammar.metrics) {
    Metric m{spec.id, spec.unit, std::nullopt};
    if (spec.absent.empty()) m.value = eval(spec.expr, s);
    s.done[spec.id] = m.value;
    out.push_back(std::move(m));
  }
  return out;
}

}  // namespace xxgk
