// Long inputs in bounded memory (issue #7): GB18030/Big5 converted piece by
// piece, and a long page's origins kept compact. Both must give exactly what
// one conversion and the full origin table give.
#include <doctest/doctest.h>

#include <random>
#include <string>
#include <vector>

#include "decode/decode.h"
#include "encode_support.h"
#include "readers/compact_origin.h"

using xxgk::test::encode;

namespace {

// About 300 KB of GB18030: Chinese, ASCII, and every ~5 KB a lone lead byte
// (invalid) right before a space, '<' or newline, the bytes a piece may be
// cut before. Returns the input; `planted` gets the offsets of the bad bytes.
std::string long_gb18030(std::vector<size_t>& planted) {
  std::mt19937 rng(7);
  const std::string words[] = {"政府信息公开", "年度报告", "<p>", " ", "\n", "12 345", "（一）", "𠀀"};
  std::string out;
  while (out.size() < 300000) {
    out += encode(words[rng() % 8], "GB18030");
    if (rng() % 400 == 0) {
      planted.push_back(out.size());
      out += '\x81';
      out += " <\n"[rng() % 3];
    }
  }
  return out;
}

}  // namespace

TEST_CASE("decode: long GB18030 converted in pieces keeps every character and bad byte in place") {
  std::vector<size_t> planted;
  const std::string bytes = long_gb18030(planted);
  REQUIRE(planted.size() > 10);
  const xxgk::Decoded d = xxgk::decode(bytes, "gbk");
  CHECK(d.encoding == "GB18030");
  REQUIRE(d.text.origin.size() == d.text.text.size() + 1);
  // Each U+FFFD stands for one planted byte, at its offset.
  std::vector<size_t> replaced;
  for (size_t i = d.text.text.find("\xEF\xBF\xBD"); i != std::string::npos;
       i = d.text.text.find("\xEF\xBF\xBD", i + 3)) {
    replaced.push_back(d.text.origin[i]);
  }
  CHECK(replaced == planted);
  // Everything else round-trips, each character from where its bytes are.
  std::string expected;
  size_t from = 0;
  for (const size_t bad : planted) {
    expected += xxgk::decode(bytes.substr(from, bad - from), "gbk").text.text + "\xEF\xBF\xBD";
    from = bad + 1;
  }
  expected += xxgk::decode(bytes.substr(from), "gbk").text.text;
  CHECK(d.text.text == expected);
  size_t misplaced = 0;  // ASCII bytes whose origin holds another byte
  for (size_t i = 0; i < d.text.text.size(); ++i) {
    const auto c = static_cast<unsigned char>(d.text.text[i]);
    misplaced += c < 0x80 && static_cast<unsigned char>(bytes[d.text.origin[i]]) != c;
  }
  CHECK(misplaced == 0);
  REQUIRE(d.diagnostics.size() == 1);
  CHECK(d.diagnostics[0].code == "decode.invalid");
  CHECK(d.diagnostics[0].offset == planted.front());
  CHECK(d.diagnostics[0].message.starts_with(std::to_string(planted.size()) + " invalid byte sequences"));
}

TEST_CASE("CompactOrigin: the same origins as the full table, in order and out of order") {
  std::vector<size_t> planted;
  const xxgk::Decoded d = xxgk::decode(long_gb18030(planted), "gbk");
  const std::optional<xxgk::CompactOrigin> compact = xxgk::CompactOrigin::of(d.text);
  REQUIRE(compact.has_value());
  size_t wrong = 0;
  for (size_t i = 0; i <= d.text.text.size(); ++i) wrong += compact->at(d.text.text, i) != d.text.origin_of(i);
  CHECK(wrong == 0);
  std::mt19937 rng(3);
  for (int k = 0; k < 20000; ++k) {
    const size_t i = rng() % (d.text.text.size() + 10);
    wrong += compact->at(d.text.text, i) != d.text.origin_of(i);
  }
  CHECK(wrong == 0);
}

TEST_CASE("CompactOrigin: origins of another shape are left to the full table") {
  xxgk::SourceText t;
  t.append("ab", 0);
  t.append("c", 400);  // a step of 398 bytes
  t.finish(401);
  CHECK_FALSE(xxgk::CompactOrigin::of(t).has_value());
  xxgk::SourceText split;
  split.append("\xE4\xB8\x80", 0, /*contiguous=*/true);  // one character from three places
  split.finish(3);
  CHECK_FALSE(xxgk::CompactOrigin::of(split).has_value());
}
