#include "audit/cross.h"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <map>
#include <utility>

#include "audit/audit.h"
#include "normalize/normalize.h"

namespace xxgk {

namespace {

// Folding chains (a short form into a longer one into a longer one) end here.
constexpr int kMaxFoldSteps = 4;

std::string fold_string(std::string_view s) {
  Normalized n;  // no offsets wanted: an input of no edits
  n.text.text = std::string(s);
  n.text.by_edits = true;
  n.text.edits.finish(static_cast<uint32_t>(s.size()), static_cast<uint32_t>(s.size()));
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

// A name of the batch (an agency's own key) while the batch is folded.
struct Name {
  uint32_t folded = 0;            // the name it folds into (itself when none)
  std::string why;                // how it got there, "" when unfolded
  std::vector<uint32_t> folders;  // ids of the folders its reports are in, sorted
};

// Whether two sorted folder lists have one in common.
bool shares_folder(const Name& a, const Name& b) {
  for (auto i = a.folders.begin(), j = b.folders.begin(); i != a.folders.end() && j != b.folders.end();) {
    if (*i == *j) return true;
    *i < *j ? ++i : ++j;
  }
  return false;
}

// Bytes compared from the end, so the names ending with a given string are
// one range of the order.
bool reversed_less(std::string_view a, std::string_view b) {
  return std::lexicographical_compare(a.rbegin(), a.rend(), b.rbegin(), b.rend(),
                                      [](char x, char y) { return static_cast<unsigned char>(x) < static_cast<unsigned char>(y); });
}

// Every name of the batch by how it ends (fold_target asks only the names
// ending with a shorter one, or with it and a suffix): 4 bytes a name.
class EndingIndex {
 public:
  explicit EndingIndex(const std::vector<const std::string*>& text) : text_(text) {
    order_.resize(text.size());
    for (uint32_t i = 0; i < order_.size(); ++i) order_[i] = i;
    std::sort(order_.begin(), order_.end(), [&](uint32_t a, uint32_t b) { return reversed_less(*text[a], *text[b]); });
  }
  template <class F>
  void each_ending_with(std::string_view ending, F visit) const {
    auto it = std::lower_bound(order_.begin(), order_.end(), ending,
                               [&](uint32_t id, std::string_view e) { return reversed_less(*text_[id], e); });
    for (; it != order_.end() && ends_with(*text_[*it], ending); ++it) visit(*it);
  }

 private:
  const std::vector<const std::string*>& text_;
  std::vector<uint32_t> order_;
};

// The names a longer form of `key` can be: those ending with it, or (for a
// region) with it and an agency suffix. Each once.
std::vector<uint32_t> longer_forms(const std::string& key, const EndingIndex& index,
                                   const std::vector<const std::string*>& text, const CommonSpec& common) {
  std::vector<uint32_t> out;
  auto keep = [&](uint32_t other) {
    if (text[other]->size() > key.size()) out.push_back(other);
  };
  index.each_ending_with(key, keep);
  if (is_region_end(key, common))
    for (auto& x : common.agency_suffixes) index.each_ending_with(key + x, keep);
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

constexpr uint32_t kNoName = UINT32_MAX;

// The longer form a name folds into, or kNoName (none, or more than one possible).
uint32_t fold_target(uint32_t id, const std::vector<Name>& names, const EndingIndex& index,
                     const std::vector<const std::string*>& text, const CommonSpec& common, std::string& why) {
  const std::string& key = *text[id];
  std::vector<uint32_t> by_region, by_folder;
  std::string region_prefix;
  for (uint32_t other : longer_forms(key, index, text, common)) {
    Reading rd = reading(*text[other], key, common);
    if (!rd.ends) continue;
    if (rd.region) {
      by_region.push_back(other);
      region_prefix = rd.prefix;  // only used when it is the one
    }
    if (shares_folder(names[other], names[id])) by_folder.push_back(other);
  }
  if (by_folder.size() == 1) {
    why = "same folder as " + *text[by_folder[0]];
    return by_folder[0];
  }
  if (by_folder.empty() && by_region.size() == 1) {
    why = region_prefix.empty() ? "the same region" : "region prefix " + region_prefix;
    return by_region[0];
  }
  return kNoName;
}

// Folds each name into its longer form, as far as it goes (at most
// kMaxFoldSteps), saying why.
void fold_names(std::vector<Name>& names, const std::vector<const std::string*>& text, const CommonSpec& common) {
  const EndingIndex index(text);
  for (uint32_t id = 0; id < names.size(); ++id) names[id].folded = id;
  for (uint32_t id = 0; id < names.size(); ++id) {
    Name& name = names[id];
    for (int step = 0; step < kMaxFoldSteps; ++step) {
      std::string why;
      const uint32_t target = fold_target(name.folded, names, index, text, common, why);
      if (target == kNoName) break;
      name.why += (name.why.empty() ? "" : "; ") + *text[name.folded] + " folded into " + *text[target] + " (" + why + ")";
      name.folded = target;
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

// The id of `s` in `table`, a new one (the next number) the first time.
uint32_t Linker::intern(std::map<std::string, uint32_t>& table, std::string s, std::vector<const std::string*>* text) {
  auto [it, added] = table.emplace(std::move(s), static_cast<uint32_t>(table.size()));
  if (added && text) text->push_back(&it->first);
  return it->second;
}

void Linker::add(const Record& r) {
  Entry e;
  // The agency's own key: Traditional folded to Simplified, a label key.
  std::string own = r.agency.empty() ? std::string() : label_key(fold_string(r.agency));
  if (!own.empty()) e.agency = intern(key_ids_, std::move(own), &key_text_);
  e.folder = intern(folder_ids_, folder_of(r.file), nullptr);
  // Years are small numbers; one that is not is no year to link by.
  if (r.year && *r.year > 0 && *r.year < INT16_MAX) e.year = static_cast<int16_t>(*r.year);
  e.linkable = !r.failed && e.agency != kNone && e.year && grammars_.find(r.template_id);
  entries_.push_back(e);
}

void Linker::plan() {
  std::vector<Name> names(key_text_.size());
  for (auto& e : entries_)
    if (e.agency != kNone) names[e.agency].folders.push_back(e.folder);
  for (auto& n : names) {
    std::sort(n.folders.begin(), n.folders.end());
    n.folders.erase(std::unique(n.folders.begin(), n.folders.end()), n.folders.end());
  }
  fold_names(names, key_text_, grammars_.common);
  folded_.resize(names.size());
  for (uint32_t id = 0; id < names.size(); ++id) {
    folded_[id] = names[id].folded;
    if (!names[id].why.empty()) why_.emplace(id, std::move(names[id].why));
  }
  // The first report of an agency and year in input order stands for it:
  // (folded agency, year) -> index, sorted, the earliest index first.
  std::vector<std::pair<uint64_t, uint32_t>> first;
  auto slot = [&](const Entry& e, int year) { return uint64_t{folded_[e.agency]} << 32 | static_cast<uint32_t>(year); };
  for (uint32_t i = 0; i < entries_.size(); ++i)
    if (entries_[i].linkable) first.emplace_back(slot(entries_[i], entries_[i].year), i);
  std::sort(first.begin(), first.end());
  for (auto& e : entries_) {
    if (!e.linkable) continue;
    const uint64_t want = slot(e, e.year - 1);
    auto it = std::lower_bound(first.begin(), first.end(), std::pair<uint64_t, uint32_t>{want, 0});
    if (it != first.end() && it->first == want) e.previous = it->second;
  }
}

std::optional<size_t> Linker::previous(size_t i) const {
  if (entries_[i].previous == kNone) return std::nullopt;
  return entries_[i].previous;
}

void Linker::link(size_t i, Record& r, const Record* previous) const {
  const Entry& e = entries_[i];
  r.agency_key = e.agency == kNone ? std::string() : *key_text_[folded_[e.agency]];
  if (e.previous == kNone || !previous) return;
  const Grammar* g = grammars_.find(r.template_id);
  const Record& p = *previous;
  std::string why = "same agency_key " + r.agency_key + ", year " + std::to_string(*p.year);
  for (uint32_t a : {e.agency, entries_[e.previous].agency})
    if (auto it = why_.find(a); it != why_.end()) why += "; " + it->second;
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
