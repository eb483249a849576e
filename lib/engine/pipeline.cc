#include "engine/pipeline.h"

#include <algorithm>
#include <array>
#include <cstdio>
#include <cstring>
#include <mutex>
#include <optional>

#include "audit/audit.h"
#include "base/ascii.h"
#include "base/budget.h"
#include "base/codes.h"
#include "base/locator.h"
#include "base/utf8.h"
#include "extract/extract.h"
#include "normalize/normalize.h"
#include "readers/readers.h"
#include "recognize/recognize.h"
#include "tokenize/layout.h"

namespace xxgk {

namespace {

// Where a report's tables stop short: the cells never found, by table.
void diagnose_missing(const Grammar& g, Record& r, uint32_t end_offset) {
  std::vector<std::string> parts;
  size_t missing = 0;
  for (auto& t : g.tables) {
    size_t n = 0, all = 0;
    std::string first;
    const std::string prefix = t.id + ".";
    for (auto& c : r.cells)
      if (c.key.starts_with(prefix)) {
        ++all;
        if (c.status == CellStatus::missing) {
          if (first.empty()) first = c.key;
          ++n;
        }
      }
    if (n) parts.push_back(t.id + ": " + std::to_string(n) + " of " + std::to_string(all) + " from " + first);
    missing += n;
  }
  if (!missing) return;
  Diagnostic d;
  d.code = codes::report_cells_missing;
  d.severity = Severity::warning;
  d.offset = end_offset;
  std::string list;
  for (auto& p : parts) list += (list.empty() ? "" : "; ") + p;
  d.message = std::to_string(missing) + " cells not found (" + list + "); the report may be cut off";
  r.diagnostics.push_back(std::move(d));
}

// Long narrative paragraphs, white space removed, for cross.copied_text.
// The bytes that count a character of words: an ASCII letter, or the first
// byte of a multi-byte UTF-8 character. A table: every byte of the text rows
// is looked at.
constexpr std::array<uint8_t, 256> kWordByte = [] {
  std::array<uint8_t, 256> t{};
  for (int b = 0; b < 256; ++b)
    t[static_cast<size_t>(b)] = b >= 0xC0 || (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z');
  return t;
}();

std::vector<Paragraph> long_paragraphs(const Normalized& norm, const Layout& layout, size_t min_chars) {
  std::vector<Paragraph> out;
  if (!min_chars) return out;
  for (auto& row : layout.rows) {
    if (row.structured() || row.cells.empty()) continue;
    auto& c = row.cells[0];
    const std::string_view cell = std::string_view(norm.text.text).substr(c.begin, c.end - c.begin);
    // Characters of words: a rule of ===== or a row of figures is no
    // paragraph. Counted before squeezing (squeeze drops no byte counted
    // here), so that only the paragraphs kept are copied, and only as
    // far as the threshold.
    size_t chars = 0;
    for (size_t i = 0; i < cell.size() && chars < min_chars; ++i)
      chars += kWordByte[static_cast<unsigned char>(cell[i])];
    if (chars >= min_chars) out.push_back({ascii::squeeze(cell, "\x1E\x1F"), norm.text.origin_of(c.begin)});
  }
  return out;
}

}  // namespace

std::string agency_key(std::string_view agency) {
  return label_key(agency);
}

struct Pipeline::LazyLabels {
  std::once_flag once;
  std::optional<LabelIndex> index;
};

Pipeline::Pipeline(GrammarSet grammars) : grammars_(std::move(grammars)) {
  labels_.reserve(grammars_.templates.size());
  for (size_t i = 0; i < grammars_.templates.size(); ++i) labels_.push_back(std::make_unique<LazyLabels>());
  legacy_.id = grammars_.common.legacy_template;
  legacy_.sections = grammars_.common.legacy_sections;
}

namespace {

// Whether `needle` occurs in `hay`. glibc's memmem skips along the text by
// pairs of bytes; std::string::find stops at every copy of the needle's first
// byte, and in Chinese UTF-8 a lead byte such as E6 starts one character in
// six (a tenth of a text report's cost went there).
bool contains(std::string_view hay, std::string_view needle) {
  return needle.empty() || memmem(hay.data(), hay.size(), needle.data(), needle.size()) != nullptr;
}

}  // namespace

TemplateChoice choose_template(const GrammarSet& grammars, std::string_view normalized_text) {
  // Row and cell marks are layout, not text: a label split over cells matches.
  const std::string squeezed = ascii::squeeze(normalized_text, "\x1E\x1F");
  TemplateChoice choice;
  size_t best_score = 0;
  for (size_t i = 0; i < grammars.templates.size(); ++i) {
    size_t score = 0;
    for (auto& m : grammars.templates[i].markers)
      if (contains(squeezed, label_key(m))) ++score;
    if (score == 0 || score < best_score) continue;
    if (score > best_score) choice.tied.clear();
    best_score = score;
    choice.tied.push_back(static_cast<int>(i));
  }
  // Two grammars with as many markers each: file order must not decide.
  if (choice.tied.size() == 1) choice.index = choice.tied.front();
  if (choice.tied.size() < 2) choice.tied.clear();
  return choice;
}

int detect_template(const GrammarSet& grammars, std::string_view normalized_text) {
  return choose_template(grammars, normalized_text).index;
}

namespace {

Diagnostic tie_diagnostic(const GrammarSet& grammars, const std::vector<int>& tied) {
  std::string names;
  for (int i : tied) {
    const Grammar& g = grammars.templates[static_cast<size_t>(i)];
    names += (names.empty() ? "" : ", ") + g.id + " (" + g.file + ")";
  }
  return error_diagnostic(codes::template_tie, "the report matches as many detection markers of each of " + names +
                                                   "; refusing to guess: make the grammars' markers distinct");
}

// Strings a record carries that did not come through the decoder (the file
// name) may hold invalid UTF-8; writers replace such bytes, and the record
// says how many.
void note_invalid_utf8(Record& r) {
  size_t bad = 0;
  utf8::sanitize(r.file, &bad);
  if (!bad) return;
  Diagnostic d;
  d.code = codes::output_invalid_utf8;
  d.severity = Severity::warning;
  d.message = "the file name holds " + std::to_string(bad) + " byte(s) that are not UTF-8; outputs show U+FFFD";
  r.diagnostics.push_back(std::move(d));
}

}  // namespace

Pipeline::~Pipeline() = default;
Pipeline::Pipeline(Pipeline&&) noexcept = default;
Pipeline& Pipeline::operator=(Pipeline&&) noexcept = default;

const LabelIndex& Pipeline::labels(size_t template_index) const {
  LazyLabels& lazy = *labels_.at(template_index);
  std::call_once(lazy.once, [&] { lazy.index.emplace(grammars_.templates[template_index]); });
  return *lazy.index;
}

Record Pipeline::parse(std::string_view bytes, const std::string& name) const {
  TimeBudget budget(time_budget_seconds_);
  try {
    return parse_within_budget(bytes, name);
  } catch (const BudgetSpent& spent) {
    // What was read so far is dropped: a record cut short at an arbitrary
    // stage would pass half-read tables off as the report's.
    Record r;
    r.file = name;
    r.failed = true;
    char seconds[32];
    std::snprintf(seconds, sizeof seconds, "%g", spent.seconds);
    r.diagnostics.push_back(
        error_diagnostic(codes::input_time_budget, std::string("gave up after the per-file time budget of ") + seconds +
                                                       " s (--time-budget); nothing of this file is kept"));
    note_invalid_utf8(r);
    return r;
  }
}

Record Pipeline::parse_within_budget(std::string_view bytes, const std::string& name) const {
  Record r;
  r.file = name;
  if (bytes.empty()) {
    r.failed = true;
    r.diagnostics.push_back(error_diagnostic(codes::input_empty, "the file is empty"));
    note_invalid_utf8(r);
    return r;
  }
  InputKind kind = InputKind::text;
  ReadResult read = read_any(bytes, name, &kind);
  r.kind = to_string(kind);
  r.encoding = read.encoding;
  r.diagnostics = std::move(read.diagnostics);
  // A DOCX's offsets point into word/document.xml, so lines are counted there.
  const bool own_bytes = !read.located_bytes.empty();
  auto finish = [&](Record& rec) -> Record& {
    // Lines are counted only for a record that has something to locate:
    // most reports have no diagnostic, and counting is a pass over the file.
    if (!rec.diagnostics.empty()) {
      const Locator locator(own_bytes ? std::string_view(read.located_bytes) : bytes,
                            own_bytes ? "UTF-8" : read.encoding);
      for (auto& d : rec.diagnostics) {
        const Position at = locator.locate(d.offset);
        d.line = at.line;
        d.column = at.column;
      }
    }
    note_invalid_utf8(rec);
    return rec;
  };
  if (!read.ok) {
    r.failed = true;
    return std::move(finish(r));
  }
  check_budget();
  // The reader's origins go to the normalized text, whose origins they are
  // read through (normalize.h).
  std::string_view before = read.chars();
  Normalized norm = normalize(before, std::move(read.text.origin));
  // The normalized text gives the printed text back (normalize.h): the
  // reader's copy goes, a report's size less at the peak. After a fold
  // into Simplified characters the unfolded text still gives it.
  const bool input_needed = norm.needs_input();
  if (!input_needed) {
    before = {};
    std::string().swap(read.text.text);
  }
  std::optional<Normalized> unfolded;
  PrintedText printed = [&](uint32_t b, uint32_t e) {
    const size_t last = norm.pre_size() - 1;
    uint32_t pb = norm.pre_at(std::min<size_t>(b, last));
    uint32_t pe = norm.pre_at(std::min<size_t>(e, last));
    if (e > b && pe <= pb) pe = pb + 1;
    std::string out = (unfolded && !input_needed ? *unfolded : norm).input_text(pb, pe, before);
    // A range ending at a line end must not carry the CR of a CRLF.
    while (!out.empty() && (out.back() == '\r' || out.back() == '\n')) out.pop_back();
    return out;
  };
  TemplateChoice choice = choose_template(grammars_, norm.text.text);
  if (choice.index < 0 && choice.tied.empty()) {
    // Perhaps a report in Traditional characters: read it as if Simplified.
    Normalized folded = fold_traditional(norm);
    TemplateChoice fc = choose_template(grammars_, folded.text.text);
    if (fc.index >= 0 || !fc.tied.empty() || looks_like_report(folded, grammars_.common)) {
      choice = std::move(fc);
      unfolded = std::move(norm);
      norm = std::move(folded);
    }
  }
  if (!choice.tied.empty()) {
    r.failed = true;
    r.diagnostics.push_back(tie_diagnostic(grammars_, choice.tied));
    return std::move(finish(r));
  }
  const int t = choice.index;
  check_budget();
  Layout layout = split_layout(norm.text.text);
  const Grammar* g = t >= 0 ? &grammars_.templates[static_cast<size_t>(t)] : nullptr;
  const LabelIndex* labels = t >= 0 ? &this->labels(static_cast<size_t>(t)) : nullptr;
  const CommonSpec& common = grammars_.common;

  if (!g && !looks_like_report(norm, common)) {
    r.failed = true;
    r.diagnostics.push_back(error_diagnostic(
        codes::input_not_a_report,
        "not an information-disclosure report: no template table labels and no report title or markers"));
    return std::move(finish(r));
  }
  check_budget();
  Metadata meta = find_metadata(norm, layout, common);
  r.title = meta.title;
  r.agency = meta.agency;
  r.agency_key = agency_key(meta.agency);
  r.year = meta.year;
  r.sections = find_sections(norm, layout, g ? g : &legacy_, labels, printed);
  r.references = find_references(norm, printed);
  check_budget();
  if (!g) {
    // No table to compute indicators on: every one is null, so that every
    // record lists the same indicators.
    for (auto& m : grammars_.templates.front().metrics) r.metrics.push_back({m.id, m.unit, std::nullopt});
    r.template_id = common.legacy_template;
    if (r.year && *r.year >= common.legacy_before_year) {
      Diagnostic d;
      d.code = codes::template_unknown;
      d.severity = Severity::warning;
      d.message = "no template table found in a report on " + std::to_string(*r.year) + "; read as " + r.template_id;
      r.diagnostics.push_back(std::move(d));
    }
    return std::move(finish(r));
  }
  r.template_id = g->id;
  Extraction ex = extract_tables(norm, layout, *g, *labels, common, printed);
  r.cells = std::move(ex.cells);
  r.unplaced = std::move(ex.unplaced);
  if (ex.tables_seen == 0) {
    Diagnostic d;
    d.code = codes::table_none;
    d.severity = Severity::warning;
    d.message = "the text mentions " + g->id + " table labels but no table of the template was found";
    r.diagnostics.push_back(std::move(d));
  }
  for (auto& d : ex.diagnostics) r.diagnostics.push_back(std::move(d));
  diagnose_missing(*g, r, norm.text.origin_of(norm.text.text.size()));
  check_budget();
  // One index of the cells for the four passes over them (r.cells stays as
  // it is until they are done).
  const CellIndex cells(r.cells, *g);
  AuditResult audit = audit_cells(*g, r.cells, &cells);
  r.findings = std::move(audit.findings);
  r.diagnosis = diagnose(*g, r.cells, r.findings, &cells);
  for (auto& f : audit_narratives(*g, r.cells, norm, &cells)) r.findings.push_back(std::move(f));
  r.metrics = compute_metrics(*g, r.cells, nullptr, &cells);
  r.paragraphs = long_paragraphs(norm, layout, g->cross_checks.copied_text_min_chars);
  if (audit.unchecked) {
    Diagnostic d;
    d.code = codes::audit_unchecked;
    d.severity = Severity::info;
    d.message = std::to_string(audit.unchecked) + " of " + std::to_string(audit.checked + audit.unchecked) +
                " rule checks skipped: they involve missing, ambiguous or suspect cells";
    r.diagnostics.push_back(std::move(d));
  }
  return std::move(finish(r));
}

const CellValue* Record::cell(std::string_view key) const {
  for (auto& c : cells)
    if (c.key == key) return &c;
  return nullptr;
}

const Metric* Record::metric(std::string_view id) const {
  for (auto& m : metrics)
    if (m.id == id) return &m;
  return nullptr;
}

size_t Record::count(CellStatus s) const {
  return static_cast<size_t>(std::count_if(cells.begin(), cells.end(), [&](auto& c) { return c.status == s; }));
}

const char* to_string(CellStatus s) {
  switch (s) {
    case CellStatus::read: return "read";
    case CellStatus::blank: return "blank";
    case CellStatus::recovered: return "recovered";
    case CellStatus::ambiguous: return "ambiguous";
    case CellStatus::missing: return "missing";
    case CellStatus::suspect: return "suspect";
  }
  return "missing";
}

}  // namespace xxgk
