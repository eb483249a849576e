// Stage 5: tables to canonical keys.
//
// Walks the rows of the layout in order, with the label scanner, as a small
// state machine: which table is open, which printed row is waiting for its
// values. A labelled row takes the figures that follow its label (in the same
// printed row for structured layouts; up to the next label in crawler text);
// the table's unlabelled line takes the first row of bare figures. A run of
// glued digits that must fill several cells is handed to the recovery solver
// with the table's rules. Every figure met inside a table that fits no cell is
// kept as unplaced, never dropped.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "grammar/grammar.h"
#include "tokenize/layout.h"
#include "normalize/normalize.h"
#include "base/record.h"
#include "tokenize/scan.h"

namespace xxgk {

struct Extraction {
  std::vector<CellValue> cells;  // every key of the grammar, grammar order
  std::vector<Unplaced> unplaced;
  Diagnostics diagnostics;  // offsets set; line/column filled by the caller
  size_t tables_seen = 0;
};

Extraction extract_tables(const Normalized& text, const Layout& layout, const Grammar& grammar,
                          const LabelIndex& labels, const CommonSpec& common, const PrintedText& printed);

}  // namespace xxgk
