// SourceText: text in UTF-8 plus, for every byte of it, the byte offset in the
// original input file it came from.
//
// Every stage that rewrites text (decode, readers, normalize) produces a new
// text whose origin is composed with its input's, so a byte of the final
// normalized text can always be traced back to the file the user gave us. That
// is what lets a record say "offset 2410" for a cell found in a GBK web page.
//
// The origins are an OffsetMap: about 1.03 bytes a byte, nothing at all for
// text that is its input shifted (valid UTF-8 past a BOM). No stage holds 4
// bytes a byte of origin (issue #7: peak memory).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace xxgk {

// A sequence of offsets, stored compactly: neighbouring offsets of a text
// differ by little (0 inside a character, its length after it), so each entry
// is kept as a one-byte difference from the one before, with the full value
// at the start of every block of kBlock entries and, for a jump that does not
// fit (markup skipped, a line moved), in a side list. Built by push_back in
// order; read at any index (at most kBlock steps) or, walking forward, by a
// Cursor (constant time a step).
//
// A map made by shifted() is the sequence shift, shift + 1, ... and stores
// nothing; it turns into the stored form only if a push breaks the sequence.
class OffsetMap {
 public:
  static constexpr size_t kBlock = 32;

  // `n` entries, entry i being i + shift.
  static OffsetMap shifted(size_t n, uint32_t shift);

  void push_back(uint32_t value) {
    // A difference that fits a byte, inside a block: the common case, inline
    // (one push a byte of every report). Differences are modulo 2^32, so the
    // sum read back is the value whatever the two offsets.
    const uint32_t d = value - last_;
    if (size_ % kBlock != 0 && d + 127u <= 254u && !shifted_) {
      delta_.push_back(static_cast<int8_t>(static_cast<int32_t>(d)));
      last_ = value;
      ++size_;
      return;
    }
    push_slow(value);
  }
  // `n` entries of the same value (the bytes of one character). Inline, a
  // push a byte: a difference of 0 takes the fast path but at a block's start
  // (vector::insert of a few bytes cost ten times as much).
  void push_repeated(uint32_t value, size_t n) {
    if (n == 0) return;
    if (shifted_ && n > 1) store_shifted();  // repeats break the sequence
    for (; n > 0; --n) push_back(value);
  }
  // Entries first..last, in order: push_back's result, in one loop over
  // locals (push_back's stores of int8_t may alias the map's own fields, which
  // are then read again at every entry).
  void append(const uint32_t* first, const uint32_t* last);
  void reserve(size_t n);
  uint32_t operator[](size_t i) const;
  // Entries from..from + n - 1 into out[0..n) (all must exist): one walk.
  void read(size_t from, size_t n, uint32_t* out) const;
  size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  uint32_t front() const { return (*this)[0]; }
  uint32_t back() const { return last_; }
  // True while the map is a shifted() sequence (nothing stored).
  bool is_shifted() const { return shifted_; }
  // Bytes of memory held (for tests and measurements).
  size_t footprint() const;

  static OffsetMap of(const std::vector<uint32_t>& values);

  // The same entries (however stored).
  friend bool operator==(const OffsetMap& a, const OffsetMap& b);

  // Reads entries at indices that never go back (any may be skipped).
  class Cursor {
   public:
    explicit Cursor(const OffsetMap& map) : map_(&map) {}
    uint32_t at(size_t i) {
      const OffsetMap& m = *map_;
      if (m.shifted_) return static_cast<uint32_t>(i) + m.shift_;
      // A new block (or the first read): start again from its base.
      if (index_ == static_cast<size_t>(-1) || i / kBlock != index_ / kBlock || i < index_) start(i);
      while (index_ < i) {
        const int8_t d = m.delta_[++index_];
        value_ = d == kEscape ? m.exceptions_[exception_++] : value_ + static_cast<uint32_t>(static_cast<int32_t>(d));
      }
      return value_;
    }

   private:
    void start(size_t i);
    const OffsetMap* map_;
    size_t index_ = static_cast<size_t>(-1);  // entry `value_` is of; none yet
    uint32_t value_ = 0;
    size_t exception_ = 0;  // next entry of exceptions_ an escape takes
  };

 private:
  void push_slow(uint32_t value);
  void store_shifted();
  static constexpr int8_t kEscape = -128;
  struct Block {
    uint32_t base;       // value of the block's first entry
    uint32_t exception;  // index in exceptions_ of the block's first escape
  };
  std::vector<Block> blocks_;
  std::vector<int8_t> delta_;  // entry - entry before; kEscape: see exceptions_
  std::vector<uint32_t> exceptions_;
  size_t size_ = 0;
  uint32_t last_ = 0;
  bool shifted_ = false;  // entries are i + shift_, none stored
  uint32_t shift_ = 0;
};

// origin.size() == text.size() + 1 once finished; origin[i] is the original
// byte offset of text[i]; the extra last entry is the offset just past the end.
struct SourceText {
  std::string text;
  OffsetMap origin;

  // Original offset of byte `i` of `text` (clamped to the end).
  uint32_t origin_of(size_t i) const {
    if (origin.empty()) return 0;
    return origin[i < origin.size() ? i : origin.size() - 1];
  }
  // Appends `piece`, all of whose bytes came from original offset `from`
  // onwards (byte for byte when `contiguous`, else all mapped to `from`).
  void append(std::string_view piece, uint32_t from, bool contiguous = true);
  // Appends one byte that stands for original offset `from`.
  void push(char c, uint32_t from) {
    text.push_back(c);
    origin.push_back(from);
  }
  // Closes the map: adds the past-the-end entry.
  void finish(uint32_t end) { origin.push_back(end); }

  // A SourceText that is its own origin (offsets are into `text` itself).
  static SourceText identity(std::string text);
};

// What normalization produces: the same thing (the name says whose origins).
using MappedText = SourceText;

}  // namespace xxgk
