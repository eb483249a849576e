// The record spool: a batch too large to hold is kept in a temporary file
// and read back; what comes back must be the record, every field of it.
#include <doctest/doctest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>

#include "support.h"
#include "write/spool.h"

namespace fs = std::filesystem;
using namespace xxgk;
using namespace xxgk::test;

namespace {

// Every report the tests have, parsed and linked (so previous, m.yoy.* and
// the cross findings are set where a batch gives them), plus a failed one.
std::vector<Record> all_records() {
  std::vector<std::string> paths;
  for (auto dir : {source_path("corpus/reports"), shared_corpus("real"), shared_corpus("seed")})
    for (auto& e : fs::directory_iterator(dir)) paths.push_back(e.path().string());
  std::sort(paths.begin(), paths.end());
  std::vector<Record> records;
  for (auto& p : paths) records.push_back(parse_file(public_engine(), p));
  records.push_back(parse_file(public_engine(), source_path("no/such/file.txt")));
  link_batch(public_engine(), records);
  return records;
}

// Fields the JSON leaves out are compared on their own.
void require_same(const Record& a, const Record& b) {
  REQUIRE(record_json(a, true) == record_json(b, true));
  REQUIRE(a.paragraphs.size() == b.paragraphs.size());
  for (size_t i = 0; i < a.paragraphs.size(); ++i) {
    CHECK(a.paragraphs[i].text == b.paragraphs[i].text);
    CHECK(a.paragraphs[i].offset == b.paragraphs[i].offset);
  }
  CHECK(a.failed == b.failed);
  CHECK(a.agency_key == b.agency_key);
}

}  // namespace

TEST_CASE("spool: every record reads back as it was, every field") {
  const auto records = all_records();
  size_t linked = 0, with_paragraphs = 0, failed = 0;
  for (auto& r : records) {
    std::string bytes;
    encode_record(r, bytes);
    Record back;
    REQUIRE(decode_record(bytes, back));
    require_same(r, back);
    linked += r.previous.has_value();
    with_paragraphs += !r.paragraphs.empty();
    failed += r.failed;
  }
  // Not a vacuous round trip: links, paragraphs and failures were there.
  CHECK(linked > 0);
  CHECK(with_paragraphs > 0);
  CHECK(failed == 1);
}

TEST_CASE("spool: a damaged or cut record is refused, never half read") {
  const Record r = parse_file(public_engine(), source_path("corpus/reports/gov2021-tab-rows.txt"));
  std::string bytes;
  encode_record(r, bytes);
  Record back;
  for (size_t cut = 0; cut < bytes.size(); cut += 1 + cut / 64) CHECK_FALSE(decode_record(bytes.substr(0, cut), back));
  CHECK_FALSE(decode_record(bytes + "x", back));
  // A length past the end (a string or vector count made huge) is refused
  // without reserving what it claims.
  CHECK_FALSE(decode_record(std::string("\xFF\xFF\xFF\xFF\xFF\xFF\xFF\xFF\x7F", 9), back));
}

TEST_CASE("spool: records and their tags come back by index, in any order") {
  const auto records = all_records();
  RecordSpool spool;
  REQUIRE(spool.ok());
  for (size_t i = 0; i < records.size(); ++i) REQUIRE(spool.add(records[i], "tag " + std::to_string(i)));
  CHECK(spool.size() == records.size());
  CHECK(spool.bytes() > 0);
  for (size_t i = records.size(); i-- > 0;) {
    Record back;
    std::string tag;
    REQUIRE(spool.get(i, back, &tag));
    CHECK(tag == "tag " + std::to_string(i));
    require_same(records[i], back);
  }
  Record none;
  CHECK_FALSE(spool.get(records.size(), none));
}

TEST_CASE("spool: no temporary folder is a clear error, not a crash") {
  const char* old = std::getenv("TMPDIR");
  const std::string saved = old ? old : "";
  setenv("TMPDIR", "/nonexistent/xxgk-spool-test", 1);
  RecordSpool spool;
  if (old)
    setenv("TMPDIR", saved.c_str(), 1);
  else
    unsetenv("TMPDIR");
  CHECK_FALSE(spool.ok());
  CHECK(spool.error().find("/nonexistent/xxgk-spool-test") != std::string::npos);
  CHECK_FALSE(spool.add(Record{}));
}

TEST_CASE("xml: the document written record by record is the one written whole") {
  const auto records = all_records();
  for (size_t n : {size_t{0}, size_t{1}, size_t{2}, records.size()}) {
    std::vector<const Record*> some;
    std::string pieces = records_xml_head();
    for (size_t i = 0; i < n; ++i) {
      some.push_back(&records[i]);
      pieces += records_xml_element(records[i], i == 0);
    }
    pieces += records_xml_tail(n > 0);
    CHECK(pieces == records_xml(some));
  }
}
