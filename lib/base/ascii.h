// The one set of ASCII string helpers (markup, charset names, grammar text and
// detection keys are ASCII-delimited): lower case, trim, and removing white
// space. Non-ASCII bytes pass through untouched, so UTF-8 text is safe.
#pragma once

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

#include "base/swar.h"

namespace xxgk::ascii {

inline constexpr std::string_view kSpace = " \t\n\r\f\v";

// One of kSpace: a space, or \t \n \v \f \r (9 to 13).
inline constexpr bool is_space(char c) {
  return c == ' ' || static_cast<unsigned char>(c - '\t') < 5;
}

// What RE2's \s matches: kSpace but \v (for code that reads a pattern's
// white space by hand).
inline constexpr bool is_re2_space(char c) {
  return c != '\v' && is_space(c);
}

inline std::string lower(std::string_view s) {
  std::string out(s);
  char* p = out.data();
  char* const end = p + out.size();
  // Eight bytes at a time where none is an upper-case letter (the start of
  // every input is looked at in lower case).
  for (; end - p >= 8; p += 8)
    if (swar::has_between(swar::load(p), 'A' - 1, 'Z' + 1))
      for (char* c = p; c < p + 8; ++c)
        if (*c >= 'A' && *c <= 'Z') *c = static_cast<char>(*c - 'A' + 'a');
  for (; p < end; ++p)
    if (*p >= 'A' && *p <= 'Z') *p = static_cast<char>(*p - 'A' + 'a');
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
  bool all_low = true;  // every byte dropped is below '!' (white space, the layout marks)
  for (char c : kSpace) drop[static_cast<unsigned char>(c)] = true;
  for (char c : also) {
    drop[static_cast<unsigned char>(c)] = true;
    all_low &= static_cast<unsigned char>(c) <= ' ';
  }
  std::string out(s.size(), '\0');
  // Through pointers: a store through the string's char& may alias its own
  // size and data, which the compiler would then load again at every byte.
  char* o = out.data();
  const char* p = s.data();
  const char* const end = p + s.size();
  if (all_low)
    // Eight bytes at a time where none is below '!' (most of a report).
    while (end - p >= 8) {
      if (!swar::has_less(swar::load(p), '!')) {
        std::memcpy(o, p, 8);
        o += 8, p += 8;
        continue;
      }
      for (const char* stop = p + 8; p < stop; ++p) {
        *o = *p;
        o += !drop[static_cast<unsigned char>(*p)];
      }
    }
  for (; p < end; ++p) {
    *o = *p;
    o += !drop[static_cast<unsigned char>(*p)];
  }
  out.resize(static_cast<size_t>(o - out.data()));
  return out;
}

}  // namespace xxgk::ascii
