// The one line/column locator: from a byte offset into some bytes to a 1-based
// line and a 1-based column counted in characters of the bytes' encoding.
// Used for diagnostics on reports (offsets into the file, or into
// word/document.xml for a DOCX) and on grammar files.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace xxgk {

struct Position {
  uint32_t line = 0, column = 0;
};

class Locator {
 public:
  // `bytes` must outlive the locator. Lines are counted on the bytes: '\n' is
  // unambiguous in UTF-8, GB18030 and Big5; in UTF-16 it is a two-byte unit.
  explicit Locator(std::string_view bytes, std::string encoding = "UTF-8");

  Position locate(size_t offset) const;
  uint32_t line_of(size_t offset) const { return locate(offset).line; }

 private:
  size_t characters(size_t from, size_t to) const;

  std::string_view bytes_;
  std::string encoding_;
  std::vector<size_t> line_starts_;
};

}  // namespace xxgk
