#include <re2/re2.h>

#include <algorithm>
#include <memory>

#include "base/regex_cache.h"
#include "base/utf8.h"
#include "recognize/recognize.h"

namespace xxgk {

namespace {

// Titles are short lines near the top; the opening sentence is in the first
// paragraphs; the signature is in the last lines.
constexpr size_t kTitleMaxBytes = 100 * 3;
constexpr size_t kTitleSearchRows = 40;
constexpr size_t kOpeningSearchBytes = 6000;
constexpr size_t kSignatureSearchRows = 12;
constexpr size_t kAgencyMaxChars = 40;
constexpr size_t kAgencyMaxBytes = kAgencyMaxChars * 3;
// Fewer than three characters is a fragment (政府), not an agency name.
constexpr size_t kAgencyMinBytes = 3 * 3;

struct Match {
  std::string agency;
  std::optional<int> year;
};

// Code points in s.
size_t characters(std::string_view s) {
  size_t n = 0;
  for (size_t i = 0; i < s.size(); ++n) i += std::max<size_t>(1, utf8::sequence_length(s, i));
  return n;
}

// The grammar's patterns leave the agency's length open (`{2,}?`, not
// `{2,40}?`): a counted repetition of a Unicode class compiles to a copy of
// its UTF-8 automaton per count, which made these patterns most of the cost
// of a first report. The bound is applied here instead: a match whose agency
// is longer than kAgencyMaxChars is no match at that start, and the search
// goes on one character later, where the bounded pattern would have looked.
std::optional<Match> match_one(const std::vector<std::string>& patterns, std::string_view text) {
  for (auto& p : patterns) {
    const auto [re, names] = compiled_named(p);
    if (!re.ok()) continue;
    const int n = re.NumberOfCapturingGroups();
    const auto agency = names.find("agency"), year = names.find("year");
    const auto& firsts = first_characters(p);
    std::vector<re2::StringPiece> groups(static_cast<size_t>(n) + 1);
    for (size_t from = 0; from <= text.size();) {
      if (!match_from(re, text, from, firsts ? &*firsts : nullptr, groups.data(), n + 1)) break;
      Match m;
      if (agency != names.end()) {
        m.agency = std::string(groups[static_cast<size_t>(agency->second)]);
        if (characters(m.agency) > kAgencyMaxChars) {
          const size_t start = static_cast<size_t>(groups[0].data() - text.data());
          from = start + std::max<size_t>(1, utf8::sequence_length(text, start));
          continue;
        }
      }
      if (year != names.end()) {
        std::string y(groups[static_cast<size_t>(year->second)]);
        // 2021, or 二〇二一 / 二○二一 in Chinese numerals: one numeral parser.
        if (auto v = parse_numeral(y); v && *v >= 1900 && *v < 2100) m.year = *v;
      }
      return m;
    }
  }
  return std::nullopt;
}

bool plausible_agency(const std::string& a) {
  return a.size() >= kAgencyMinBytes && a.size() <= kAgencyMaxBytes;
}

std::string trim(std::string_view s) {
  size_t b = s.find_first_not_of(" \t");
  if (b == std::string_view::npos) return {};
  size_t e = s.find_last_not_of(" \t");
  return std::string(s.substr(b, e - b + 1));
}

// "# 标题" in markdown: the title is what follows the marks.
std::string_view without_markup(std::string_view s) {
  while (!s.empty() && (s.front() == '#' || s.front() == ' ' || s.front() == '*')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == '*' || s.back() == ' ')) s.remove_suffix(1);
  return s;
}

bool ends_with_suffix(const std::string& s, const std::vector<std::string>& suffixes) {
  return std::any_of(suffixes.begin(), suffixes.end(), [&](const std::string& x) {
    return s.size() >= x.size() && s.compare(s.size() - x.size(), x.size(), x) == 0;
  });
}

std::vector<std::string_view> text_rows(const Normalized& text, const Layout& layout) {
  std::vector<std::string_view> rows;
  for (auto& r : layout.rows)
    if (r.kind == RowKind::text && !r.cells.empty())
      rows.push_back(std::string_view(text.text.text).substr(r.cells[0].begin, r.cells[0].end - r.cells[0].begin));
  return rows;
}

// The signature: a date line at the end, the agency on the line before it (or
// before the date on the same line).
std::optional<Match> signature(const std::vector<std::string_view>& rows, const CommonSpec& common) {
  size_t first = rows.size() > kSignatureSearchRows ? rows.size() - kSignatureSearchRows : 0;
  for (size_t i = rows.size(); i-- > first;) {
    auto date = match_one(common.date_patterns, rows[i]);
    if (!date) continue;
    Match m;
    m.year = date->year;
    if (i > 0) {
      std::string prev = trim(rows[i - 1]);
      if (plausible_agency(prev) && ends_with_suffix(prev, common.agency_suffixes)) m.agency = prev;
    }
    return m;
  }
  return std::nullopt;
}

}  // namespace

Metadata find_metadata(const Normalized& text, const Layout& layout, const CommonSpec& common) {
  Metadata out;
  auto rows = text_rows(text, layout);
  std::optional<Match> title;
  for (size_t i = 0; i < rows.size() && i < kTitleSearchRows && !title; ++i) {
    if (rows[i].size() > kTitleMaxBytes) continue;
    if ((title = match_one(common.title_patterns, rows[i]))) out.title = trim(without_markup(rows[i]));
  }
  std::string_view head = std::string_view(text.text.text).substr(0, kOpeningSearchBytes);
  auto opening = match_one(common.opening_patterns, head);
  auto period = match_one(common.period_patterns, head);
  auto sig = signature(rows, common);

  for (const auto* m : {sig ? &*sig : nullptr, opening ? &*opening : nullptr, title ? &*title : nullptr})
    if (m && plausible_agency(m->agency)) {
      out.agency = m->agency;
      break;
    }
  if (title && title->year)
    out.year = title->year;
  else if (opening && opening->year)
    out.year = opening->year;
  else if (period && period->year)
    out.year = period->year;
  else if (sig && sig->year)
    out.year = *sig->year - 1;  // signed early the next year
  return out;
}

bool looks_like_report(const Normalized& text, const CommonSpec& common) {
  std::string_view s = text.text.text;
  return std::any_of(common.report_markers.begin(), common.report_markers.end(),
                     [&](const std::string& m) { return s.find(normalize_string(m)) != std::string_view::npos; });
}

}  // namespace xxgk
