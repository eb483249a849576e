// A printed row's figures to its cells; the self-check of doubtful rows.
#include <algorithm>

#include "extract/value.h"
#include "extractor.h"

namespace xxgk::extract_internal {

void Extractor::finalize() {
  if (!pending_.active) return;
  Pending p = std::move(pending_);
  pending_ = Pending{};
  // Empty cells beyond the row's width are layout filler: merged label
  // columns expanded before the figures ("| 一、… |  |  | 73 |"), or trailing
  // "| |". Explicit blank markers (/ —) are never dropped.
  bool unsure = drop_filler(p);
  const size_t k = p.keys.size(), n = p.parts.size();
  if (unsure) anomalies_.push_back({p.name, {p.keys.begin(), p.keys.end()}, p.parts.front().begin});
  if (n == k) return assign_all(p, n);
  if (n > k) {
    assign_all(p, k);
    anomalies_.push_back({p.name, {p.keys.begin(), p.keys.end()}, p.parts[k].begin});
    for (size_t i = k; i < n; ++i)
      if (!p.parts[i].blank) unplace(p.parts[i].begin, p.parts[i].end, "extra figure after the cells of row " + p.name);
    diagnose("table.row_long", Severity::warning, p.parts[k].begin,
             "row " + p.name + " has " + std::to_string(n) + " figures for " + std::to_string(k) +
                 " cells; the extra ones are unplaced");
    return;
  }
  if (n > 0 && glued(p)) return queue_recovery(p);
  if (n > 0 && p.parts.front().loose) {
    // Too few figures in text without cell boundaries: which cells they
    // belong to is anybody's guess, so none is taken.
    for (auto& part : p.parts)
      if (!part.blank)
        unplace(part.begin, part.end,
                "row " + p.name + " has too few figures to place in text without cell boundaries");
    diagnose("table.row_short", Severity::warning, p.parts.front().begin,
             "row " + p.name + " has " + std::to_string(n) + " figures for " + std::to_string(k) +
                 " cells in text without cell boundaries; none is placed");
    return;
  }
  assign_all(p, n);
  if (n > 0 && n < k) anomalies_.push_back({p.name, {p.keys.begin(), p.keys.end()}, p.parts.back().end});
  // A row printed with no figures at all (a table of labels only) is covered
  // by the report-wide count of missing cells.
  if (n > 0 && n < k)
    diagnose("table.row_short", Severity::warning, n ? p.parts.back().end : p.label_offset,
             "row " + p.name + " has " + std::to_string(n) + " of " + std::to_string(k) + " cells; " +
                 std::to_string(k - n) + " missing");
}

// Empty cells beyond the row's width are layout filler: a merged label's
// placeholder before the figures ("| 一、… |  |  | 73 |"), or a trailing
// "| |". Explicit blank markers (/ —) are never dropped. Where empties at
// both ends could be the filler (a placeholder, and a total left blank),
// the row's own rules choose; if they cannot, the row is reported unsure.
bool Extractor::drop_filler(Pending& p) const {
  auto filler = [](const Part& x) { return x.blank && x.begin == x.end; };
  const size_t k = p.keys.size();
  if (p.parts.size() <= k) return false;
  size_t extra = p.parts.size() - k, leading = 0, trailing = 0;
  while (leading < p.parts.size() && filler(p.parts[leading])) ++leading;
  while (trailing < p.parts.size() && filler(p.parts[p.parts.size() - 1 - trailing])) ++trailing;
  std::vector<size_t> fits;  // how many leading empties to drop
  for (size_t lead = 0; lead <= std::min(leading, extra); ++lead)
    if (extra - lead <= trailing) fits.push_back(lead);
  if (fits.empty()) {  // not all extra cells are empty: drop what filler there is
    while (p.parts.size() > k && filler(p.parts.back())) p.parts.pop_back();
    while (p.parts.size() > k && filler(p.parts.front())) p.parts.erase(p.parts.begin());
    return false;
  }
  size_t chosen = fits.back() == extra ? extra : fits.front();  // default: trailing ones first
  bool unsure = false;
  if (fits.size() > 1) {
    std::vector<size_t> consistent;
    for (size_t lead : fits)
      if (row_rules_allow(p, lead)) consistent.push_back(lead);
    if (consistent.size() == 1)
      chosen = consistent.front();
    else
      unsure = true, chosen = fits.front();
  }
  p.parts.erase(p.parts.begin(), p.parts.begin() + static_cast<long>(chosen));
  p.parts.resize(k);
  return unsure;
}

// Whether reading the row's figures from `lead` on contradicts none of the
// rules over this row alone (t3.row_total); a side printed all blank does
// not contradict (a total left empty).
bool Extractor::row_rules_allow(const Pending& p, size_t lead) const {
  std::map<std::string, std::optional<Decimal>> values;
  for (size_t i = 0; i < p.keys.size(); ++i) {
    const Part& part = p.parts[lead + i];
    ParsedValue v =
        parse_value(text_.substr(part.begin, part.end - part.begin), *p.columns[i], common_, config_.digit_words);
    if (v.status == ParsedValue::Status::invalid) return false;
    values[p.keys[i]] = v.value;
  }
  return row_rules_hold(p.name, values);
}

// Whether the rules over row `row` alone hold for `values` (null: printed
// blank). A rule with a term not in `values` is not checked, and a side
// printed all blank does not contradict (a total left empty).
bool Extractor::row_rules_hold(const std::string& row,
                               const std::map<std::string, std::optional<Decimal>>& values) const {
  for (const RuleInstance* instance : row_instances_) {
    const RuleInstance& in = *instance;
    if (in.scope != row) continue;
    auto side = [&](const std::vector<std::string>& terms, bool& all_blank) {
      Decimal sum = Decimal::of(0);
      all_blank = true;
      for (auto& k : terms) {
        auto it = values.find(k);
        if (it == values.end()) return std::optional<Decimal>();
        if (it->second) sum = sum + *it->second, all_blank = false;
      }
      return std::optional<Decimal>(sum);
    };
    bool lhs_blank = false, rhs_blank = false;
    auto lhs = side(in.lhs, lhs_blank), rhs = side(in.rhs, rhs_blank);
    if (!lhs || !rhs || lhs_blank || rhs_blank) continue;
    if (*lhs != *rhs) return false;
  }
  return true;
}

// Fewer figures than cells, all from one printed cell, all digits: the cell
// boundaries were lost (crawler text), not the cells.
bool Extractor::glued(const Pending& p) const {
  size_t digits = 0;
  for (auto& part : p.parts) {
    // A printed cell is one value: only text without cell boundaries glues;
    // a blank marker inside it ("3/00—") is a cell of its own.
    if (!part.loose || part.cell != p.parts.front().cell) return false;
    if (part.blank) {
      if (part.begin == part.end) return false;
      ++digits;
      continue;
    }
    for (uint32_t i = part.begin; i < part.end; ++i) digits += text_[i] >= '0' && text_[i] <= '9';
  }
  // Every cell needs a digit of its own, or a space where it was printed
  // empty ("0 00000" for seven cells).
  return digits + (p.parts.size() - 1) >= p.keys.size();
}

// Fewer characters than cells: some cell was printed empty, and only the
// spaces between the figures can be where.
bool Extractor::short_of_cells(const Pending& p) const {
  size_t chars = 0;
  for (auto& part : p.parts)
    if (part.blank)
      ++chars;
    else
      for (uint32_t i = part.begin; i < part.end; ++i) chars += text_[i] >= '0' && text_[i] <= '9';
  return chars < p.keys.size();
}

void Extractor::assign_all(const Pending& p, size_t n) {
  for (size_t i = 0; i < n; ++i) assign(p.ids[i], *p.columns[i], p.parts[i]);
}

void Extractor::assign(uint32_t id, const ColumnSpec& col, const Part& part) {
  const std::string& key = labels_.keys()[id];
  std::optional<CellValue>& slot = cells_[id];
  if (slot) {
    if (!part.blank) unplace(part.begin, part.end, "cell " + key + " was already read earlier in the report");
    return;
  }
  // Built in its slot, not moved there; emptied again if it cannot be read.
  CellValue& cv = slot.emplace();
  cv.key = key;
  cv.raw = printed_(part.begin, part.end);
  cv.offset = norm_.text.origin_of(part.begin);
  ParsedValue v = parse_value(text_.substr(part.begin, part.end - part.begin), col, common_, config_.digit_words);
  switch (v.status) {
    case ParsedValue::Status::blank: cv.status = CellStatus::blank; break;
    case ParsedValue::Status::number:
      cv.status = CellStatus::read;
      cv.value = v.value;
      cv.unit = std::move(v.unit);
      if (col.kind == CellKind::count && v.value->mantissa < 0)
        diagnose("value.negative", Severity::warning, part.begin, key + " is a count but is printed negative");
      break;
    case ParsedValue::Status::invalid:
      cv.status = CellStatus::missing;
      unplace(part.begin, part.end, "cannot read '" + *cv.raw + "' as a figure for " + key + ": " + v.problem);
      slot.reset();
      return;
  }
}

void Extractor::check_anomalies() {
  if (anomalies_.empty()) return;
  const auto& instances = g_.instances();
  for (auto& a : anomalies_) {
    bool checked = false, broken = false;
    for (auto& in : instances) {
      if (!involves(in, a.keys)) continue;
      auto lhs = sum_of(in.lhs), rhs = sum_of(in.rhs);
      if (!lhs || !rhs) continue;
      checked = true;
      broken |= *lhs != *rhs;
    }
    if (checked && !broken) continue;
    size_t marked = 0;
    for (auto& key : a.keys) {
      CellValue* c = key_cell(key);
      // A blank read from a doubtful row may be a shifted placeholder too.
      if (c && (c->status == CellStatus::read || c->status == CellStatus::blank)) {
        c->status = CellStatus::suspect;
        ++marked;
      }
    }
    if (marked)
      diagnose("table.suspect", Severity::warning, a.at,
               "row " + a.row + " was printed with a different number of figures than it has cells, and " +
                   (checked ? "the table's rules do not hold for it" : "no rule of the table checks it") + ": its " +
                   std::to_string(marked) + " figures are marked suspect");
  }
}

bool Extractor::involves(const RuleInstance& in, const std::vector<std::string>& keys) {
  for (auto* side : {&in.lhs, &in.rhs})
    for (auto& k : *side)
      if (std::find(keys.begin(), keys.end(), k) != keys.end()) return true;
  return false;
}

// Sum of one side of a rule over read cells (blank counts 0); none if a
// term was not read.
std::optional<Decimal> Extractor::sum_of(const std::vector<std::string>& terms) const {
  Decimal total = Decimal::of(0);
  for (auto& k : terms) {
    const CellValue* read = key_cell(k);
    if (!read) return std::nullopt;
    const CellValue& c = *read;
    if (c.status == CellStatus::blank) continue;
    if (!c.value || (c.status != CellStatus::read && c.status != CellStatus::recovered)) return std::nullopt;
    total = total + *c.value;
  }
  return total;
}

}  // namespace xxgk::extract_internal
