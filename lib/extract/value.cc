#include "extract/value.h"

#include <algorithm>

namespace xxgk {

namespace {

std::string squeeze(std::string_view s) {
  std::string out;
  for (char c : s)
    if (c != ' ' && c != '\t' && c != '\n') out.push_back(c);
  return out;
}

bool starts_with(std::string_view s, std::string_view p) {
  return s.substr(0, p.size()) == p;
}
bool ends_with(std::string_view s, std::string_view p) {
  return s.size() >= p.size() && s.substr(s.size() - p.size()) == p;
}

// Longest word of `words` that `s` starts with, removed from `s`.
bool strip_prefix(std::string& s, const std::vector<std::string>& words) {
  const std::string* best = nullptr;
  for (auto& w : words)
    if (!w.empty() && starts_with(s, w) && (!best || w.size() > best->size())) best = &w;
  if (!best) return false;
  s.erase(0, best->size());
  return true;
}

// Thousands separators only where they group by three: "1,204" yes, "1,2" no.
bool valid_grouping(std::string_view digits) {
  auto comma = digits.find(',');
  if (comma == std::string_view::npos) return true;
  auto point = digits.find('.');
  std::string_view whole = digits.substr(0, point);
  size_t group = 0;
  bool seen_comma = false;
  for (size_t i = whole.size(); i-- > 0;) {
    if (whole[i] == ',') {
      if (group != 3) return false;
      group = 0;
      seen_comma = true;
    } else {
      ++group;
    }
  }
  return seen_comma && group >= 1 && group <= 3;
}

bool all_digits(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// The figure `s` (no sign word, unit or separator left) as a value of
// `column`: `sign` and `printed_power` are those of the words stripped.
ParsedValue number_of(std::string_view s, ParsedValue out, int sign, int printed_power, const ColumnSpec& column,
                      const CommonSpec& common) {
  auto d = Decimal::parse(s);
  if (!d) {
    out.problem = "not a number";
    return out;
  }
  if (sign < 0) d->mantissa = -std::abs(d->mantissa);
  if (column.kind != CellKind::amount && !d->is_integer()) {
    out.problem = "a count with a fraction";
    return out;
  }
  if (column.kind == CellKind::amount && !column.unit.empty() && !out.unit.empty()) {
    auto it = common.units.find(column.unit);
    int template_power = it == common.units.end() ? printed_power : it->second;
    if (template_power != printed_power) d = d->shifted(template_power - printed_power).trimmed();
  }
  out.status = ParsedValue::Status::number;
  out.value = *d;
  return out;
}

}  // namespace

ParsedValue parse_value(std::string_view text, const ColumnSpec& column, const CommonSpec& common, bool digit_words) {
  ParsedValue out;
  // Bare digits, most figures of a table: when no blank marker, sign word or
  // unit is made of digits, none can match them, and the tests below would
  // strip nothing.
  if (!digit_words && !text.empty() && all_digits(text)) return number_of(text, std::move(out), 0, 0, column, common);
  std::string s = squeeze(text);
  if (s.empty() ||
      std::find(common.blank_markers.begin(), common.blank_markers.end(), s) != common.blank_markers.end()) {
    out.status = ParsedValue::Status::blank;
    return out;
  }
  int sign = 0;
  if (strip_prefix(s, common.decrease_words))
    sign = -1;
  else if (strip_prefix(s, common.increase_words))
    sign = +1;
  // Units: the longest amount unit first (万元 before 元), then counting words.
  int printed_power = 0;
  for (bool again = true; again;) {
    again = false;
    const std::pair<const std::string, int>* best = nullptr;
    for (auto& u : common.units)
      if (ends_with(s, u.first) && (!best || u.first.size() > best->first.size())) best = &u;
    if (best) {
      out.unit = best->first;
      printed_power = best->second;
      s.erase(s.size() - best->first.size());
      again = true;
      continue;
    }
    const std::string* longest = nullptr;  // 人次 before 次
    for (auto& u : common.count_units)
      if (!u.empty() && ends_with(s, u) && (!longest || u.size() > longest->size())) longest = &u;
    if (longest) {
      s.erase(s.size() - longest->size());
      again = true;
    }
  }
  // A unit with no figure ("件") or with a blank marker ("—件"): blank.
  if (s.empty() ||
      std::find(common.blank_markers.begin(), common.blank_markers.end(), s) != common.blank_markers.end()) {
    out.status = ParsedValue::Status::blank;
    return out;
  }
  if (!valid_grouping(s)) {
    out.problem = "misplaced thousands separator";
    return out;
  }
  s.erase(std::remove(s.begin(), s.end(), ','), s.end());
  return number_of(s, std::move(out), sign, printed_power, column, common);
}

}  // namespace xxgk
