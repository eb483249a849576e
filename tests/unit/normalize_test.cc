// Normalization's fast paths and its compact offset maps (issues #9, #7).
#include "normalize/normalize.h"

#include <doctest/doctest.h>
#include <unicode/normalizer2.h>
#include <unicode/utf8.h>

#include <random>

using namespace xxgk;

TEST_CASE("normalize: the CJK Unified Ideographs copied as they are are inert under ICU's NFKC") {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfkc = icu::Normalizer2::getNFKCInstance(status);
  REQUIRE(U_SUCCESS(status));
  std::string all;
  for (UChar32 c = 0x4E00; c <= 0x9FFF; ++c) {
    CHECK_MESSAGE(nfkc->isInert(c), "U+", std::hex, c);
    char buf[4];
    int32_t len = 0;
    U8_APPEND_UNSAFE(buf, len, c);
    all.append(buf, static_cast<size_t>(len));
  }
  CHECK(normalize_string(all) == all);
  // The characters just outside are folded by ICU as before: a Kangxi radical
  // and a compatibility ideograph become the unified ideograph.
  CHECK(normalize_string("\u2F00\uF900") == "\u4E00\u8C48");
}

TEST_CASE("normalize: full-width forms, spaces, CRLF and <br> fold as documented") {
  CHECK(normalize_string("\uFF11\uFF12\uFF0C\uFF08\u4E00\uFF09\uFF1A") == "12,(\u4E00):");
  CHECK(normalize_string("a\u3000b\u00A0c\u200Bd") == "a b cd");
  CHECK(normalize_string("x\r\ny\rz") == "x\ny\nz");
  CHECK(normalize_string("a<br/>b<BR >c<b>") == "a b c<b>");
  const SourceText in = SourceText::identity("\uFF11\u4E00\r\nx");
  const Normalized n = normalize(in);
  CHECK(n.text.text == "1\u4E00\nx");
  // Every byte maps to the start of the character it came from.
  const std::vector<uint32_t> pre{0, 3, 3, 3, 7, 8, 9};
  REQUIRE(n.pre_size() == pre.size());
  for (size_t i = 0; i < pre.size(); ++i) CHECK(n.pre_at(i) == pre[i]);
  CHECK(n.text.origin_of(4) == 7);
  CHECK(n.text.origin_of(99) == 9);
}

TEST_CASE("normalize: over a shifted origin (UTF-8 read in place), no map is stored and both read as stored ones") {
  const std::string text = "\uFF11\u4E00\r\nx<br>y\u3000\u2F00z\r" + std::string(200, 'a') + "\u4E00\u4E8C";
  const uint32_t shift = 3;  // a BOM
  SourceText stored;
  for (size_t i = 0; i < text.size(); ++i) stored.push(text[i], static_cast<uint32_t>(i) + shift);
  stored.finish(static_cast<uint32_t>(text.size()) + shift);
  const Normalized kept = normalize(stored);
  const Normalized viewed = normalize(text, OffsetMap::shifted(text.size() + 1, shift));
  REQUIRE(viewed.text.by_edits);
  CHECK(viewed.text.pre.empty());
  CHECK(viewed.text.origin.empty());
  CHECK(viewed.text.input_origin.is_shifted());
  CHECK(viewed.text.edits.runs() == 6);
  CHECK_FALSE(kept.text.by_edits);
  CHECK(viewed.text.text == kept.text.text);
  REQUIRE(viewed.pre_size() == kept.pre_size());
  for (size_t i = 0; i < kept.pre_size() + 3; ++i) {
    if (i < kept.pre_size()) CHECK(viewed.pre_at(i) == kept.pre_at(i));
    CHECK(viewed.text.origin_of(i) == kept.text.origin_of(i));
  }
  // Folding Traditional characters stores both maps, the same either way.
  const Normalized folded = fold_traditional(viewed), folded_kept = fold_traditional(kept);
  REQUIRE(folded.pre_size() == folded_kept.pre_size());
  for (size_t i = 0; i < folded.pre_size(); ++i) {
    CHECK(folded.pre_at(i) == folded_kept.pre_at(i));
    CHECK(folded.text.origin_of(i) == folded_kept.text.origin_of(i));
  }
}

namespace {

// Random report-like text: CJK, ASCII, full-width forms, CR/CRLF, <br>,
// zero-width and odd spaces, expansions (U+3220 -> "(一)"), Traditional.
std::string random_report_text(std::mt19937& rng, size_t pieces) {
  static const std::vector<std::string> kCopied = {"\u4E00\u516C\u5F00\u7533\u8BF7", "abc", "12", " ", "\n", "\t"};
  static const std::vector<std::string> kChanged = {
      "\r\n",   "\r",     "<br>",   "<br />", "<b>",    "\uFF11\uFF12", "\uFF0C", "\uFF08",
      "\u3000", "\u200B", "\u3220", "\u570B", "\u00E9", "\U0001F600",   "\x01",   "\uFF0C\uFF0C"};
  std::string out;
  for (size_t k = 0; k < pieces; ++k)
    out += rng() % 4 ? kCopied[rng() % kCopied.size()] : kChanged[rng() % kChanged.size()];
  return out;
}

// Input text over an origin that is not a shift (a decoder's), kept two ways.
std::pair<Normalized, Normalized> normalized_both_ways(const std::string& text) {
  SourceText in;
  for (size_t i = 0; i < text.size(); ++i) in.push(text[i], static_cast<uint32_t>(2 * i + 1));
  in.finish(static_cast<uint32_t>(2 * text.size() + 1));
  return {normalize(in), normalize(in.text, in.origin)};
}

}  // namespace

TEST_CASE("normalize: kept as edits, pre and the input's text read back as from a stored map") {
  std::mt19937 rng(11);
  int kept_as_edits = 0;
  for (int round = 0; round < 300; ++round) {
    const std::string text = random_report_text(rng, 1 + rng() % 40);
    const auto [stored, edited] = normalized_both_ways(text);
    REQUIRE_FALSE(stored.text.by_edits);
    CHECK(stored.needs_input());
    CHECK(edited.text.text == stored.text.text);
    REQUIRE(edited.pre_size() == stored.pre_size());
    for (size_t i = 0; i < stored.pre_size(); ++i) {
      CHECK(edited.pre_at(i) == stored.pre_at(i));
      CHECK(edited.text.origin_of(i) == stored.text.origin_of(i));
    }
    if (!edited.text.by_edits) continue;  // changed all over: stored instead (checked below)
    ++kept_as_edits;
    CHECK_FALSE(edited.needs_input());
    for (int k = 0; k < 20; ++k) {
      const auto from = static_cast<uint32_t>(rng() % (text.size() + 2));
      const auto to = static_cast<uint32_t>(rng() % (text.size() + 2));
      CHECK(edited.input_text(from, to, {}) == stored.input_text(from, to, text));
    }
    const Normalized folded = fold_traditional(edited), folded_stored = fold_traditional(stored);
    CHECK(folded.text.text == folded_stored.text.text);
    REQUIRE(folded.pre_size() == folded_stored.pre_size());
    for (size_t i = 0; i < folded.pre_size(); ++i) CHECK(folded.pre_at(i) == folded_stored.pre_at(i));
  }
  CHECK(kept_as_edits > 100);  // the case under test, not only its fallback
}

TEST_CASE("normalize: edits stay small on report text, and text changed all over is stored instead") {
  std::string prose;
  for (int k = 0; k < 500; ++k) prose += "\u672C\u5E74\u5EA6\u53D7\u7406\u7533\u8BF7\u5171\u8BA1\uFF0C";
  const auto [stored, edited] = normalized_both_ways(prose);
  REQUIRE(edited.text.by_edits);
  CHECK(edited.text.edits.runs() == 500);  // one a full-width comma
  CHECK(edited.text.edits.bytes() < prose.size());
  CHECK(edited.input_text(0, static_cast<uint32_t>(prose.size()), {}) == prose);
  // A <br> longer than a run holds is kept in pieces; it reads back whole.
  const std::string long_br = "\u4E00<br" + std::string(600, ' ') + "/>\u4E8C\uFF0C" + prose;
  const auto [stored_br, edited_br] = normalized_both_ways(long_br);
  REQUIRE(edited_br.text.by_edits);
  CHECK(edited_br.text.text == stored_br.text.text);
  CHECK(edited_br.text.text.starts_with("\u4E00 \u4E8C,"));
  for (size_t i = 0; i < stored_br.pre_size(); ++i) CHECK(edited_br.pre_at(i) == stored_br.pre_at(i));
  for (uint32_t from = 0; from < long_br.size(); from += 97)
    CHECK(edited_br.input_text(from, from + 400, {}) == long_br.substr(from, 400));
  std::string digits;
  for (int k = 0; k < 500; ++k) digits += "\uFF11a";  // a full-width digit, then a letter: an edit every 4 bytes
  const auto [stored_digits, edited_digits] = normalized_both_ways(digits);
  CHECK_FALSE(edited_digits.text.by_edits);
  CHECK(edited_digits.needs_input());
  for (size_t i = 0; i < stored_digits.pre_size(); ++i) CHECK(edited_digits.pre_at(i) == stored_digits.pre_at(i));
}

TEST_CASE("offset map: every entry reads back, at random and walking forward, in little memory") {
  std::mt19937 rng(7);
  std::vector<uint32_t> values;
  uint32_t v = 5;
  for (size_t i = 0; i < 20000; ++i) {
    const unsigned r = rng() % 100;
    if (r < 60)
      v += 0;  // inside a character
    else if (r < 95)
      v += 1 + rng() % 3;  // the next character
    else if (r < 98)
      v += 128 + rng() % 5000;  // markup skipped
    else
      v -= std::min<uint32_t>(v, rng() % 300);  // a line moved back
    values.push_back(v);
  }
  values.push_back(0xFFFFFFFFu);  // the largest offset, after a jump
  const OffsetMap m = OffsetMap::of(values);
  REQUIRE(m.size() == values.size());
  CHECK(m.back() == values.back());
  OffsetMap::Cursor walk(m);
  for (size_t i = 0; i < values.size(); ++i) {
    CHECK(m[i] == values[i]);
    if (i % 3 != 1) CHECK(walk.at(i) == values[i]);  // some skipped
  }
  CHECK(m.footprint() < values.size() * 2);  // a vector holds 4 bytes an entry
  OffsetMap::Cursor again(m);
  CHECK(again.at(values.size() - 1) == values.back());
  CHECK(again.at(3) == values[3]);  // going back starts the block again
}

TEST_CASE("offset map: runs of one value across block boundaries read back") {
  OffsetMap m;
  std::vector<uint32_t> values;
  uint32_t v = 0;
  for (size_t run = 0; run < 400; ++run) {
    const size_t n = run % 7 == 0 ? 40 : 1 + run % 4;  // some longer than a block
    v += run % 11 == 0 ? 1000 : 3;
    m.push_repeated(v, n);
    values.insert(values.end(), n, v);
  }
  m.push_repeated(v, 0);  // nothing
  REQUIRE(m.size() == values.size());
  OffsetMap::Cursor walk(m);
  for (size_t i = 0; i < values.size(); ++i) {
    CHECK(m[i] == values[i]);
    CHECK(walk.at(i) == values[i]);
  }
}
