// Charset detection for bytes that are neither UTF-8 nor UTF-16 (issue #9:
// ICU's detector cost more than the rest of a report's decoding).
//
// One pass over the bytes decides GB18030 or Big5 when the byte structure
// and the share of common characters leave no doubt; ICU's statistical
// detector is asked only when they do (short samples, damaged bytes, Japanese
// or Korean, ...).
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace xxgk {

// "GB18030" or "Big5" when `sample` is clearly one of them, else nullopt.
std::optional<std::string> detect_legacy_fast(std::string_view sample);

// The answer of ICU's detector and the rules around it (decode.cc): what
// detect_legacy_fast() stands in for, kept for the rest and for tests.
std::string detect_legacy_icu(std::string_view sample);

// detect_legacy_fast(), else detect_legacy_icu().
std::string detect_legacy(std::string_view sample);

}  // namespace xxgk
