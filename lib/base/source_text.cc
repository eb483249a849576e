#include "base/source_text.h"

#include <algorithm>

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

void OffsetMap::push_slow(uint32_t value) {
  if (size_ % kBlock == 0) {
    blocks_.push_back({value, static_cast<uint32_t>(exceptions_.size())});
    delta_.push_back(0);
  } else {
    delta_.push_back(kEscape);
    exceptions_.push_back(value);
  }
  last_ = value;
  ++size_;
}

void OffsetMap::push_repeated(uint32_t value, size_t n) {
  if (n == 0) return;
  push_back(value);
  for (--n; n > 0;) {
    if (size_ % kBlock == 0) {
      push_slow(value);
      --n;
      continue;
    }
    const size_t room = std::min(n, kBlock - size_ % kBlock);
    delta_.insert(delta_.end(), room, int8_t{0});  // the same value: no difference
    size_ += room;
    n -= room;
  }
}

void OffsetMap::reserve(size_t n) {
  delta_.reserve(n);
  blocks_.reserve(n / kBlock + 1);
}

uint32_t OffsetMap::operator[](size_t i) const {
  const size_t first = i - i % kBlock;
  const Block& b = blocks_[first / kBlock];
  uint32_t v = b.base;
  size_t e = b.exception;
  for (size_t k = first + 1; k <= i; ++k) {
    const int8_t d = delta_[k];
    v = d == kEscape ? exceptions_[e++] : v + static_cast<uint32_t>(static_cast<int32_t>(d));
  }
  return v;
}

size_t OffsetMap::footprint() const {
  return blocks_.capacity() * sizeof(Block) + delta_.capacity() + exceptions_.capacity() * sizeof(uint32_t);
}

OffsetMap OffsetMap::of(const std::vector<uint32_t>& values) {
  OffsetMap m;
  m.reserve(values.size());
  for (uint32_t v : values) m.push_back(v);
  return m;
}

void OffsetMap::Cursor::start(size_t i) {
  const size_t first = i - i % kBlock;
  const Block& b = map_->blocks_[first / kBlock];
  index_ = first;
  value_ = b.base;
  exception_ = b.exception;
}

void MappedText::append(std::string_view piece, uint32_t from, bool contiguous) {
  for (size_t i = 0; i < piece.size(); ++i) push(piece[i], contiguous ? from + static_cast<uint32_t>(i) : from);
}

}  // namespace xxgk
