// The SQLite output, read back through the SQLite API: numbers stored as
// numbers (INTEGER counts, REAL amounts, NULL blanks with their status), the
// sections and references, the schema version, the `dataset` view against
// the CSV writer, and the README's example queries run on the real corpus.
#include <doctest/doctest.h>
#include <sqlite3.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <filesystem>
#include <map>

#include <unistd.h>

#include "audit/cross.h"
#include "support.h"
#include "write/writers.h"
#include "xxgk/xxgk.h"

using namespace xxgk;
using namespace xxgk::test;

namespace {

struct Value {
  int type = SQLITE_NULL;
  std::string text;  // as SQLite renders it
  double real = 0;
};
using Rows = std::vector<std::vector<Value>>;

// A database written by SqliteWriter from `records`, open for reading, and
// removed with its temporary folder at the end.
class Db {
 public:
  explicit Db(const std::vector<Record>& records) {
    path_ = std::filesystem::temp_directory_path() /
            ("xxgk-sqlite-test-" + std::to_string(::getpid()) + "-" + std::to_string(++counter_) + ".sqlite");
    {
      SqliteWriter w(path_.string(), public_engine());
      for (auto& r : records) w.add(r);
      w.close();
    }
    REQUIRE(sqlite3_open_v2(path_.c_str(), &db_, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK);
  }
  ~Db() {
    sqlite3_close(db_);
    std::filesystem::remove(path_);
  }
  Db(const Db&) = delete;
  Db& operator=(const Db&) = delete;

  Rows query(const std::string& sql, std::vector<std::string>* names = nullptr) const {
    sqlite3_stmt* s = nullptr;
    const int rc = sqlite3_prepare_v2(db_, sql.c_str(), -1, &s, nullptr);
    REQUIRE_MESSAGE(rc == SQLITE_OK, sqlite3_errmsg(db_) << " in " << sql);
    if (names) {
      names->clear();
      for (int i = 0; i < sqlite3_column_count(s); ++i) names->push_back(sqlite3_column_name(s, i));
    }
    Rows rows;
    while (sqlite3_step(s) == SQLITE_ROW) {
      auto& row = rows.emplace_back();
      for (int i = 0; i < sqlite3_column_count(s); ++i) {
        Value v;
        v.type = sqlite3_column_type(s, i);
        if (v.type != SQLITE_NULL) v.text = reinterpret_cast<const char*>(sqlite3_column_text(s, i));
        v.real = sqlite3_column_double(s, i);
        row.push_back(v);
      }
    }
    sqlite3_finalize(s);
    return rows;
  }
  std::string bytes() const { return read_file(path_.string()); }
  // The first column of the first row, "NULL" for null, "<none>" for no row.
  std::string one(const std::string& sql) const {
    Rows rows = query(sql);
    if (rows.empty()) return "<none>";
    return rows[0][0].type == SQLITE_NULL ? "NULL" : rows[0][0].text;
  }

 private:
  inline static int counter_ = 0;
  std::filesystem::path path_;
  sqlite3* db_ = nullptr;
};

// Every report of ../shared/corpus/real, linked as a batch (agency_key, previous).
const std::vector<Record>& real_corpus() {
  static const std::vector<Record> records = [] {
    std::vector<std::filesystem::path> paths;
    for (auto& e : std::filesystem::directory_iterator(shared_corpus("real"))) paths.push_back(e.path());
    std::sort(paths.begin(), paths.end());
    std::vector<Record> out;
    for (auto& p : paths) out.push_back(parse(read_file(p.string()), p.filename().string()));
    link_batch(engine().grammars(), out);
    return out;
  }();
  return records;
}

// RFC 4180 fields of one CSV line (no line end).
std::vector<std::string> csv_fields(const std::string& line) {
  std::vector<std::string> out(1);
  bool quoted = false;
  for (size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (quoted && c == '"' && i + 1 < line.size() && line[i + 1] == '"')
      out.back() += line[++i];
    else if (c == '"')
      quoted = !quoted;
    else if (c == ',' && !quoted)
      out.emplace_back();
    else
      out.back() += c;
  }
  return out;
}

std::string without_line_end(std::string s) {
  if (!s.empty() && s.back() == '\n') s.pop_back();
  return s;
}

// The ```sql blocks of the README's section on the database.
std::vector<std::string> readme_queries() {
  const std::string readme = read_file(source_path("README.md"));
  const size_t begin = readme.find("### The SQLite database");
  REQUIRE(begin != std::string::npos);
  const size_t end = readme.find("\n### ", begin + 1);
  std::vector<std::string> out;
  const std::string fence = "```sql\n";
  for (size_t at = readme.find(fence, begin); at < end; at = readme.find(fence, at)) {
    at += fence.size();
    const size_t close = readme.find("```", at);
    out.push_back(readme.substr(at, close - at));
    at = close;
  }
  return out;
}

}  // namespace

TEST_CASE("sqlite: reports, cells and findings of a batch") {
  Record shanghai = parse(read_file(shared_corpus("real/001-2019-shanghai-bgt.html")), "shanghai.html");
  Record broken = parse(read_file(source_path("corpus/reports/gov2021-broken-sums.txt")), "broken.txt");
  Db db({shanghai, broken});
  CHECK(db.one("SELECT count(*) FROM reports") == "2");
  CHECK(db.one("SELECT count(*) FROM cells WHERE file='shanghai.html'") == "198");
  CHECK(db.one("SELECT count(*) FROM cells WHERE file='broken.txt'") == "200");
  CHECK(db.one("SELECT raw FROM cells WHERE file='shanghai.html' AND key='t2.procurement.amount'") == "251000元");
  CHECK(db.one("SELECT count(*) FROM findings WHERE file='shanghai.html' AND severity='warning'") == "12");
  CHECK(db.one("SELECT agency || ' ' || year FROM reports WHERE file='shanghai.html'") == "上海市人民政府办公厅 2019");
  CHECK(db.one("SELECT count(*) FROM findings WHERE file='broken.txt'") == std::to_string(broken.findings.size()));
  // Indicators: one row per report and indicator, NULL where the contract says null.
  CHECK(db.one("SELECT count(*) FROM metrics WHERE file='broken.txt'") == "17");
  CHECK(db.one("SELECT value FROM metrics WHERE file='broken.txt' AND metric='m.yoy.requests'") == "NULL");
  CHECK(db.one("SELECT value FROM metrics WHERE file='shanghai.html' AND metric='m.normative_in_force'") == "NULL");
  // The diagnosis: the verdict per report, the suspects with printed and expected value.
  CHECK(db.one("SELECT diagnosis FROM reports WHERE file='broken.txt'") == "single");
  CHECK(db.one("SELECT agency_key FROM reports WHERE file='shanghai.html'") == "上海市人民政府办公厅");
  CHECK(db.one("SELECT printed || ' ' || value || ' ' || explains FROM suspects WHERE file='broken.txt' AND "
               "cell='t3.granted.natural'") == "21 19 t3.row_total[granted] t3.results_total[natural]");
}

TEST_CASE("sqlite: values are numbers, blanks NULL with their status, the printed text kept") {
  Record shanghai = parse(read_file(shared_corpus("real/001-2019-shanghai-bgt.html")), "shanghai.html");
  Record broken = parse(read_file(source_path("corpus/reports/gov2021-broken-sums.txt")), "broken.txt");
  Db db({shanghai, broken});
  // An amount is REAL (in the grammar's unit), a count INTEGER, so SUM needs no cast.
  CHECK(db.one("SELECT typeof(value) || ' ' || value FROM cells WHERE file='shanghai.html' AND "
               "key='t2.procurement.amount'") == "real 251000.0");
  // gov-2019 names no unit for it: the number as printed, with its printed unit; gov-2021 gives fees in 万元.
  CHECK(db.one("SELECT quote(f.unit) || ' ' || c.unit FROM cells AS c JOIN fields AS f USING (key) WHERE "
               "c.file='shanghai.html' AND f.template='gov-2019' AND key='t2.procurement.amount'") == "'' 元");
  CHECK(db.one("SELECT unit FROM fields WHERE template='gov-2021' AND key='t2.fees.amount'") == "万元");
  CHECK(db.one("SELECT typeof(value) || ' ' || value FROM cells WHERE file='broken.txt' AND "
               "key='t3.granted.natural'") == "integer " + value_of(broken, "t3.granted.natural"));
  CHECK(db.one("SELECT group_concat(DISTINCT typeof(value)) FROM cells AS c JOIN fields AS f USING (key) "
               "WHERE f.kind <> 'amount' AND c.value IS NOT NULL") == "integer");
  CHECK(db.one("SELECT group_concat(DISTINCT typeof(value)) FROM cells AS c JOIN fields AS f USING (key) "
               "WHERE f.kind = 'amount' AND c.value IS NOT NULL") == "real");
  CHECK(db.one("SELECT sum(value) FROM cells WHERE file='broken.txt' AND key LIKE 't3.new_received.%' AND "
               "key <> 't3.new_received.total'") == value_of(broken, "t3.new_received.total"));
  // A blank is NULL, never 0, and says so in its status; its printed text stays.
  CHECK(db.one("SELECT quote(value) || ' ' || status || ' ' || raw FROM cells WHERE file='shanghai.html' AND "
               "key='t3.granted.total'") == "NULL blank " + *shanghai.cell("t3.granted.total")->raw);
  CHECK(db.one("SELECT count(*) FROM cells WHERE status IN ('blank','missing','ambiguous') AND value IS NOT NULL") ==
        "0");
  CHECK(db.one("SELECT count(*) FROM cells WHERE status IN ('read','recovered') AND value IS NULL") == "0");
  // Count indicators are INTEGER like the cells they sum, ratios REAL; findings' sides are numbers.
  CHECK(db.one("SELECT typeof(value) || ' ' || value FROM metrics WHERE file='broken.txt' AND metric='m.requests'") ==
        "integer 43");
  CHECK(db.one("SELECT typeof(value) FROM metrics WHERE file='broken.txt' AND metric='m.granted_share'") == "real");
  CHECK(db.one("SELECT group_concat(DISTINCT typeof(lhs) || typeof(rhs) || typeof(delta)) FROM findings WHERE "
               "file='broken.txt'") == "integerintegerinteger");
  CHECK(db.one("SELECT typeof(printed) || typeof(value) FROM suspects WHERE file='broken.txt'") == "integerinteger");
  CHECK(db.one("PRAGMA user_version") == std::to_string(kSqliteSchemaVersion));
}

TEST_CASE("sqlite: a file added twice is one report, and the same records give the same bytes") {
  Record broken = parse(read_file(source_path("corpus/reports/gov2021-broken-sums.txt")), "broken.txt");
  auto path = std::filesystem::temp_directory_path() / ("xxgk-sqlite-twice-" + std::to_string(::getpid()) + ".sqlite");
  {
    SqliteWriter w(path.string(), public_engine());
    CHECK(w.add(broken));
    CHECK_FALSE(w.add(broken));
    w.close();
  }
  Db once({broken});
  CHECK(once.one("SELECT count(*) FROM reports") == "1");
  CHECK(read_file(path.string()) == once.bytes());
  std::filesystem::remove(path);
}

TEST_CASE("sqlite: the README documents the schema version") {
  const std::string readme = read_file(source_path("README.md"));
  CHECK(readme.find("`PRAGMA user_version` is " + std::to_string(kSqliteSchemaVersion)) != std::string::npos);
}

TEST_CASE("sqlite: sections and references, in document order") {
  const auto& records = real_corpus();
  Db db(records);
  for (auto& r : records) {
    CAPTURE(r.file);
    const std::string where = " WHERE file='" + r.file + "'";
    CHECK(db.one("SELECT count(*) FROM sections" + where) == std::to_string(r.sections.size()));
    CHECK(db.one("SELECT count(*) FROM \"references\"" + where) == std::to_string(r.references.size()));
    Rows sections = db.query("SELECT level, number, title, offset, \"end\", numbered, in_template FROM sections" +
                             where + " ORDER BY position");
    REQUIRE(sections.size() == r.sections.size());
    for (size_t i = 0; i < sections.size(); ++i) {
      const Section& s = r.sections[i];
      CHECK(sections[i][0].text == std::to_string(s.level));
      CHECK(sections[i][1].text == s.number);
      CHECK(sections[i][2].text == s.title);
      CHECK(sections[i][3].text == std::to_string(s.offset));
      CHECK(sections[i][4].text == std::to_string(s.end));
      CHECK(sections[i][5].text == (s.numbered ? "1" : "0"));
      CHECK(sections[i][6].text == (s.in_template ? "1" : "0"));
    }
    Rows refs = db.query("SELECT text, article, quote(paragraph), quote(item), offset FROM \"references\"" + where +
                         " ORDER BY position");
    REQUIRE(refs.size() == r.references.size());
    for (size_t i = 0; i < refs.size(); ++i) {
      const Reference& ref = r.references[i];
      CHECK(refs[i][0].text == ref.text);
      CHECK(refs[i][1].text == std::to_string(ref.article));
      CHECK(refs[i][2].text == (ref.paragraph ? std::to_string(*ref.paragraph) : "NULL"));
      CHECK(refs[i][3].text == (ref.item ? std::to_string(*ref.item) : "NULL"));
      CHECK(refs[i][4].text == std::to_string(ref.offset));
    }
  }
  // The corpus does cite the regulations: the test is not vacuous.
  CHECK(std::stoi(db.one("SELECT count(*) FROM \"references\"")) > 0);
  CHECK(std::stoi(db.one("SELECT count(*) FROM sections WHERE in_template = 1")) > 0);
}

TEST_CASE("sqlite: the dataset view is the CSV, column for column") {
  const auto& records = real_corpus();
  Db db(records);
  std::vector<std::string> names;
  Rows view = db.query("SELECT * FROM dataset", &names);
  CHECK(names == csv_fields(without_line_end(dataset_header(engine().grammars()))));
  REQUIRE(view.size() == records.size());
  for (size_t i = 0; i < records.size(); ++i) {
    const auto csv = csv_fields(without_line_end(dataset_row(records[i], engine().grammars())));
    REQUIRE(csv.size() == names.size());
    for (size_t j = 0; j < names.size(); ++j) {
      CAPTURE(records[i].file);
      CAPTURE(names[j]);
      const Value& v = view[i][j];
      if (v.type == SQLITE_NULL) {
        CHECK(csv[j] == "");
      } else if (v.type == SQLITE_FLOAT) {
        double want = 0;
        REQUIRE(std::from_chars(csv[j].data(), csv[j].data() + csv[j].size(), want).ec == std::errc());
        CHECK(v.real == want);
      } else {
        CHECK(v.text == csv[j]);
      }
    }
  }
}

TEST_CASE("sqlite: the README's example queries on the real corpus") {
  const auto& records = real_corpus();
  Db db(records);
  const auto queries = readme_queries();
  REQUIRE(queries.size() == 2);
  // 1: new applications per year, summed over the reports (t3 exists from 2019 on).
  std::map<std::string, int64_t> per_year;
  for (auto& e : std::filesystem::directory_iterator(shared_corpus("truth"))) {
    const std::string name = e.path().filename().string();
    if (!name.ends_with(".tsv") || name == "FINDINGS.tsv") continue;
    auto truth = read_truth(e.path().string());
    per_year[name.substr(4, 4)] += std::stoll(truth.at("t3.new_received.total"));
  }
  Rows first = db.query(queries[0]);
  REQUIRE(first.size() == per_year.size());
  for (auto& row : first) {
    CAPTURE(row[0].text);
    CHECK(row[1].type == SQLITE_INTEGER);
    CHECK(per_year.at(row[0].text) == std::stoll(row[1].text));
  }
  // 2: one agency across years, from the wide view, with last year's figure.
  Rows second = db.query(queries[1]);
  std::vector<const Record*> pingtan;
  for (auto& r : records)
    if (r.agency_key == second.at(0).at(0).text && r.template_id.starts_with("gov-")) pingtan.push_back(&r);
  REQUIRE(second.size() == pingtan.size());
  CHECK(second.size() >= 7);
  for (size_t i = 0; i < second.size(); ++i) {
    CAPTURE(pingtan[i]->file);
    CHECK(second[i][1].text == std::to_string(*pingtan[i]->year));
    CHECK(second[i][2].text == value_of(*pingtan[i], "t3.new_received.total"));
    const Metric* share = pingtan[i]->metric("m.granted_share");
    REQUIRE(share);
    if (share->value)
      CHECK(std::abs(second[i][3].real - *share->value) < 0.0005);
    else
      CHECK(second[i][3].type == SQLITE_NULL);
    const Metric* yoy = pingtan[i]->metric("m.yoy.requests");
    CHECK((second[i][4].type == SQLITE_NULL) == !(yoy && yoy->value));
  }
}
