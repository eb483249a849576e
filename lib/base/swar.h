// Tests on eight bytes at once ("SWAR", Bit Twiddling Hacks), for the scans
// that pass over whole files: most words have nothing of interest, and one
// test skips all eight bytes. Each says whether some byte of the word is of
// a kind; which byte is left to a byte loop.
#pragma once

#include <cstdint>
#include <cstring>

namespace xxgk::swar {

constexpr uint64_t kOnes = ~uint64_t{0} / 255;
constexpr uint64_t kHigh = kOnes * 0x80;

inline uint64_t load(const void* p) {
  uint64_t w;
  std::memcpy(&w, p, 8);
  return w;
}

// Some byte has its high bit set (is not ASCII).
inline bool has_non_ascii(uint64_t w) {
  return (w & kHigh) != 0;
}

// Some byte is below n (n <= 128).
inline bool has_less(uint64_t w, uint8_t n) {
  return ((w - kOnes * n) & ~w & kHigh) != 0;
}

// Some byte equals c.
inline bool has_byte(uint64_t w, uint8_t c) {
  const uint64_t x = w ^ (kOnes * c);
  return ((x - kOnes) & ~x & kHigh) != 0;
}

// Some byte is above m and below n (m < n <= 128; a byte with its high bit
// set never counts).
inline bool has_between(uint64_t w, uint8_t m, uint8_t n) {
  constexpr uint64_t kLow7 = kOnes * 127;
  return ((kOnes * (127 + n) - (w & kLow7)) & ~w & ((w & kLow7) + kOnes * (127 - m)) & kHigh) != 0;
}

}  // namespace xxgk::swar
