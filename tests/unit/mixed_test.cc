// Files of mixed encodings (decode/mixed.h): UTF-8 with a GB18030 stretch,
// as crawlers make by concatenating pages. Each stretch is read in its own
// encoding with exact origins, and one decode.mixed warning says so.
#include "decode/mixed.h"

#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "decode/decode.h"
#include "encode_support.h"
#include "support.h"

namespace {

using xxgk::test::encode;

// A repository sample with its lines [first, last) re-encoded in GB18030:
// the bytes, and where each clean line starts in them.
struct Mixed {
  std::string clean, bytes;
  std::vector<size_t> clean_starts, starts;
  size_t first = 0, last = 0;

  // Where byte `o` of the clean text is in `bytes`.
  size_t map(size_t o) const {
    size_t line = 0;
    while (line + 1 < clean_starts.size() && clean_starts[line + 1] <= o) ++line;
    const size_t column = o - clean_starts[line];
    const bool gb = line >= first && line < last;
    const std::string head = clean.substr(clean_starts[line], column);
    return starts[line] + (gb ? encode(head, "GB18030").size() : column);
  }
};

Mixed make_mixed(const std::string& sample, double from, double to) {
  Mixed m;
  m.clean = xxgk::test::read_file(xxgk::test::source_path(sample));
  std::vector<std::string> lines;
  for (size_t at = 0; at < m.clean.size();) {
    const size_t nl = m.clean.find('\n', at);
    const size_t end = nl == std::string::npos ? m.clean.size() : nl + 1;
    m.clean_starts.push_back(at);
    lines.push_back(m.clean.substr(at, end - at));
    at = end;
  }
  m.first = static_cast<size_t>(static_cast<double>(lines.size()) * from);
  m.last = static_cast<size_t>(static_cast<double>(lines.size()) * to);
  for (size_t i = 0; i < lines.size(); ++i) {
    m.starts.push_back(m.bytes.size());
    m.bytes += i >= m.first && i < m.last ? encode(lines[i], "GB18030") : lines[i];
  }
  return m;
}

}  // namespace

TEST_CASE("decode: UTF-8 with a GB18030 stretch is read stretch by stretch, origins exact") {
  const Mixed m = make_mixed("corpus/reports/gov2021-cell-per-line.txt", 0.3, 0.6);
  const xxgk::Decoded d = xxgk::decode(m.bytes);
  CHECK(d.encoding == "UTF-8");  // of most of the bytes
  CHECK(d.diagnostics.at(0).message.find(", 1 as GB18030;") != std::string::npos);
  REQUIRE(d.text.text == m.clean);  // every character back, the UTF-8 ones too
  REQUIRE(d.text.origin.size() == m.clean.size() + 1);
  size_t wrong = 0;
  xxgk::OffsetMap::Cursor origin(d.text.origin);
  for (size_t i = 0; i < m.clean.size(); ++i) {
    if ((static_cast<unsigned char>(m.clean[i]) & 0xC0) != 0x80) wrong += origin.at(i) != m.map(i);
  }
  CHECK(wrong == 0);
  CHECK(d.text.origin.back() == m.bytes.size());
  // The switch is at the first re-encoded line that is not ASCII (an ASCII
  // line reads the same either way and stays with the stretch before it).
  size_t k = m.first;
  auto ascii = [&](size_t line) {
    const size_t end = line + 1 < m.clean_starts.size() ? m.clean_starts[line + 1] : m.clean.size();
    for (size_t i = m.clean_starts[line]; i < end; ++i) {
      if (static_cast<unsigned char>(m.clean[i]) >= 0x80) return false;
    }
    return true;
  };
  while (ascii(k)) ++k;
  REQUIRE(d.diagnostics.size() == 1);
  CHECK(d.diagnostics[0].code == "decode.mixed");
  CHECK(d.diagnostics[0].offset == m.starts[k]);
  CHECK(d.diagnostics[0].line == k + 1);
  CHECK(d.diagnostics[0].column == 1);
  CHECK(d.diagnostics[0].message.find(" " + std::to_string(k + 1) + ":1 ") != std::string::npos);
}

TEST_CASE("parse: every cell of the clean sample comes back from the mixed file, at its place") {
  const Mixed m = make_mixed("corpus/reports/gov2021-cell-per-line.txt", 0.2, 0.7);
  const xxgk::Record clean = xxgk::test::parse(m.clean, "clean.txt");
  const xxgk::Record mixed = xxgk::test::parse(m.bytes, "mixed.txt");
  REQUIRE(clean.cells.size() == mixed.cells.size());
  size_t found = 0;
  for (size_t i = 0; i < clean.cells.size(); ++i) {
    const xxgk::CellValue& a = clean.cells[i];
    const xxgk::CellValue& b = mixed.cells[i];
    CAPTURE(a.key);
    CHECK(a.key == b.key);
    CHECK(a.raw == b.raw);
    CHECK(a.status == b.status);
    REQUIRE(a.offset.has_value() == b.offset.has_value());
    if (a.offset) {
      ++found;
      CHECK(*b.offset == m.map(*a.offset));
    }
  }
  CHECK(found > 50);
  size_t warnings = 0;
  for (const xxgk::Diagnostic& diag : mixed.diagnostics) {
    CHECK(diag.code != "decode.invalid");
    warnings += diag.code == "decode.mixed";
  }
  CHECK(warnings == 1);
}

TEST_CASE("decode: invalid bytes of a mixed file still become U+FFFD and are counted") {
  Mixed m = make_mixed("corpus/reports/gov2021-cell-per-line.txt", 0.3, 0.6);
  const size_t bad = m.starts[m.first + 2];  // a lone lead byte at the start of a GB18030 line
  m.bytes.insert(bad, "\x81");
  const xxgk::Decoded d = xxgk::decode(m.bytes);
  REQUIRE(d.diagnostics.size() == 2);
  CHECK(d.diagnostics[0].code == "decode.mixed");
  CHECK(d.diagnostics[1].code == "decode.invalid");
  CHECK(d.diagnostics[1].offset == bad);
  CHECK(d.diagnostics[1].message.starts_with("1 invalid byte sequence in GB18030 input"));
  const size_t fffd = d.text.text.find("\xEF\xBF\xBD");
  REQUIRE(fffd != std::string::npos);
  CHECK(d.text.origin[fffd] == bad);
  CHECK(d.text.text.find("\xEF\xBF\xBD", fffd + 3) == std::string::npos);
}

TEST_CASE("decode: mostly UTF-8 with a short GB18030 stretch is mixed too, damaged UTF-8 is not") {
  const Mixed m = make_mixed("corpus/reports/gov2021-cell-per-line.txt", 0.45, 0.6);
  const xxgk::Decoded d = xxgk::decode(m.bytes);
  CHECK(d.encoding == "UTF-8");
  CHECK(d.text.text == m.clean);
  REQUIRE(d.diagnostics.size() == 1);
  CHECK(d.diagnostics[0].code == "decode.mixed");
  // A few bad bytes in UTF-8 are damage, not a stretch of another charset.
  std::string damaged = m.clean;
  damaged.insert(m.clean_starts[200], "\xB5\xC4\xD2\xBB");  // two GB18030 characters
  const xxgk::Decoded u = xxgk::decode(damaged);
  CHECK(u.encoding == "UTF-8");
  REQUIRE(u.diagnostics.size() == 1);
  CHECK(u.diagnostics[0].code == "decode.invalid");
}

TEST_CASE("encoding_stretches: one encoding, or too little UTF-8 to be sure, is not mixed") {
  const std::string gb = encode("政府信息公开工作年度报告\n一、总体情况\n", "GB18030");
  CHECK(xxgk::encoding_stretches(gb + gb).empty());
  CHECK(xxgk::encoding_stretches("plain ASCII\nonly\n").empty());
  // A line of a few UTF-8 characters between GB18030 lines: left to GB18030.
  CHECK(xxgk::encoding_stretches(gb + "政府\n" + gb).empty());
  // Enough of them: three stretches, on line boundaries.
  const std::string utf8 = "本报告根据条例要求由青禾县市场监督管理局编制全文包括\n";
  const std::vector<xxgk::Stretch> s = xxgk::encoding_stretches(gb + "ascii\n" + utf8 + gb);
  REQUIRE(s.size() == 3);
  CHECK_FALSE(s[0].utf8);
  CHECK(s[0].end == gb.size() + 6);  // the ASCII line stays with the stretch before it
  CHECK(s[1].utf8);
  CHECK(s[1].begin == s[0].end);
  CHECK(s[2].begin == s[0].end + utf8.size());
  CHECK(s[2].end == gb.size() * 2 + 6 + utf8.size());
}
