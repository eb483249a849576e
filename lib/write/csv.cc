#include <algorithm>
#include <string_view>
#include <vector>

#include "base/decimal.h"
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
  // Each cell's column by one lookup; of cells with one key, the last read
  // is the one a row shows.
  std::vector<const CellValue*> column(g.dataset_keys.size(), nullptr);
  for (auto& c : r.cells)
    if (auto it = g.dataset_column.find(std::string_view(c.key)); it != g.dataset_column.end()) column[it->second] = &c;
  std::string out = csv_field(r.file);
  out.reserve(out.size() + 16 * column.size());
  out += ',';
  out += csv_field(r.template_id);
  out += ',';
  out += csv_field(r.agency);
  out += ',';
  if (r.year) out += std::to_string(*r.year);
  for (const CellValue* c : column) {
    out += ',';
    if (c && c->value) append_decimal(out, *c->value);
  }
  out += "," + std::to_string(r.findings.size()) + "," + std::to_string(r.count(CellStatus::recovered)) + "," +
         std::to_string(r.count(CellStatus::ambiguous)) + "," + csv_field(r.agency_key);
  for (size_t i = 0; i < g.metric_ids.size(); ++i) {
    out += ',';
    // A record lists its indicators in the grammars' order; look further only when it does not.
    const std::string& id = g.metric_ids[i];
    const Metric* m = i < r.metrics.size() && r.metrics[i].id == id ? &r.metrics[i] : r.metric(id);
    if (m && m->value) out += metric_text(*m->value);
  }
  out += ',';
  out += r.diagnosis.verdict;
  out += '\n';
  return out;
}

}  // namespace xxgk
