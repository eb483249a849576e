// The hash of the engine's string-keyed tables (cell keys, label keys,
// dataset columns): keys are a few dozen bytes, looked up thousands of times
// a report, so eight bytes are mixed at a time; std::hash's byte-oriented
// Murmur costs several times as much on them.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>

namespace xxgk {

inline uint64_t hash_bytes(std::string_view s) {
  constexpr uint64_t kMul = 0x9E3779B97F4A7C15ULL;
  uint64_t h = s.size() * kMul;
  const char* p = s.data();
  size_t n = s.size();
  for (; n >= 8; p += 8, n -= 8) {
    uint64_t w;
    std::memcpy(&w, p, 8);
    h = (h ^ w) * kMul;
    h ^= h >> 29;
  }
  if (n > 0) {
    uint64_t w = 0;
    std::memcpy(&w, p, n);
    h = (h ^ w) * kMul;
  }
  // The last word's bytes reach the low bits, which pick the bucket.
  h ^= h >> 32;
  h *= kMul;
  return h ^ (h >> 29);
}

// Hashes std::string keys and std::string_view lookups alike (with
// std::equal_to<>): a lookup by view builds no string.
struct ViewHash {
  using is_transparent = void;
  size_t operator()(std::string_view s) const { return static_cast<size_t>(hash_bytes(s)); }
};

}  // namespace xxgk
