// Golden tests.
//
// 1. The project's sample corpus (corpus/): every cell, finding and the
//    agency/year against corpus/expected/, written independently of the code
//    by the generator that made the samples.
// 2. Full records: every sample and every real report of ../shared/corpus has
//    its whole JSON record in tests/golden/; any change in output shows up as a
//    diff. After checking a change by eye, regenerate with
//    XXGK_UPDATE_GOLDEN=1 build/xxgk_tests -tc='golden*'.
#include <doctest/doctest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>

#include "support.h"
#include "write/writers.h"

using namespace xxgk;
using namespace xxgk::test;
namespace fs = std::filesystem;

namespace {

std::vector<std::string> sample_files() {
  std::vector<std::string> out;
  for (auto& e : fs::directory_iterator(source_path("corpus/reports"))) {
    auto name = e.path().filename().string();
    if (!e.is_regular_file() || name == "README.md" || name.ends_with(".py")) continue;
    out.push_back(name);
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::vector<std::string> lines_of(const std::string& path) {
  std::vector<std::string> out;
  std::istringstream in(read_file(path));
  for (std::string l; std::getline(in, l);) out.push_back(l);
  return out;
}

// Values compare as decimals: "1.25" == "1.250".
bool same_value(const std::string& want, const std::string& got) {
  if (want.empty() || got == "null") return want.empty() && got == "null";
  auto a = Decimal::parse(want), b = Decimal::parse(got);
  return a && b && *a == *b;
}

std::string rule_key(const std::string& rule, const std::string& scope) {
  return rule + "/" + scope;
}

}  // namespace

TEST_CASE("golden: sample corpus cells, findings and metadata match corpus/expected") {
  auto files = sample_files();
  REQUIRE(files.size() >= 12);
  for (auto& f : files) {
    CAPTURE(f);
    Record r = parse(read_file(source_path("corpus/reports/" + f)), "corpus/" + f);
    auto meta = lines_of(source_path("corpus/expected/" + f + ".meta.tsv"));
    for (auto& line : meta) {
      auto tab = line.find('\t');
      std::string k = line.substr(0, tab), v = line.substr(tab + 1);
      if (k == "agency") CHECK(r.agency == v);
      if (k == "year") CHECK((r.year ? std::to_string(*r.year) : "") == v);
      if (k == "template") CHECK(r.template_id == v);
    }
    auto truth = read_truth(source_path("corpus/expected/" + f + ".tsv"));
    CHECK(truth.size() == r.cells.size());
    size_t right = 0;
    for (auto& entry : truth) {
      const std::string& key = entry.first;  // doctest's macros capture it: no structured binding (clang)
      const std::string& want = entry.second;
      std::string got = value_of(r, key);
      if (same_value(want, got))
        ++right;
      else
        CHECK_MESSAGE(false, f << ": " << key << " want '" << want << "' got '" << got << "'");
    }
    CHECK(right == truth.size());
    std::multiset<std::string> want_findings, got_findings;
    auto fl = lines_of(source_path("corpus/expected/" + f + ".findings.tsv"));
    for (size_t i = 1; i < fl.size(); ++i) {
      if (fl[i].empty()) continue;
      auto a = fl[i].find('\t'), b = fl[i].find('\t', a + 1);
      want_findings.insert(rule_key(fl[i].substr(0, a), fl[i].substr(a + 1, b - a - 1)));
    }
    for (auto& x : r.findings)
      if (x.rule.rfind("text.", 0) != 0) got_findings.insert(rule_key(x.rule, x.scope));
    CHECK(want_findings == got_findings);
    CHECK(r.unplaced.empty());
  }
}

TEST_CASE("golden: full records of the samples and of the shared corpus") {
  const bool update = std::getenv("XXGK_UPDATE_GOLDEN") != nullptr;
  std::vector<std::pair<std::string, std::string>> docs;  // name in record, path
  for (auto& f : sample_files()) docs.push_back({"corpus/" + f, source_path("corpus/reports/" + f)});
  for (std::string dir : {"seed", "real", "fragments"})
    for (auto& e : fs::directory_iterator(shared_corpus(dir)))
      docs.push_back({"shared/corpus/" + dir + "/" + e.path().filename().string(), e.path().string()});
  std::sort(docs.begin(), docs.end());
  fs::create_directories(source_path("tests/golden"));
  for (auto& doc : docs) {
    const std::string& name = doc.first;  // captured by doctest's macros: no structured binding (clang)
    const std::string& path = doc.second;
    CAPTURE(name);
    std::string json = record_json(parse(read_file(path), name), true);
    std::string golden = source_path("tests/golden/" + fs::path(name).filename().string() + ".json");
    if (update) {
      std::ofstream(golden, std::ios::binary) << json;
      continue;
    }
    REQUIRE_MESSAGE(fs::exists(golden), "no golden file " << golden << " (run with XXGK_UPDATE_GOLDEN=1)");
    std::string want = read_file(golden);
    if (want != json) {
      // Name the first differing line to make the failure readable.
      std::istringstream a(want), b(json);
      std::string la, lb;
      int line = 0;
      while (std::getline(a, la) && std::getline(b, lb) && la == lb) ++line;
      CHECK_MESSAGE(false, golden << ":" << line + 1 << ": want " << la << "\n got " << lb);
    }
  }
}

TEST_CASE("golden: shared corpus truth cells and published findings") {
  // The verified cells of the real reports (truth/) and the rules their
  // published numbers really break (truth/FINDINGS.tsv).
  std::set<std::string> findings_expected;
  auto fl = lines_of(shared_corpus("truth/FINDINGS.tsv"));
  for (size_t i = 1; i < fl.size(); ++i) {
    std::vector<std::string> cols;
    std::istringstream in(fl[i]);
    for (std::string c; std::getline(in, c, '\t');) cols.push_back(c);
    std::string scope = cols[2].rfind("t3.", 0) == 0 ? cols[2].substr(3) : cols[2];
    findings_expected.insert(cols[0] + " " + cols[1] + "/" + scope + " " + cols[3] + " " + cols[4]);
  }
  std::set<std::string> findings_got;
  for (auto& e : fs::directory_iterator(shared_corpus("truth"))) {
    std::string f = e.path().filename().string();
    if (!f.ends_with(".tsv") || f == "FINDINGS.tsv") continue;
    std::string doc = f.substr(0, f.size() - 4);
    CAPTURE(doc);
    Record r = parse(read_file(shared_corpus("real/" + doc)), doc);
    auto truth = read_truth(e.path().string());
    size_t right = 0, undecided = 0;
    for (auto& entry : truth) {
      const std::string& key = entry.first;  // captured by doctest's macros (clang)
      const std::string& want = entry.second;
      const CellValue* c = r.cell(key);
      REQUIRE(c);
      // A cell the text leaves undecided may be ambiguous or missing, never wrong.
      if (c->status == CellStatus::ambiguous || c->status == CellStatus::missing) {
        ++undecided;
        continue;
      }
      if (same_value(want, value_of(r, key)))
        ++right;
      else
        CHECK_MESSAGE(
            false, key << " want '" << want << "' got '" << value_of(r, key) << "' (" << to_string(c->status) << ")");
    }
    MESSAGE(doc << ": " << right << " right, " << undecided << " undecided of " << truth.size());
    for (auto& x : r.findings)
      if (x.rule.rfind("t3.", 0) == 0 || x.rule.rfind("t4.", 0) == 0)
        findings_got.insert(doc + " " + x.rule + "/" + x.scope + " " + x.lhs.str() + " " + x.rhs.str());
  }
  for (auto& want : findings_expected) CHECK_MESSAGE(findings_got.count(want), "missing finding: " << want);
  for (auto& got : findings_got) CHECK_MESSAGE(findings_expected.count(got), "unexpected finding: " << got);
}
