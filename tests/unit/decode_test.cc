// Stage 1 (decode): charsets, BOMs, detection, U+FFFD with a diagnostic, and
// the byte-exact origin map.
#include "decode/decode.h"

#include <doctest/doctest.h>
#include <unicode/ucnv.h>
#include <unicode/unistr.h>

#include <fstream>
#include <random>
#include <sstream>
#include <string>

#include "encode_support.h"
#include "support.h"

namespace {

using xxgk::decode;
using xxgk::Decoded;

using xxgk::test::encode;

std::string slurp(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  REQUIRE(f.good());
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

// Origins of the first byte of every character, and the origin-map invariant.
std::vector<uint32_t> char_origins(const Decoded& d) {
  REQUIRE(d.text.origin.size() == d.text.text.size() + 1);
  std::vector<uint32_t> out;
  for (size_t i = 0; i < d.text.text.size(); ++i) {
    if ((static_cast<unsigned char>(d.text.text[i]) & 0xC0) != 0x80) out.push_back(d.text.origin[i]);
  }
  return out;
}

size_t count_code(const Decoded& d, std::string_view code) {
  size_t n = 0;
  for (const auto& diag : d.diagnostics) n += diag.code == code;
  return n;
}

const std::string kChinese = "2019年政府信息公开工作年度报告\r\n一、总体情况\r本年度共受理申请859件。";

}  // namespace

TEST_CASE("decode: UTF-8 without BOM is the identity") {
  const Decoded d = decode(kChinese);
  CHECK(d.encoding == "UTF-8");
  CHECK(d.text.text == kChinese);
  CHECK(d.diagnostics.empty());
  for (size_t i = 0; i <= kChinese.size(); ++i) CHECK(d.text.origin[i] == i);
}

TEST_CASE("decode_viewing: valid UTF-8 is viewed in place, anything else decoded as decode() does") {
  const std::string bytes = "\xEF\xBB\xBF" + kChinese;
  const Decoded viewed = xxgk::decode_viewing(bytes);
  REQUIRE(viewed.viewed);
  CHECK(viewed.viewed->data() == bytes.data() + 3);  // the input's own bytes, not a copy
  CHECK(viewed.chars() == kChinese);
  CHECK(viewed.text.text.empty());
  CHECK(viewed.text.origin.is_shifted());
  CHECK(viewed.text.origin.front() == 3);
  CHECK(viewed.text.origin.back() == bytes.size());
  const Decoded copied = decode(bytes);
  CHECK_FALSE(copied.viewed);
  CHECK(copied.chars() == kChinese);
  for (const std::string& other : {encode(kChinese, "GB18030"), std::string("ok \xFF\xFE bad")}) {
    const Decoded v = xxgk::decode_viewing(other), d = decode(other);
    CHECK_FALSE(v.viewed);
    CHECK(v.chars() == d.text.text);
    CHECK(v.encoding == d.encoding);
    CHECK(v.diagnostics.size() == d.diagnostics.size());
  }
}

TEST_CASE("decode: UTF-8 BOM is stripped and origins still point at the original bytes") {
  const std::string bytes = "\xEF\xBB\xBF" + kChinese;
  const Decoded d = decode(bytes, "gb2312");  // a BOM beats any declaration
  CHECK(d.encoding == "UTF-8");
  CHECK(d.text.text == kChinese);
  CHECK(d.text.origin.front() == 3);
  CHECK(d.text.origin[4] == 7);  // '年' starts at byte 4 of the text, byte 7 of the file
  CHECK(d.text.origin.back() == bytes.size());
}

TEST_CASE("decode: declared GBK/GB2312 reads as GB18030 with exact origins, CR and CRLF kept") {
  const std::string gb = encode(kChinese, "GB18030");
  for (const char* label : {"GBK", "gb2312", " GB2312 ", "GB18030", "x-gbk"}) {
    const Decoded d = decode(gb, label);
    CHECK(d.encoding == "GB18030");
    CHECK(d.text.text == kChinese);
    CHECK(d.diagnostics.empty());
  }
  // ASCII is one byte, every Chinese character here two: origins follow that.
  const Decoded d = decode(gb, "gbk");
  const std::vector<uint32_t> origins = char_origins(d);
  const icu::UnicodeString u = icu::UnicodeString::fromUTF8(kChinese);
  REQUIRE(origins.size() == static_cast<size_t>(u.length()));
  uint32_t expect = 0;
  for (int32_t i = 0; i < u.length(); ++i) {
    CHECK(origins[static_cast<size_t>(i)] == expect);
    expect += u.charAt(i) < 0x80 ? 1 : 2;
  }
  // All bytes of one character map to its first input byte.
  const size_t nian = d.text.text.find("年");
  CHECK(d.text.origin[nian] == 4);
  CHECK(d.text.origin[nian + 1] == 4);
  CHECK(d.text.origin[nian + 2] == 4);
  CHECK(d.text.origin.back() == gb.size());
}

TEST_CASE("decode: Big5") {
  const std::string text = "政府資訊公開工作年度報告";
  const Decoded d = decode(encode(text, "Big5"), "big5");
  CHECK(d.encoding == "Big5");
  CHECK(d.text.text == text);
}

TEST_CASE("decode: UTF-16LE and UTF-16BE with BOM") {
  const std::string le = std::string("\xFF\xFE", 2) + encode(kChinese, "UTF-16LE");
  const std::string be = std::string("\xFE\xFF", 2) + encode(kChinese, "UTF-16BE");
  for (const auto& pair : {std::pair{le, "UTF-16LE"}, std::pair{be, "UTF-16BE"}}) {
    const std::string& bytes = pair.first;  // captured by doctest's macros (clang)
    const char* name = pair.second;
    const Decoded d = decode(bytes);
    CHECK(d.encoding == name);
    CHECK(d.text.text == kChinese);
    const std::vector<uint32_t> origins = char_origins(d);
    REQUIRE(origins.size() >= 3);
    CHECK(origins[0] == 2);  // after the BOM
    CHECK(origins[1] == 4);
    CHECK(origins[4] == 10);  // '年'
    CHECK_FALSE(xxgk::looks_binary(bytes));
  }
}

TEST_CASE("decode: UTF-16 without BOM is recognised from its NUL pattern") {
  const std::string text = "Report 2019\r\n一、总体情况 859 applications, 805 answered.\n";
  const Decoded le = decode(encode(text, "UTF-16LE"));
  CHECK(le.encoding == "UTF-16LE");
  CHECK(le.text.text == text);
  CHECK(le.text.origin[0] == 0);
  const Decoded be = decode(encode(text, "UTF-16BE"));
  CHECK(be.encoding == "UTF-16BE");
  CHECK(be.text.text == text);
  CHECK_FALSE(xxgk::looks_binary(encode(text, "UTF-16LE")));
}

TEST_CASE("decode: an undeclared GBK report is detected as GB18030") {
  const std::string report = slurp(xxgk::test::shared_corpus("real/006-2019-pingtan.txt"));
  const Decoded d = decode(encode(report, "GB18030"));
  CHECK(d.encoding == "GB18030");
  CHECK(d.text.text == report);
  CHECK(d.diagnostics.empty());
  // A single line too short for reliable statistics still comes out Chinese.
  const std::string title = "2019年上海市人民政府办公厅政府信息公开工作年度报告";
  const Decoded short_one = decode(encode(title, "GB18030"));
  CHECK(short_one.encoding == "GB18030");
  CHECK(short_one.text.text == title);
}

TEST_CASE("decode: invalid sequences become U+FFFD with one warning naming the first") {
  const std::string bytes =
      "ab\xFF"
      "cd\xC3(中\x80";
  const Decoded d = decode(bytes, "UTF-8");
  CHECK(d.text.text ==
        "ab\xEF\xBF\xBD"
        "cd\xEF\xBF\xBD(中\xEF\xBF\xBD");
  REQUIRE(d.diagnostics.size() == 1);
  const xxgk::Diagnostic& diag = d.diagnostics[0];
  CHECK(diag.code == "decode.invalid");
  CHECK(diag.severity == xxgk::Severity::warning);
  CHECK(diag.offset == 2);
  CHECK(diag.line == 1);
  CHECK(diag.column == 3);
  CHECK(diag.message.find("3 invalid") != std::string::npos);
  // The replacement characters map to the bad bytes.
  CHECK(d.text.origin[2] == 2);
  CHECK(d.text.origin[2 + 3 + 2] == 5);
  CHECK(d.text.origin[d.text.text.rfind("\xEF\xBF\xBD")] == 10);
}

TEST_CASE("decode: invalid GB18030 bytes are located") {
  const std::string bytes = encode("年度\n报告", "GB18030") + "\x81 " + encode("结束", "GB18030");
  const Decoded d = decode(bytes, "GBK");
  REQUIRE(count_code(d, "decode.invalid") == 1);
  CHECK(d.diagnostics[0].offset == 9);
  CHECK(d.diagnostics[0].line == 2);
  CHECK(d.diagnostics[0].column == 3);
  CHECK(d.text.text.find("\xEF\xBF\xBD") != std::string::npos);
  CHECK(d.text.text.ends_with("结束"));
}

TEST_CASE("decode: mostly-UTF-8 input with a damaged byte stays UTF-8") {
  std::string bytes;
  for (int i = 0; i < 20; ++i) bytes += "政府信息公开工作年度报告。";
  bytes.insert(30, "\xFF");
  const Decoded d = decode(bytes);
  CHECK(d.encoding == "UTF-8");
  CHECK(count_code(d, "decode.invalid") == 1);
  CHECK(d.diagnostics[0].offset == 30);
}

TEST_CASE("decode: an unknown declared charset warns and falls back to detection") {
  const Decoded d = decode(kChinese, "no-such-charset");
  CHECK(d.encoding == "UTF-8");
  CHECK(d.text.text == kChinese);
  CHECK(count_code(d, "decode.unknown_charset") == 1);
}

TEST_CASE("decode: empty input") {
  const Decoded d = decode("");
  CHECK(d.text.text.empty());
  CHECK(d.text.origin.size() == 1);
}

TEST_CASE("looks_binary") {
  CHECK_FALSE(xxgk::looks_binary(kChinese));
  CHECK_FALSE(xxgk::looks_binary("plain\ttext\fwith page break\x1B$A"));
  CHECK(xxgk::looks_binary(std::string("text\0with a NUL", 15)));
  CHECK(xxgk::looks_binary("\x01\x02\x03\x04 abcdefgh\x05"));  // >10% control characters
  CHECK_FALSE(xxgk::looks_binary("\x01 almost all of this is ordinary text"));
}

TEST_CASE("looks_binary: the word-at-a-time scan counts control bytes as a byte loop does") {
  std::mt19937 rng(3);
  const std::string kinds[] = {"a", "\xE5\x85\xAC", "\n", "\t", "\x7F", "\x01", "\x1F", "\x80", "\xFF", " ", "~"};
  for (int round = 0; round < 400; ++round) {
    std::string bytes;
    const size_t n = 1 + rng() % 300;
    const unsigned control_per_mille = rng() % 250;
    while (bytes.size() < n) bytes += rng() % 1000 < control_per_mille ? kinds[4 + rng() % 3] : kinds[rng() % 11];
    size_t controls = 0;
    for (const char ch : bytes) {
      const auto c = static_cast<unsigned char>(ch);
      controls += (c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != 0x1B) || c == 0x7F;
    }
    CHECK_MESSAGE(xxgk::looks_binary(bytes) == (controls * 10 > bytes.size()), "round ", round);
  }
}
