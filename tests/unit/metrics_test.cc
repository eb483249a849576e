// Indicators: the grammar's formulas give what metrics.tsv says, computed here
// independently (the formulas written out in C++) on the verified cells of
// the samples and of the shared corpus; null exactly where the contract says
// (zero denominator, a term missing, ambiguous or suspect, no such cell); the
// formulas are validated at load like the rules.
#include <doctest/doctest.h>

#include <cmath>
#include <filesystem>
#include <functional>

#include "support.h"
#include "audit/audit.h"
#include "write/writers.h"

using namespace xxgk;
using namespace xxgk::test;
namespace fs = std::filesystem;

namespace {

using Truth = std::map<std::string, std::string>;
using Value = std::optional<double>;

double cell(const Truth& t, const std::string& k) {
  auto it = t.find(k);
  REQUIRE_MESSAGE(it != t.end(), "no truth for " << k);
  return it->second.empty() ? 0.0 : std::stod(it->second);
}

double sum(const Truth& t, const std::string& prefix) {
  double s = 0;
  for (auto& [k, v] : t)
    if (k.rfind(prefix, 0) == 0 && k.ends_with(".total")) s += v.empty() ? 0.0 : std::stod(v);
  return s;
}

Value ratio(double a, double b) {
  if (b == 0) return std::nullopt;
  return a / b;
}

// metrics.tsv, written out.
std::map<std::string, Value> oracle(const Truth& t, const std::string& tmpl) {
  std::map<std::string, Value> m;
  double requests = cell(t, "t3.new_received.total") + cell(t, "t3.carried_over.total");
  double processed = cell(t, "t3.total_processed.total");
  double disputes = cell(t, "t4.review.total") + cell(t, "t4.suit_direct.total");
  m["m.requests"] = requests;
  m["m.processed"] = processed;
  m["m.granted_share"] = ratio(cell(t, "t3.granted.total") + cell(t, "t3.partial.total"), processed);
  m["m.withheld_share"] = ratio(sum(t, "t3.withheld."), processed);
  m["m.unable_share"] = ratio(sum(t, "t3.unable."), processed);
  m["m.not_held_of_unable"] = ratio(cell(t, "t3.unable.not_held.total"), sum(t, "t3.unable."));
  m["m.declined_share"] = ratio(sum(t, "t3.declined."), processed);
  m["m.carry_forward_rate"] = ratio(cell(t, "t3.carried_forward.total"), requests);
  m["m.natural_share"] = ratio(cell(t, "t3.new_received.natural"), cell(t, "t3.new_received.total"));
  m["m.disputes"] = disputes;
  m["m.dispute_rate"] = ratio(disputes, processed);
  m["m.review_corrected_rate"] =
      ratio(cell(t, "t4.review.corrected"), cell(t, "t4.review.total") - cell(t, "t4.review.pending"));
  m["m.suit_corrected_rate"] =
      ratio(cell(t, "t4.suit_direct.corrected") + cell(t, "t4.suit_after_review.corrected"),
            cell(t, "t4.suit_direct.total") + cell(t, "t4.suit_after_review.total") -
                cell(t, "t4.suit_direct.pending") - cell(t, "t4.suit_after_review.pending"));
  m["m.normative_in_force"] = tmpl == "gov-2021" ? Value(cell(t, "t2.normative_docs.in_force")) : std::nullopt;
  for (auto id : {"m.yoy.requests", "m.yoy.processed", "m.yoy.disputes"}) m[id] = std::nullopt;
  return m;
}

std::string show(Value v) {
  return v ? metric_text(*v) : "null";
}

}  // namespace

TEST_CASE("metrics: every indicator equals metrics.tsv's formula on the verified cells") {
  std::vector<std::pair<std::string, std::string>> docs;  // report, truth
  for (auto& e : fs::directory_iterator(source_path("corpus/reports"))) {
    std::string f = e.path().filename().string();
    if (fs::exists(source_path("corpus/expected/" + f + ".tsv")))
      docs.push_back({e.path().string(), source_path("corpus/expected/" + f + ".tsv")});
  }
  for (auto& e : fs::directory_iterator(shared_corpus("truth"))) {
    std::string f = e.path().filename().string();
    if (f != "FINDINGS.tsv") docs.push_back({shared_corpus("real/" + f.substr(0, f.size() - 4)), e.path().string()});
  }
  std::sort(docs.begin(), docs.end());
  size_t compared = 0, nulls = 0, reports = 0;
  for (auto& entry : docs) {
    const std::string& doc = entry.first;
    const std::string& truth_file = entry.second;
    CAPTURE(doc);
    Record r = parse(read_file(doc), doc);
    // Only reports whose every cell was read: others have null terms by design.
    if (r.count(CellStatus::missing) || r.count(CellStatus::ambiguous)) continue;
    ++reports;
    auto want = oracle(read_truth(truth_file), r.template_id);
    REQUIRE(r.metrics.size() == want.size());
    for (auto& m : r.metrics) {
      CAPTURE(m.id);
      Value w = want.at(m.id);
      CHECK_MESSAGE(w.has_value() == m.value.has_value(), "want " << show(w) << " got " << show(m.value));
      if (w && m.value) CHECK(std::abs(*w - *m.value) < 1e-12);
      ++compared;
      nulls += !w;
    }
  }
  MESSAGE(reports << " reports, " << compared << " indicators compared (" << nulls << " null)");
  CHECK(reports >= 12);
}

TEST_CASE("metrics: null for a term not read, a zero denominator, a cell the template lacks, blank counts 0") {
  std::string text = read_file(source_path("corpus/reports/gov2021-tab-rows.txt"));
  Record r = parse(text, "tab-rows.txt");
  const Grammar& g = *engine().grammars().find("gov-2021");
  REQUIRE(r.metric("m.requests")->value);
  for (auto status : {CellStatus::missing, CellStatus::ambiguous, CellStatus::suspect}) {
    auto cells = r.cells;
    for (auto& c : cells)
      if (c.key == "t3.carried_over.total") {
        c.status = status;
        c.value.reset();
      }
    auto m = compute_metrics(g, cells, nullptr);
    CAPTURE(to_string(status));
    auto at = [&](const std::string& id) {
      return std::find_if(m.begin(), m.end(), [&](auto& x) { return x.id == id; })->value;
    };
    CHECK(!at("m.requests"));
    CHECK(!at("m.carry_forward_rate"));  // through m.requests
    CHECK(at("m.processed"));
  }
  // Blank counts 0; all zero: every ratio over them is null, never 0 or 1.
  auto cells = r.cells;
  for (auto& c : cells)
    if (c.key.rfind("t3.", 0) == 0 || c.key.rfind("t4.", 0) == 0) {
      c.status = CellStatus::blank;
      c.value.reset();
    }
  auto m = compute_metrics(g, cells, nullptr);
  for (auto& x : m) {
    CAPTURE(x.id);
    if (x.unit == "count" && x.id != "m.normative_in_force")
      CHECK(x.value == 0.0);
    else if (x.id != "m.normative_in_force")
      CHECK(!x.value);
  }
  // gov-2019 has no 现行有效件数.
  Record old = parse(read_file(source_path("corpus/reports/gov2019-cell-per-line.txt")), "old.txt");
  REQUIRE(old.template_id == "gov-2019");
  CHECK(!old.metric("m.normative_in_force")->value);
}

TEST_CASE("metrics: year on year against the previous report, null without one or over zero") {
  const Grammar& g = *engine().grammars().find("gov-2021");
  Record r = parse(read_file(source_path("corpus/reports/gov2021-tab-rows.txt")), "tab-rows.txt");
  double requests = *r.metric("m.requests")->value;
  std::vector<Metric> previous = {{"m.requests", "count", requests / 2}, {"m.processed", "count", 0.0},
                                  {"m.disputes", "count", std::nullopt}};
  auto m = compute_metrics(g, r.cells, &previous);
  auto at = [&](const std::string& id) {
    return std::find_if(m.begin(), m.end(), [&](auto& x) { return x.id == id; })->value;
  };
  CHECK(at("m.yoy.requests") == doctest::Approx(1.0));
  CHECK(!at("m.yoy.processed"));
  CHECK(!at("m.yoy.disputes"));
  CHECK(!r.metric("m.yoy.requests")->value);
}

TEST_CASE("metrics: formulas are checked at load, with the grammar's line") {
  auto grammar_with = [](const std::string& metrics) {
    return std::string(R"(<?xml version="1.0"?>
<grammar id="tiny" version="1">
  <table id="t1"><column id="a" label="甲"/><column id="total" label="合计"/>
    <row id="x.one" label="一"/><row id="x.two" label="二"/></table>
  <metrics>
)") + metrics + "\n  </metrics>\n</grammar>\n";
  };
  auto error_of = [&](const std::string& metrics) -> std::string {
    try {
      parse_grammar(grammar_with(metrics), "tiny.xml");
    } catch (const GrammarError& e) {
      return e.what();
    }
    return "";
  };
  Grammar ok = parse_grammar(
      grammar_with(R"(<metric id="m.s" unit="count">Σ t1.x.*.total</metric>
<metric id="m.r" unit="ratio">(t1.x.one.a + 1) / m.s - previous.m.s</metric>)"),
      "tiny.xml");
  REQUIRE(ok.metrics.size() == 2);
  CHECK(ok.metrics[0].expr.keys == std::vector<std::string>{"t1.x.one.total", "t1.x.two.total"});
  CHECK(error_of(R"(<metric id="m.s" unit="count">t1.x.three.a</metric>)") ==
        "tiny.xml:6: metric formula: 't1.x.three.a' is not a key of tiny");
  CHECK(error_of(R"(<metric id="m.s" unit="count">m.later</metric>)") ==
        "tiny.xml:6: metric formula: 'm.later' is not an indicator defined above");
  CHECK(error_of(R"(<metric id="m.s" unit="percent">t1.x.one.a</metric>)") ==
        "tiny.xml:6: metric 'm.s': unit is count or ratio");
  CHECK(error_of(R"(<metric id="m.s" unit="count">(t1.x.one.a</metric>)") ==
        "tiny.xml:6: metric formula: formula ends too early");
  CHECK(error_of(R"(<metric id="m.s" unit="count">Σ t9.*</metric>)") ==
        "tiny.xml:6: metric formula: 'Σ t9.*' matches no key of tiny");
  CHECK(error_of(R"(<metric id="m.s" unit="count" absent="none">t1.x.one.a</metric>)") ==
        "tiny.xml:6: metric 'm.s' is absent and has a formula");
}

TEST_CASE("metrics: the grammars list metrics.tsv's indicators in its order, with its units") {
  std::istringstream in(read_file(std::string(XXGK_SHARED_SPEC) + "/metrics.tsv"));
  std::vector<std::string> ids, units;
  std::string line;
  std::getline(in, line);
  while (std::getline(in, line)) {
    auto a = line.find('\t'), b = line.find('\t', a + 1), c = line.find('\t', b + 1);
    ids.push_back(line.substr(0, a));
    units.push_back(line.substr(b + 1, c - b - 1));
  }
  CHECK(engine().grammars().metric_ids == ids);
  for (auto& g : engine().grammars().templates)
    for (size_t i = 0; i < g.metrics.size(); ++i) CHECK(g.metrics[i].unit == units[i]);
}

TEST_CASE("grammar: cross-check thresholds and display names are checked at load") {
  auto grammar_with = [](const std::string& extra) {
    return std::string(R"(<?xml version="1.0"?>
<grammar id="tiny" version="1">
  <table id="t1"><column id="a" label="甲"/><row id="x" label="一"/><row id="y"/><line rows="y"/></table>
  <metrics><metric id="m.a" unit="count">t1.x.a</metric></metrics>
)") + extra + "\n</grammar>\n";
  };
  auto error_of = [&](const std::string& extra) -> std::string {
    try {
      parse_grammar(grammar_with(extra), "tiny.xml");
    } catch (const GrammarError& e) {
      return e.what();
    }
    return "";
  };
  Grammar ok = parse_grammar(grammar_with(R"(<cross-checks><copied-table min-nonzero="3"/><copied-text min-chars="50"/>
<jump metric="m.a" factor="4" min="10"/></cross-checks>
<display><row table="t1" id="y" label="乙行"/></display>)"),
                             "tiny.xml");
  CHECK(ok.cross_checks.copied_table_min_nonzero == 3);
  CHECK(ok.cross_checks.copied_text_min_chars == 50);
  REQUIRE(ok.cross_checks.jumps.size() == 1);
  CHECK(ok.cross_checks.jumps[0].factor == 4);
  CHECK(ok.display_label("t1.y.a") == "乙行/甲");
  CHECK(ok.display_label("t1.x.a") == "一/甲");
  CHECK(error_of(R"(<cross-checks><jump metric="m.b" factor="4"/></cross-checks>)") ==
        "tiny.xml:5: jump names unknown metric 'm.b'");
  CHECK(error_of(R"(<cross-checks><jump metric="m.a" factor="1"/></cross-checks>)") ==
        "tiny.xml:5: jump factor must be greater than 1");
  CHECK(error_of(R"(<display><row table="t1" id="z" label="丙"/></display>)") ==
        "tiny.xml:5: display names unknown row 't1.z'");
}

TEST_CASE("grammar: the real grammars' reader labels drop the template's numbering") {
  const Grammar& g = *engine().grammars().find("gov-2021");
  CHECK(g.display_label("t3.granted.natural") == "予以公开/自然人");
  CHECK(g.display_label("t3.partial.total") == "部分公开/总计");
  CHECK(g.display_label("t3.new_received.commercial") == "本年新收政府信息公开申请数量/商业企业");
  CHECK(g.display_label("t3.withheld.state_secret.natural") == "属于国家秘密/自然人");
  CHECK(g.display_label("t4.suit_direct.corrected") == "行政诉讼/未经复议直接起诉/结果纠正");
}
