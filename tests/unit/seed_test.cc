// Acceptance checks of issue #2 on the seed report (gov-2019, one cell per line).
#include <doctest/doctest.h>

#include <algorithm>

#include "support.h"

using namespace xxgk;
using namespace xxgk::test;

namespace {
const std::string kSeed = "seed/000_3b10d53d6ce3f43f.txt";
const Record& seed() {
  static const Record r = parse(read_file(shared_corpus(kSeed)), kSeed);
  return r;
}
}  // namespace

TEST_CASE("seed: template, agency, year") {
  CHECK(seed().template_id == "gov-2019");
  CHECK(seed().agency == "鹤岗市南山区人民政府");
  CHECK(seed().year == 2020);
  CHECK_FALSE(seed().failed);
}

TEST_CASE("seed: sections at their levels, the unnumbered 二 and the out-of-template 五六七") {
  struct Want {
    int level;
    const char* number;
    const char* title;
    bool numbered, in_template;
  };
  const Want want[] = {
      {1, "一", "工作情况概述", true, false},
      {2, "三", "加强政策解读，回应社会关切", true, false},
      {1, "二", "主动公开政府信息情况", false, true},
      {1, "三", "收到和处理政府信息公开申请情况", true, true},
      {1, "四", "政府信息公开行政复议、行政诉讼情况", true, true},
      {1, "五", "政府信息公开保密审查及监督检查情况", true, false},
      {1, "六", "2020年政务公开工作实施方案落实情况", true, false},
      {1, "七", "存在的主要问题和改进措施", true, true},
  };
  const auto& s = seed().sections;
  REQUIRE(s.size() == std::size(want));
  for (size_t i = 0; i < s.size(); ++i) {
    CAPTURE(i);
    CHECK(s[i].level == want[i].level);
    CHECK(s[i].number == want[i].number);
    CHECK(s[i].title == want[i].title);
    CHECK(s[i].numbered == want[i].numbered);
    CHECK(s[i].in_template == want[i].in_template);
  }
  // Spans nest: the level-2 heading ends where the next level-1 starts.
  CHECK(s[1].end == s[2].offset);
  CHECK(s[0].end == s[2].offset);
  // Offsets point at the heading in the original bytes.
  std::string bytes = read_file(shared_corpus(kSeed));
  CHECK(bytes.substr(s[3].offset, std::string("三、收到").size()) == "三、收到");
}

TEST_CASE("seed: the five 第二十条 references") {
  const auto& refs = seed().references;
  REQUIRE(refs.size() == 5);
  const int items[] = {1, 5, 6, 8, 9};
  std::string bytes = read_file(shared_corpus(kSeed));
  for (size_t i = 0; i < 5; ++i) {
    CHECK(refs[i].article == 20);
    CHECK_FALSE(refs[i].paragraph);
    CHECK(refs[i].item == items[i]);
    CHECK(bytes.substr(refs[i].offset, refs[i].text.size()) == refs[i].text);
  }
  CHECK(refs[1].text == "第二十条第（五）项");
}

TEST_CASE("seed: table 2 values, signed changes, blank procurement") {
  const Record& r = seed();
  CHECK(value_of(r, "t2.licensing.prev_items") == "26");
  CHECK(value_of(r, "t2.licensing.change") == "36");
  CHECK(*r.cell("t2.licensing.change")->raw == "+36");
  CHECK(value_of(r, "t2.licensing.decisions") == "170");
  CHECK(value_of(r, "t2.penalty.prev_items") == "5");
  CHECK(value_of(r, "t2.penalty.change") == "4");
  CHECK(value_of(r, "t2.penalty.decisions") == "14");
  for (auto key : {"t2.procurement.projects", "t2.procurement.amount"}) {
    CHECK(value_of(r, key) == "null");
    CHECK(r.cell(key)->status == CellStatus::blank);
  }
  // The offset of a cell points at its figure in the file.
  std::string bytes = read_file(shared_corpus(kSeed));
  CHECK(bytes.substr(*r.cell("t2.licensing.decisions")->offset, 3) == "170");
}

TEST_CASE("seed: every t3 and t4 cell is 0, no finding, nothing unplaced") {
  const Record& r = seed();
  size_t t3 = 0, t4 = 0;
  for (auto& c : r.cells) {
    if (c.key.rfind("t3.", 0) == 0 || c.key.rfind("t4.", 0) == 0) {
      CAPTURE(c.key);
      CHECK(c.status == CellStatus::read);
      CHECK(value_of(r, c.key) == "0");
      (c.key[1] == '3' ? t3 : t4)++;
    }
  }
  CHECK(t3 == 23 * 7);  // 23 printed rows of table 3 in gov-2019
  CHECK(t4 == 15);
  CHECK(r.findings.empty());
  CHECK(r.unplaced.empty());
  CHECK(r.cells.size() == engine().grammars().find("gov-2019")->keys().size());
}

TEST_CASE("seed with 予以公开/自然人 changed to 3: exactly the findings that change breaks") {
  std::string text = read_file(shared_corpus(kSeed));
  text = replace_after(text, "（一）予以公开", "\t0\n", "\t3\n");
  Record r = parse(text, "seed-modified.txt");
  CHECK(value_of(r, "t3.granted.natural") == "3");
  REQUIRE(r.findings.size() == 2);
  std::vector<std::string> rules;
  for (auto& f : r.findings) {
    rules.push_back(f.rule + "/" + f.scope);
    CHECK(f.severity == Severity::error);
    CHECK(std::find(f.cells.begin(), f.cells.end(), "t3.granted.natural") != f.cells.end());
  }
  std::sort(rules.begin(), rules.end());
  CHECK(rules == std::vector<std::string>{"t3.results_total/natural", "t3.row_total/granted"});
  for (auto& f : r.findings) {
    if (f.rule == "t3.row_total") {
      CHECK(f.lhs.str() == "0");
      CHECK(f.rhs.str() == "3");
      CHECK(f.delta.str() == "-3");
      CHECK(f.cells.front() == "t3.granted.total");
    } else {
      CHECK(f.lhs.str() == "0");  // （七）总计 as printed
      CHECK(f.rhs.str() == "3");
      CHECK(f.cells.front() == "t3.total_processed.natural");
    }
  }
}
