#include <algorithm>
#include <array>
#include <cstdint>
#include <iterator>

#include "base/ascii.h"
#include "recognize/recognize.h"

namespace xxgk {

std::optional<int> parse_numeral(std::string_view s) {
  if (s.empty()) return std::nullopt;
  bool arabic = true;
  for (char c : s) arabic &= c >= '0' && c <= '9';
  if (arabic) return s.size() > 6 ? std::nullopt : std::optional<int>(std::stoi(std::string(s)));
  static const std::pair<std::string_view, int> digits[] = {{"零", 0}, {"〇", 0}, {"○", 0},  {"O", 0},  {"0", 0},
                                                            {"一", 1}, {"二", 2}, {"两", 2}, {"三", 3}, {"四", 4},
                                                            {"五", 5}, {"六", 6}, {"七", 7}, {"八", 8}, {"九", 9}};
  static const std::pair<std::string_view, int> units[] = {{"十", 10}, {"百", 100}, {"千", 1000}};
  // Digits with no 十百千 between them are read place by place: 二〇二一 is
  // 2021 (a year), not 2 + 0 + 2 + 1.
  bool positional = s.size() > 3 && std::none_of(std::begin(units), std::end(units),
                                                 [&](auto& u) { return s.find(u.first) != std::string_view::npos; });
  if (positional) {
    int value = 0;
    for (size_t i = 0; i < s.size();) {
      bool matched = false;
      for (auto& [d, v] : digits)
        if (s.substr(i, d.size()) == d) {
          value = value * 10 + v;
          i += d.size();
          matched = true;
          break;
        }
      if (!matched || value > 100'000'000) return std::nullopt;
    }
    return value;
  }
  int total = 0, current = -1;
  for (size_t i = 0; i < s.size();) {
    bool matched = false;
    for (auto& [d, v] : digits)
      if (s.substr(i, d.size()) == d) {
        current = v;
        i += d.size();
        matched = true;
        break;
      }
    if (matched) continue;
    for (auto& [u, v] : units)
      if (s.substr(i, u.size()) == u) {
        total += (current < 0 ? 1 : current) * v;  // 十五 = 15: a bare 十 is one ten
        current = -1;
        i += u.size();
        matched = true;
        break;
      }
    if (!matched) return std::nullopt;
  }
  return total + (current < 0 ? 0 : current);
}

namespace {

size_t skip_space(std::string_view s, size_t i) {
  while (i < s.size() && ascii::is_re2_space(s[i])) ++i;
  return i;
}

bool literal_at(std::string_view s, size_t i, std::string_view lit) {
  return s.substr(i, lit.size()) == lit;
}

// The length of the numeral at s[i] ([一二三四五六七八九十零〇两0-9], and 百
// when `hundreds`), or 0.
size_t numeral_at(std::string_view s, size_t i, bool hundreds) {
  if (i >= s.size()) return 0;
  if (s[i] >= '0' && s[i] <= '9') return 1;
  if (i + 3 > s.size()) return 0;
  // The numerals as their three UTF-8 bytes, compared as one number each.
  static constexpr std::array<uint32_t, 13> kNumerals = {
      0xE4B880, 0xE4BA8C, 0xE4B889, 0xE59B9B, 0xE4BA94, 0xE585AD, 0xE4B883,  // 一二三四五六七
      0xE585AB, 0xE4B99D, 0xE58D81, 0xE99BB6, 0xE38087, 0xE4B8A4};           // 八九十零〇两
  constexpr uint32_t kHundred = 0xE799BE;                                    // 百
  const uint32_t c = uint32_t{static_cast<unsigned char>(s[i])} << 16 |
                     uint32_t{static_cast<unsigned char>(s[i + 1])} << 8 | static_cast<unsigned char>(s[i + 2]);
  if (std::find(kNumerals.begin(), kNumerals.end(), c) != kNumerals.end() || (hundreds && c == kHundred)) return 3;
  return 0;
}

// Numerals with white space between them, from s[i]: where the last ends
// (i when none is there).
size_t numerals_end(std::string_view s, size_t i, bool hundreds) {
  size_t end = i;
  for (size_t j = i, n; (n = numeral_at(s, j, hundreds)) > 0; j = skip_space(s, end)) end = j + n;
  return end;
}

}  // namespace

// The reference that begins at s[at] (a 第), read as the pattern
//   第\s*(N(?:\s*N)*)\s*条
//   (?:\s*第\s*(N'(?:\s*N')*)\s*款)?
//   (?:\s*第\s*\(?\s*(N'(?:\s*N')*)\s*\)?\s*项)?
// (N a numeral, N' one but 百) reads it from there. It is read by hand: no
// part of it can give back what it took and let the rest match (the
// numerals, white space and the words between are disjoint), so the
// greedy reading is the pattern's, and RE2's unanchored search with its
// groups cost most of a report's references.
std::optional<ReferenceMatch> match_reference(std::string_view s, size_t at) {
  constexpr std::string_view kOrdinal = "第";
  if (!literal_at(s, at, kOrdinal)) return std::nullopt;
  ReferenceMatch m;
  const size_t article = skip_space(s, at + kOrdinal.size());
  const size_t article_end = numerals_end(s, article, true);
  if (article_end == article) return std::nullopt;
  size_t i = skip_space(s, article_end);
  if (!literal_at(s, i, "条")) return std::nullopt;
  m.article = {article, article_end};
  i += std::string_view("条").size();
  // 第N款, then 第(N)项, each there or not.
  if (size_t j = skip_space(s, i); literal_at(s, j, kOrdinal)) {
    const size_t b = skip_space(s, j + kOrdinal.size()), e = numerals_end(s, b, false);
    if (const size_t k = skip_space(s, e); e > b && literal_at(s, k, "款")) {
      m.paragraph = std::pair{b, e};
      i = k + std::string_view("款").size();
    }
  }
  if (size_t j = skip_space(s, i); literal_at(s, j, kOrdinal)) {
    size_t b = skip_space(s, j + kOrdinal.size());
    if (b < s.size() && s[b] == '(') b = skip_space(s, b + 1);
    const size_t e = numerals_end(s, b, false);
    size_t k = skip_space(s, e);
    if (k < s.size() && s[k] == ')') k = skip_space(s, k + 1);
    if (e > b && literal_at(s, k, "项")) {
      m.item = std::pair{b, e};
      i = k + std::string_view("项").size();
    }
  }
  m.begin = at;
  m.end = i;
  return m;
}

std::vector<Reference> find_references(const Normalized& text, const PrintedText& printed) {
  // Normalized text: brackets are already half-width. Numerals Chinese or
  // Arabic. White space may fall anywhere inside: a reference wrapped over two
  // lines (第三十六条第(⏎三)项) or letter-spaced is still one reference.
  // A numeral letter-spaced or wrapped (二 十): its digits without the spaces.
  const std::string& s = text.text.text;
  auto numeral = [&](std::pair<size_t, size_t> g) {
    std::string digits;
    for (char c : std::string_view(s).substr(g.first, g.second - g.first))
      if (c != ' ' && c != '\t' && c != '\n') digits.push_back(c);
    return parse_numeral(digits);
  };
  std::vector<Reference> out;
  // Every match begins with 第: the leftmost is at the first 第 that begins one.
  for (size_t at = s.find("第"); at != std::string::npos; at = s.find("第", at)) {
    const std::optional<ReferenceMatch> m = match_reference(s, at);
    if (!m) {
      at += std::string_view("第").size();
      continue;
    }
    Reference r;
    const auto b = static_cast<uint32_t>(m->begin), e = static_cast<uint32_t>(m->end);
    r.text = printed(b, e);
    r.offset = text.text.origin_of(b);
    r.article = numeral(m->article).value_or(0);
    if (m->paragraph) r.paragraph = numeral(*m->paragraph);
    if (m->item) r.item = numeral(*m->item);
    if (r.article > 0) out.push_back(std::move(r));
    at = e;
  }
  return out;
}

}  // namespace xxgk
