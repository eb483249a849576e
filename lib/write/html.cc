#include "write/writers.h"

#include <algorithm>
#include <cstdio>
#include <map>
#include <set>

#include "audit/audit.h"

namespace xxgk {

namespace {

// Bars in the summary chart: enough to compare, few enough to read.
constexpr size_t kMaxChartBars = 40;

std::string esc(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      default: out.push_back(c);
    }
  }
  return out;
}

constexpr const char* kStyle = R"(
body{font:14px/1.45 "Noto Sans CJK SC","WenQuanYi Micro Hei",sans-serif;margin:24px;color:#222;max-width:1200px}
h1{font-size:22px}h2{font-size:17px;margin-top:32px;border-bottom:1px solid #ccc}h3{font-size:15px}
table{border-collapse:collapse;margin:8px 0}th,td{border:1px solid #bbb;padding:2px 6px;text-align:right}
th{background:#f2f2f2;text-align:left;font-weight:normal}td.na{background:#fafafa}
td.involved{background:#ffe9a8}td.suspect{background:#ffc9c9;outline:2px solid #c00;font-weight:bold}
td.suspect s{color:#900}.diagnosis{background:#fff4f4;border-left:4px solid #c00;padding:6px 10px}
.finding{margin:2px 0}.sev-error{color:#b00}.sev-warning{color:#a60}.sev-info{color:#555}
.offset{color:#777;font-size:12px}.summary td,.summary th{text-align:left}
)";

// Counting what is highlighted, into the DOM: a page that rendered without
// an error carries the counts (tests read them back).
constexpr const char* kScript = R"(
document.addEventListener('DOMContentLoaded', function () {
  document.body.dataset.involved = document.querySelectorAll('td.involved').length;
  document.body.dataset.suspects = document.querySelectorAll('td.suspect').length;
});
)";

std::string summary(const std::vector<Record>& records) {
  std::map<std::string, std::map<int, size_t>> by_template;
  std::set<int> years;
  std::map<std::string, std::map<std::string, size_t>> by_rule;
  for (auto& r : records) {
    if (r.failed) continue;
    int y = r.year.value_or(0);
    ++by_template[r.template_id][y];
    years.insert(y);
    for (auto& f : r.findings) ++by_rule[f.rule][to_string(f.severity)];
  }
  std::string out = "<h2>Reports by template and year</h2><table class=\"summary\" id=\"by-template\"><tr><th></th>";
  for (int y : years) out += "<th>" + (y ? std::to_string(y) : std::string("?")) + "</th>";
  out += "</tr>";
  for (auto& [t, row] : by_template) {
    out += "<tr><th>" + esc(t) + "</th>";
    for (int y : years) out += "<td>" + (row.count(y) ? std::to_string(row.at(y)) : std::string()) + "</td>";
    out += "</tr>";
  }
  out += "</table><h2>Findings by rule</h2><table class=\"summary\" id=\"by-rule\"><tr><th>rule</th><th>error</th>"
         "<th>warning</th><th>info</th></tr>";
  for (auto& [rule, sev] : by_rule) {
    out += "<tr><th>" + esc(rule) + "</th>";
    for (auto s : {"error", "warning", "info"})
      out += "<td>" + (sev.count(s) ? std::to_string(sev.at(s)) : std::string()) + "</td>";
    out += "</tr>\n";
  }
  return out + "</table>\n";
}

std::string rounded(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.3f", v);
  return buf;
}

// A horizontal bar per report: the grammar's chart indicator (a ratio).
std::string chart(const std::vector<Record>& records, const std::string& metric) {
  if (metric.empty()) return "";
  std::vector<std::pair<std::string, double>> bars;
  for (auto& r : records)
    if (const Metric* m = r.metric(metric); m && m->value && bars.size() < kMaxChartBars)
      bars.push_back({(r.agency.empty() ? r.file : r.agency) + " " + (r.year ? std::to_string(*r.year) : ""), *m->value});
  if (bars.empty()) return "";
  const double top = std::max(1.0, std::max_element(bars.begin(), bars.end(), [](auto& a, auto& b) {
                                      return a.second < b.second;
                                    })->second);
  const int row = 18, label = 260, width = 300;
  std::string out = "<h2>" + esc(metric) + " by report</h2><svg xmlns=\"http://www.w3.org/2000/svg\" id=\"chart\" width=\"" +
                    std::to_string(label + width + 80) + "\" height=\"" + std::to_string(row * bars.size() + 4) +
                    "\" role=\"img\" aria-label=\"" + esc(metric) + "\">";
  for (size_t i = 0; i < bars.size(); ++i) {
    const int y = static_cast<int>(i) * row;
    const int w = static_cast<int>(bars[i].second / top * width);
    out += "<text x=\"" + std::to_string(label - 6) + "\" y=\"" + std::to_string(y + 13) +
           "\" text-anchor=\"end\" font-size=\"12\">" + esc(bars[i].first) + "</text>";
    out += "<rect x=\"" + std::to_string(label) + "\" y=\"" + std::to_string(y + 3) + "\" width=\"" +
           std::to_string(w) + "\" height=\"" + std::to_string(row - 6) + "\" fill=\"#4a7ab5\"/>";
    out += "<text x=\"" + std::to_string(label + w + 4) + "\" y=\"" + std::to_string(y + 13) + "\" font-size=\"12\">" +
           esc(rounded(bars[i].second)) + "</text>";
  }
  return out + "</svg>";
}

struct Marks {
  std::set<std::string> involved;
  std::map<std::string, const Suspect*> suspects;
};

Marks marks_of(const Record& r) {
  Marks m;
  for (auto& f : r.findings)
    for (auto& k : f.cells)
      if (k.rfind(kPreviousPrefix, 0) != 0) m.involved.insert(k);
  for (auto& e : r.diagnosis.explanations)
    for (auto& s : e.suspects) m.suspects.emplace(s.cell, &s);
  return m;
}

std::string cell_html(const CellValue* c, const Marks& marks) {
  if (!c) return "<td class=\"na\"></td>";
  std::string cls = marks.involved.count(c->key) ? "involved" : "";
  auto s = marks.suspects.find(c->key);
  std::string attrs = " data-key=\"" + esc(c->key) + "\" data-status=\"" + to_string(c->status) + "\"";
  if (c->offset) attrs += " data-offset=\"" + std::to_string(*c->offset) + "\" title=\"byte " + std::to_string(*c->offset) + "\"";
  std::string shown = c->value ? c->value->str() : c->raw ? *c->raw : "?";
  if (s != marks.suspects.end()) {
    cls += " suspect";
    const std::string printed = s->second->printed ? s->second->printed->str() : "";
    attrs += " data-printed=\"" + esc(printed) + "\" data-expected=\"" + esc(s->second->value.str()) + "\"";
    shown = "<s>" + esc(printed.empty() ? shown : printed) + "</s> → " + esc(s->second->value.str());
  } else {
    shown = esc(shown);
  }
  if (!cls.empty()) attrs += " class=\"" + (cls[0] == ' ' ? cls.substr(1) : cls) + "\"";
  return "<td" + attrs + ">" + shown + "</td>";
}

std::string table_html(const TableSpec& t, const Grammar& g, const Record& r, const Marks& marks) {
  std::string out = "<h3>" + esc(t.title.empty() ? t.id : t.title) + "</h3><table class=\"grid\" data-table=\"" +
                    esc(t.id) + "\"><tr><th></th>";
  for (auto& c : t.columns) out += "<th>" + esc(c.labels.front()) + "</th>";
  out += "</tr>";
  for (auto& row : t.rows) {
    std::string label = row.labels.empty() ? g.row_label(t, row) : row.labels.front();
    out += "<tr><th>" + esc(label) + "</th>";
    for (auto& c : t.columns) {
      bool has = std::find(row.columns.begin(), row.columns.end(), c.id) != row.columns.end();
      out += cell_html(has ? r.cell(t.key(row.id, c.id)) : nullptr, marks);
    }
    out += "</tr>\n";
  }
  return out + "</table>\n";
}

std::string report_html(const Record& r, const Grammar* g) {
  std::string out = "<section class=\"report\" data-file=\"" + esc(r.file) + "\"><h2>" + esc(r.file) + "</h2><p>" +
                    esc(r.agency.empty() ? "?" : r.agency) + " · " + (r.year ? std::to_string(*r.year) : "?") + " · " +
                    esc(r.template_id) + " · source: <a href=\"" + esc(r.file) + "\">" + esc(r.file) + "</a>";
  if (r.previous)
    out += " · previous year: " + esc(r.previous->file) + " <span class=\"offset\">(" + esc(r.previous->why) + ")</span>";
  out += "</p>";
  if (r.diagnosis.verdict != "clean") out += "<p class=\"diagnosis\">" + esc(describe(r.diagnosis)) + "</p>";
  out += "<div class=\"findings\">";
  for (auto& f : r.findings) {
    out += "<div class=\"finding\" data-rule=\"" + esc(f.rule) + "\" data-scope=\"" + esc(f.scope) +
           "\"><span class=\"sev-" + to_string(f.severity) + "\">" + to_string(f.severity) + "</span> <b>" +
           esc(f.instance()) + "</b> " + esc(f.message);
    std::string offsets;
    for (auto& k : f.cells)
      if (const CellValue* c = r.cell(k); c && c->offset)
        offsets += (offsets.empty() ? "" : ", ") + esc(k) + " @" + std::to_string(*c->offset);
    if (!offsets.empty()) out += " <span class=\"offset\">(" + offsets + ")</span>";
    out += "</div>\n";
  }
  out += "</div>\n";
  if (g) {
    Marks marks = marks_of(r);
    for (auto& t : g->tables) out += table_html(t, *g, r, marks);
  }
  return out + "</section>\n";
}

}  // namespace

std::string audit_html(const std::vector<Record>& records, const GrammarSet& grammars) {
  size_t with_findings = 0;
  for (auto& r : records) with_findings += !r.findings.empty();
  std::string out =
      "<!DOCTYPE html>\n<html lang=\"zh\"><head><meta charset=\"utf-8\"><link rel=\"icon\" href=\"data:,\">"
      "<title>xxgk audit</title><style>" +
      std::string(kStyle) + "</style><script>" + kScript + "</script></head><body><h1>xxgk audit: " +
      std::to_string(records.size()) + " report(s), " + std::to_string(with_findings) + " with findings</h1>";
  out += summary(records);
  if (!grammars.templates.empty()) out += chart(records, grammars.templates.front().chart_metric);
  for (auto& r : records)
    if (!r.findings.empty()) out += report_html(r, grammars.find(r.template_id));
  return out + "</body></html>\n";
}

}  // namespace xxgk
