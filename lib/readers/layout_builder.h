// The canonical text layout (readers.h), built from a reader's walk over its
// document tree: text with the origin of every byte, line breaks, and table
// rows of cells. The HTML and DOCX readers decide what their elements mean
// (which tables hold data, where a paragraph ends); this builder owns how
// lines, rows and cells are written, so that both write them alike.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/source_text.h"

namespace xxgk {

class LayoutBuilder {
 public:
  // How a reader's white space is kept. HTML collapses runs of spaces, tabs,
  // newlines and no-break spaces to one space, none at the ends of a line or
  // cell; DOCX text is kept as written (its spaces are meant).
  enum class Spaces { collapse, keep };

  explicit LayoutBuilder(Spaces spaces) : spaces_(spaces) {}

  // Room for a layout of about `bytes` bytes, so that the output (4 bytes of
  // origin a byte) is not copied as it grows: at a doubling the old and the
  // new buffer are alive together. Pages of a large reservation never written
  // cost no memory.
  void reserve(size_t bytes);

  // Collapse: a run of characters none of which is white space, byte i of
  // which came from origin[i]; it goes to the open cell, or else to the
  // current line, after the space pending before it.
  void add_word(std::string_view word, const uint32_t* origin);
  // Collapse: one white-space character from `origin`: a space pending if a
  // word follows.
  void add_space(uint32_t origin);
  // Text all of whose bytes came from `from` onwards (byte for byte when
  // `contiguous`, else all mapped to `from`).
  void add(std::string_view text, uint32_t from, bool contiguous);

  bool in_row() const { return row_.has_value(); }
  bool in_cell() const { return cell_.has_value(); }

  // Ends the current line and opens a row starting at `at`; a row left open
  // before is dropped.
  void open_row(uint32_t at);
  // Opens a cell of the open row (ignored outside a row).
  void open_cell(uint32_t at);
  // The open cell, trailing blanks trimmed, joins its row.
  void close_cell();
  // Writes the open row, if it has cells, as one marked line whose newline
  // stands for `newline_at` (nullopt: the row's last byte). An unclosed cell
  // is dropped.
  void close_row(std::optional<uint32_t> newline_at);

  // A block boundary: ends the current line; inside a cell, words on either
  // side stay apart by one space.
  void block_break(uint32_t at);
  // Ends the current line (if it has text); a cell's text is not touched.
  void end_line(uint32_t at);

  // The layout so far, closed at `end` (the input's size).
  SourceText finish(uint32_t end);

 private:
  // One line or one cell being built.
  struct TextRun {
    std::string text;
    std::vector<uint32_t> origin;
    bool pending_space = false;  // collapse: a space to write before the next word
    uint32_t space_origin = 0;
  };
  struct PendingCell {
    TextRun run;
    uint32_t origin;
  };
  struct PendingRow {
    std::vector<PendingCell> cells;
    uint32_t origin;
  };

  TextRun& target() { return cell_ ? cell_->run : line_; }
  void separate(TextRun& run, uint32_t at);
  void append(const TextRun& run);

  Spaces spaces_;
  SourceText out_;
  TextRun line_;
  std::optional<PendingRow> row_;
  std::optional<PendingCell> cell_;
};

}  // namespace xxgk
