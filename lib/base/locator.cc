#include "base/locator.h"

#include <algorithm>

namespace xxgk {

Locator::Locator(std::string_view bytes, std::string encoding) : bytes_(bytes), encoding_(std::move(encoding)) {
  const bool utf16 = encoding_.rfind("UTF-16", 0) == 0;
  const bool le = encoding_ == "UTF-16LE";
  line_starts_.push_back(0);
  for (size_t i = 0; i < bytes.size(); ++i) {
    if (bytes[i] != '\n') continue;
    if (!utf16) {
      line_starts_.push_back(i + 1);
    } else if (i % 2 == (le ? 0 : 1)) {
      // The other byte of the unit must be 0 for this to be U+000A.
      const size_t other = le ? i + 1 : i - 1;
      if (other < bytes.size() && bytes[other] == 0) line_starts_.push_back(le ? i + 2 : i + 1);
    }
  }
}

Position Locator::locate(size_t offset) const {
  offset = std::min(offset, bytes_.size());
  auto it = std::upper_bound(line_starts_.begin(), line_starts_.end(), offset);
  const size_t line = static_cast<size_t>(it - line_starts_.begin());
  const size_t start = line_starts_[line - 1];
  return {static_cast<uint32_t>(line), static_cast<uint32_t>(characters(start, offset) + 1)};
}

size_t Locator::characters(size_t from, size_t to) const {
  if (encoding_.rfind("UTF-16", 0) == 0) return (to - from) / 2;
  const bool gb = encoding_ == "GB18030" || encoding_ == "Big5";
  const auto byte = [&](size_t i) { return static_cast<unsigned char>(bytes_[i]); };
  size_t n = 0;
  for (size_t i = from; i < to; ++n) {
    if (!gb) {  // UTF-8: a character is a lead byte and its continuations
      ++i;
      while (i < to && (byte(i) & 0xC0) == 0x80) ++i;
    } else if (byte(i) < 0x80) {
      i += 1;
    } else if (i + 1 < to && byte(i + 1) >= 0x30 && byte(i + 1) <= 0x39) {
      i += 4;  // GB18030 four-byte sequence
    } else {
      i += 2;
    }
  }
  return n;
}

}  // namespace xxgk
