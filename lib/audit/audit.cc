#include "xxgk/audit.h"

#include <re2/re2.h>

#include <map>

#include "xxgk/regex_cache.h"

namespace xxgk {

namespace {

struct Side {
  Decimal sum;
  bool all_blank = true;
  bool checkable = true;
};

Side add_up(const std::vector<std::string>& keys, const std::map<std::string_view, const CellValue*>& by_key,
            std::vector<std::string>& blank) {
  Side side;
  for (auto& k : keys) {
    auto it = by_key.find(k);
    const CellValue* c = it == by_key.end() ? nullptr : it->second;
    if (!c || c->status == CellStatus::missing || c->status == CellStatus::ambiguous) {
      side.checkable = false;
      continue;
    }
    if (c->status == CellStatus::blank) {
      blank.push_back(k);
      continue;
    }
    side.all_blank = false;
    side.sum = side.sum + *c->value;
  }
  return side;
}

std::string describe(const RuleInstance& in, const Side& l, const Side& r, bool blank_total) {
  std::string msg =
      in.rule->id + " (" + in.scope + "): " + in.rule->text + " does not hold: " + l.sum.str() + " vs " + r.sum.str();
  if (blank_total) msg += "; one side was left blank altogether";
  return msg;
}

}  // namespace

AuditResult audit_cells(const Grammar& grammar, const std::vector<CellValue>& cells) {
  std::map<std::string_view, const CellValue*> by_key;
  for (auto& c : cells) by_key[c.key] = &c;
  AuditResult out;
  for (auto& in : grammar.instances()) {
    std::vector<std::string> blank;
    Side l = add_up(in.lhs, by_key, blank);
    Side r = add_up(in.rhs, by_key, blank);
    if (!l.checkable || !r.checkable) {
      ++out.unchecked;
      continue;
    }
    ++out.checked;
    if (l.sum == r.sum) continue;
    Finding f;
    f.rule = in.rule->id;
    const bool blank_total = l.all_blank || r.all_blank;
    f.severity = blank_total ? Severity::warning : in.rule->severity;
    f.scope = in.scope;
    f.cells = in.lhs;
    f.cells.insert(f.cells.end(), in.rhs.begin(), in.rhs.end());
    f.blank = std::move(blank);
    f.lhs = l.sum;
    f.rhs = r.sum;
    f.delta = l.sum - r.sum;
    f.message = describe(in, l, r, blank_total);
    if (!f.blank.empty()) f.message += "; blank cell(s) counted as 0";
    out.findings.push_back(std::move(f));
  }
  return out;
}

std::vector<Finding> audit_narratives(const Grammar& grammar, const std::vector<CellValue>& cells,
                                      const Normalized& text) {
  std::vector<Finding> out;
  std::map<std::string_view, const CellValue*> by_key;
  for (auto& c : cells) by_key[c.key] = &c;
  // Several patterns may share an id (different phrasings); a figure agrees if
  // any sentence of any phrasing gives the cell's value.
  struct Seen {
    std::vector<int64_t> figures;
    const NarrativeSpec* spec = nullptr;
  };
  std::map<std::string, Seen> seen;
  const std::string& s = text.text.text;
  for (auto& n : grammar.narratives) {
    auto& entry = seen[n.id];
    entry.spec = &n;
    const RE2& re = compiled(n.pattern);
    re2::StringPiece input(s), figure;
    while (RE2::FindAndConsume(&input, re, &figure))
      if (auto d = Decimal::parse(std::string_view(figure.data(), figure.size()))) entry.figures.push_back(d->mantissa);
  }
  for (auto& [id, entry] : seen) {
    if (entry.figures.empty()) continue;
    auto it = by_key.find(entry.spec->key);
    if (it == by_key.end() || !it->second->value) continue;
    const int64_t cell = it->second->value->mantissa;
    bool agrees = false;
    for (auto f : entry.figures) agrees |= f == cell;
    if (agrees) continue;
    Finding f;
    f.rule = id;
    f.severity = Severity::warning;
    f.scope = entry.spec->key;
    f.cells = {entry.spec->key};
    f.lhs = Decimal::of(entry.figures.front());
    f.rhs = *it->second->value;
    f.delta = f.lhs - f.rhs;
    f.message = id + ": the text says " + f.lhs.str() + " but " + entry.spec->key + " is " + f.rhs.str();
    out.push_back(std::move(f));
  }
  return out;
}

}  // namespace xxgk
