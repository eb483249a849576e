#include "readers/compact_origin.h"

namespace xxgk {
namespace {

size_t char_length(char lead) {
  const auto c = static_cast<unsigned char>(lead);
  if (c < 0x80) return 1;
  if (c >= 0xF0) return 4;
  if (c >= 0xE0) return 3;
  return 2;  // decoded text is valid UTF-8: no stray continuation byte leads
}

}  // namespace

std::optional<CompactOrigin> CompactOrigin::of(const SourceText& t) {
  const std::string_view text = t.text;
  if (t.origin.size() != text.size() + 1) return std::nullopt;
  CompactOrigin c;
  c.end_ = t.origin.back();
  c.marks_.reserve(text.size() / kBlock + 1);
  uint32_t previous = 0;
  size_t index = 0;
  for (size_t i = 0; i < text.size(); ++index) {
    const size_t n = std::min(char_length(text[i]), text.size() - i);
    const uint32_t origin = t.origin[i];
    for (size_t k = 1; k < n; ++k) {
      if (t.origin[i + k] != origin) return std::nullopt;
    }
    if (origin < previous || origin - previous > 255) return std::nullopt;
    while (c.marks_.size() * kBlock <= i) {
      c.marks_.push_back({static_cast<uint32_t>(i), static_cast<uint32_t>(index), origin});
    }
    c.steps_.push_back(static_cast<uint8_t>(origin - previous));
    previous = origin;
    i += n;
  }
  c.steps_.shrink_to_fit();
  return c;
}

uint32_t CompactOrigin::at(std::string_view text, size_t i) const {
  if (i >= text.size()) return end_;
  while (i > 0 && (static_cast<unsigned char>(text[i]) & 0xC0) == 0x80) --i;  // to its character's start
  const Mark& mark = marks_[i / kBlock];
  Cursor c = cursor_;
  if (i < c.byte || mark.byte > c.byte) c = {mark.byte, mark.index, mark.origin};
  while (c.byte < i) {
    c.byte += char_length(text[c.byte]);
    ++c.index;
    c.origin += steps_[c.index];
  }
  cursor_ = c;
  return c.origin;
}

}  // namespace xxgk
