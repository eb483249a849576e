// SourceText: text in UTF-8 plus, for every byte of it, the byte offset in the
// original input file it came from.
//
// Every stage that rewrites text (decode, readers, normalize) produces a new
// SourceText whose `origin` is composed with its input's, so a byte of the final
// normalized text can always be traced back to the file the user gave us. That
// is what lets a record say "offset 2410" for a cell found in a GBK web page.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace xxgk {

struct SourceText {
  std::string text;
  // origin.size() == text.size() + 1; origin[i] is the original byte offset of
  // text[i]; the extra last entry is the offset just past the end.
  std::vector<uint32_t> origin;

  // Original offset of byte `i` of `text` (clamped to the end).
  uint32_t origin_of(size_t i) const {
    if (origin.empty()) return 0;
    return origin[i < origin.size() ? i : origin.size() - 1];
  }

  // Appends `piece`, all of whose bytes came from original offset `from`
  // onwards (byte for byte when `contiguous`, else all mapped to `from`).
  void append(std::string_view piece, uint32_t from, bool contiguous = true);
  // Appends one byte that stands for original offset `from`.
  void push(char c, uint32_t from);
  // Closes the map: adds the past-the-end entry.
  void finish(uint32_t end);

  // A SourceText that is its own origin (offsets are into `text` itself).
  static SourceText identity(std::string text);
};

}  // namespace xxgk
