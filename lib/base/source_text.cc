#include "base/source_text.h"

namespace xxgk {

OffsetMap OffsetMap::shifted(size_t n, uint32_t shift) {
  OffsetMap m;
  m.shifted_ = true;
  m.shift_ = shift;
  m.size_ = n;
  m.last_ = n == 0 ? shift - 1 : static_cast<uint32_t>(n - 1) + shift;
  return m;
}

// The entries of a shifted() map, stored: a push did not continue it.
void OffsetMap::store_shifted() {
  const size_t n = size_;
  const uint32_t shift = shift_;
  *this = OffsetMap();
  reserve(n + 1);
  for (size_t i = 0; i < n; ++i) push_back(static_cast<uint32_t>(i) + shift);
}

void OffsetMap::push_slow(uint32_t value) {
  if (shifted_) {
    if (value == static_cast<uint32_t>(size_) + shift_) {  // the sequence goes on
      last_ = value;
      ++size_;
      return;
    }
    store_shifted();
    push_back(value);
    return;
  }
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

void OffsetMap::append(const uint32_t* first, const uint32_t* last) {
  if (shifted_) {  // the sequence may go on: push_slow decides
    for (; first != last; ++first) push_back(*first);
    return;
  }
  const auto n = static_cast<size_t>(last - first);
  const size_t at = delta_.size();
  delta_.resize(at + n);
  int8_t* out = delta_.data() + at;
  uint32_t prev = last_;
  size_t size = size_;
  for (size_t k = 0; k < n; ++k, ++size) {
    const uint32_t v = first[k];
    const uint32_t d = v - prev;
    prev = v;
    if (size % kBlock != 0 && d + 127u <= 254u) {
      out[k] = static_cast<int8_t>(static_cast<int32_t>(d));
    } else if (size % kBlock == 0) {  // as push_slow()
      blocks_.push_back({v, static_cast<uint32_t>(exceptions_.size())});
      out[k] = 0;
    } else {
      out[k] = kEscape;
      exceptions_.push_back(v);
    }
  }
  last_ = prev;
  size_ = size;
}

void OffsetMap::reserve(size_t n) {
  if (shifted_) return;  // stores nothing
  delta_.reserve(n);
  blocks_.reserve(n / kBlock + 1);
}

uint32_t OffsetMap::operator[](size_t i) const {
  if (shifted_) return static_cast<uint32_t>(i) + shift_;
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

void OffsetMap::read(size_t from, size_t n, uint32_t* out) const {
  if (n == 0) return;
  if (shifted_) {
    for (size_t k = 0; k < n; ++k) out[k] = static_cast<uint32_t>(from + k) + shift_;
    return;
  }
  const size_t first = from - from % kBlock;
  uint32_t v = blocks_[first / kBlock].base;
  size_t e = blocks_[first / kBlock].exception;
  for (size_t i = first + 1; i <= from; ++i) {
    const int8_t d = delta_[i];
    v = d == kEscape ? exceptions_[e++] : v + static_cast<uint32_t>(static_cast<int32_t>(d));
  }
  out[0] = v;
  for (size_t k = 1, i = from + 1; k < n; ++k, ++i) {
    const int8_t d = delta_[i];
    if (i % kBlock == 0) {
      const Block& b = blocks_[i / kBlock];
      v = b.base;
      e = b.exception;
    } else {
      v = d == kEscape ? exceptions_[e++] : v + static_cast<uint32_t>(static_cast<int32_t>(d));
    }
    out[k] = v;
  }
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

bool operator==(const OffsetMap& a, const OffsetMap& b) {
  if (a.size() != b.size()) return false;
  OffsetMap::Cursor x(a), y(b);
  for (size_t i = 0; i < a.size(); ++i) {
    if (x.at(i) != y.at(i)) return false;
  }
  return true;
}

void OffsetMap::Cursor::start(size_t i) {
  const size_t first = i - i % kBlock;
  const Block& b = map_->blocks_[first / kBlock];
  index_ = first;
  value_ = b.base;
  exception_ = b.exception;
}

void SourceText::append(std::string_view piece, uint32_t from, bool contiguous) {
  for (size_t i = 0; i < piece.size(); ++i) push(piece[i], contiguous ? from + static_cast<uint32_t>(i) : from);
}

SourceText SourceText::identity(std::string s) {
  SourceText out;
  out.origin = OffsetMap::shifted(s.size() + 1, 0);
  out.text = std::move(s);
  return out;
}

}  // namespace xxgk
