// The record of one report: what `xxgk parse` writes (see the data contract,
// ../shared/spec/README.md, "The record"). Writers only read it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/decimal.h"
#include "base/diagnostic.h"

namespace xxgk {

// read: printed in its own cell; blank: printed empty or as / — 无;
// recovered: boundaries inferred from glued digits and confirmed by the rules;
// ambiguous: glued digits admit several values (candidates listed);
// missing: the cell is not in the document at all (a truncated report, a row
// left out), or its digits could not be placed (see unplaced);
// suspect: a number was read, but its row was printed with a figure too many
// or too few and the table's rules do not confirm the reading (a diagnostic
// table.suspect names the row); the value is kept, never trusted by the audit.
enum class CellStatus { read, blank, recovered, ambiguous, missing, suspect };
const char* to_string(CellStatus s);

struct CellValue {
  std::string key;
  std::optional<Decimal> value;
  std::optional<std::string> raw;  // as printed; absent when missing
  std::optional<uint32_t> offset;  // byte offset in the original file
  CellStatus status = CellStatus::missing;
  std::string unit;                 // printed unit ("元") for amounts
  std::vector<Decimal> candidates;  // ambiguous only
};

struct Section {
  int level = 1;
  std::string number;  // "二", "1", "" when the heading had none and none is known
  std::string title;
  uint32_t offset = 0, end = 0;
  bool numbered = true;      // the number was printed
  bool in_template = false;  // matches a section of the template
};

struct Reference {
  std::string text;  // as printed
  int article = 0;
  std::optional<int> paragraph, item;
  uint32_t offset = 0;
};

// A cell whose change to one value would make the broken rule instances of
// `explains` hold without breaking one that holds (see lib/audit/diagnose.cc).
struct Suspect {
  std::string cell;                // canonical key
  std::string label;               // printed row/column labels, from the grammar
  std::optional<Decimal> printed;  // as read; null when printed blank
  Decimal value;                   // the value the rules ask for
  std::vector<std::string> explains;  // rule instances, "t3.row_total[granted]"
};

// A rule instance that could not be checked, and why (a cell not read).
struct UncheckedRule {
  std::string rule;  // "t3.row_total[granted]"
  std::string reason;
};

// The report's diagnosis: what small change explains its broken arithmetic.
// Broken rules that share no cell are separate problems, each explained on
// its own. verdict: "clean" (no error finding), "single" (each problem has a
// one-cell explanation), "pair" (some need two cells), "partial" (some have
// no small explanation), "unexplained" (none has).
struct Explanation {
  size_t problem = 1;             // which group of connected broken rules (1, 2, ...)
  std::vector<Suspect> suspects;  // one cell, or a pair
};

struct Diagnosis {
  std::string verdict = "clean";
  std::vector<Explanation> explanations;  // alternatives of one problem share its number
  std::vector<UncheckedRule> unchecked;
};

// One indicator of metrics.tsv; null when the contract says so.
struct Metric {
  std::string id;    // "m.granted_share"
  std::string unit;  // count or ratio
  std::optional<double> value;
};

// The same agency's report of the year before, linked by the batch.
struct PreviousLink {
  std::string file;
  std::string agency;
  int year = 0;
  std::string why;  // how the two were found to be the same agency
};

// A long narrative paragraph, kept for cross.copied_text (not written).
struct Paragraph {
  std::string text;  // normalized, white space removed
  uint32_t offset = 0;
};

struct Finding {
  std::string rule;  // "t3.row_total"
  Severity severity = Severity::error;
  std::string scope;               // row or column id
  std::vector<std::string> cells;  // every key involved, lhs first
  std::vector<std::string> blank;  // keys among cells that were blank (counted as 0)
  Decimal lhs, rhs, delta;
  std::string message;  // one readable sentence
  std::vector<Suspect> suspects;  // cells whose change explains this finding
  std::string previous;           // cross rules: the previous year's file

  // "t3.row_total[granted]": the rule instance this finding is about.
  std::string instance() const { return rule + "[" + scope + "]"; }
};

struct Unplaced {
  std::string text;
  uint32_t offset = 0;
  std::string reason;
};

struct Record {
  std::string file;
  std::string kind;  // text, html, docx, pdf
  std::string encoding;
  std::string template_id;  // gov-2019, gov-2021, legacy, "" when not a report
  std::string agency;
  std::optional<int> year;
  std::string title;
  std::vector<Section> sections;
  std::vector<Reference> references;
  std::vector<CellValue> cells;  // every key of the template, grammar order
  std::vector<Finding> findings;
  std::vector<Unplaced> unplaced;
  Diagnostics diagnostics;
  Diagnosis diagnosis;
  std::vector<Metric> metrics;  // the grammar's indicators, in metrics.tsv order
  std::string agency_key;       // stable identity of the agency across years and name forms
  std::optional<PreviousLink> previous;
  std::vector<Paragraph> paragraphs;  // long narrative paragraphs (cross.copied_text)
  bool failed = false;  // the input could not be read as a report at all

  const CellValue* cell(std::string_view key) const;
  size_t count(CellStatus s) const;
  const Metric* metric(std::string_view id) const;
};

}  // namespace xxgk
