#include "base/utf8.h"

#include "base/swar.h"

namespace xxgk::utf8 {

namespace {
constexpr std::string_view kReplacement = "\xEF\xBF\xBD";

bool continuation(unsigned char c) {
  return (c & 0xC0) == 0x80;
}
}  // namespace

size_t sequence_length(std::string_view s, size_t i) {
  const auto b = [&](size_t k) { return static_cast<unsigned char>(s[i + k]); };
  const unsigned char c = b(0);
  if (c < 0x80) return 1;
  size_t n = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC2 ? 2 : 0;
  if (n == 0 || c > 0xF4 || i + n > s.size()) return 0;
  for (size_t k = 1; k < n; ++k)
    if (!continuation(b(k))) return 0;
  // Second-byte ranges that exclude overlong forms, surrogates and > U+10FFFF.
  if (c == 0xE0 && b(1) < 0xA0) return 0;
  if (c == 0xED && b(1) > 0x9F) return 0;
  if (c == 0xF0 && b(1) < 0x90) return 0;
  if (c == 0xF4 && b(1) > 0x8F) return 0;
  return n;
}

size_t floor_boundary(std::string_view s, size_t at) {
  if (at >= s.size()) return s.size();
  while (at > 0 && continuation(static_cast<unsigned char>(s[at]))) --at;
  return at;
}

bool is_valid(std::string_view s) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const size_t n = s.size();
  for (size_t i = 0; i < n;) {
    // Runs of ASCII eight bytes at a time, and a well-formed three-byte
    // character (most of Chinese text) without the full check: whole files
    // come through here. E0 and ED have narrower second bytes.
    while (i + 8 <= n && !swar::has_non_ascii(swar::load(p + i))) i += 8;
    if (i >= n) break;
    if (const unsigned char c = p[i]; c < 0x80) {
      ++i;
      continue;
    } else if (c >= 0xE1 && c <= 0xEF && c != 0xED && i + 3 <= n && continuation(p[i + 1]) && continuation(p[i + 2])) {
      i += 3;
      continue;
    }
    const size_t len = sequence_length(s, i);
    if (len == 0) return false;
    i += len;
  }
  return true;
}

std::string sanitize(std::string_view s, size_t* replaced) {
  if (is_valid(s)) return std::string(s);
  std::string out;
  out.reserve(s.size() + 8);
  size_t bad = 0;
  for (size_t i = 0; i < s.size();) {
    const size_t n = sequence_length(s, i);
    if (n == 0) {
      out += kReplacement;
      ++bad;
      ++i;
    } else {
      out.append(s.substr(i, n));
      i += n;
    }
  }
  if (replaced) *replaced += bad;
  return out;
}

size_t sanitize_in_place(std::string& s) {
  if (is_valid(s)) return 0;
  size_t n = 0;
  s = sanitize(s, &n);
  return n;
}

}  // namespace xxgk::utf8
