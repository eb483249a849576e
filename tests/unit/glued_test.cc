// Issue 4's check on our own samples: a test helper glues each report the way
// crawlers do (every line stripped and run together, cells with no separator
// at all), and the recovery must give back the cells — at least 95% of them for
// consistent reports, with no wrong value; for a report with an injected error,
// every cell marked recovered is right or the report says its arithmetic is
// broken.
#include <doctest/doctest.h>

#include <sstream>

#include "support.h"

using namespace xxgk;
using namespace xxgk::test;

namespace {

std::string glue(const std::string& text) {
  std::string out, line;
  std::istringstream in(text);
  while (std::getline(in, line)) {
    std::string kept;
    for (char c : line)
      if (c != '\t' && c != '\r') kept.push_back(c);
    size_t b = kept.find_first_not_of(' ');
    if (b != std::string::npos) out += kept.substr(b, kept.find_last_not_of(' ') - b + 1);
  }
  return out + "\n";
}

bool says_broken(const Record& r) {
  for (auto& d : r.diagnostics)
    if (d.code == "recover.relaxed" || d.code == "recover.no_solution") return true;
  return false;
}

struct Tally {
  size_t cells = 0, right = 0, wrong = 0;
};

// Compares the glued parse with the parse of the original (whose cells are
// all read, so they are the truth here).
Tally compare(const Record& original, const Record& glued, bool broken) {
  Tally t;
  for (auto& c : original.cells) {
    ++t.cells;
    const CellValue* g = glued.cell(c.key);
    REQUIRE(g);
    if (g->status != CellStatus::recovered && g->status != CellStatus::read) continue;
    if (g->value == c.value)
      ++t.right;
    else if (!broken || !says_broken(glued)) {
      ++t.wrong;
      CHECK_MESSAGE(false,
                    c.key << " recovered as " << value_of(glued, c.key) << ", printed " << value_of(original, c.key));
    }
  }
  return t;
}

const char* kConsistent[] = {"gov2019-cell-per-line.txt", "gov2021-cell-per-line.txt", "gov2021-tab-rows.txt"};

}  // namespace

TEST_CASE("glued: consistent samples recover at least 95% of their cells, none wrong") {
  Tally all;
  for (std::string name : kConsistent) {
    CAPTURE(name);
    std::string text = read_file(source_path(std::string("corpus/reports/") + name));
    Record original = parse(text, name);
    Record glued = parse(glue(text), std::string("glued-") + name);
    CHECK(glued.template_id == original.template_id);
    CHECK(glued.findings.size() == original.findings.size());
    Tally t = compare(original, glued, false);
    MESSAGE(name << ": " << t.right << " of " << t.cells << " cells back, " << glued.count(CellStatus::recovered)
                 << " recovered, " << glued.count(CellStatus::ambiguous) << " ambiguous");
    all.cells += t.cells;
    all.right += t.right;
    all.wrong += t.wrong;
  }
  CHECK(all.wrong == 0);
  CHECK(all.right * 100 >= all.cells * 95);
}

TEST_CASE("glued: with an injected error, recovered cells are right or the report is said broken") {
  for (std::string name : kConsistent) {
    CAPTURE(name);
    std::string text = read_file(source_path(std::string("corpus/reports/") + name));
    Record original = parse(text, name);
    // Change 予以公开/自然人 by +2 in the printed text (breaks a row and a column).
    const CellValue* c = original.cell("t3.granted.natural");
    REQUIRE(c->offset);
    std::string broken = text;
    std::string now = *c->raw;
    std::string changed = std::to_string(std::stoll(now) + 2);
    broken.replace(*c->offset, now.size(), changed);
    Record printed = parse(broken, name);  // the broken report as printed, cell by cell
    REQUIRE(value_of(printed, "t3.granted.natural") == changed);
    REQUIRE_FALSE(printed.findings.empty());
    Record glued = parse(glue(broken), std::string("glued-broken-") + name);
    Tally t = compare(printed, glued, true);
    CHECK(t.wrong == 0);
    // Nothing is invented: the rule broken by the change is still reported,
    // or the cells stay undecided.
    bool reported = !glued.findings.empty() || glued.count(CellStatus::recovered) < printed.cells.size();
    CHECK(reported);
  }
}

TEST_CASE("glued: a space where a cell was printed empty (0 00000 for 0, blank, 0, 0, 0, 0, 0)") {
  // Issue #10, class 9: the crawler kept a space for the empty cell. Seven
  // cells, six digits: the space must be the empty cell, and only there.
  std::string text = read_file(source_path("corpus/reports/gov2021-glued.txt"));
  auto at = text.find("国家秘密0000000");
  REQUIRE(at != std::string::npos);
  text.replace(at, std::string("国家秘密0000000").size(), "国家秘密0 00000");
  Record r = parse(text, "spaced.txt");
  const CellValue* natural = r.cell("t3.withheld.state_secret.natural");
  const CellValue* commercial = r.cell("t3.withheld.state_secret.commercial");
  const CellValue* total = r.cell("t3.withheld.state_secret.total");
  REQUIRE(natural);
  CHECK(natural->status == CellStatus::recovered);
  CHECK(value_of(r, natural->key) == "0");
  CHECK(commercial->status == CellStatus::blank);
  CHECK(total->status == CellStatus::recovered);
  CHECK(r.findings.empty());
  // Where every rule holds with the spaces as plain boundaries, a space is
  // never taken for an empty cell.
  Record clean = parse(read_file(source_path("corpus/reports/gov2021-glued.txt")), "clean.txt");
  CHECK(clean.count(CellStatus::blank) == 0);
}
