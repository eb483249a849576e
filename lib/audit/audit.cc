#include "audit/audit.h"

#include <algorithm>
#include <map>
#include <optional>

#include "base/regex_cache.h"

namespace xxgk {

namespace {

struct Side {
  Decimal sum;
  bool all_blank = true;
  bool checkable = true;
};

Side add_up(const std::vector<std::string>& keys, const std::vector<int32_t>& ids, const CellIndex& by_key,
            std::vector<std::string>& blank) {
  Side side;
  for (size_t i = 0; i < keys.size(); ++i) {
    const std::string& k = keys[i];
    const CellValue* c = find_term(by_key, keys, ids, i);
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

// Calls each(piece) for the pieces of "a + b | c" split on `sep`, each
// trimmed, empty ones left out; stops when each returns false. Views into
// `s`: the audit splits its narrative keys at every report.
template <class Each>
void for_each_piece(std::string_view s, char sep, Each&& each) {
  size_t start = 0;
  for (size_t i = 0; i <= s.size(); ++i)
    if (i == s.size() || s[i] == sep) {
      std::string_view piece = s.substr(start, i - start);
      const auto b = piece.find_first_not_of(' '), e = piece.find_last_not_of(' ');
      if (b != std::string_view::npos && !each(piece.substr(b, e - b + 1))) return;
      start = i + 1;
    }
}

std::vector<std::string> split(std::string_view s, char sep) {
  std::vector<std::string> out;
  for_each_piece(s, sep, [&](std::string_view piece) {
    out.emplace_back(piece);
    return true;
  });
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

CellIndex::CellIndex(const std::vector<CellValue>& cells) : cells_(&cells) {
  hash_cells();
}

CellIndex::CellIndex(const std::vector<CellValue>& cells, const Grammar& grammar)
    : cells_(&cells), keys_(&grammar.key_index()) {
  const auto& keys = keys_->order;
  // Keys given twice in the grammar (never, once loaded) would make a number ambiguous.
  in_order_ = !keys.empty() && cells.size() == keys.size() && keys_->ids.size() == keys.size();
  for (size_t i = 0; in_order_ && i < cells.size(); ++i) in_order_ = cells[i].key == keys[i];
  if (!in_order_) hash_cells();
}

void CellIndex::hash_cells() {
  map_.reserve(cells_->size());
  for (auto& c : *cells_) map_[c.key] = &c;
}

void CellIndex::set(std::string_view key, const CellValue* cell) {
  if (in_order_) {
    in_order_ = false;
    hash_cells();
  }
  map_[key] = cell;
}

AuditResult audit_cells(const Grammar& grammar, const std::vector<CellValue>& cells, const CellIndex* index) {
  std::optional<CellIndex> own;
  const CellIndex& by_key = CellIndex::of(cells, grammar, index, own);
  AuditResult out;
  for (auto& in : grammar.instances()) {
    std::vector<std::string> blank;
    Side l = add_up(in.lhs, in.lhs_ids, by_key, blank);
    Side r = add_up(in.rhs, in.rhs_ids, by_key, blank);
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

namespace {

// The value of a narrative key ("a + b"), or nothing when a term is not
// read, or when every term was left blank (a total column left empty says
// nothing to compare a stated figure with).
std::optional<Decimal> narrative_sum(std::string_view key, const CellIndex& by_key) {
  Decimal sum;
  bool all_blank = true, readable = true;
  for_each_piece(key, '+', [&](std::string_view k) {
    const CellValue* c = by_key.find(k);
    if (c && c->value && c->status != CellStatus::suspect) {
      sum = sum + *c->value;
      all_blank = false;
    } else if (!c || c->status != CellStatus::blank) {
      readable = false;
    }
    return readable;
  });
  if (!readable || all_blank) return std::nullopt;
  return sum;
}

}  // namespace

std::vector<Finding> audit_narratives(const Grammar& grammar, const std::vector<CellValue>& cells,
                                      const Normalized& text, const CellIndex* index) {
  std::vector<Finding> out;
  std::optional<CellIndex> own;
  const CellIndex& by_key = CellIndex::of(cells, grammar, index, own);
  // Several patterns may share an id (different phrasings, each with its own
  // key: 收到申请N件 is the new applications, 收到和上年结转申请N件 new plus
  // carried over). A figure agrees if any sentence gives its own pattern's
  // value; a key written "a | b" accepts either alternative.
  struct Stated {
    Decimal figure;
    std::vector<std::pair<std::string, Decimal>> sums;  // readable alternatives of its pattern
  };
  std::map<std::string, std::vector<Stated>> seen;
  const std::string& s = text.text.text;
  FigureScan scan(s);
  for (auto& n : grammar.narratives) {
    std::vector<std::pair<std::string, Decimal>> sums;
    for_each_piece(n.key, '|', [&](std::string_view alternative) {
      if (auto sum = narrative_sum(alternative, by_key)) sums.push_back({std::string(alternative), *sum});
      return true;
    });
    if (sums.empty()) continue;
    for (std::string_view figure : scan.figures(n.pattern))
      if (auto d = Decimal::parse(figure)) seen[n.id].push_back({*d, sums});
  }
  for (auto& [id, stated] : seen) {
    bool agrees = false;
    for (auto& st : stated)
      for (auto& [name, sum] : st.sums) agrees |= st.figure == sum;
    if (agrees) continue;
    const Stated& first = stated.front();
    Finding f;
    f.rule = id;
    f.severity = Severity::warning;
    f.scope = first.sums.front().first;
    f.cells = split(f.scope, '+');
    f.lhs = first.figure;
    f.rhs = first.sums.front().second;
    f.delta = f.lhs - f.rhs;
    f.message = id + ": the text says " + f.lhs.str() + " but " + f.scope + " is " + f.rhs.str();
    out.push_back(std::move(f));
  }
  return out;
}

std::vector<Finding> audit_cross(const Grammar& grammar, const Record& current, const Record& previous) {
  CellIndex by_key(current.cells);
  std::map<std::string, const CellValue*> prev_by_key;
  for (auto& c : previous.cells) prev_by_key[std::string(kPreviousPrefix) + c.key] = &c;
  for (auto& [k, v] : prev_by_key) by_key.set(k, v);
  std::vector<Finding> out;
  for (auto& in : grammar.cross_instances()) {
    std::vector<std::string> blank;
    Side l = add_up(in.lhs, in.lhs_ids, by_key, blank);
    Side r = add_up(in.rhs, in.rhs_ids, by_key, blank);
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
