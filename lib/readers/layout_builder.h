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

  // Room for a layout of about `bytes` bytes, so that the output is not
  // copied as it grows: at a doubling the old and the new buffer are alive
  // together. Pages of a large reservation never written cost no memory.
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

  bool in_row() const { return row_open_; }
  bool in_cell() const { return cell_open_; }

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
  // A line, or the open row: text with the origin of each byte, the run of
  // words being added starting at `begin` (a line's text is all its run).
  struct TextRun {
    std::string text;
    std::vector<uint32_t> origin;
    size_t begin = 0;
    bool pending_space = false;  // collapse: a space to write before the next word
    uint32_t space_origin = 0;
    bool empty() const { return text.size() == begin; }
    void truncate(size_t n) {
      text.resize(n);
      origin.resize(n);
    }
  };

  TextRun& target() { return cell_open_ ? row_ : line_; }
  void separate(TextRun& run, uint32_t at);
  void append(const TextRun& run);
  void drop_open_cell();

  Spaces spaces_;
  SourceText out_;
  TextRun line_;
  // The open row as it will be written (but for its row mark): its closed
  // cells, each after the first behind a kCellMark, then the open cell (its
  // mark, then its text from row_.begin). One buffer for the whole row, reused
  // from row to row: no allocation a cell.
  TextRun row_;
  bool row_open_ = false;
  bool cell_open_ = false;
  uint32_t row_at_ = 0;      // the row's origin, its mark's
  size_t closed_cells_ = 0;  // of the open row
  size_t cell_start_ = 0;    // where the open cell (its mark, if any) starts in row_
};

}  // namespace xxgk
