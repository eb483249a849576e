// The one set of ASCII string helpers (markup, charset names, grammar text and
// detection keys are ASCII-delimited): lower case, trim, and removing white
// space. Non-ASCII bytes pass through untouched, so UTF-8 text is safe.
#pragma once

#include <string>
#include <string_view>

namespace xxgk::ascii {

inline constexpr std::string_view kSpace = " \t\n\r\f\v";

// One of kSpace: a space, or \t \n \v \f \r (9 to 13).
inline constexpr bool is_space(char c) {
  return c == ' ' || static_cast<unsigned char>(c - '\t') < 5;
}

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
  // A table of the bytes to drop: whole reports go through here, and two
  // searches a byte cost more than the copy.
  bool drop[256] = {};
  for (char c : kSpace) drop[static_cast<unsigned char>(c)] = true;
  for (char c : also) drop[static_cast<unsigned char>(c)] = true;
  std::string out(s.size(), '\0');
  size_t n = 0;
  for (char c : s) {
    out[n] = c;
    n += !drop[static_cast<unsigned char>(c)];
  }
  out.resize(n);
  return out;
}

}  // namespace xxgk::ascii
