// The audit rules of the real gov-2021 grammar on synthetic cells: each rule
// fires when its equation breaks and only then, a finding names the rule, the
// scope, every key involved, both sides and their difference (lhs − rhs), a
// total left blank is a warning rather than an error, and an equation that
// touches a missing or ambiguous cell is not checked at all.
#include "audit/audit.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

#include "support.h"

using namespace xxgk;
using namespace xxgk::test;

namespace {

const Grammar& gov2021() {
  static const GrammarSet set = load_grammars(source_path("grammars"));
  const Grammar* g = set.find("gov-2021");
  REQUIRE(g);
  return *g;
}

// Every key of gov-2021 read as 0.
struct Cells {
  std::vector<CellValue> cells;
  Cells() {
    uint32_t offset = 0;
    for (auto& k : gov2021().keys()) {
      CellValue c;
      c.key = k;
      c.value = Decimal::of(0);
      c.raw = "0";
      c.offset = offset += 2;
      c.status = CellStatus::read;
      cells.push_back(std::move(c));
    }
  }
  CellValue& at(const std::string& key) {
    auto it = std::find_if(cells.begin(), cells.end(), [&](const CellValue& c) { return c.key == key; });
    REQUIRE_MESSAGE(it != cells.end(), "no key " << key);
    return *it;
  }
  Cells& set(const std::string& key, int64_t v) {
    CellValue& c = at(key);
    c.value = Decimal::of(v);
    c.raw = std::to_string(v);
    c.status = CellStatus::read;
    return *this;
  }
  Cells& blank(const std::string& key) {
    CellValue& c = at(key);
    c.value.reset();
    c.raw = "/";
    c.status = CellStatus::blank;
    return *this;
  }
  Cells& missing(const std::string& key) {
    CellValue& c = at(key);
    c.value.reset();
    c.raw.reset();
    c.offset.reset();
    c.status = CellStatus::missing;
    return *this;
  }
  Cells& ambiguous(const std::string& key) {
    CellValue& c = at(key);
    c.value.reset();
    c.status = CellStatus::ambiguous;
    c.candidates = {Decimal::of(1), Decimal::of(12)};
    return *this;
  }
  Cells& drop(const std::string& key) {
    cells.erase(std::remove_if(cells.begin(), cells.end(), [&](const CellValue& c) { return c.key == key; }),
                cells.end());
    return *this;
  }
};

size_t instance_count() {
  return gov2021().instances().size();
}

const Finding* find(const AuditResult& r, const std::string& rule, const std::string& scope) {
  for (auto& f : r.findings)
    if (f.rule == rule && f.scope == scope) return &f;
  return nullptr;
}

bool has(const std::vector<std::string>& v, const std::string& k) {
  return std::find(v.begin(), v.end(), k) != v.end();
}

std::string list(const AuditResult& r) {
  std::string out;
  for (auto& f : r.findings)
    out += f.rule + "/" + f.scope + " " + to_string(f.severity) + " " + f.lhs.str() + " vs " + f.rhs.str() + "\n";
  return out.empty() ? "(no findings)" : out;
}

}  // namespace

TEST_CASE("audit: all zeros break no rule, every instance checked") {
  Cells c;
  AuditResult r = audit_cells(gov2021(), c.cells);
  CHECK_MESSAGE(r.findings.empty(), list(r));
  CHECK(r.checked == instance_count());
  CHECK(r.checked == 25 + 7 + 7 + 3);
  CHECK(r.unchecked == 0);
}

TEST_CASE("audit: consistent non-zero tables break no rule") {
  Cells c;
  // 一 64 + 二 1 = （七）60 + 四 5, with results 50 + 10 = 60, in two columns.
  c.set("t3.new_received.natural", 60).set("t3.new_received.commercial", 4).set("t3.new_received.total", 64);
  c.set("t3.carried_over.natural", 1).set("t3.carried_over.total", 1);
  c.set("t3.granted.natural", 48).set("t3.granted.commercial", 2).set("t3.granted.total", 50);
  c.set("t3.unable.not_held.natural", 8).set("t3.unable.not_held.commercial", 2).set("t3.unable.not_held.total", 10);
  c.set("t3.total_processed.natural", 56).set("t3.total_processed.commercial", 4).set("t3.total_processed.total", 60);
  c.set("t3.carried_forward.natural", 5).set("t3.carried_forward.total", 5);
  c.set("t4.review.upheld", 2).set("t4.review.pending", 1).set("t4.review.total", 3);
  AuditResult r = audit_cells(gov2021(), c.cells);
  CHECK_MESSAGE(r.findings.empty(), list(r));
  CHECK(r.unchecked == 0);
}

TEST_CASE("audit: one granted.natural = 3 breaks its row total and its column's results total") {
  Cells c;
  c.set("t3.granted.natural", 3);
  AuditResult r = audit_cells(gov2021(), c.cells);
  CHECK_MESSAGE(r.findings.size() == 2, list(r));

  const Finding* row = find(r, "t3.row_total", "granted");
  REQUIRE_MESSAGE(row, list(r));
  CHECK(row->severity == Severity::error);
  CHECK(has(row->cells, "t3.granted.natural"));
  CHECK(row->cells.front() == "t3.granted.total");  // lhs first
  CHECK(row->cells.size() == 7);
  CHECK(row->lhs == Decimal::of(0));
  CHECK(row->rhs == Decimal::of(3));
  CHECK(row->delta == Decimal::of(-3));
  CHECK(row->blank.empty());
  CHECK_FALSE(row->message.empty());

  const Finding* col = find(r, "t3.results_total", "natural");
  REQUIRE_MESSAGE(col, list(r));
  CHECK(col->severity == Severity::error);
  CHECK(has(col->cells, "t3.granted.natural"));
  CHECK(col->cells.front() == "t3.total_processed.natural");
  CHECK(col->cells.size() == 22);
  CHECK(col->lhs == Decimal::of(0));
  CHECK(col->rhs == Decimal::of(3));
  CHECK(col->delta == Decimal::of(-3));

  // The balance (一 + 二 = （七） + 四) does not involve granted: it holds.
  CHECK_FALSE(find(r, "t3.balance", "natural"));
}

TEST_CASE("audit: the balance rule fires on its own") {
  Cells c;
  // Results and row totals agree; 一 5 + 二 0 ≠ （七）4 + 四 0.
  c.set("t3.new_received.natural", 5).set("t3.new_received.total", 5);
  c.set("t3.granted.natural", 4).set("t3.granted.total", 4);
  c.set("t3.total_processed.natural", 4).set("t3.total_processed.total", 4);
  AuditResult r = audit_cells(gov2021(), c.cells);
  CHECK_MESSAGE(r.findings.size() == 2, list(r));
  for (const char* scope : {"natural", "total"}) {
    CAPTURE(scope);
    const Finding* f = find(r, "t3.balance", scope);
    REQUIRE_MESSAGE(f, list(r));
    CHECK(f->severity == Severity::error);
    CHECK(f->lhs == Decimal::of(5));
    CHECK(f->rhs == Decimal::of(4));
    CHECK(f->delta == Decimal::of(1));
    CHECK(f->cells == std::vector<std::string>{
                          "t3.new_received." + std::string(scope), "t3.carried_over." + std::string(scope),
                          "t3.total_processed." + std::string(scope), "t3.carried_forward." + std::string(scope)});
  }
}

TEST_CASE("audit: a total column left blank is a warning listing the blank keys") {
  // As in the Shanghai 2019 report: 总计 printed only for 一, 二, （七） and 四.
  Cells c;
  c.set("t3.new_received.natural", 3).set("t3.new_received.total", 3);
  c.set("t3.granted.natural", 3);
  c.set("t3.total_processed.natural", 3).set("t3.total_processed.total", 3);
  std::vector<std::string> result_totals;  // granted.total … other.other.total
  for (auto& in : gov2021().instances())
    if (in.rule->id == "t3.results_total" && in.scope == "total") result_totals = in.rhs;
  REQUIRE(result_totals.size() == 21);
  for (auto& k : result_totals) c.blank(k);

  AuditResult r = audit_cells(gov2021(), c.cells);
  for (auto& f : r.findings) CHECK_MESSAGE(f.severity != Severity::error, list(r));

  const Finding* row = find(r, "t3.row_total", "granted");
  REQUIRE_MESSAGE(row, list(r));
  CHECK(row->severity == Severity::warning);
  CHECK(row->blank == std::vector<std::string>{"t3.granted.total"});
  CHECK(row->lhs == Decimal::of(0));
  CHECK(row->rhs == Decimal::of(3));
  CHECK(row->delta == Decimal::of(-3));

  const Finding* col = find(r, "t3.results_total", "total");
  REQUIRE_MESSAGE(col, list(r));
  CHECK(col->severity == Severity::warning);
  CHECK(col->blank == result_totals);
  CHECK(col->lhs == Decimal::of(3));
  CHECK(col->rhs == Decimal::of(0));
  CHECK(col->delta == Decimal::of(3));

  // The applicant columns add up: no finding for them.
  CHECK_FALSE(find(r, "t3.results_total", "natural"));
  CHECK_FALSE(find(r, "t3.row_total", "new_received"));
  CHECK(r.unchecked == 0);
}

TEST_CASE("audit: a blank cell on a side that has figures counts as 0 and is listed, severity unchanged") {
  Cells c;
  c.set("t3.granted.natural", 3).set("t3.granted.total", 5).blank("t3.granted.commercial");
  AuditResult r = audit_cells(gov2021(), c.cells);
  const Finding* row = find(r, "t3.row_total", "granted");
  REQUIRE_MESSAGE(row, list(r));
  CHECK(row->severity == Severity::error);
  CHECK(row->blank == std::vector<std::string>{"t3.granted.commercial"});
  CHECK(row->lhs == Decimal::of(5));
  CHECK(row->rhs == Decimal::of(3));
  CHECK(row->delta == Decimal::of(2));
}

TEST_CASE("audit: an instance touching a missing cell is unchecked and gives no finding") {
  Cells c;
  // granted.natural = 3 would break row_total/granted and results_total/natural;
  // granted.commercial is missing, so row_total/granted cannot be checked.
  c.set("t3.granted.natural", 3).missing("t3.granted.commercial");
  AuditResult r = audit_cells(gov2021(), c.cells);
  CHECK_FALSE(find(r, "t3.row_total", "granted"));
  CHECK_FALSE(find(r, "t3.results_total", "commercial"));
  CHECK(find(r, "t3.results_total", "natural"));
  CHECK_MESSAGE(r.findings.size() == 1, list(r));
  CHECK(r.unchecked == 2);  // row_total/granted and results_total/commercial
  CHECK(r.checked == instance_count() - 2);
}

TEST_CASE("audit: a cell absent from the vector or ambiguous is like a missing one") {
  SUBCASE("absent") {
    Cells c;
    c.set("t4.review.total", 9).drop("t4.review.upheld");
    AuditResult r = audit_cells(gov2021(), c.cells);
    CHECK_MESSAGE(r.findings.empty(), list(r));
    CHECK(r.unchecked == 1);
  }
  SUBCASE("ambiguous") {
    Cells c;
    c.set("t4.review.total", 9).ambiguous("t4.review.upheld");
    AuditResult r = audit_cells(gov2021(), c.cells);
    CHECK_MESSAGE(r.findings.empty(), list(r));
    CHECK(r.unchecked == 1);
  }
}

TEST_CASE("audit: a table 4 group total off by one") {
  Cells c;
  c.set("t4.review.upheld", 2).set("t4.review.total", 3);
  AuditResult r = audit_cells(gov2021(), c.cells);
  CHECK_MESSAGE(r.findings.size() == 1, list(r));
  const Finding* f = find(r, "t4.group_total", "review");
  REQUIRE_MESSAGE(f, list(r));
  CHECK(f->severity == Severity::error);
  CHECK(f->cells == std::vector<std::string>{"t4.review.total", "t4.review.upheld", "t4.review.corrected",
                                             "t4.review.other", "t4.review.pending"});
  CHECK(f->lhs == Decimal::of(3));
  CHECK(f->rhs == Decimal::of(2));
  CHECK(f->delta == Decimal::of(1));
  CHECK(f->lhs.str() == "3");
  CHECK(f->rhs.str() == "2");
  CHECK(f->delta.str() == "1");
  CHECK(f->blank.empty());
  CHECK(f->message.find("t4.group_total") != std::string::npos);
}

// ---- cross-report rules ----------------------------------------------------

namespace {
xxgk::Record pingtan(const std::string& file) {
  using namespace xxgk::test;
  return parse(read_file(shared_corpus("real/" + file)), file);
}
}  // namespace

TEST_CASE("cross.carry_over: 2022's carried-over applications equal 2021's carried forward") {
  using namespace xxgk;
  xxgk::Record y2021 = pingtan("008-2021-pingtan.txt"), y2022 = pingtan("009-2022-pingtan.txt");
  const Grammar& g = *xxgk::test::engine().grammars().find("gov-2021");
  REQUIRE(y2021.cell("t3.carried_forward.total")->value == Decimal::of(1));
  REQUIRE(y2022.cell("t3.carried_over.total")->value == Decimal::of(1));
  for (auto& f : audit_cross(g, y2022, y2021)) CHECK_MESSAGE(f.rule != "cross.carry_over", f.message);

  // The same pair with 2021's carried-forward changed: the rule fires and names both sides.
  for (auto& c : y2021.cells)
    if (c.key == "t3.carried_forward.natural" || c.key == "t3.carried_forward.total") c.value = Decimal::of(3);
  auto findings = audit_cross(g, y2022, y2021);
  std::vector<std::string> scopes;
  for (auto& f : findings)
    if (f.rule == "cross.carry_over") {
      scopes.push_back(f.scope);
      CHECK(f.severity == Severity::warning);
      CHECK(f.cells.front() == "t3.carried_over." + f.scope);
      CHECK(f.cells.back() == "previous:t3.carried_forward." + f.scope);
      CHECK(f.lhs.str() == "1");
      CHECK(f.rhs.str() == "3");
    }
  CHECK(scopes == std::vector<std::string>{"natural", "total"});
}

TEST_CASE("cross.in_force: in force = last year's in force + made - repealed, gov-2021 only") {
  using namespace xxgk;
  const Grammar& g = *xxgk::test::engine().grammars().find("gov-2021");
  auto make = [&](int made, int repealed, int in_force) {
    Record r;
    r.template_id = "gov-2021";
    for (auto& key : g.keys()) {
      CellValue c;
      c.key = key;
      c.status = CellStatus::read;
      c.value = Decimal::of(0);
      if (key == "t2.normative_docs.made") c.value = Decimal::of(made);
      if (key == "t2.normative_docs.repealed") c.value = Decimal::of(repealed);
      if (key == "t2.normative_docs.in_force") c.value = Decimal::of(in_force);
      r.cells.push_back(c);
    }
    return r;
  };
  CHECK(audit_cross(g, make(5, 2, 103), make(9, 1, 100)).empty());
  auto f = audit_cross(g, make(5, 2, 110), make(9, 1, 100));
  REQUIRE(f.size() == 1);
  CHECK(f[0].rule == "cross.in_force");
  CHECK(f[0].scope == "normative_docs");
  // A gov-2019 previous year has no in_force: unchecked, no finding.
  Record old = make(0, 0, 0);
  old.cells.clear();
  CHECK(audit_cross(g, make(5, 2, 110), old).empty());
}

// ---- narrative figures -----------------------------------------------------

namespace {
std::vector<std::string> text_findings(const xxgk::Record& r) {
  std::vector<std::string> out;
  for (auto& f : r.findings)
    if (f.rule.rfind("text.", 0) == 0) out.push_back(f.rule + " " + f.lhs.str() + " " + f.rhs.str());
  return out;
}
}  // namespace

TEST_CASE("narratives: each stated figure of the prose is checked against its cells") {
  using namespace xxgk::test;
  // tab-rows.txt: 本年度办结85件，其中予以公开35件，部分公开10件，不予公开8件 … 被申请行政复议3件，
  // 被提起行政诉讼2件 — all agree with its tables.
  std::string text = read_file(source_path("corpus/reports/gov2021-tab-rows.txt"));
  CHECK(text_findings(parse(text)).empty());
  struct Case {
    const char *from, *to, *want;
  };
  for (auto c : {Case{"其中予以公开35件", "其中予以公开36件", "text.granted 36 35"},
                 Case{"部分公开10件", "部分公开11件", "text.partial 11 10"},
                 Case{"不予公开8件", "不予公开9件", "text.withheld 9 8"},
                 Case{"被提起行政诉讼2件", "被提起行政诉讼4件", "text.suit 4 2"},
                 Case{"被申请行政复议3件", "被申请行政复议1件", "text.review 1 3"},
                 Case{"全年共收到政府信息公开申请86件", "全年共收到政府信息公开申请88件", "text.new_received 88 86"}}) {
    CAPTURE(c.to);
    auto p = text.find(c.from);
    REQUIRE(p != std::string::npos);
    std::string changed = text;
    changed.replace(p, std::string(c.from).size(), c.to);
    CHECK(text_findings(parse(changed)) == std::vector<std::string>{c.want});
  }
}

TEST_CASE("narratives: new plus carried over is accepted only where the sentence says so") {
  using namespace xxgk::test;
  std::string text = read_file(source_path("corpus/reports/gov2021-tab-rows.txt"));
  // The table: 86 new, 2 carried over.
  auto with = [&](const std::string& sentence) {
    std::string s = text;
    auto p = s.find("全年共收到政府信息公开申请86件");
    s.replace(p, std::string("全年共收到政府信息公开申请86件").size(), sentence);
    return text_findings(parse(s));
  };
  CHECK(with("全年收到和上年结转政府信息公开申请共88件").empty());
  CHECK(with("全年收到和上年结转政府信息公开申请共86件") ==
        std::vector<std::string>{"text.new_received 86 88"});
  // 88 is new + carried over by coincidence of wording only: a warning.
  CHECK(with("全年共收到政府信息公开申请88件") == std::vector<std::string>{"text.new_received 88 86"});
  // 予以公开及部分公开N件 is the sum of both, not 部分公开.
  CHECK(with("全年共收到政府信息公开申请86件，予以公开及部分公开45件").empty());
  CHECK(with("全年共收到政府信息公开申请86件，予以公开及部分公开44件") ==
        std::vector<std::string>{"text.granted_partial 44 45"});
}

TEST_CASE("narratives: on the real reports, only 2022's 收到…75件 (74 new + 1 carried over) is flagged") {
  using namespace xxgk::test;
  namespace fs = std::filesystem;
  std::vector<std::string> got;
  std::vector<std::string> files;
  for (auto& e : fs::directory_iterator(shared_corpus("real"))) files.push_back(e.path().filename().string());
  std::sort(files.begin(), files.end());
  for (auto& f : files)
    for (auto& x : text_findings(parse(read_file(shared_corpus("real/" + f)), f))) got.push_back(f + " " + x);
  CHECK(got == std::vector<std::string>{"009-2022-pingtan.txt text.new_received 75 74"});
}
