// Small ASCII helpers shared by the readers (markup and charset names are ASCII).
#pragma once

#include <string>
#include <string_view>

namespace xxgk::ascii {

inline std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

}  // namespace xxgk::ascii
