// Stage 3a: layout. Splits normalized text into rows of cells, recognizing the
// layouts reports are published in:
//
//   marked     a table row from a reader (HTML, DOCX): \x1E cell \x1F cell ...
//   block      "one cell per line": each cell on its own tab-indented line, a
//              blank line between rows (the seed report's layout)
//   tab        one row per line, cells separated by tabs
//   pipe       " | "-separated cells, markdown tables included
//   spaced     columns aligned by runs of two or more spaces (pdftotext -layout)
//   text       any other line: one cell (prose, headings, or crawler text where
//              a whole table ran together on one line)
//
// Only the text kind has no reliable cell boundaries; the extractor treats its
// digit runs as possibly glued.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

namespace xxgk {

enum class RowKind { text, marked, block, tab, pipe, spaced };
const char* to_string(RowKind k);

struct Cell {
  uint32_t begin = 0, end = 0;  // byte range in the normalized text, trimmed
  bool empty() const { return begin == end; }
};

struct Row {
  RowKind kind = RowKind::text;
  std::vector<Cell> cells;
  uint32_t line = 0;  // 1-based line (of the normalized text) where the row starts
  bool structured() const { return kind != RowKind::text; }
};

struct Layout {
  std::vector<Row> rows;
  bool cell_per_line = false;  // the document uses the block layout
};

Layout split_layout(std::string_view text);

}  // namespace xxgk
