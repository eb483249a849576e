// Files of mixed encodings: crawlers concatenate pages, so a file may hold
// UTF-8 text with stretches of GB18030 (or Big5). Read wholly as the legacy
// charset, its UTF-8 parts would come out garbled; decode() reads each
// stretch in its own encoding instead.
//
// Stretches are made of whole lines (pages are concatenated a line apart):
// a line that is valid UTF-8 with non-ASCII characters is UTF-8, a line
// where UTF-8 fails is legacy, a line of ASCII (the same in both) belongs
// to the stretch before it.
#pragma once

#include <cstddef>
#include <string_view>
#include <vector>

namespace xxgk {

struct Stretch {
  size_t begin = 0, end = 0;  // byte range of the input
  bool utf8 = false;          // else the legacy charset
};

// A UTF-8 stretch needs this many characters of three or four bytes (CJK):
// fewer may be legacy bytes that happen to be well-formed UTF-8.
inline constexpr size_t kMinUtf8Stretch = 16;

// The stretches of `body` in order, covering it, neighbours of different
// encodings; empty when the body is not mixed (one encoding throughout).
std::vector<Stretch> encoding_stretches(std::string_view body);

}  // namespace xxgk
