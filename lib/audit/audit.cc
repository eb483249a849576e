#include "xxgk/audit.h"

#include <re2/re2.h>

#include <algorithm>
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
    if (!c || c->status == CellStatus::missing || c->status == CellStatus::ambiguous ||
        c->status == CellStatus::suspect) {
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

// "a + b | c" split on `sep`, each piece trimmed.
std::vector<std::string> split(const std::string& s, char sep) {
  std::vector<std::string> out;
  size_t start = 0;
  for (size_t i = 0; i <= s.size(); ++i)
    if (i == s.size() || s[i] == sep) {
      std::string piece = s.substr(start, i - start);
      auto b = piece.find_first_not_of(' '), e = piece.find_last_not_of(' ');
      if (b != std::string::npos) out.push_back(piece.substr(b, e - b + 1));
      start = i + 1;
    }
  return out;
}

// The finding for an instance whose sides differ. Where one side is blank
// altogether (a total column left empty) it is a warning, not an error.
Finding broken(const RuleInstance& in, const Side& l, const Side& r, std::vector<std::string> blank) {
  Finding f;
  f.rule = in.rule->id;
  const bool blank_total = !in.rule->cross && (l.all_blank || r.all_blank);
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
  return f;
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
    Finding f = broken(in, l, r, std::move(blank));
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
    // The grammar's key may name alternatives ("a | a + b"): a report may
    // count carried-over applications among those "received". Any readable
    // alternative equal to any stated figure agrees.
    std::vector<std::pair<std::string, Decimal>> sums;
    for (auto& alternative : split(entry.spec->key, '|')) {
      Decimal sum;
      bool readable = true;
      for (auto& k : split(alternative, '+')) {
        auto it = by_key.find(k);
        if (it == by_key.end() || !it->second->value) {
          readable = it != by_key.end() && it->second->status == CellStatus::blank;
          if (!readable) break;
          continue;
        }
        sum = sum + *it->second->value;
      }
      if (readable) sums.push_back({alternative, sum});
    }
    if (sums.empty()) continue;
    bool agrees = false;
    for (auto f : entry.figures)
      for (auto& [name, sum] : sums) agrees |= Decimal::of(f) == sum;
    if (agrees) continue;
    Finding f;
    f.rule = id;
    f.severity = Severity::warning;
    f.scope = sums.front().first;
    f.cells = split(sums.front().first, '+');
    f.lhs = Decimal::of(entry.figures.front());
    f.rhs = sums.front().second;
    f.delta = f.lhs - f.rhs;
    f.message = id + ": the text says " + f.lhs.str() + " but " + f.scope + " is " + f.rhs.str();
    out.push_back(std::move(f));
  }
  return out;
}

std::vector<Finding> audit_cross(const Grammar& grammar, const Record& current, const Record& previous) {
  std::map<std::string_view, const CellValue*> by_key;
  for (auto& c : current.cells) by_key[c.key] = &c;
  std::map<std::string, const CellValue*> prev_by_key;
  for (auto& c : previous.cells) prev_by_key[std::string(kPreviousPrefix) + c.key] = &c;
  for (auto& [k, v] : prev_by_key) by_key[k] = v;
  std::vector<Finding> out;
  for (auto& in : grammar.cross_instances()) {
    std::vector<std::string> blank;
    Side l = add_up(in.lhs, by_key, blank);
    Side r = add_up(in.rhs, by_key, blank);
    if (!l.checkable || !r.checkable || l.sum == r.sum) continue;
    Finding f = broken(in, l, r, std::move(blank));
    f.message += "; previous: " + previous.file + " (" + (previous.year ? std::to_string(*previous.year) : "?") + ")";
    out.push_back(std::move(f));
  }
  return out;
}

std::vector<std::string> cross_keys(const Grammar& grammar) {
  std::vector<std::string> out;
  for (auto& in : grammar.cross_instances())
    for (auto* side : {&in.lhs, &in.rhs})
      for (auto& k : *side) out.push_back(k.rfind(kPreviousPrefix, 0) == 0 ? k.substr(kPreviousPrefix.size()) : k);
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

}  // namespace xxgk
