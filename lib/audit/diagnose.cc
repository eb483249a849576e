// Diagnosis: which cell (or pair of cells) explains a report's broken sums.
//
// Every rule instance is a linear equation over cells: Σ lhs − Σ rhs = 0. A
// cell c appears in instance i with a coefficient a_i(c) (+1 on the left, −1
// on the right); changing c by d moves the residual r_i by a_i(c)·d. So one
// cell explains the report when it appears in every broken instance with the
// same d = −r_i / a_i(c), and in no instance that holds (there, any d ≠ 0
// would break it). Two cells explain it when the 2-unknown system of every
// instance touching them has one integer solution with both changes non-zero.
// The residuals are whole numbers: the rules only sum counts.
#include <algorithm>
#include <array>
#include <map>
#include <set>

#include "audit/audit.h"

namespace xxgk {

namespace {

enum class State { holds, broken, ignored };

struct Equation {
  std::string name;  // "t3.row_total[granted]"
  std::map<std::string, int64_t> coef;
  int64_t residual = 0;
  State state = State::ignored;
};

bool not_read(CellStatus s) {
  return s == CellStatus::missing || s == CellStatus::ambiguous || s == CellStatus::suspect;
}

struct Cells {
  const CellIndex& by_key;
  const CellValue* at(const std::string& k) const { return by_key.find(k); }
};

// The sides of an instance, each with its terms' numbers.
std::array<std::pair<const std::vector<std::string>*, const std::vector<int32_t>*>, 2> sides(const RuleInstance& in) {
  return {{{&in.lhs, &in.lhs_ids}, {&in.rhs, &in.rhs_ids}}};
}

// Why an instance cannot be checked: its first cell that was not read.
bool unreadable(const RuleInstance& in, const Cells& cells, std::string& unchecked_reason) {
  for (auto [terms, ids] : sides(in))
    for (size_t i = 0; i < terms->size(); ++i) {
      const std::string& k = (*terms)[i];
      const CellValue* c = find_term(cells.by_key, *terms, *ids, i);
      if (!c || not_read(c->status)) {
        unchecked_reason = k + " is " + (c ? to_string(c->status) : "not in the report");
        return true;
      }
    }
  return false;
}

// The equation of one instance, or the reason it could not be checked.
std::optional<Equation> equation(const RuleInstance& in, const Cells& cells, std::string& unchecked_reason) {
  if (unreadable(in, cells, unchecked_reason)) return std::nullopt;
  Equation e;
  e.name = in.rule->id + "[" + in.scope + "]";
  const auto both = sides(in);
  for (auto [side, sign] : {std::pair{both[0], int64_t{1}}, std::pair{both[1], int64_t{-1}}})
    for (size_t i = 0; i < side.first->size(); ++i) {
      const std::string& k = (*side.first)[i];
      const CellValue* c = find_term(cells.by_key, *side.first, *side.second, i);
      e.coef[k] += sign;
      if (c->value && !c->value->is_integer()) return std::nullopt;
      if (c->value) e.residual += sign * c->value->mantissa;
    }
  return e;
}

bool can_suspect(const CellValue* c, const Grammar& g) {
  if (!c || not_read(c->status)) return false;
  auto kind = g.kind_of(c->key);
  return kind && *kind != CellKind::amount;
}

int64_t coef_of(const Equation& e, const std::string& k) {
  auto it = e.coef.find(k);
  return it == e.coef.end() ? 0 : it->second;
}

// The value a changed cell would take; a count cannot go below zero.
std::optional<Suspect> changed(const CellValue& c, int64_t d, const Grammar& g) {
  int64_t printed = c.value ? c.value->mantissa : 0;
  if (printed + d < 0 && g.kind_of(c.key) == CellKind::count) return std::nullopt;
  Suspect s;
  s.cell = c.key;
  s.label = g.display_label(c.key);
  s.printed = c.value;
  s.value = Decimal::of(printed + d);
  return s;
}

std::vector<std::string> broken_names(const std::vector<const Equation*>& broken, const std::string& k) {
  std::vector<std::string> out;
  for (auto* e : broken)
    if (coef_of(*e, k)) out.push_back(e->name);
  return out;
}

std::optional<Suspect> single(const std::string& k, const std::vector<const Equation*>& broken,
                              const std::vector<Equation>& all, const Cells& cells, const Grammar& g) {
  std::optional<int64_t> d;
  for (auto* e : broken) {
    int64_t a = coef_of(*e, k);
    if (!a || e->residual % a) return std::nullopt;
    int64_t need = -e->residual / a;
    if (d && *d != need) return std::nullopt;
    d = need;
  }
  for (auto& e : all)
    if (e.state == State::holds && coef_of(e, k)) return std::nullopt;
  auto s = changed(*cells.at(k), *d, g);
  if (s) s->explains = broken_names(broken, k);
  return s;
}

// Solves a1·x + a2·y = b over every equation touching x or y; one integer
// solution with x, y ≠ 0, or none.
std::optional<std::pair<int64_t, int64_t>> solve_pair(const std::string& x, const std::string& y,
                                                      const std::vector<Equation>& all) {
  struct Row {
    int64_t a1, a2, b;
  };
  std::vector<Row> rows;
  for (auto& e : all) {
    if (e.state == State::ignored) continue;
    int64_t a1 = coef_of(e, x), a2 = coef_of(e, y);
    if (e.state == State::broken && !a1 && !a2) return std::nullopt;  // neither cell can mend it
    if (a1 || a2) rows.push_back({a1, a2, e.state == State::broken ? -e.residual : 0});
  }
  for (size_t i = 0; i < rows.size(); ++i)
    for (size_t j = i + 1; j < rows.size(); ++j) {
      int64_t det = rows[i].a1 * rows[j].a2 - rows[i].a2 * rows[j].a1;
      if (!det) continue;
      int64_t nx = rows[i].b * rows[j].a2 - rows[i].a2 * rows[j].b;
      int64_t ny = rows[i].a1 * rows[j].b - rows[i].b * rows[j].a1;
      if (nx % det || ny % det) return std::nullopt;
      int64_t dx = nx / det, dy = ny / det;
      if (!dx || !dy) return std::nullopt;
      for (auto& r : rows)
        if (r.a1 * dx + r.a2 * dy != r.b) return std::nullopt;
      return std::pair{dx, dy};
    }
  return std::nullopt;  // under-determined: the two cells cannot be told apart
}

std::vector<std::vector<Suspect>> pairs(const std::vector<std::string>& candidates,
                                        const std::vector<const Equation*>& broken, const std::vector<Equation>& all,
                                        const Cells& cells, const Grammar& g) {
  std::vector<std::vector<Suspect>> out;
  if (candidates.size() > kMaxPairCandidates) return out;
  for (size_t i = 0; i < candidates.size() && out.size() < kMaxPairs; ++i)
    for (size_t j = i + 1; j < candidates.size() && out.size() < kMaxPairs; ++j) {
      auto d = solve_pair(candidates[i], candidates[j], all);
      if (!d) continue;
      auto a = changed(*cells.at(candidates[i]), d->first, g);
      auto b = changed(*cells.at(candidates[j]), d->second, g);
      if (!a || !b) continue;
      a->explains = broken_names(broken, a->cell);
      b->explains = broken_names(broken, b->cell);
      out.push_back({std::move(*a), std::move(*b)});
    }
  return out;
}

// Each finding carries the suspects whose change mends it.
void attach(std::vector<Finding>& findings, const Diagnosis& d) {
  for (auto& f : findings) {
    const std::string name = f.instance();
    for (auto& explanation : d.explanations)
      for (auto& s : explanation.suspects)
        if (std::find(s.explains.begin(), s.explains.end(), name) != s.explains.end()) f.suspects.push_back(s);
  }
}

// Broken instances joined by shared cells, directly or through instances that
// hold (table 3's rows and columns form one grid), are one problem; those that
// nothing joins (a sum broken in table 3, another in table 4) are diagnosed
// apart, each with its own explanations.
std::vector<std::vector<const Equation*>> clusters(const std::vector<Equation>& all) {
  std::vector<size_t> parent(all.size());
  for (size_t i = 0; i < parent.size(); ++i) parent[i] = i;
  auto root = [&](size_t i) {
    while (parent[i] != i) i = parent[i] = parent[parent[i]];
    return i;
  };
  std::map<std::string, size_t> first_with;  // cell -> first equation that has it
  for (size_t i = 0; i < all.size(); ++i) {
    if (all[i].state == State::ignored) continue;
    for (auto& [k, a] : all[i].coef) {
      if (!a) continue;
      auto [it, fresh] = first_with.emplace(k, i);
      if (!fresh) parent[root(i)] = root(it->second);
    }
  }
  std::map<size_t, std::vector<const Equation*>> by_root;
  for (size_t i = 0; i < all.size(); ++i)
    if (all[i].state == State::broken) by_root[root(i)].push_back(&all[i]);
  std::vector<std::vector<const Equation*>> out;
  for (auto& [r, c] : by_root) out.push_back(std::move(c));
  return out;
}

// The explanations of one cluster: single cells, else pairs, else none.
std::vector<std::vector<Suspect>> explain(const std::vector<const Equation*>& broken, const std::vector<Equation>& all,
                                          const std::vector<CellValue>& cells, const Cells& by_key, const Grammar& g) {
  // The equations that matter here: those that hold, and this cluster's.
  std::vector<Equation> scope;
  for (auto& e : all)
    if (e.state == State::holds) scope.push_back(e);
  for (auto* e : broken) scope.push_back(*e);
  std::vector<const Equation*> mine;
  for (auto& e : scope)
    if (e.state == State::broken) mine.push_back(&e);
  // Candidates: the cells of the cluster's broken instances, in grammar order.
  std::vector<std::string> candidates;
  for (auto& c : cells)
    if (std::any_of(mine.begin(), mine.end(), [&](auto* e) { return coef_of(*e, c.key); }) && can_suspect(&c, g))
      candidates.push_back(c.key);
  std::vector<std::vector<Suspect>> out;
  for (auto& k : candidates)
    if (auto s = single(k, mine, scope, by_key, g)) out.push_back({std::move(*s)});
  if (out.empty()) out = pairs(candidates, mine, scope, by_key, g);
  return out;
}

}  // namespace

Diagnosis diagnose(const Grammar& grammar, const std::vector<CellValue>& cells, std::vector<Finding>& findings,
                   const CellIndex* index) {
  Diagnosis out;
  std::optional<CellIndex> own;
  const Cells by_key{CellIndex::of(cells, grammar, index, own)};
  std::set<std::string> errors;
  for (auto& f : findings)
    if (f.severity == Severity::error) errors.insert(f.instance());
  std::vector<Equation> all;
  for (auto& in : grammar.instances()) {
    std::string reason;
    if (errors.empty()) {
      // No broken rule, nothing to explain (most reports): only the
      // instances that could not be checked are listed; no equations.
      if (unreadable(in, by_key, reason)) out.unchecked.push_back({in.rule->id + "[" + in.scope + "]", reason});
      continue;
    }
    auto e = equation(in, by_key, reason);
    if (!reason.empty()) out.unchecked.push_back({in.rule->id + "[" + in.scope + "]", reason});
    if (!e) continue;
    // A broken warning (a total left blank) neither asks for a change nor forbids one.
    e->state = e->residual == 0 ? State::holds : errors.count(e->name) ? State::broken : State::ignored;
    all.push_back(std::move(*e));
  }
  size_t singles = 0, pairs_found = 0, unexplained = 0, problem = 0;
  for (auto& cluster : clusters(all)) {
    auto found = explain(cluster, all, cells, by_key, grammar);
    ++problem;
    if (found.empty())
      ++unexplained;
    else
      ++(found.front().size() == 1 ? singles : pairs_found);
    for (auto& e : found) out.explanations.push_back({problem, std::move(e)});
  }
  if (!problem) return out;
  if (unexplained)
    out.verdict = singles + pairs_found ? "partial" : "unexplained";
  else
    out.verdict = pairs_found ? "pair" : "single";
  attach(findings, out);
  return out;
}

std::string describe(const Diagnosis& d) {
  auto printed = [](const Suspect& s) { return s.printed ? s.printed->str() : std::string("blank"); };
  auto join = [](const std::vector<std::string>& v) {
    std::string out;
    for (auto& x : v) out += (out.empty() ? "" : ", ") + x;
    return out;
  };
  if (d.verdict == "clean") return "";
  if (d.verdict == "unexplained") return "no single cell, nor pair of cells, explains the broken rules";
  std::string out = d.verdict == "partial" ? "some broken rules have no small explanation; " : "";
  size_t problem = 0;
  for (auto& e : d.explanations) {
    // Alternatives for one problem are joined by "or", problems by "and".
    if (problem) out += e.problem == problem ? "; or " : "; and ";
    problem = e.problem;
    std::vector<std::string> explains;
    for (auto& s : e.suspects) {
      if (&s != &e.suspects.front()) out += " and ";
      out += s.label + " printed " + printed(s) + (e.suspects.size() == 1 ? "; " : " → ") + s.value.str();
      for (auto& x : s.explains)
        if (std::find(explains.begin(), explains.end(), x) == explains.end()) explains.push_back(x);
    }
    out += " would make " + join(explains) + " hold";
  }
  return out;
}

}  // namespace xxgk
