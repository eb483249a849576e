#include "readers/layout_builder.h"

#include "readers/readers.h"

namespace xxgk {

void LayoutBuilder::reserve(size_t bytes) {
  out_.text.reserve(bytes);
  out_.origin.reserve(bytes + 1);  // + finish()
}

// HTML white space: a run of blanks is one space, written only once a word
// follows it (from the last blank of the run).
void LayoutBuilder::add_word(std::string_view word, const uint32_t* origin) {
  TextRun& run = target();
  if (run.pending_space) {
    run.text.push_back(' ');
    run.origin.push_back(run.space_origin);
    run.pending_space = false;
  }
  run.text.append(word);
  run.origin.insert(run.origin.end(), origin, origin + word.size());
}

void LayoutBuilder::add_space(uint32_t origin) {
  TextRun& run = target();
  if (run.empty()) return;
  run.pending_space = true;
  run.space_origin = origin;
}

void LayoutBuilder::add(std::string_view text, uint32_t from, bool contiguous) {
  TextRun& run = target();
  for (size_t i = 0; i < text.size(); ++i) {
    run.text.push_back(text[i]);
    run.origin.push_back(from + (contiguous ? static_cast<uint32_t>(i) : 0));
  }
}

void LayoutBuilder::separate(TextRun& run, uint32_t at) {
  if (run.empty()) return;
  if (spaces_ == Spaces::collapse) {
    run.pending_space = true;
    run.space_origin = at;
  } else if (run.text.back() != ' ') {
    run.text.push_back(' ');
    run.origin.push_back(at);
  }
}

// A row opened while a cell is open keeps that cell open (its text goes on),
// as the first of the new row's cells.
void LayoutBuilder::open_row(uint32_t at) {
  end_line(at);
  if (cell_open_) {
    const size_t text = row_.begin;
    row_.text.erase(0, text);
    row_.origin.erase(row_.origin.begin(), row_.origin.begin() + static_cast<ptrdiff_t>(text));
  } else {
    row_.truncate(0);
    row_.pending_space = false;
  }
  row_.begin = 0;
  row_open_ = true;
  row_at_ = at;
  closed_cells_ = 0;
  cell_start_ = 0;
}

void LayoutBuilder::drop_open_cell() {
  if (!cell_open_) return;
  row_.truncate(cell_start_);
  row_.begin = cell_start_;
  cell_open_ = false;
}

void LayoutBuilder::open_cell(uint32_t at) {
  if (!row_open_) return;
  drop_open_cell();
  cell_start_ = row_.text.size();
  if (closed_cells_ > 0) {
    row_.text.push_back(kCellMark);
    row_.origin.push_back(at);
  }
  row_.begin = row_.text.size();
  row_.pending_space = false;
  cell_open_ = true;
}

void LayoutBuilder::close_cell() {
  if (!cell_open_ || !row_open_) return;
  while (!row_.empty() && (row_.text.back() == ' ' || row_.text.back() == '\t')) {
    row_.text.pop_back();
    row_.origin.pop_back();
  }
  ++closed_cells_;
  cell_open_ = false;
}

void LayoutBuilder::close_row(std::optional<uint32_t> newline_at) {
  if (!row_open_) return;
  drop_open_cell();
  row_open_ = false;
  if (closed_cells_ == 0) return;
  out_.push(kRowMark, row_at_);
  append(row_);
  out_.push('\n', newline_at ? *newline_at : out_.origin.back());
}

void LayoutBuilder::block_break(uint32_t at) {
  if (cell_open_) {
    separate(row_, at);
  } else {
    end_line(at);
  }
}

void LayoutBuilder::end_line(uint32_t at) {
  if (line_.text.empty()) return;
  append(line_);
  out_.push('\n', line_.origin.empty() ? at : line_.origin.back());
  line_.text.clear();  // keeps its capacity for the next line
  line_.origin.clear();
  line_.pending_space = false;
}

void LayoutBuilder::append(const TextRun& run) {
  out_.text.append(run.text);
  out_.origin.append(run.origin.data(), run.origin.data() + run.origin.size());
}

SourceText LayoutBuilder::finish(uint32_t end) {
  end_line(end);
  out_.finish(end);
  return std::move(out_);
}

}  // namespace xxgk
