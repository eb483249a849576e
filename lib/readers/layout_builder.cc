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
  if (run.text.empty()) return;
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
  if (run.text.empty()) return;
  if (spaces_ == Spaces::collapse) {
    run.pending_space = true;
    run.space_origin = at;
  } else if (run.text.back() != ' ') {
    run.text.push_back(' ');
    run.origin.push_back(at);
  }
}

void LayoutBuilder::open_row(uint32_t at) {
  end_line(at);
  row_ = PendingRow{{}, at};
}

void LayoutBuilder::open_cell(uint32_t at) {
  if (row_) cell_ = PendingCell{{}, at};
}

void LayoutBuilder::close_cell() {
  if (!cell_ || !row_) return;
  TextRun& run = cell_->run;
  while (!run.text.empty() && (run.text.back() == ' ' || run.text.back() == '\t')) {
    run.text.pop_back();
    run.origin.pop_back();
  }
  row_->cells.push_back(std::move(*cell_));
  cell_.reset();
}

void LayoutBuilder::close_row(std::optional<uint32_t> newline_at) {
  if (!row_) return;
  PendingRow row = std::move(*row_);
  row_.reset();
  cell_.reset();
  if (row.cells.empty()) return;
  out_.push(kRowMark, row.origin);
  for (size_t i = 0; i < row.cells.size(); ++i) {
    if (i > 0) out_.push(kCellMark, row.cells[i].origin);
    append(row.cells[i].run);
  }
  out_.push('\n', newline_at ? *newline_at : out_.origin.back());
}

void LayoutBuilder::block_break(uint32_t at) {
  if (cell_) {
    separate(cell_->run, at);
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
  out_.origin.insert(out_.origin.end(), run.origin.begin(), run.origin.end());
}

SourceText LayoutBuilder::finish(uint32_t end) {
  end_line(end);
  out_.finish(end);
  return std::move(out_);
}

}  // namespace xxgk
