// The one set of ASCII string helpers (markup, charset names, grammar text and
// detection keys are ASCII-delimited): lower case, trim, and removing white
// space. Non-ASCII bytes pass through untouched, so UTF-8 text is safe.
#pragma once

#include <string>
#include <string_view>

namespace xxgk::ascii {

inline constexpr std::string_view kSpace = " \t\n\r\f\v";

inline std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

// Without leading and trailing ASCII white space (or the bytes of `junk`).
inline std::string_view trim(std::string_view s, std::string_view junk = kSpace) {
  const size_t b = s.find_first_not_of(junk);
  if (b == std::string_view::npos) return {};
  return s.substr(b, s.find_last_not_of(junk) - b + 1);
}

// Without any ASCII white space, nor any byte of `also` (labels are compared
// with white space removed: `自 然 人` is `自然人`).
inline std::string squeeze(std::string_view s, std::string_view also = {}) {
  std::string out;
  out.reserve(s.size());
  for (char c : s)
    if (kSpace.find(c) == std::string_view::npos && also.find(c) == std::string_view::npos) out.push_back(c);
  return out;
}

}  // namespace xxgk::ascii
