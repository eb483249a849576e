// Text re-encoded by ICU for encoding fixtures made at test time (GB18030,
// Big5, UTF-16 ...), so no binary fixture is kept in the repository.
#pragma once

#include <doctest/doctest.h>
#include <unicode/localpointer.h>
#include <unicode/ucnv.h>
#include <unicode/unistr.h>

#include <string>
#include <string_view>

namespace xxgk::test {

// `utf8` re-encoded in `charset` by ICU (no BOM).
inline std::string encode(std::string_view utf8, const char* charset) {
  const icu::UnicodeString u =
      icu::UnicodeString::fromUTF8(icu::StringPiece(utf8.data(), static_cast<int32_t>(utf8.size())));
  UErrorCode err = U_ZERO_ERROR;
  icu::LocalUConverterPointer cnv(ucnv_open(charset, &err));
  REQUIRE(U_SUCCESS(err));
  const int32_t need = ucnv_fromUChars(cnv.getAlias(), nullptr, 0, u.getBuffer(), u.length(), &err);
  err = U_ZERO_ERROR;
  std::string out(static_cast<size_t>(need), '\0');
  ucnv_fromUChars(cnv.getAlias(), out.data(), need, u.getBuffer(), u.length(), &err);
  REQUIRE(U_SUCCESS(err));
  return out;
}

}  // namespace xxgk::test
