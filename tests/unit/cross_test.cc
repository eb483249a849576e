// The same agency across years: agency_key folding (short and full name
// forms, Traditional characters), the previous report linked with its reason,
// m.yoy.*, and the cross rules on a batch: carry-over, copied table, copied
// text and jumps, each naming both files.
#include "audit/cross.h"

#include <doctest/doctest.h>

#include <algorithm>

#include "support.h"

using namespace xxgk;
using namespace xxgk::test;

namespace {

Record with_agency(const std::string& file, const std::string& agency, int year) {
  Record r;
  r.file = file;
  r.agency = agency;
  r.agency_key = agency;
  r.year = year;
  r.template_id = "gov-2021";
  return r;
}

std::vector<std::string> keys_of(std::vector<Record>& batch) {
  link_batch(engine().grammars(), batch);
  std::vector<std::string> out;
  for (auto& r : batch) out.push_back(r.agency_key);
  return out;
}

std::string replaced(std::string s, const std::string& from, const std::string& to) {
  for (size_t p = 0; (p = s.find(from, p)) != std::string::npos; p += to.size()) s.replace(p, from.size(), to);
  return s;
}

std::vector<const Finding*> of_rule(const Record& r, const std::string& rule) {
  std::vector<const Finding*> out;
  for (auto& f : r.findings)
    if (f.rule == rule) out.push_back(&f);
  return out;
}

// tab-rows.txt (云栖市生态环境局, 2022) and the same report a year later.
std::vector<Record> two_years(const std::string& later_signature) {
  std::string y2022 = read_file(source_path("corpus/reports/gov2021-tab-rows.txt"));
  std::string y2023 = replaced(replaced(y2022, "2023", "2024"), "2022", "2023");
  y2023 = replaced(y2023, "\n云栖市生态环境局\r\n2024", "\n" + later_signature + "\r\n2024");
  std::vector<Record> batch{parse(y2022, "eco/2022.txt"), parse(y2023, "eco/2023.txt")};
  REQUIRE(batch[1].year == 2023);
  REQUIRE(batch[1].agency == later_signature);
  link_batch(engine().grammars(), batch);
  return batch;
}

}  // namespace

TEST_CASE("agency_key: the short form folds into the full form by region prefix, or by folder") {
  std::vector<Record> a{with_agency("x/2020.txt", "鹤岗市南山区人民政府", 2020),
                        with_agency("y/2021.txt", "南山区人民政府", 2021)};
  CHECK(keys_of(a) == std::vector<std::string>{"鹤岗市南山区人民政府", "鹤岗市南山区人民政府"});
  REQUIRE(a[1].previous);
  CHECK(a[1].previous->file == "x/2020.txt");
  CHECK(a[1].previous->why.find("南山区人民政府 folded into 鹤岗市南山区人民政府 (region prefix 鹤岗市)") !=
        std::string::npos);
  // The short title form (南山区2021年政府信息公开工作年度报告) folds too.
  std::vector<Record> t{with_agency("x/2020.txt", "鹤岗市南山区人民政府", 2020), with_agency("y/2021.txt", "南山区", 2021)};
  CHECK(keys_of(t)[1] == "鹤岗市南山区人民政府");
  std::vector<Record> u{with_agency("x/2020.txt", "南山区人民政府", 2020), with_agency("y/2021.txt", "南山区", 2021)};
  CHECK(keys_of(u)[1] == "南山区人民政府");
  // A government's office is another body, even in the same folder.
  std::vector<Record> w{with_agency("x/2020.txt", "南山区人民政府办公室", 2020),
                        with_agency("x/2021.txt", "南山区人民政府", 2021)};
  CHECK(keys_of(w)[1] == "南山区人民政府");
  // A city is not its district: 鹤岗市 stays apart from 鹤岗市南山区人民政府.
  std::vector<Record> v{with_agency("x/2020.txt", "鹤岗市南山区人民政府", 2020), with_agency("y/2021.txt", "鹤岗市", 2021)};
  CHECK(keys_of(v)[1] == "鹤岗市");
  // Two cities with a 南山区: only the same folder decides.
  std::vector<Record> b{with_agency("hg/2020.txt", "鹤岗市南山区人民政府", 2020),
                        with_agency("sz/2020.txt", "深圳市南山区人民政府", 2020),
                        with_agency("other/2021.txt", "南山区人民政府", 2021)};
  CHECK(keys_of(b)[2] == "南山区人民政府");
  std::vector<Record> c{with_agency("hg/2020.txt", "鹤岗市南山区人民政府", 2020),
                        with_agency("sz/2020.txt", "深圳市南山区人民政府", 2020),
                        with_agency("sz/2021.txt", "南山区人民政府", 2021)};
  CHECK(keys_of(c)[2] == "深圳市南山区人民政府");
  // No region in the short form: only a shared folder folds it.
  std::vector<Record> d{with_agency("eco/2022.txt", "云栖市生态环境局", 2022),
                        with_agency("misc/2023.txt", "生态环境局", 2023)};
  CHECK(keys_of(d)[1] == "生态环境局");
  std::vector<Record> e{with_agency("eco/2022.txt", "云栖市生态环境局", 2022),
                        with_agency("eco/2023.txt", "生态环境局", 2023)};
  CHECK(keys_of(e)[1] == "云栖市生态环境局");
  // A bare suffix is never an agency of its own to fold.
  std::vector<Record> f{with_agency("x/2020.txt", "鹤岗市南山区人民政府", 2020), with_agency("y/2021.txt", "人民政府", 2021)};
  CHECK(keys_of(f)[1] == "人民政府");
}

TEST_CASE("agency_key: Traditional and Simplified names fold together") {
  std::vector<Record> a{with_agency("x/2020.txt", "鹤岗市南山区人民政府", 2020),
                        with_agency("x/2021.txt", "鶴崗市南山區人民政府", 2021)};
  CHECK(keys_of(a) == std::vector<std::string>{"鹤岗市南山区人民政府", "鹤岗市南山区人民政府"});
  CHECK(a[1].previous);
}

TEST_CASE("cross: a report copied from last year, signed with the short name, gives copied table and text") {
  auto batch = two_years("生态环境局");
  const Record& r = batch[1];
  CHECK(r.agency_key == "云栖市生态环境局");
  REQUIRE(r.previous);
  CHECK(r.previous->file == "eco/2022.txt");
  CHECK(r.previous->why.find("same folder") != std::string::npos);
  CHECK(!batch[0].previous);
  auto copied = of_rule(r, "cross.copied_table");
  std::vector<std::string> tables;
  for (auto* f : copied) {
    tables.push_back(f->scope);
    CHECK(f->severity == Severity::warning);
    CHECK(f->previous == "eco/2022.txt");
    CHECK(f->message.find("eco/2022.txt") != std::string::npos);
  }
  CHECK(std::find(tables.begin(), tables.end(), "t3") != tables.end());
  CHECK(!of_rule(r, "cross.copied_text").empty());
  // Broken carry-over: 2023's 上年结转 (1 0 0 1 0 0 2) is not 2022's 结转下年度 (2 1 0 0 0 0 3).
  auto carry = of_rule(r, "cross.carry_over");
  std::vector<std::string> scopes;
  for (auto* f : carry) scopes.push_back(f->scope);
  CHECK(scopes == std::vector<std::string>{"natural", "commercial", "public_interest", "total"});
  REQUIRE(!carry.empty());
  CHECK(carry[0]->cells == std::vector<std::string>{"t3.carried_over.natural", "previous:t3.carried_forward.natural"});
  CHECK(carry[0]->message.find("previous: eco/2022.txt (2022)") != std::string::npos);
  CHECK(carry[0]->message.find("agency printed 生态环境局 here, 云栖市生态环境局 there") != std::string::npos);
  // Year on year against the linked report: the same table, so no change.
  CHECK(r.metric("m.yoy.requests")->value == 0.0);
  CHECK(!batch[0].metric("m.yoy.requests")->value);
}

TEST_CASE("cross: a changed table is not copied, a small table repeating itself is not either") {
  std::string y2022 = read_file(source_path("corpus/reports/gov2021-tab-rows.txt"));
  std::string y2023 = replace_after(replaced(replaced(y2022, "2023", "2024"), "2022", "2023"), "（一）予以公开",
                                    "\t27\t", "\t28\t");
  std::vector<Record> batch{parse(y2022, "eco/2022.txt"), parse(y2023, "eco/2023.txt")};
  link_batch(engine().grammars(), batch);
  for (auto* f : of_rule(batch[1], "cross.copied_table")) CHECK(f->scope != "t3");
  // The seed's table 3 is all zeros: repeating it says nothing.
  std::string seed = read_file(shared_corpus("seed/000_3b10d53d6ce3f43f.txt"));
  std::vector<Record> zeros{parse(seed, "s/2020.txt"), parse(replaced(replaced(seed, "2021年1月", "2022年1月"), "2020", "2021"), "s/2021.txt")};
  link_batch(engine().grammars(), zeros);
  REQUIRE(zeros[1].previous);
  for (auto* f : of_rule(zeros[1], "cross.copied_table")) CHECK(f->scope != "t3");
}

TEST_CASE("cross.jump: an indicator moving more than the grammar's factor, from a base worth comparing") {
  const Grammar& g = *engine().grammars().find("gov-2021");
  auto with = [](double requests) {
    Record r;
    r.file = "f" + std::to_string(requests);
    r.year = 2022;
    r.metrics = {{"m.requests", "count", requests}, {"m.processed", "count", std::nullopt}};
    return r;
  };
  CHECK(jumps(g, with(400), with(100)).empty());  // 4x: under the factor of 5
  auto f = jumps(g, with(600), with(100));
  REQUIRE(f.size() == 1);
  CHECK(f[0].rule == "cross.jump");
  CHECK(f[0].scope == "m.requests");
  CHECK(f[0].lhs.str() == "600");
  CHECK(f[0].rhs.str() == "100");
  CHECK(jumps(g, with(30), with(2)).empty());  // both under the minimum of 50
  CHECK(jumps(g, with(0), with(80)).size() == 1);
}

TEST_CASE("cross: the real Pingtan series links year to year with no copied table, text or jump") {
  std::vector<Record> batch;
  for (auto f : {"006-2019-pingtan.txt", "007-2020-pingtan.txt", "008-2021-pingtan.txt", "009-2022-pingtan.txt",
                 "010-2023-pingtan.txt", "011-2024-pingtan.txt", "012-2025-pingtan.txt"})
    batch.push_back(parse(read_file(shared_corpus(std::string("real/") + f)), f));
  link_batch(engine().grammars(), batch);
  for (size_t i = 1; i < batch.size(); ++i) {
    CAPTURE(batch[i].file);
    REQUIRE(batch[i].previous);
    CHECK(batch[i].previous->file == batch[i - 1].file);
    for (auto& f : batch[i].findings)
      CHECK_MESSAGE((f.rule.rfind("cross.", 0) != 0 || f.rule == "cross.carry_over"), f.message);
  }
}

TEST_CASE("cross.copied_table: across the change of template, the keys both tables have are compared") {
  const GrammarSet& gs = engine().grammars();
  auto make = [&](const std::string& tmpl, int year) {
    Record r;
    r.file = tmpl + ".txt";
    r.template_id = tmpl;
    r.year = year;
    int64_t v = 0;
    for (auto& k : gs.find(tmpl)->keys()) {
      CellValue c;
      c.key = k;
      c.status = CellStatus::read;
      c.value = Decimal::of(k.rfind("t3.", 0) == 0 ? ++v % 7 : 0);
      r.cells.push_back(c);
    }
    return r;
  };
  // 2021's table 3 copied from 2020's: the keys both templates have carry the same values.
  Record before = make("gov-2019", 2020), after = make("gov-2021", 2021);
  for (auto& c : after.cells)
    if (const CellValue* p = before.cell(c.key)) c.value = p->value;
  auto copied = copied_tables(*gs.find("gov-2021"), after, before);
  REQUIRE(copied.size() == 1);
  CHECK(copied[0].scope == "t3");
  for (auto& c : after.cells)
    if (c.key == "t3.granted.natural") c.value = *c.value + Decimal::of(1);
  CHECK(copied_tables(*gs.find("gov-2021"), after, before).empty());
}
