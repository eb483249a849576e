#include <re2/re2.h>

#include <algorithm>
#include <iterator>

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

std::vector<Reference> find_references(const Normalized& text, const PrintedText& printed) {
  // Normalized text: brackets are already half-width. Numerals Chinese or
  // Arabic. White space may fall anywhere inside: a reference wrapped over two
  // lines (第三十六条第(⏎三)项) or letter-spaced is still one reference.
  static const RE2 re(
      "第\\s*([一二三四五六七八九十百零〇两0-9](?:\\s*[一二三四五六七八九十百零〇两0-9])*)\\s*条"
      "(?:\\s*第\\s*([一二三四五六七八九十零〇两0-9](?:\\s*[一二三四五六七八九十零〇两0-9])*)\\s*款)?"
      "(?:\\s*第\\s*\\(?\\s*([一二三四五六七八九十零〇两0-9](?:\\s*[一二三四五六七八九十零〇两0-9])*)\\s*\\)?"
      "\\s*项)?");
  // A numeral letter-spaced or wrapped (二 十): its digits without the spaces.
  auto numeral = [](const re2::StringPiece& g) {
    std::string digits;
    for (char c : std::string_view(g.data(), g.size()))
      if (c != ' ' && c != '\t' && c != '\n') digits.push_back(c);
    return parse_numeral(digits);
  };
  std::vector<Reference> out;
  const std::string& s = text.text.text;
  size_t pos = 0;
  re2::StringPiece groups[4];
  while (pos < s.size() && re.Match(s, pos, s.size(), RE2::UNANCHORED, groups, 4)) {
    Reference r;
    auto b = static_cast<uint32_t>(groups[0].data() - s.data());
    auto e = static_cast<uint32_t>(b + groups[0].size());
    r.text = printed(b, e);
    r.offset = text.text.origin_of(b);
    r.article = numeral(groups[1]).value_or(0);
    if (!groups[2].empty()) r.paragraph = numeral(groups[2]);
    if (!groups[3].empty()) r.item = numeral(groups[3]);
    if (r.article > 0) out.push_back(std::move(r));
    pos = e > pos ? e : pos + 1;
  }
  return out;
}

}  // namespace xxgk
