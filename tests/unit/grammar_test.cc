// Grammars: malformed grammars are reported with their file and the line of
// the offending element; the real grammars agree with the data contract's
// fields.tsv key for key, kind for kind, and expand their rules into the
// instances the contract's tables imply.
#include "grammar/grammar.h"

#include <doctest/doctest.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "support.h"

using namespace xxgk;
using namespace xxgk::test;

namespace {

// A small valid grammar. Each malformed variant below replaces one line of it,
// so the error must name that line.
const std::vector<std::string> kTiny = {
    R"(<?xml version="1.0" encoding="UTF-8"?>)",
    R"(<grammar id="tiny" version="1">)",
    R"(  <detect><marker>第一行</marker></detect>)",
    R"(  <sections>)",
    R"(    <section level="1" number="一" title="总体情况"><alias>基本情况</alias></section>)",
    R"(  </sections>)",
    R"(  <table id="t1" title="小表">)",
    R"(    <header opens="true">信息内容</header>)",
    R"(    <column id="a" label="甲"/>)",
    R"(    <column id="b" label="乙"><alias>乙 类</alias></column>)",
    R"(    <column id="total" label="合计"/>)",
    R"(    <column id="fee" label="金额" kind="amount" unit="万元"/>)",
    R"(    <column id="change" label="增减" kind="signed"/>)",
    R"(    <row id="first" label="第一行" opens="true" columns="a b total"/>)",
    R"(    <row id="second" label="第二行" columns="a b total"/>)",
    R"(    <row id="part.x" label="其中甲" columns="a b total"/>)",
    R"(    <row id="part.y" label="其中乙" columns="a b total"/>)",
    R"(    <row id="sum" label="总数" columns="a b total"/>)",
    R"(    <row id="money" label="收费" columns="fee change"/>)",
    R"(  </table>)",
    R"(  <rules>)",
    R"(    <rule id="t1.row_total" table="t1" each="row" severity="error">total = a + b</rule>)",
    R"(    <rule id="t1.column_total" table="t1" each="column">sum = first + second + part.*</rule>)",
    R"(  </rules>)",
    R"(  <narratives>)",
    R"(    <narrative id="text.first" key="t1.first.total">共(\d+)件</narrative>)",
    R"(  </narratives>)",
    R"(</grammar>)",
};

std::string joined(const std::vector<std::string>& lines) {
  std::string out;
  for (auto& l : lines) out += l + "\n";
  return out;
}

// The tiny grammar with the line containing `needle` replaced by `line`;
// *at is that line's 1-based number.
std::string tiny_with(const std::string& needle, const std::string& line, unsigned* at) {
  std::vector<std::string> lines = kTiny;
  for (size_t i = 0; i < lines.size(); ++i)
    if (lines[i].find(needle) != std::string::npos) {
      lines[i] = line;
      *at = static_cast<unsigned>(i) + 1;
      return joined(lines);
    }
  FAIL("no line of the tiny grammar contains " << needle);
  return {};
}

std::optional<GrammarError> grammar_error(const std::string& xml, const std::string& file) {
  try {
    parse_grammar(xml, file);
  } catch (const GrammarError& e) {
    return e;
  }
  return std::nullopt;
}

struct Malformed {
  const char* what;
  const char* needle;       // identifies the line to replace
  const char* replacement;  // the malformed line
  const char* mentions;     // the message must name this
};

const Malformed kMalformed[] = {
    {"malformed XML (end tag mismatch)", R"(<row id="second")",
     R"(    <row id="second" label="第二行" columns="a b total"></rwo>)", "XML"},
    {"malformed XML (unclosed attribute)", R"(<column id="total")", R"(    <column id="total label="合计"/>)", "XML"},
    {"unknown column in a row", R"(<row id="second")", R"(    <row id="second" label="第二行" columns="a zz total"/>)",
     "zz"},
    {"rule naming an unknown column", R"(<rule id="t1.row_total")",
     R"(    <rule id="t1.row_total" table="t1" each="row" severity="error">total = a + zz</rule>)", "zz"},
    {"rule naming an unknown row", R"(<rule id="t1.column_total")",
     R"(    <rule id="t1.column_total" table="t1" each="column">sum = first + third</rule>)", "third"},
    {"rule naming an unknown row family", R"(<rule id="t1.column_total")",
     R"(    <rule id="t1.column_total" table="t1" each="column">sum = first + nothing.*</rule>)", "nothing.*"},
    {"rule naming an unknown table", R"(<rule id="t1.row_total")",
     R"(    <rule id="t1.row_total" table="t9" each="row">total = a + b</rule>)", "t9"},
    {"rule without '='", R"(<rule id="t1.row_total")",
     R"(    <rule id="t1.row_total" table="t1" each="row" severity="error">total a + b</rule>)", "="},
    {"rule with two '='", R"(<rule id="t1.row_total")",
     R"(    <rule id="t1.row_total" table="t1" each="row">total = a = b</rule>)", "="},
    {"bad RE2 pattern in a narrative", R"(<narrative id="text.first")",
     R"(    <narrative id="text.first" key="t1.first.total">共(\d+件</narrative>)", "pattern"},
    {"narrative pattern without a capture group", R"(<narrative id="text.first")",
     R"(    <narrative id="text.first" key="t1.first.total">共\d+件</narrative>)", "group"},
    {"unknown kind", R"(<column id="fee")", R"(    <column id="fee" label="金额" kind="money" unit="万元"/>)", "money"},
    {"duplicate row id", R"(<row id="second")", R"(    <row id="first" label="第二行" columns="a b total"/>)", "first"},
    {"duplicate column id", R"(<column id="b")", R"(    <column id="a" label="乙"/>)", "'a'"},
    {"narrative naming an unknown key", R"(<narrative id="text.first")",
     R"(    <narrative id="text.first" key="t1.first.zz">共(\d+)件</narrative>)", "t1.first.zz"},
    {"rule with an unknown each", R"(<rule id="t1.row_total")",
     R"(    <rule id="t1.row_total" table="t1" each="cell">total = a + b</rule>)", "each"},
    {"unknown severity", R"(<rule id="t1.row_total")",
     R"(    <rule id="t1.row_total" table="t1" each="row" severity="fatal">total = a + b</rule>)", "fatal"},
    // Strict format (issue #7): a typo is an error, never silently ignored.
    {"misspelt element <alais>", R"(<column id="b")", R"(    <column id="b" label="乙"><alais>乙 类</alais></column>)",
     "<alais>"},
    {"misspelt attribute colums=", R"(<row id="second")", R"(    <row id="second" label="第二行" colums="a b"/>)",
     "'colums'"},
    {"misspelt <rulez>", "  <rules>", "  <rulez/><rules>", "<rulez>"},
    {"an element in the wrong parent", R"(<header opens)", R"(    <marker>信息内容</marker>)", "<marker> in <table>"},
    {"format version 99", R"(<grammar id="tiny")", R"(<grammar id="tiny" version="99">)", "version 99"},
    {"no format version", R"(<grammar id="tiny")", R"(<grammar id="tiny">)", "version=\"1\""},
};

// fields.tsv: template -> keys in order, and key -> kind per template.
struct Fields {
  std::map<std::string, std::vector<std::string>> keys;
  std::map<std::string, std::map<std::string, std::string>> kinds;
  std::vector<std::string> distinct;  // in order of first appearance
};

const Fields& fields() {
  static const Fields f = [] {
    Fields out;
    std::istringstream in(read_file(shared_path("spec/fields.tsv")));
    std::string line;
    std::set<std::string> seen;
    bool header = true;
    while (std::getline(in, line)) {
      if (header) {
        header = false;
        continue;
      }
      if (line.empty()) continue;
      std::vector<std::string> col;
      std::istringstream ls(line);
      for (std::string c; std::getline(ls, c, '\t');) col.push_back(c);
      REQUIRE(col.size() >= 6);
      out.keys[col[0]].push_back(col[1]);
      out.kinds[col[0]][col[1]] = col[5];
      if (seen.insert(col[1]).second) out.distinct.push_back(col[1]);
    }
    return out;
  }();
  return f;
}

const GrammarSet& real() {
  static const GrammarSet set = load_grammars(source_path("grammars"));
  return set;
}

std::vector<const RuleInstance*> instances_of(const std::vector<RuleInstance>& all, const std::string& rule) {
  std::vector<const RuleInstance*> out;
  for (auto& in : all)
    if (in.rule && in.rule->id == rule) out.push_back(&in);
  return out;
}

// A fresh directory under the system temp dir, removed at scope exit.
struct TempDir {
  std::filesystem::path path;
  explicit TempDir(const std::string& tag) {
    path = std::filesystem::temp_directory_path() /
           ("xxgk-grammar-test-" + tag + "-" + std::to_string(reinterpret_cast<uintptr_t>(this)));
    std::filesystem::remove_all(path);
    std::filesystem::create_directories(path);
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path, ec);
  }
  void write(const std::string& name, const std::string& text) const {
    std::ofstream out(path / name, std::ios::binary);
    out << text;
  }
};

}  // namespace

TEST_CASE("grammar: the tiny grammar is valid") {
  Grammar g = parse_grammar(joined(kTiny), "tiny.xml");
  CHECK(g.id == "tiny");
  CHECK(g.file == "tiny.xml");
  REQUIRE(g.sections.size() == 1);
  CHECK(g.sections[0].number == "一");
  CHECK(g.sections[0].titles == std::vector<std::string>{"总体情况", "基本情况"});
  REQUIRE(g.tables.size() == 1);
  const TableSpec& t = g.tables[0];
  CHECK(t.columns.size() == 5);
  CHECK(t.rows.size() == 6);
  CHECK(t.column("b")->labels == std::vector<std::string>{"乙", "乙 类"});
  CHECK(t.row("first")->opens);
  CHECK_FALSE(t.row("second")->opens);
  CHECK(g.keys() == std::vector<std::string>{"t1.first.a", "t1.first.b", "t1.first.total", "t1.second.a", "t1.second.b",
                                             "t1.second.total", "t1.part.x.a", "t1.part.x.b", "t1.part.x.total",
                                             "t1.part.y.a", "t1.part.y.b", "t1.part.y.total", "t1.sum.a", "t1.sum.b",
                                             "t1.sum.total", "t1.money.fee", "t1.money.change"});
  CHECK(g.kind_of("t1.first.a") == CellKind::count);
  CHECK(g.kind_of("t1.money.fee") == CellKind::amount);
  CHECK(g.kind_of("t1.money.change") == CellKind::signed_count);
  CHECK_FALSE(g.kind_of("t1.money.a"));
  REQUIRE(g.column_of("t1.money.fee"));
  CHECK(g.column_of("t1.money.fee")->unit == "万元");
  REQUIRE(g.narratives.size() == 1);
  CHECK(g.narratives[0].key == "t1.first.total");

  auto all = g.instances();
  // row_total: every row that has total, a and b (not money).
  auto rows = instances_of(all, "t1.row_total");
  REQUIRE(rows.size() == 5);
  CHECK(rows[0]->scope == "first");
  CHECK(rows[0]->lhs == std::vector<std::string>{"t1.first.total"});
  CHECK(rows[0]->rhs == std::vector<std::string>{"t1.first.a", "t1.first.b"});
  // column_total: every column the rows have (fee and change: sum has neither).
  auto cols = instances_of(all, "t1.column_total");
  REQUIRE(cols.size() == 3);
  CHECK(cols[0]->scope == "a");
  CHECK(cols[0]->lhs == std::vector<std::string>{"t1.sum.a"});
  CHECK(cols[0]->rhs == std::vector<std::string>{"t1.first.a", "t1.second.a", "t1.part.x.a", "t1.part.y.a"});
  CHECK(cols[2]->scope == "total");
}

TEST_CASE("grammar: each malformed grammar names its file and line") {
  for (const auto& m : kMalformed) {
    CAPTURE(m.what);
    unsigned line = 0;
    std::string xml = tiny_with(m.needle, m.replacement, &line);
    auto e = grammar_error(xml, "grammars/broken.xml");
    REQUIRE_MESSAGE(e.has_value(), m.what << ": no GrammarError");
    CHECK_MESSAGE(e->file == "grammars/broken.xml", m.what << ": file " << e->file);
    CHECK_MESSAGE(e->line == line, m.what << ": line " << e->line << ", want " << line << " (" << e->what() << ")");
    CHECK_MESSAGE(e->message.find(m.mentions) != std::string::npos,
                  m.what << ": message should mention " << m.mentions << ": " << e->message);
    CHECK_MESSAGE(e->what().rfind("grammars/broken.xml:" + std::to_string(line) + ": ", 0) == 0,
                  m.what << ": what() is " << e->what());
  }
}

TEST_CASE("grammar: a wrong root element is an error on line 1 or its line") {
  auto e = grammar_error("<?xml version=\"1.0\"?>\n<common/>\n", "x.xml");
  REQUIRE(e.has_value());
  CHECK(e->file == "x.xml");
  CHECK(e->line >= 1);
}

TEST_CASE("grammar: a malformed grammar in a directory is reported with its path and line") {
  TempDir dir("malformed");
  dir.write("common.xml", read_file(source_path("grammars/common.xml")));
  unsigned line = 0;
  dir.write("gov-tiny.xml",
            tiny_with(R"(<row id="second")", R"(    <row id="second" label="第二行" columns="a zz total"/>)", &line));
  try {
    load_grammars(dir.path.string());
    FAIL("load_grammars accepted a malformed grammar");
  } catch (const GrammarError& e) {
    CHECK(std::filesystem::path(e.file).filename() == "gov-tiny.xml");
    CHECK(e.line == line);
  }
}

TEST_CASE("grammar: load_grammars refuses a missing directory and one without common.xml") {
  CHECK_THROWS_AS(load_grammars(source_path("no-such-grammar-dir")), GrammarError);
  TempDir dir("nocommon");
  dir.write("gov-2021.xml", read_file(source_path("grammars/gov-2021.xml")));
  CHECK_THROWS_AS(load_grammars(dir.path.string()), GrammarError);
}

TEST_CASE("grammar: two grammar files with one id are refused, naming both") {
  namespace fs = std::filesystem;
  const fs::path dir = fs::temp_directory_path() / ("xxgk-dup-id-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  for (auto& e : fs::directory_iterator(source_path("grammars")))
    if (e.path().extension() == ".xml") fs::copy_file(e.path(), dir / e.path().filename());
  fs::copy_file(dir / "gov-2021.xml", dir / "z-copy.xml");
  std::string message;
  try {
    load_grammars(dir.string());
  } catch (const GrammarError& e) {
    message = e.what();
  }
  fs::remove_all(dir);
  CHECK(message.find("z-copy.xml") != std::string::npos);
  CHECK(message.find("'gov-2021' is already the id of") != std::string::npos);
}

TEST_CASE("grammar: a detection tie between two grammars is no choice at all") {
  GrammarSet set = load_grammars(source_path("grammars"));
  Grammar copy = set.templates.back();  // gov-2021
  copy.id = "gov-2026";
  copy.file = "a-2026.xml";
  set.templates.insert(set.templates.begin(), copy);  // first in file order
  std::string text;
  for (auto& m : copy.markers) text += m + "\n";
  const TemplateChoice choice = choose_template(set, text);
  CHECK(choice.index == -1);
  REQUIRE(choice.tied.size() == 2);
  CHECK(detect_template(set, text) == -1);
  // Without the copy the same text is gov-2021's.
  set.templates.erase(set.templates.begin());
  CHECK(set.templates[static_cast<size_t>(detect_template(set, text))].id == "gov-2021");
}

TEST_CASE("grammar: rule instances of the real gov-2021") {
  const Grammar* g = real().find("gov-2021");
  REQUIRE(g);
  auto all = g->instances();
  // fields.tsv: gov-2021's table 3 has 25 rows (一, 二, (一), (二), 8 不予公开,
  // 3 无法提供, 5 不予处理, 3 其他处理, (七)总计, 四) of 7 columns.
  std::set<std::string> t3_rows;
  for (auto& k : fields().keys.at("gov-2021"))
    if (k.rfind("t3.", 0) == 0) t3_rows.insert(k.substr(3, k.rfind('.') - 3));
  REQUIRE(t3_rows.size() == 25);

  auto row_total = instances_of(all, "t3.row_total");
  CHECK(row_total.size() == 25);
  for (auto* in : row_total) {
    CHECK(in->lhs == std::vector<std::string>{"t3." + in->scope + ".total"});
    CHECK(in->rhs.size() == 6);
  }

  auto results = instances_of(all, "t3.results_total");
  CHECK(results.size() == 7);
  for (auto* in : results) {
    CAPTURE(in->scope);
    CHECK(in->lhs == std::vector<std::string>{"t3.total_processed." + in->scope});
    // granted + partial + 8 withheld + 3 unable + 5 declined + 3 other = 21.
    CHECK(in->rhs.size() == 21);
    CHECK(in->rhs.front() == "t3.granted." + in->scope);
    CHECK(in->rhs.back() == "t3.other.other." + in->scope);
    for (auto& k : in->rhs) {
      CHECK(k.find("new_received") == std::string::npos);
      CHECK(k.find("carried_") == std::string::npos);
      CHECK(k.find("total_processed") == std::string::npos);
    }
  }

  auto balance = instances_of(all, "t3.balance");
  CHECK(balance.size() == 7);
  for (auto* in : balance) {
    CHECK(in->lhs == std::vector<std::string>{"t3.new_received." + in->scope, "t3.carried_over." + in->scope});
    CHECK(in->rhs == std::vector<std::string>{"t3.total_processed." + in->scope, "t3.carried_forward." + in->scope});
  }

  auto group = instances_of(all, "t4.group_total");
  REQUIRE(group.size() == 3);
  CHECK(group[0]->scope == "review");
  CHECK(group[1]->scope == "suit_direct");
  CHECK(group[2]->scope == "suit_after_review");
  CHECK(group[0]->lhs == std::vector<std::string>{"t4.review.total"});
  CHECK(group[0]->rhs ==
        std::vector<std::string>{"t4.review.upheld", "t4.review.corrected", "t4.review.other", "t4.review.pending"});
  CHECK(all.size() == 25 + 7 + 7 + 3);
}

TEST_CASE("grammar: rule instances of the real gov-2019") {
  const Grammar* g = real().find("gov-2019");
  REQUIRE(g);
  auto all = g->instances();
  // gov-2019's table 3: 23 rows, (六)其他处理 a single row.
  CHECK(instances_of(all, "t3.row_total").size() == 23);
  auto results = instances_of(all, "t3.results_total");
  REQUIRE(results.size() == 7);
  for (auto* in : results) CHECK(in->rhs.size() == 19);
  CHECK(instances_of(all, "t3.balance").size() == 7);
  CHECK(instances_of(all, "t4.group_total").size() == 3);
}

TEST_CASE("grammar: every key of the real grammars is in fields.tsv, in order, with its kind") {
  for (const char* id : {"gov-2019", "gov-2021"}) {
    CAPTURE(id);
    const Grammar* g = real().find(id);
    REQUIRE(g);
    REQUIRE(fields().keys.count(id));
    const auto& want = fields().keys.at(id);
    auto keys = g->keys();
    CHECK(keys.size() == want.size());
    for (size_t i = 0; i < std::min(keys.size(), want.size()); ++i) {
      CHECK_MESSAGE(keys[i] == want[i], id << " key #" << i << ": grammar " << keys[i] << ", fields.tsv " << want[i]);
      if (keys[i] != want[i]) break;  // one misplaced key shifts all the rest
    }
    for (auto& k : want) {
      auto kind = g->kind_of(k);
      REQUIRE_MESSAGE(kind.has_value(), id << ": no kind for " << k);
      CHECK_MESSAGE(
          std::string(to_string(*kind)) == fields().kinds.at(id).at(k),
          id << " " << k << ": grammar " << to_string(*kind) << ", fields.tsv " << fields().kinds.at(id).at(k));
    }
  }
}

TEST_CASE("grammar: dataset keys are fields.tsv's distinct keys in order of first appearance") {
  const auto& want = fields().distinct;
  const auto& got = real().dataset_keys;
  CHECK(got.size() == want.size());
  for (size_t i = 0; i < std::min(got.size(), want.size()); ++i) {
    CHECK_MESSAGE(got[i] == want[i], "dataset key #" << i << ": " << got[i] << ", fields.tsv " << want[i]);
    if (got[i] != want[i]) break;
  }
}

TEST_CASE("grammar: label keys ignore white space and width") {
  CHECK(label_key("自 然 人") == "自然人");
  CHECK(label_key("（一）予以公开") == "(一)予以公开");
  CHECK(label_key("本年收费金额（单位：万元）") == "本年收费金额(单位:万元)");
  CHECK(label_key("商业\u3000企业") == "商业企业");
  CHECK(label_key("１．属于国家秘密") == "1.属于国家秘密");
}
