// The recovery solver (lib/extract/recover.cc): glued digit runs split by the
// template's arithmetic, checked against the verified truth of reports 006-012.
#include "extract/recover.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "support.h"

using namespace xxgk::recover;

namespace {

const std::vector<std::string> kCols = {"natural",        "commercial", "research", "public_interest",
                                        "legal_services", "other_org",  "total"};

// Table 3 rows in printed order; the 2019 template has a single "other" row.
std::vector<std::string> t3_rows(bool gov2021) {
  std::vector<std::string> rows = {"new_received", "carried_over", "granted", "partial"};
  for (const char* w : {"state_secret", "law_prohibited", "three_safety", "third_party", "internal_affairs",
                        "process_info", "enforcement_file", "admin_query"})
    rows.push_back(std::string("withheld.") + w);
  for (const char* w : {"not_held", "needs_creation", "unclear"}) rows.push_back(std::string("unable.") + w);
  for (const char* w : {"petition", "repeated", "publication", "excessive", "confirm_reissue"})
    rows.push_back(std::string("declined.") + w);
  if (gov2021) {
    for (const char* w : {"no_correction", "unpaid_fee", "other"}) rows.push_back(std::string("other.") + w);
  } else {
    rows.push_back("other");
  }
  rows.push_back("total_processed");
  rows.push_back("carried_forward");
  return rows;
}

std::vector<std::string> t3_keys(const std::string& row) {
  std::vector<std::string> keys;
  for (auto& c : kCols) keys.push_back("t3." + row + "." + c);
  return keys;
}

Equation row_total(const std::string& row) {
  auto keys = t3_keys(row);
  Equation e{{keys.back()}, {}, 0, "t3.row_total", "t3." + row};
  e.rhs.assign(keys.begin(), keys.end() - 1);
  return e;
}

// The grammar's three table-3 rules, expanded the way the extractor does.
std::vector<Equation> t3_equations(const std::vector<std::string>& rows) {
  std::vector<Equation> eqs;
  for (auto& row : rows) eqs.push_back(row_total(row));
  for (auto& c : kCols) {
    Equation e{{"t3.total_processed." + c}, {}, 0, "t3.results_total", c};
    for (size_t r = 2; r + 2 < rows.size(); ++r) e.rhs.push_back("t3." + rows[r] + "." + c);
    eqs.push_back(e);
    eqs.push_back({{"t3.new_received." + c, "t3.carried_over." + c},
                   {"t3.total_processed." + c, "t3.carried_forward." + c},
                   0,
                   "t3.balance",
                   c});
  }
  return eqs;
}

const std::vector<std::string> kGroups = {"review", "suit_direct", "suit_after_review"};

std::vector<std::string> t4_keys() {
  std::vector<std::string> keys;
  for (auto& g : kGroups)
    for (const char* c : {"upheld", "corrected", "other", "pending", "total"}) keys.push_back("t4." + g + "." + c);
  return keys;
}

std::vector<Equation> t4_equations() {
  std::vector<Equation> eqs;
  for (auto& g : kGroups)
    eqs.push_back({{"t4." + g + ".total"},
                   {"t4." + g + ".upheld", "t4." + g + ".corrected", "t4." + g + ".other", "t4." + g + ".pending"},
                   0,
                   "t4.group_total",
                   "t4." + g});
  return eqs;
}

Run make_run(std::vector<std::string> keys, std::string text) {
  Run run;
  run.keys = std::move(keys);
  run.text = std::move(text);
  for (uint32_t i = 0; i < run.text.size(); ++i) run.origin.push_back(i);
  return run;
}

// The glued figures of a table as the extractor hands them over: maximal
// stretches of ASCII digits, signs, points and spaces between labels, trimmed,
// with a trailing list number ("2.") that opens the next label dropped.
std::vector<Run> glued_runs(const std::string& s, size_t from, size_t to) {
  std::vector<Run> runs;
  Run cur;
  auto flush = [&] {
    if (!cur.text.empty() && cur.text.back() == '.') {  // "00000002." -> "0000000"
      cur.text.resize(cur.text.size() - 2);
      cur.origin.resize(cur.text.size());
    }
    while (!cur.text.empty() && cur.text.back() == ' ') cur.text.pop_back(), cur.origin.pop_back();
    size_t lead = cur.text.find_first_not_of(' ');
    if (lead != std::string::npos) {
      cur.text.erase(0, lead);
      cur.origin.erase(cur.origin.begin(), cur.origin.begin() + static_cast<long>(lead));
      runs.push_back(cur);
    }
    cur = Run{};
  };
  for (size_t i = from; i < to; ++i) {
    char c = s[i];
    if ((c >= '0' && c <= '9') || c == ' ' || c == '.' || c == '+' || c == '-') {
      cur.text.push_back(c);
      cur.origin.push_back(static_cast<uint32_t>(i));
    } else {
      flush();
    }
  }
  flush();
  return runs;
}

struct Real {
  std::string text;
  std::map<std::string, std::string> truth;
  Problem problem;
};

// Tables 3 and 4 of a Pingtan crawler text, every cell glued, no known cells.
Real real_problem(const std::string& file, bool gov2021) {
  Real r;
  r.text = xxgk::test::read_file(xxgk::test::shared_corpus("real/" + file));
  r.truth = xxgk::test::read_truth(xxgk::test::shared_corpus("truth/" + file + ".tsv"));
  size_t from = r.text.find("本年新收政府信息公开申请数量");
  size_t to = r.text.find("五、存在");
  REQUIRE(from != std::string::npos);
  REQUIRE(to != std::string::npos);
  auto runs = glued_runs(r.text, from, to);
  auto rows = t3_rows(gov2021);
  REQUIRE(runs.size() == rows.size() + 1);
  for (size_t i = 0; i < rows.size(); ++i) {
    runs[i].keys = t3_keys(rows[i]);
    r.problem.runs.push_back(runs[i]);
  }
  runs.back().keys = t4_keys();
  r.problem.runs.push_back(runs.back());
  r.problem.equations = t3_equations(rows);
  for (auto& e : t4_equations()) r.problem.equations.push_back(e);
  return r;
}

struct Tally {
  int recovered = 0, ambiguous = 0, unresolved = 0, wrong = 0;
};

// Every recovered cell must equal truth (and point at its digits); every
// ambiguous cell must list the truth among its candidates.
Tally check_against_truth(const Real& r, const Solution& sol) {
  Tally t;
  for (auto& c : sol.cells) {
    auto it = r.truth.find(c.key);
    REQUIRE_MESSAGE(it != r.truth.end(), c.key);
    int64_t want = std::stoll(it->second);
    switch (c.status) {
      case CellStatus::recovered:
        ++t.recovered;
        if (c.value != want) ++t.wrong;
        CHECK_MESSAGE(c.value == want, c.key);
        CHECK(r.text.substr(c.offset, c.raw.size()) == c.raw);
        break;
      case CellStatus::ambiguous:
        ++t.ambiguous;
        CHECK_MESSAGE(std::count(c.candidates.begin(), c.candidates.end(), want) == 1, c.key);
        break;
      case CellStatus::unresolved: ++t.unresolved; break;
    }
  }
  return t;
}

const CellAnswer& cell(const Solution& sol, const std::string& key) {
  auto it = std::find_if(sol.cells.begin(), sol.cells.end(), [&](const CellAnswer& c) { return c.key == key; });
  REQUIRE(it != sol.cells.end());
  return *it;
}

using Split = std::vector<std::string>;

}  // namespace

TEST_CASE("recover: 640020470 alone is ambiguous, its row equation leaves only the truth") {
  Problem p;
  p.runs.push_back(make_run(t3_keys("new_received"), "640020470"));
  Solution s = solve(p);
  REQUIRE(s.runs.size() == 1);
  CHECK(s.runs[0].status == RunStatus::ambiguous);
  CHECK(s.runs[0].candidates.size() == 12);
  CHECK(s.runs[0].candidates.front() == Split{"6", "4", "0", "0", "2", "0", "470"});  // lexicographic by cuts
  CHECK(cell(s, "t3.new_received.total").status == CellStatus::ambiguous);
  CHECK(cell(s, "t3.new_received.total").candidates == std::vector<int64_t>{0, 70, 470});

  p.equations = {row_total("new_received")};
  Solution t = solve(p);
  CHECK(t.runs[0].status == RunStatus::solved);
  CHECK(t.runs[0].candidates == std::vector<Split>{{"64", "0", "0", "2", "0", "4", "70"}});
  CHECK(cell(t, "t3.new_received.natural").value == 64);
  CHECK(cell(t, "t3.new_received.total").offset == 7);
}

TEST_CASE("recover: 008 row equations alone leave some rows ambiguous, the whole table settles them") {
  Real r = real_problem("008-2021-pingtan.txt", true);
  std::erase_if(r.problem.equations,
                [](const Equation& e) { return e.rule == "t3.results_total" || e.rule == "t3.balance"; });
  REQUIRE(r.problem.equations.size() == 25 + 3);  // row totals and table-4 group totals
  Solution s = solve(r.problem);
  Tally t = check_against_truth(r, s);
  CHECK(t.wrong == 0);
  // 270020130: 27|0|0|2|0|1|30 or 2|7|0|0|20|1|30; 220000325: 22|0|0|0|0|3|25 or 2|20|0|0|0|3|25.
  std::vector<std::string> ambiguous;
  for (auto& c : s.cells)
    if (c.status == CellStatus::ambiguous) ambiguous.push_back(c.key);
  CHECK(ambiguous == std::vector<std::string>{"t3.granted.natural", "t3.granted.commercial",
                                              "t3.granted.public_interest", "t3.granted.legal_services",
                                              "t3.unable.not_held.natural", "t3.unable.not_held.commercial"});
  CHECK(cell(s, "t3.granted.total").status == CellStatus::recovered);  // fixed while the others swap
  CHECK(s.runs[2].status == RunStatus::ambiguous);
  CHECK(s.runs[2].candidates ==
        std::vector<Split>{{"2", "7", "0", "0", "20", "1", "30"}, {"27", "0", "0", "2", "0", "1", "30"}});
}

TEST_CASE("recover: 008 whole tables 3 and 4: every cell recovered and equal to truth") {
  Real r = real_problem("008-2021-pingtan.txt", true);
  Solution s = solve(r.problem);
  Tally t = check_against_truth(r, s);
  CHECK(t.wrong == 0);
  CHECK(t.recovered == 25 * 7 + 15);
  for (auto& run : s.runs) CHECK(run.status == RunStatus::solved);
  CHECK(s.runs[0].candidates == std::vector<Split>{{"64", "0", "0", "2", "0", "4", "70"}});
  CHECK(s.runs[3].candidates == std::vector<Split>{{"5", "0", "0", "0", "0", "0", "5"}});  // "500000 5"
  CHECK(s.runs.back().candidates ==
        std::vector<Split>{{"1", "0", "2", "0", "3", "12", "0", "0", "0", "12", "0", "0", "0", "0", "0"}});
  CHECK(s.nodes < 1000);
}

TEST_CASE("recover: real reports 006, 009-012: nothing recovered wrongly, ambiguity only where real") {
  struct Case {
    const char* file;
    bool gov2021;
  };
  for (Case c :
       {Case{"006-2019-pingtan.txt", false}, Case{"009-2022-pingtan.txt", true}, Case{"010-2023-pingtan.txt", true},
        Case{"011-2024-pingtan.txt", true}, Case{"012-2025-pingtan.txt", true}}) {
    std::string file = c.file;
    CAPTURE(file);
    Real r = real_problem(c.file, c.gov2021);
    Solution s = solve(r.problem);
    Tally t = check_against_truth(r, s);
    CHECK(t.wrong == 0);
    CHECK(t.unresolved == 0);
    for (auto& run : s.runs) CHECK((run.status == RunStatus::solved || run.status == RunStatus::ambiguous));
  }
}

TEST_CASE("recover: 007 does not add up: no_solution, the broken rules named, the printed figures kept") {
  // Its results rows sum to 27 (自然人 26) but （七）总计 prints 21 (20): no split
  // satisfies results_total in those two columns. Dropping exactly those two
  // equations leaves one solution: the figures the report printed, which the
  // auditor then reports as breaking the two rules.
  Real r = real_problem("007-2020-pingtan.txt", false);
  Solution s = solve(r.problem);
  for (size_t i = 0; i + 1 < s.runs.size(); ++i) {
    CHECK(s.runs[i].status == RunStatus::no_solution);
    CHECK(s.runs[i].note.find("solvable without both of: t3.results_total (natural) and t3.results_total (total)") !=
          std::string::npos);
  }
  CHECK(s.runs.back().status == RunStatus::solved);  // table 4 is its own component
  Tally t = check_against_truth(r, s);
  CHECK(t.wrong == 0);
  CHECK(t.recovered == 23 * 7 + 15);
}

TEST_CASE("recover: table 4 run of 17 digits for 15 cells") {
  Problem p;
  p.runs.push_back(make_run(t4_keys(), "10203120001200000"));
  p.equations = t4_equations();
  Solution s = solve(p);
  CHECK(s.runs[0].status == RunStatus::solved);
  CHECK(s.runs[0].candidates ==
        std::vector<Split>{{"1", "0", "2", "0", "3", "12", "0", "0", "0", "12", "0", "0", "0", "0", "0"}});
  CHECK(cell(s, "t4.suit_direct.upheld").value == 12);
  CHECK(cell(s, "t4.suit_direct.upheld").raw == "12");
  CHECK(cell(s, "t4.suit_direct.upheld").offset == 5);
}

TEST_CASE("recover: all-zero runs and space boundaries") {
  Problem p;
  p.runs.push_back(make_run(t3_keys("other"), "0 0 0 0 0 00"));
  p.runs.push_back(make_run(t3_keys("carried_forward"), "0 0 00 00 0"));
  p.runs.push_back(make_run(t3_keys("new_received"), "230 000023"));
  p.runs.push_back(make_run(t3_keys("total_processed"), "23 0 00 0 023"));
  for (auto& row : {"other", "carried_forward", "new_received", "total_processed"})
    p.equations.push_back(row_total(row));
  Solution s = solve(p);
  CHECK(s.runs[0].candidates == std::vector<Split>{{"0", "0", "0", "0", "0", "0", "0"}});
  CHECK(s.runs[1].candidates == std::vector<Split>{{"0", "0", "0", "0", "0", "0", "0"}});
  CHECK(s.runs[2].candidates == std::vector<Split>{{"23", "0", "0", "0", "0", "0", "23"}});
  CHECK(s.runs[3].candidates == std::vector<Split>{{"23", "0", "0", "0", "0", "0", "23"}});
  CHECK(cell(s, "t3.other.other_org").offset == 10);  // the first 0 of the final "00"

  // A space is a hard boundary: "12 3" is only 12|3, "123" is 1|23 or 12|3.
  Problem q;
  q.runs.push_back(make_run({"a", "b"}, "12 3"));
  q.runs.push_back(make_run({"c", "d"}, "123"));
  Solution t = solve(q);
  CHECK(t.runs[0].status == RunStatus::solved);
  CHECK(t.runs[1].status == RunStatus::ambiguous);
  CHECK(t.runs[1].candidates == std::vector<Split>{{"1", "23"}, {"12", "3"}});
  CHECK(cell(t, "d").candidates == std::vector<int64_t>{3, 23});
}

TEST_CASE("recover: a sign starts a cell, only where the key may be signed") {
  Problem p;
  Run run = make_run({"prev", "change", "decisions"}, "2648-18538");
  run.signed_ok = {false, true, false};
  p.runs.push_back(run);
  Run fees = make_run({"fprev", "fchange"}, "35-15");
  fees.signed_ok = {false, true};
  p.runs.push_back(fees);
  Solution s = solve(p);
  CHECK(s.runs[0].status == RunStatus::ambiguous);
  CHECK(s.runs[0].candidates ==
        std::vector<Split>{
            {"2648", "-1", "8538"}, {"2648", "-18", "538"}, {"2648", "-185", "38"}, {"2648", "-1853", "8"}});
  // Per-cell agreement: the first figure is certain though the run is not.
  CHECK(cell(s, "prev").status == CellStatus::recovered);
  CHECK(cell(s, "prev").value == 2648);
  CHECK(cell(s, "change").candidates == std::vector<int64_t>{-1853, -185, -18, -1});
  CHECK(cell(s, "fchange").value == -15);
  CHECK(cell(s, "fchange").raw == "-15");

  run.signed_ok = {false, false, false};
  Solution u = solve(Problem{{run}, {}, {}, {}});
  CHECK(u.runs[0].status == RunStatus::no_solution);
  CHECK(cell(u, "prev").status == CellStatus::unresolved);
}

TEST_CASE("recover: a point is a decimal point inside one cell that may hold one") {
  Problem p;
  Run run = make_run({"a", "b", "sum"}, "1.252.754");
  run.decimal_ok = {true, true, true};
  p.runs.push_back(run);
  p.equations.push_back({{"sum"}, {"a", "b"}, 0, "sum", ""});
  Solution s = solve(p);
  CHECK(s.runs[0].status == RunStatus::solved);
  CHECK(s.runs[0].candidates == std::vector<Split>{{"1.25", "2.75", "4"}});
  CHECK(cell(s, "a").raw == "1.25");
  CHECK(cell(s, "a").value == 125);  // the mantissa: raw has the point
  CHECK(cell(s, "sum").value == 4);

  Run procurement = make_run({"projects", "amount"}, "39573802895.90");
  procurement.decimal_ok = {false, true};
  Solution t = solve(Problem{{procurement}, {}, {}, {}});
  CHECK(t.runs[0].status == RunStatus::ambiguous);
  CHECK(std::count(t.runs[0].candidates.begin(), t.runs[0].candidates.end(), Split{"395", "73802895.90"}) == 1);

  procurement.decimal_ok = {false, false};
  CHECK(solve(Problem{{procurement}, {}, {}, {}}).runs[0].status == RunStatus::no_solution);
}

TEST_CASE("recover: known cells are constants, unknown cells leave their equation unchecked") {
  Problem p;
  p.runs.push_back(make_run({"a", "b"}, "123"));
  p.known["c"] = 24;
  p.equations.push_back({{"a", "b"}, {"c"}, 0, "sum", "known"});
  CHECK(solve(p).runs[0].candidates == std::vector<Split>{{"1", "23"}});
  p.equations[0].rhs = {"nowhere"};
  CHECK(solve(p).runs[0].status == RunStatus::ambiguous);

  // A key printed twice must read the same: here once known, once glued.
  Problem q;
  q.runs.push_back(make_run({"x", "y"}, "123"));
  q.known["x"] = 12;
  CHECK(solve(q).runs[0].candidates == std::vector<Split>{{"12", "3"}});
  q.known["x"] = 5;
  CHECK(solve(q).runs[0].status == RunStatus::no_solution);
}

TEST_CASE("recover: an inconsistent table is no_solution with the fault named, nothing recovered wrongly") {
  Real r = real_problem("008-2021-pingtan.txt", true);
  auto& forward = r.problem.runs[24];  // 四、结转下年度继续办理 1000001
  REQUIRE(forward.keys.front() == "t3.carried_forward.natural");
  forward.text = "1000002";  // its total misprinted: breaks its row and the total column's balance
  r.text[forward.origin.back()] = '2';
  Solution s = solve(r.problem);
  for (size_t i = 0; i + 1 < s.runs.size(); ++i) CHECK(s.runs[i].status == RunStatus::no_solution);
  CHECK(s.runs[0].note.find("last failing check: t3.row_total (t3.carried_forward)") != std::string::npos);
  CHECK(s.runs[0].note.find("solvable if one figure is wrong: t3.carried_forward.total") != std::string::npos);
  CHECK(s.runs[0].note.find("solvable without both of: t3.row_total (t3.carried_forward) and t3.balance (total)") !=
        std::string::npos);
  r.truth["t3.carried_forward.total"] = "2";  // what is printed now
  Tally t = check_against_truth(r, s);
  CHECK(t.wrong == 0);
  CHECK(t.recovered == 25 * 7 + 15);
  CHECK(s.runs.back().status == RunStatus::solved);

  // One equation alone at fault: the split the text forces is kept.
  Problem q;
  q.runs.push_back(make_run(t3_keys("carried_forward"), "1000002"));
  q.equations = {row_total("carried_forward")};
  Solution u = solve(q);
  CHECK(u.runs[0].status == RunStatus::no_solution);
  CHECK(u.runs[0].note.find("solvable without any one of: t3.row_total (t3.carried_forward)") != std::string::npos);
  CHECK(cell(u, "t3.carried_forward.total").value == 2);

  // Two different single equations each explain it: both relaxations are
  // kept, and the cells they disagree on are ambiguous.
  Problem x;
  x.runs.push_back(make_run({"a", "b"}, "1234"));
  x.equations = {{{"a"}, {}, 12, "a_is_12", ""}, {{"b"}, {}, 4, "b_is_4", ""}};
  Solution y = solve(x);
  CHECK(y.runs[0].status == RunStatus::no_solution);
  CHECK(y.runs[0].note.find("solvable without any one of: a_is_12, b_is_4") != std::string::npos);
  CHECK(y.runs[0].candidates == std::vector<Split>{{"12", "34"}, {"123", "4"}});
  CHECK(cell(y, "a").candidates == std::vector<int64_t>{12, 123});

  // Broken beyond two equations: nothing is kept.
  Problem w;
  w.runs.push_back(make_run({"a", "b", "c"}, "111"));
  for (const char* k : {"a", "b", "c"}) w.equations.push_back({{k}, {}, 2, "is_two", k});
  Solution v = solve(w);
  CHECK(v.runs[0].status == RunStatus::no_solution);
  CHECK(v.runs[0].note.find("several figures are off") != std::string::npos);
  CHECK(cell(v, "a").status == CellStatus::unresolved);
}

TEST_CASE("recover: limits: max_nodes, max_run_length, candidates per run") {
  Real r = real_problem("008-2021-pingtan.txt", true);
  r.problem.limits.max_nodes = 5;
  Solution s = solve(r.problem);
  CHECK(s.nodes <= 5);
  CHECK(s.runs.front().status == RunStatus::gave_up);
  CHECK(s.runs.front().note.find("node budget") != std::string::npos);
  CHECK(check_against_truth(r, s).wrong == 0);

  Real l = real_problem("008-2021-pingtan.txt", true);
  l.problem.limits.max_run_length = 8;  // "640020470" and the other 9-digit runs are longer
  Solution t = solve(l.problem);
  CHECK(t.runs[0].status == RunStatus::too_long);
  CHECK(cell(t, "t3.new_received.natural").status == CellStatus::unresolved);
  CHECK(check_against_truth(l, t).wrong == 0);
  CHECK(t.runs[1].status == RunStatus::solved);

  Problem big;
  big.runs.push_back(make_run(t3_keys("granted"), std::string(64, '1')));  // C(63,6) splits
  Solution u = solve(big);
  CHECK(u.runs[0].status == RunStatus::gave_up);
  CHECK(u.runs[0].note.find("splits") != std::string::npos);

  // Cut short after two of three solutions: what was seen is real ambiguity,
  // but nothing is claimed as recovered.
  Problem ones;
  ones.runs.push_back(make_run({"a", "b"}, "1111"));
  ones.limits.max_nodes = 2;
  Solution v = solve(ones);
  CHECK(v.runs[0].status == RunStatus::ambiguous);
  CHECK(v.runs[0].candidates == std::vector<Split>{{"1", "111"}, {"11", "11"}});
  CHECK(cell(v, "a").candidates == std::vector<int64_t>{1, 11});
  ones.limits.max_nodes = 1;
  Solution w = solve(ones);
  CHECK(w.runs[0].status == RunStatus::gave_up);
  CHECK(cell(w, "a").status == CellStatus::unresolved);

  Problem blank;  // a run with no keys: only blank text fits
  blank.runs.push_back(make_run({}, " "));
  blank.runs.push_back(make_run({}, "7"));
  Solution z = solve(blank);
  CHECK(z.runs[0].status == RunStatus::solved);
  CHECK(z.runs[1].status == RunStatus::no_solution);

  Problem few;
  few.runs.push_back(make_run({"a", "b", "c"}, "12"));
  CHECK(solve(few).runs[0].status == RunStatus::no_solution);
}
