// The SQLite output: every report, every cell of its template, every finding,
// with exact decimal text; read back through the SQLite API.
#include <doctest/doctest.h>
#include <sqlite3.h>

#include <filesystem>

#include "support.h"
#include "xxgk/xxgk.h"

using namespace xxgk;
using namespace xxgk::test;

namespace {
std::string query_one(sqlite3* db, const std::string& sql) {
  sqlite3_stmt* s = nullptr;
  REQUIRE(sqlite3_prepare_v2(db, sql.c_str(), -1, &s, nullptr) == SQLITE_OK);
  std::string out = "<none>";
  if (sqlite3_step(s) == SQLITE_ROW)
    out = sqlite3_column_type(s, 0) == SQLITE_NULL ? "NULL" : reinterpret_cast<const char*>(sqlite3_column_text(s, 0));
  sqlite3_finalize(s);
  return out;
}
}  // namespace

TEST_CASE("sqlite: reports, cells and findings of a batch") {
  auto path = (std::filesystem::temp_directory_path() / "xxgk-sqlite-test.sqlite").string();
  Record shanghai = parse(read_file(shared_corpus("real/001-2019-shanghai-bgt.html")), "shanghai.html");
  Record broken = parse(read_file(source_path("corpus/reports/gov2021-broken-sums.txt")), "broken.txt");
  {
    SqliteWriter w(path);
    w.add(shanghai);
    w.add(broken);
    w.close();
  }
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open(path.c_str(), &db) == SQLITE_OK);
  CHECK(query_one(db, "SELECT count(*) FROM reports") == "2");
  CHECK(query_one(db, "SELECT count(*) FROM cells WHERE file='shanghai.html'") == "198");
  CHECK(query_one(db, "SELECT count(*) FROM cells WHERE file='broken.txt'") == "200");
  CHECK(query_one(db, "SELECT value FROM cells WHERE file='shanghai.html' AND key='t2.procurement.amount'") ==
        "251000");
  CHECK(query_one(db, "SELECT raw FROM cells WHERE file='shanghai.html' AND key='t2.procurement.amount'") ==
        "251000元");
  CHECK(query_one(db, "SELECT value FROM cells WHERE file='shanghai.html' AND key='t3.granted.total'") == "NULL");
  CHECK(query_one(db, "SELECT status FROM cells WHERE file='shanghai.html' AND key='t3.granted.total'") == "blank");
  CHECK(query_one(db, "SELECT count(*) FROM findings WHERE file='shanghai.html' AND severity='warning'") == "12");
  CHECK(query_one(db, "SELECT agency || ' ' || year FROM reports WHERE file='shanghai.html'") ==
        "上海市人民政府办公厅 2019");
  CHECK(query_one(db, "SELECT count(*) FROM findings WHERE file='broken.txt'") ==
        std::to_string(broken.findings.size()));
  // Indicators: one row per report and indicator, NULL where the contract says null.
  CHECK(query_one(db, "SELECT count(*) FROM metrics WHERE file='broken.txt'") == "17");
  CHECK(query_one(db, "SELECT value FROM metrics WHERE file='broken.txt' AND metric='m.requests'") == "43.0");
  CHECK(query_one(db, "SELECT value FROM metrics WHERE file='broken.txt' AND metric='m.yoy.requests'") == "NULL");
  CHECK(query_one(db, "SELECT value FROM metrics WHERE file='shanghai.html' AND metric='m.normative_in_force'") ==
        "NULL");
  // The diagnosis: the verdict per report, the suspects with printed and expected value.
  CHECK(query_one(db, "SELECT diagnosis FROM reports WHERE file='broken.txt'") == "single");
  CHECK(query_one(db, "SELECT agency_key FROM reports WHERE file='shanghai.html'") == "上海市人民政府办公厅");
  CHECK(query_one(db, "SELECT printed || ' ' || value || ' ' || explains FROM suspects WHERE file='broken.txt' AND "
                      "cell='t3.granted.natural'") ==
        "21 19 t3.row_total[granted] t3.results_total[natural]");
  sqlite3_close(db);
  std::filesystem::remove(path);
}
