#include <map>

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
  std::map<std::string_view, const CellValue*> by_key;
  for (auto& c : r.cells) by_key[c.key] = &c;
  std::string out = csv_field(r.file) + "," + csv_field(r.template_id) + "," + csv_field(r.agency) + "," +
                    (r.year ? std::to_string(*r.year) : std::string());
  for (auto& k : g.dataset_keys) {
    out += ",";
    auto it = by_key.find(k);
    if (it != by_key.end() && it->second->value) out += it->second->value->str();
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
