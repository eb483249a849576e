// Long inputs in bounded memory (issue #7): input converted a chunk at a
// time through fixed buffers, origins kept as an OffsetMap. Both must give
// exactly what one conversion and a full origin table give.
#include <doctest/doctest.h>

#include <random>
#include <string>
#include <vector>

#include "decode/decode.h"
#include "encode_support.h"

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

TEST_CASE("decode: long GB18030 converted in chunks keeps every character and bad byte in place") {
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

TEST_CASE("decode: characters cut by a chunk boundary keep the offset of their first byte") {
  // Characters of 1, 2 and 4 bytes in a sequence whose lengths do not divide
  // 64 KiB, so that chunk boundaries fall inside characters of each length.
  const std::string chars[] = {"a", "政", "𠀀", "府", "\n", "𠀁", "信", "b"};
  std::string bytes, text;
  std::vector<uint32_t> starts;  // input offset of each character
  size_t cut_inside = 0;         // multiples of 64 KiB inside a character
  for (size_t k = 0; bytes.size() < 400000; ++k) {
    const std::string& c = chars[k % 8];
    const std::string b = encode(c, "GB18030");
    const size_t next = bytes.size() + b.size();
    cut_inside += next / 65536 != bytes.size() / 65536 && next % 65536 != 0;
    starts.push_back(static_cast<uint32_t>(bytes.size()));
    bytes += b;
    text += c;
  }
  REQUIRE(cut_inside >= 3);
  const xxgk::Decoded d = xxgk::decode(bytes, "gb18030");
  CHECK(d.diagnostics.empty());
  REQUIRE(d.text.text == text);
  std::vector<uint32_t> got;
  xxgk::OffsetMap::Cursor origin(d.text.origin);
  for (size_t i = 0; i < d.text.text.size(); ++i) {
    if ((static_cast<unsigned char>(d.text.text[i]) & 0xC0) != 0x80) got.push_back(origin.at(i));
  }
  CHECK(got == starts);
  CHECK(d.text.origin.back() == bytes.size());
  // The decoded text's origins take about a byte a byte, not four.
  CHECK(d.text.origin.footprint() < d.text.text.size() * 2);
}

TEST_CASE("decode: valid UTF-8 keeps no origin table, only its shift past the BOM") {
  const std::string bytes = "\xEF\xBB\xBF" + std::string(100000, 'x') + "政府";
  const xxgk::Decoded d = xxgk::decode(bytes);
  CHECK(d.text.origin.is_shifted());
  CHECK(d.text.origin.footprint() == 0);
  REQUIRE(d.text.origin.size() == d.text.text.size() + 1);
  CHECK(d.text.origin[0] == 3);
  CHECK(d.text.origin[100000] == 100003);
  CHECK(d.text.origin.back() == bytes.size());
}

TEST_CASE("OffsetMap: a shifted map that a push breaks is stored, same entries") {
  xxgk::OffsetMap m = xxgk::OffsetMap::shifted(70, 5);
  m.push_back(75);  // goes on: still nothing stored
  CHECK(m.is_shifted());
  m.push_back(400);  // breaks the sequence
  CHECK_FALSE(m.is_shifted());
  REQUIRE(m.size() == 72);
  for (size_t i = 0; i < 71; ++i) CHECK(m[i] == i + 5);
  CHECK(m[71] == 400);
  // read(): any range, one walk, the entries operator[] gives.
  xxgk::OffsetMap g;
  for (uint32_t i = 0; i < 300; ++i) g.push_back(i % 7 == 0 ? i * 1000 : i);  // escapes and blocks
  for (size_t from : {size_t{0}, size_t{31}, size_t{32}, size_t{100}}) {
    std::vector<uint32_t> got(150);
    g.read(from, got.size(), got.data());
    size_t wrong = 0;
    for (size_t k = 0; k < got.size(); ++k) wrong += got[k] != g[from + k];
    CHECK(wrong == 0);
  }
  std::vector<uint32_t> five(5);
  m.read(66, 5, five.data());
  CHECK(five == std::vector<uint32_t>{71, 72, 73, 74, 75});
  xxgk::OffsetMap::shifted(10, 2).read(3, 5, five.data());
  CHECK(five == std::vector<uint32_t>{5, 6, 7, 8, 9});
  xxgk::OffsetMap r = xxgk::OffsetMap::shifted(3, 0);
  r.push_repeated(3, 4);  // one character of four bytes
  REQUIRE(r.size() == 7);
  CHECK(r[2] == 2);
  CHECK(r[6] == 3);
}

TEST_CASE("OffsetMap: append() of a run gives the entries push_back() of each does") {
  std::mt19937 rng(7);
  for (int round = 0; round < 200; ++round) {
    // From an empty map, a stored one, a shifted one the run goes on or breaks.
    xxgk::OffsetMap pushed = round % 3 == 0 ? xxgk::OffsetMap::shifted(rng() % 70, 5) : xxgk::OffsetMap();
    xxgk::OffsetMap appended = pushed;
    uint32_t v = pushed.empty() ? 0 : pushed.back();
    for (int chunk = 0; chunk < 8; ++chunk) {
      std::vector<uint32_t> run(rng() % 90);
      for (uint32_t& x : run) {
        const uint32_t kind = rng() % 10;  // mostly small steps; jumps back and forth; repeats
        v = kind < 6 ? v + 1 : kind < 8 ? v : kind == 8 ? v + 128 + rng() % 5000 : v - 128 - rng() % 100;
        x = v;
      }
      for (uint32_t x : run) pushed.push_back(x);
      appended.append(run.data(), run.data() + run.size());
    }
    CAPTURE(round);
    REQUIRE(appended.size() == pushed.size());
    CHECK(appended == pushed);
    CHECK(appended.is_shifted() == pushed.is_shifted());
    CHECK(appended.back() == pushed.back());
    size_t wrong = 0;
    for (size_t i = 0; i < pushed.size(); ++i) wrong += appended[i] != pushed[i];
    CHECK(wrong == 0);
  }
}
