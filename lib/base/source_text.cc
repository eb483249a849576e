#include "base/source_text.h"

namespace xxgk {

void SourceText::append(std::string_view piece, uint32_t from, bool contiguous) {
  for (size_t i = 0; i < piece.size(); ++i) {
    text.push_back(piece[i]);
    origin.push_back(contiguous ? from + static_cast<uint32_t>(i) : from);
  }
}

void SourceText::push(char c, uint32_t from) {
  text.push_back(c);
  origin.push_back(from);
}

void SourceText::finish(uint32_t end) {
  origin.push_back(end);
}

SourceText SourceText::identity(std::string s) {
  SourceText out;
  out.origin.reserve(s.size() + 1);
  for (size_t i = 0; i <= s.size(); ++i) out.origin.push_back(static_cast<uint32_t>(i));
  out.text = std::move(s);
  return out;
}

}  // namespace xxgk
