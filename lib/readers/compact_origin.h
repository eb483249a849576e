// The origins of a decoded page (GBK, Big5 ... to UTF-8) kept in a fraction of
// the 4 bytes a byte of SourceText::origin, for the HTML reader, which holds
// them while gumbo parses the page and the layout is written (issue #7).
//
// Decoded text maps every byte of a character to the offset of its first
// source byte, and characters follow one another in the source: a character's
// origin is the previous one's plus a small step (its source length). One
// byte a character, plus the origin of a character every kBlock bytes for
// random access. Lookups walk from the last one, so reading the page in order
// costs a few steps a byte.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "base/source_text.h"

namespace xxgk {

class CompactOrigin {
 public:
  // The compact form of t.origin, or nullopt when it does not have the shape
  // above (a step over 255 bytes, bytes of a character from different places).
  static std::optional<CompactOrigin> of(const SourceText& t);

  // t.origin_of(i) for the `text` it was made of.
  uint32_t at(std::string_view text, size_t i) const;

 private:
  static constexpr size_t kBlock = 64;
  struct Mark {
    uint32_t byte;    // first character starting at or after the block's start
    uint32_t index;   // its index among the characters
    uint32_t origin;  // its origin
  };
  struct Cursor {
    size_t byte = 0, index = 0;
    uint32_t origin = 0;
  };

  std::vector<uint8_t> steps_;  // a character's origin minus the previous one's
  std::vector<Mark> marks_;     // one a block of kBlock bytes
  uint32_t end_ = 0;            // the past-the-end origin
  mutable Cursor cursor_;       // where the last lookup ended
};

}  // namespace xxgk
