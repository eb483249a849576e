// Charset detection (decode/detect.h): the one-pass detector must give ICU's
// answer wherever it answers, on the repository's samples in each encoding
// they can take, and leave to ICU what it cannot tell (Japanese, Korean,
// text too short to judge).
#include "decode/detect.h"

#include <doctest/doctest.h>
#include <unicode/translit.h>
#include <unicode/unistr.h>

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "decode/decode.h"
#include "encode_support.h"
#include "support.h"

namespace {

using xxgk::test::encode;

// The samples' text in UTF-8, the DOCX aside (its text is inside a zip).
std::vector<std::pair<std::string, std::string>> sample_texts() {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& e : std::filesystem::directory_iterator(xxgk::test::source_path("corpus/reports"))) {
    if (e.path().extension() == ".docx") continue;
    const std::string bytes = xxgk::test::read_file(e.path().string());
    out.emplace_back(e.path().filename().string(), xxgk::decode(bytes).text.text);
  }
  REQUIRE(out.size() >= 10);
  return out;
}

std::string to_traditional(const std::string& utf8) {
  UErrorCode err = U_ZERO_ERROR;
  std::unique_ptr<icu::Transliterator> t(
      icu::Transliterator::createInstance("Simplified-Traditional", UTRANS_FORWARD, err));
  REQUIRE(U_SUCCESS(err));
  icu::UnicodeString u = icu::UnicodeString::fromUTF8(utf8);
  t->transliterate(u);
  std::string out;
  u.toUTF8String(out);
  return out;
}

// The detectors see what decode() gives them: a prefix of the file.
std::string_view prefix(const std::string& bytes) { return std::string_view(bytes).substr(0, size_t{256} << 10); }

}  // namespace

TEST_CASE("detect: the one-pass answer is ICU's on every sample in GB18030 and Big5") {
  size_t decided = 0, cases = 0;
  for (const auto& sample : sample_texts()) {
    const std::string& name = sample.first;  // (named: CAPTURE cannot take a structured binding)
    const std::string traditional = to_traditional(sample.second);
    for (const auto& encoded : {std::pair{encode(sample.second, "GB18030"), "GB18030"},
                                std::pair{encode(traditional, "Big5"), "Big5"}}) {
      const std::string& bytes = encoded.first;
      const char* charset = encoded.second;
      CAPTURE(name);
      CAPTURE(charset);
      ++cases;
      const std::optional<std::string> fast = xxgk::detect_legacy_fast(prefix(bytes));
      const std::string icu = xxgk::detect_legacy_icu(prefix(bytes));
      CHECK(icu == charset);
      if (fast) {
        ++decided;
        CHECK(*fast == icu);
      }
    }
  }
  // The point of the pass: it decides every one of them without ICU.
  CHECK(decided == cases);
}

TEST_CASE("detect: the repository's legacy files themselves") {
  for (const char* file : {"corpus/reports/gov2021-page-gbk.html", "corpus/reports/gov2019-glued.txt"}) {
    CAPTURE(file);
    const std::string bytes = xxgk::test::read_file(xxgk::test::source_path(file));
    const std::optional<std::string> fast = xxgk::detect_legacy_fast(prefix(bytes));
    REQUIRE(fast.has_value());
    CHECK(*fast == xxgk::detect_legacy_icu(prefix(bytes)));
    CHECK(*fast == "GB18030");
  }
}

TEST_CASE("detect: what the pass cannot tell is left to ICU") {
  // Japanese and Korean text is well-formed GB18030 more often than not, but
  // its codes are not common Chinese characters.
  const std::string japanese =
      "政府の情報公開制度について、私たちはこの報告書で説明します。ひらがなとカタカナがたくさんあります。"
      "東京都の年次報告では、申請の件数と処理の結果をまとめています。これは日本語の文章です。";
  const std::string korean =
      "정부 정보 공개 연차 보고서입니다. 우리는 이 보고서에서 신청 건수와 처리 결과를 설명합니다. "
      "한국어 문장은 한글로 씁니다. 서울특별시의 정보 공개 제도에 대하여 알려 드립니다.";
  for (const auto& encoded : {std::pair{encode(japanese + japanese, "Shift_JIS"), "Shift_JIS"},
                              std::pair{encode(japanese + japanese, "EUC-JP"), "EUC-JP"},
                              std::pair{encode(korean + korean, "EUC-KR"), "EUC-KR"}}) {
    const char* charset = encoded.second;
    CAPTURE(charset);
    CHECK_FALSE(xxgk::detect_legacy_fast(encoded.first).has_value());
  }
  // Too short to judge: a few characters.
  CHECK_FALSE(xxgk::detect_legacy_fast(encode("政府信息公开", "GB18030")).has_value());
  // Where the pass answers, detect_legacy() gives its answer, which is ICU's.
  const std::string common = "的一是在不了有和人这中大为上个国我以要他时来用们生";
  const std::string gb = encode(std::string(2000, 'x') + common + common, "GB18030");
  REQUIRE(xxgk::detect_legacy_fast(gb).has_value());
  CHECK(xxgk::detect_legacy(gb) == xxgk::detect_legacy_icu(gb));
}
