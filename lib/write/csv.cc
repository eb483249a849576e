#include <algorithm>
#include <string_view>
#include <vector>

#include "base/utf8.h"
#include "write/writers.h"

namespace xxgk {

namespace {

std::string csv_field(std::string_view raw) {
  const std::string s = utf8::sanitize(raw);  // a file name may hold any bytes
  if (s.find_first_of(",\"\n\r") == std::string_view::npos) return s;
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out.push_back('"');
    out.push_back(c);
  }
  return out + "\"";
}

}  // namespace

std::string dataset_header(const GrammarSet& g) {
  std::string out = "file,template,agency,year";
  for (auto& k : g.dataset_keys) out += "," + k;
  out += ",n_findings,n_recovered,n_ambiguous,agency_key";
  for (auto& m : g.metric_ids) out += "," + m;
  // After the contract's columns: the diagnosis verdict (single: one cell explains the broken sums).
  return out + ",diagnosis\n";
}

std::string dataset_row(const Record& r, const GrammarSet& g) {
  // The cells sorted by key (stably: of cells with one key, the last read
  // is the last of its run, which is the one a row shows): a flat array
  // searched by halves, not a tree of nodes.
  std::vector<const CellValue*> by_key;
  by_key.reserve(r.cells.size());
  for (auto& c : r.cells) by_key.push_back(&c);
  std::stable_sort(by_key.begin(), by_key.end(),
                   [](const CellValue* a, const CellValue* b) { return a->key < b->key; });
  auto cell_of = [&](std::string_view key) -> const CellValue* {
    auto it = std::upper_bound(by_key.begin(), by_key.end(), key,
                               [](std::string_view k, const CellValue* c) { return k < std::string_view(c->key); });
    return it != by_key.begin() && (*(it - 1))->key == key ? *(it - 1) : nullptr;
  };
  std::string out = csv_field(r.file) + "," + csv_field(r.template_id) + "," + csv_field(r.agency) + "," +
                    (r.year ? std::to_string(*r.year) : std::string());
  for (auto& k : g.dataset_keys) {
    out += ",";
    if (const CellValue* c = cell_of(k); c && c->value) out += c->value->str();
  }
  out += "," + std::to_string(r.findings.size()) + "," + std::to_string(r.count(CellStatus::recovered)) + "," +
         std::to_string(r.count(CellStatus::ambiguous)) + "," + csv_field(r.agency_key);
  for (auto& id : g.metric_ids) {
    out += ",";
    if (const Metric* m = r.metric(id); m && m->value) out += metric_text(*m->value);
  }
  return out + "," + r.diagnosis.verdict + "\n";
}

}  // namespace xxgk
