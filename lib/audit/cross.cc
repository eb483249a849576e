#include "audit/cross.h"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <map>
#include <set>
#include <utility>

#include "audit/audit.h"
#include "normalize/normalize.h"

namespace xxgk {

namespace {

// Folding chains (a short form into a longer one into a longer one) end here.
constexpr int kMaxFoldSteps = 4;

std::string fold_string(std::string_view s) {
  Normalized n;
  n.text.append(s, 0);
  n.text.finish(static_cast<uint32_t>(s.size()));
  for (size_t i = 0; i <= s.size(); ++i) n.pre.push_back(0);
  return fold_traditional(n).text.text;
}

std::string folder_of(const std::string& file) {
  return std::filesystem::path(file).parent_path().string();
}

bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

bool is_region_end(std::string_view s, const CommonSpec& common) {
  return std::any_of(common.region_suffixes.begin(), common.region_suffixes.end(),
                     [&](const std::string& r) { return s.size() > r.size() && ends_with(s, r); });
}

// How `full` reads as `shorter` with more around it: a region prefix P, then
// `shorter` (鹤岗市 + 南山区人民政府), or, where `shorter` is itself a region
// (the short title form 南山区), P, `shorter` and an agency suffix X of
// common.xml (鹤岗市 + 南山区 + 人民政府; never 南山区人民政府 + 办公室, another
// body). `region`: the fold is safe without a shared folder, since P ends
// with a region suffix and `shorter` starts with a region (so 人民政府 alone
// never folds), or P is empty and X makes a region its government.
struct Reading {
  bool ends = false, region = false;
  std::string prefix;
};

Reading reading(std::string_view full, std::string_view shorter, const CommonSpec& common) {
  Reading out;
  if (full.size() <= shorter.size()) return out;
  bool starts_with_region = false;
  for (size_t i = 1; i <= shorter.size() && !starts_with_region; ++i)
    starts_with_region = is_region_end(shorter.substr(0, i), common);
  std::vector<std::string_view> tails{""};
  if (is_region_end(shorter, common))
    for (auto& x : common.agency_suffixes) tails.push_back(x);
  for (auto tail : tails) {
    if (full.size() < shorter.size() + tail.size() || !ends_with(full, tail)) continue;
    std::string_view body = full.substr(0, full.size() - tail.size());
    if (!ends_with(body, shorter)) continue;
    std::string_view prefix = body.substr(0, body.size() - shorter.size());
    out.ends = true;
    bool region = prefix.empty() ? !tail.empty() : is_region_end(prefix, common) && starts_with_region;
    if (region && !out.region) {
      out.region = true;
      out.prefix = std::string(prefix);
    }
  }
  return out;
}

struct Name {
  std::string key;   // current fold
  std::string why;   // how it got there, "" when unfolded
  std::set<uint32_t> folders;  // ids of the folders its reports are in
};

// Every name of the batch, by how it ends: reversed, sorted, so the names
// ending with a given string are one range (fold_target asks only those:
// a full form always ends with the shorter one, or with it and a suffix).
class EndingIndex {
 public:
  explicit EndingIndex(const std::map<std::string, Name>& names) {
    for (auto& [name, unused] : names) reversed_.emplace_back(name.rbegin(), name.rend(), &name);
    std::sort(reversed_.begin(), reversed_.end());
  }
  // Each name ending with `ending`, once, in name order.
  template <class F>
  void each_ending_with(std::string_view ending, F visit) const {
    const std::string key(ending.rbegin(), ending.rend());
    auto it = std::lower_bound(reversed_.begin(), reversed_.end(), key,
                               [](const Entry& e, const std::string& k) { return e.reversed < k; });
    for (; it != reversed_.end() && std::string_view(it->reversed).starts_with(key); ++it) visit(*it->name);
  }

 private:
  struct Entry {
    Entry(std::string::const_reverse_iterator b, std::string::const_reverse_iterator e, const std::string* n)
        : reversed(b, e), name(n) {}
    std::string reversed;
    const std::string* name;
    bool operator<(const Entry& o) const { return reversed < o.reversed; }
  };
  std::vector<Entry> reversed_;
};

// The names a longer form of `key` can be: those ending with it, or (for a
// region) with it and an agency suffix. In name order, each once.
std::vector<const std::string*> longer_forms(const std::string& key, const EndingIndex& index,
                                             const CommonSpec& common) {
  std::vector<const std::string*> out;
  auto keep = [&](const std::string& other) {
    if (other.size() > key.size()) out.push_back(&other);
  };
  index.each_ending_with(key, keep);
  if (is_region_end(key, common))
    for (auto& x : common.agency_suffixes) index.each_ending_with(key + x, keep);
  std::sort(out.begin(), out.end(), [](auto* a, auto* b) { return *a < *b; });
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

// The longer form a key folds into, or "" (none, or more than one possible).
std::string fold_target(const std::string& key, const Name& name, const std::map<std::string, Name>& names,
                        const EndingIndex& index, const CommonSpec& common, std::string& why) {
  std::vector<std::string> by_region, by_folder;
  std::map<std::string, std::string> prefix_of;
  for (const std::string* other : longer_forms(key, index, common)) {
    Reading rd = reading(*other, key, common);
    if (!rd.ends) continue;
    if (rd.region) {
      by_region.push_back(*other);
      prefix_of[*other] = rd.prefix;
    }
    const Name& n = names.at(*other);
    bool shared = std::any_of(n.folders.begin(), n.folders.end(), [&](auto& f) { return name.folders.count(f); });
    if (shared) by_folder.push_back(*other);
  }
  if (by_folder.size() == 1) {
    why = "same folder as " + by_folder[0];
    return by_folder[0];
  }
  if (by_folder.empty() && by_region.size() == 1) {
    const std::string& prefix = prefix_of[by_region[0]];
    why = prefix.empty() ? "the same region" : "region prefix " + prefix;
    return by_region[0];
  }
  return "";
}

// Folds each name into its longer form, as far as it goes (at most
// kMaxFoldSteps), saying why.
void fold_names(std::map<std::string, Name>& names, const CommonSpec& common) {
  const EndingIndex index(names);
  for (auto& [key, name] : names) name.key = key;
  for (auto& [key, name] : names) {
    for (int step = 0; step < kMaxFoldSteps; ++step) {
      std::string why;
      std::string target = fold_target(name.key, names.at(name.key), names, index, common, why);
      if (target.empty()) break;
      name.why += (name.why.empty() ? "" : "; ") + name.key + " folded into " + target + " (" + why + ")";
      name.key = target;
    }
  }
}

std::string year_text(const Record& r) {
  return r.year ? std::to_string(*r.year) : "?";
}

Finding warning(std::string rule, std::string scope, const Record& previous) {
  Finding f;
  f.rule = std::move(rule);
  f.severity = Severity::warning;
  f.scope = std::move(scope);
  f.previous = previous.file;
  return f;
}

Decimal to_decimal(double v) {
  return Decimal{static_cast<int64_t>(std::llround(v * 10000)), 4}.trimmed();
}

bool same_cell(const CellValue& a, const CellValue& b) {
  auto known = [](CellStatus s) { return s == CellStatus::read || s == CellStatus::blank || s == CellStatus::recovered; };
  if (!known(a.status) || !known(b.status)) return false;
  if (!a.value || !b.value) return !a.value && !b.value;
  return *a.value == *b.value;
}

}  // namespace

std::vector<Finding> copied_tables(const Grammar& g, const Record& current, const Record& previous) {
  std::vector<Finding> out;
  const size_t min_nonzero = g.cross_checks.copied_table_min_nonzero;
  if (!min_nonzero) return out;
  for (auto& t : g.tables) {
    // Across a change of template (2020 -> 2021) the keys both have are compared.
    std::vector<std::string> nonzero;
    bool same = true;
    for (auto& row : t.rows)
      for (auto& k : t.keys_of_row(row)) {
        const CellValue *a = current.cell(k), *b = previous.cell(k);
        if (!b && current.template_id != previous.template_id) continue;
        if (!a || !b || !same_cell(*a, *b)) same = false;
        if (same && a->value && !(*a->value == Decimal::of(0))) nonzero.push_back(k);
      }
    if (!same || nonzero.size() < min_nonzero) continue;
    Finding f = warning("cross.copied_table", t.id, previous);
    f.cells = nonzero;
    f.lhs = f.rhs = Decimal::of(static_cast<int64_t>(nonzero.size()));
    f.message = "cross.copied_table (" + t.id + "): the table is identical, cell for cell (" +
                std::to_string(nonzero.size()) + " non-zero cells), to the one of " + previous.file + " (" +
                year_text(previous) + ")";
    out.push_back(std::move(f));
  }
  return out;
}

std::vector<Finding> copied_texts(const Grammar& g, const Record& current, const Record& previous) {
  std::vector<Finding> out;
  if (!g.cross_checks.copied_text_min_chars) return out;
  std::map<std::string_view, uint32_t> before;
  for (auto& p : previous.paragraphs) before.emplace(p.text, p.offset);
  for (auto& p : current.paragraphs) {
    auto it = before.find(p.text);
    if (it == before.end()) continue;
    Finding f = warning("cross.copied_text", "offset " + std::to_string(p.offset), previous);
    // The opening of the paragraph, enough to find it: 20 characters.
    size_t cut = 0;
    for (int chars = 0; cut < p.text.size() && chars < 20; ++chars) {
      ++cut;
      while (cut < p.text.size() && (static_cast<unsigned char>(p.text[cut]) & 0xC0) == 0x80) ++cut;
    }
    f.message = "cross.copied_text: the paragraph at offset " + std::to_string(p.offset) + " (" +
                p.text.substr(0, cut) + "…) is identical to the one at offset " + std::to_string(it->second) +
                " of " + previous.file + " (" + year_text(previous) + ")";
    out.push_back(std::move(f));
  }
  return out;
}

std::vector<Finding> jumps(const Grammar& g, const Record& current, const Record& previous) {
  std::vector<Finding> out;
  for (auto& j : g.cross_checks.jumps) {
    const Metric *a = current.metric(j.metric), *b = previous.metric(j.metric);
    if (!a || !b || !a->value || !b->value) continue;
    const double now = *a->value, before = *b->value;
    if (std::max(now, before) < j.min) continue;
    const double lo = std::min(now, before), hi = std::max(now, before);
    if (lo > 0 && hi / lo <= j.factor) continue;
    Finding f = warning("cross.jump", j.metric, previous);
    f.lhs = to_decimal(now);
    f.rhs = to_decimal(before);
    f.delta = f.lhs - f.rhs;
    f.message = "cross.jump (" + j.metric + "): " + f.lhs.str() + " against " + f.rhs.str() + " in " + previous.file +
                " (" + year_text(previous) + "), a change of more than " + to_decimal(j.factor).str() + " times";
    out.push_back(std::move(f));
  }
  return out;
}

uint32_t Linker::intern(std::map<std::string, uint32_t>& table, const std::string& s) {
  return table.emplace(s, static_cast<uint32_t>(table.size())).first->second;
}

void Linker::add(const Record& r) {
  Entry e;
  if (!r.agency.empty()) {
    e.agency = intern(agency_ids_, r.agency);
    // One ICU pass a distinct name.
    if (e.agency == own_key_.size()) own_key_.push_back(label_key(fold_string(r.agency)));
  }
  e.folder = intern(folder_ids_, folder_of(r.file));
  // Years are small numbers; one that is not is no year to link by.
  if (r.year && *r.year > 0 && *r.year < INT16_MAX) e.year = static_cast<int16_t>(*r.year);
  e.linkable = !r.failed && e.agency != kNone && !own_key_[e.agency].empty() && e.year && grammars_.find(r.template_id);
  entries_.push_back(e);
}

void Linker::plan() {
  std::map<std::string, Name> names;
  for (auto& e : entries_)
    if (e.agency != kNone) names[own_key_[e.agency]].folders.insert(e.folder);
  fold_names(names, grammars_.common);
  key_.resize(own_key_.size());
  why_.resize(own_key_.size());
  for (size_t a = 0; a < own_key_.size(); ++a) {
    if (own_key_[a].empty()) continue;
    const Name& n = names.at(own_key_[a]);
    key_[a] = n.key;
    why_[a] = n.why;
  }
  // The first report of an agency and year in input order stands for it.
  std::map<std::pair<std::string_view, int>, uint32_t> first;
  for (size_t i = 0; i < entries_.size(); ++i)
    if (entries_[i].linkable) first.emplace(std::pair{std::string_view(key_[entries_[i].agency]), entries_[i].year}, i);
  for (auto& e : entries_) {
    if (!e.linkable) continue;
    auto prev = first.find({key_[e.agency], e.year - 1});
    if (prev != first.end()) e.previous = prev->second;
  }
}

std::optional<size_t> Linker::previous(size_t i) const {
  if (entries_[i].previous == kNone) return std::nullopt;
  return entries_[i].previous;
}

void Linker::link(size_t i, Record& r, const Record* previous) const {
  const Entry& e = entries_[i];
  if (e.agency != kNone) r.agency_key = key_[e.agency];
  if (e.previous == kNone || !previous) return;
  const Grammar* g = grammars_.find(r.template_id);
  const Record& p = *previous;
  std::string why = "same agency_key " + r.agency_key + ", year " + std::to_string(*p.year);
  for (uint32_t a : {e.agency, entries_[e.previous].agency})
    if (!why_[a].empty()) why += "; " + why_[a];
  r.previous = PreviousLink{p.file, p.agency, *p.year, std::move(why)};
  r.metrics = compute_metrics(*g, r.cells, &p.metrics);
  std::vector<Finding> found = audit_cross(*g, r, p);
  for (auto* more : {&copied_tables, &copied_texts, &jumps})
    for (auto& f : (*more)(*g, r, p)) found.push_back(std::move(f));
  for (auto& f : found) {
    f.previous = p.file;
    if (p.agency != r.agency) f.message += "; agency printed " + r.agency + " here, " + p.agency + " there";
    r.findings.push_back(std::move(f));
  }
}

void link_batch(const GrammarSet& grammars, std::vector<Record>& records) {
  Linker linker(grammars);
  for (auto& r : records) linker.add(r);
  linker.plan();
  // Later years first: a report is linked before the one it is linked to, so
  // that one is still as parsed, as link() asks.
  std::vector<size_t> order(records.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    return records[a].year.value_or(0) > records[b].year.value_or(0);
  });
  for (size_t i : order) {
    const auto p = linker.previous(i);
    linker.link(i, records[i], p ? &records[*p] : nullptr);
  }
}

}  // namespace xxgk
