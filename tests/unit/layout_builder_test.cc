// LayoutBuilder (readers/layout_builder.h) against the builder it replaced,
// which kept every cell of a row apart (a string and a vector a cell): the
// same calls must give the same layout, text and origins, in both space modes,
// whatever the order of the calls (rows left open, cells dropped, rows opened
// inside cells, words outside cells).
#include "readers/layout_builder.h"

#include <doctest/doctest.h>

#include <cstdint>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "readers/readers.h"

namespace {

using xxgk::kCellMark;
using xxgk::kRowMark;
using xxgk::SourceText;

// The former builder, as it was (the reference).
class ReferenceBuilder {
 public:
  enum class Spaces { collapse, keep };

  explicit ReferenceBuilder(Spaces spaces) : spaces_(spaces) {}

  void add_word(std::string_view word, const uint32_t* origin);
  void add_space(uint32_t origin);
  void add(std::string_view text, uint32_t from, bool contiguous);

  bool in_row() const { return row_.has_value(); }
  bool in_cell() const { return cell_.has_value(); }

  void open_row(uint32_t at);
  void open_cell(uint32_t at);
  void close_cell();
  void close_row(std::optional<uint32_t> newline_at);

  void block_break(uint32_t at);
  void end_line(uint32_t at);

  SourceText finish(uint32_t end);

 private:
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

void ReferenceBuilder::add_word(std::string_view word, const uint32_t* origin) {
  TextRun& run = target();
  if (run.pending_space) {
    run.text.push_back(' ');
    run.origin.push_back(run.space_origin);
    run.pending_space = false;
  }
  run.text.append(word);
  run.origin.insert(run.origin.end(), origin, origin + word.size());
}

void ReferenceBuilder::add_space(uint32_t origin) {
  TextRun& run = target();
  if (run.text.empty()) return;
  run.pending_space = true;
  run.space_origin = origin;
}

void ReferenceBuilder::add(std::string_view text, uint32_t from, bool contiguous) {
  TextRun& run = target();
  for (size_t i = 0; i < text.size(); ++i) {
    run.text.push_back(text[i]);
    run.origin.push_back(from + (contiguous ? static_cast<uint32_t>(i) : 0));
  }
}

void ReferenceBuilder::separate(TextRun& run, uint32_t at) {
  if (run.text.empty()) return;
  if (spaces_ == Spaces::collapse) {
    run.pending_space = true;
    run.space_origin = at;
  } else if (run.text.back() != ' ') {
    run.text.push_back(' ');
    run.origin.push_back(at);
  }
}

void ReferenceBuilder::open_row(uint32_t at) {
  end_line(at);
  row_ = PendingRow{{}, at};
}

void ReferenceBuilder::open_cell(uint32_t at) {
  if (row_) cell_ = PendingCell{{}, at};
}

void ReferenceBuilder::close_cell() {
  if (!cell_ || !row_) return;
  TextRun& run = cell_->run;
  while (!run.text.empty() && (run.text.back() == ' ' || run.text.back() == '\t')) {
    run.text.pop_back();
    run.origin.pop_back();
  }
  row_->cells.push_back(std::move(*cell_));
  cell_.reset();
}

void ReferenceBuilder::close_row(std::optional<uint32_t> newline_at) {
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

void ReferenceBuilder::block_break(uint32_t at) {
  if (cell_) {
    separate(cell_->run, at);
  } else {
    end_line(at);
  }
}

void ReferenceBuilder::end_line(uint32_t at) {
  if (line_.text.empty()) return;
  append(line_);
  out_.push('\n', line_.origin.empty() ? at : line_.origin.back());
  line_.text.clear();  // keeps its capacity for the next line
  line_.origin.clear();
  line_.pending_space = false;
}

void ReferenceBuilder::append(const TextRun& run) {
  out_.text.append(run.text);
  out_.origin.append(run.origin.data(), run.origin.data() + run.origin.size());
}

SourceText ReferenceBuilder::finish(uint32_t end) {
  end_line(end);
  out_.finish(end);
  return std::move(out_);
}

// One call of either builder.
enum class Op { word, space, add, open_row, open_cell, close_cell, close_row, close_row_at, block_break, end_line };

template <class Builder>
SourceText run(Builder b, const std::vector<std::pair<Op, uint32_t>>& ops) {
  static const std::vector<std::string> kWords = {"规章", "0", "a b", "\t", "总体情况", "x\t"};
  for (const auto& [op, at] : ops) {
    const std::string& w = kWords[at % kWords.size()];
    std::vector<uint32_t> origin(w.size());
    for (size_t i = 0; i < w.size(); ++i) origin[i] = at + static_cast<uint32_t>(i);
    switch (op) {
      case Op::word: b.add_word(w, origin.data()); break;
      case Op::space: b.add_space(at); break;
      case Op::add: b.add(w, at, at % 2 == 0); break;
      case Op::open_row: b.open_row(at); break;
      case Op::open_cell: b.open_cell(at); break;
      case Op::close_cell: b.close_cell(); break;
      case Op::close_row: b.close_row(std::nullopt); break;
      case Op::close_row_at: b.close_row(at); break;
      case Op::block_break: b.block_break(at); break;
      case Op::end_line: b.end_line(at); break;
    }
  }
  return b.finish(1000);
}

}  // namespace

TEST_CASE("LayoutBuilder: the same layout as the builder with a buffer a cell") {
  std::mt19937 rng(20261202);
  for (const bool collapse : {true, false}) {
    const auto mode = collapse ? xxgk::LayoutBuilder::Spaces::collapse : xxgk::LayoutBuilder::Spaces::keep;
    const auto ref_mode = collapse ? ReferenceBuilder::Spaces::collapse : ReferenceBuilder::Spaces::keep;
    for (int round = 0; round < 3000; ++round) {
      std::vector<std::pair<Op, uint32_t>> ops;
      const int n = static_cast<int>(rng() % 40);
      uint32_t at = 0;
      for (int i = 0; i < n; ++i) {
        // Words and cells more often than the rest, as in a page.
        static constexpr Op kOps[] = {Op::word,      Op::word,         Op::word,        Op::space,      Op::add,
                                      Op::open_row,  Op::open_cell,    Op::open_cell,   Op::close_cell, Op::close_cell,
                                      Op::close_row, Op::close_row_at, Op::block_break, Op::end_line};
        ops.emplace_back(kOps[rng() % std::size(kOps)], at += 1 + rng() % 7);
      }
      CAPTURE(round);
      const SourceText got = run(xxgk::LayoutBuilder(mode), ops);
      const SourceText want = run(ReferenceBuilder(ref_mode), ops);
      CHECK(got.text == want.text);
      CHECK(got.origin == want.origin);
    }
  }
}

TEST_CASE("LayoutBuilder: a row of cells, a blank one, a dropped one") {
  xxgk::LayoutBuilder b(xxgk::LayoutBuilder::Spaces::collapse);
  const uint32_t o[] = {10, 11, 12, 13, 14, 15};
  b.add_word("前", o);
  b.open_row(20);
  b.open_cell(21);
  b.add_word("a", o);
  b.add_space(30);
  b.close_cell();  // the pending space is not written
  b.open_cell(22);
  b.close_cell();  // blank
  b.open_cell(23);
  b.add_word("b", o + 1);
  b.open_cell(24);  // the open cell with "b" is dropped
  b.add_word("c", o + 2);
  b.close_cell();
  b.open_cell(25);  // left open: dropped with the row
  b.add_word("d", o + 3);
  b.close_row(40);
  const SourceText t = b.finish(50);
  CHECK(t.text ==
        "前\n\x1E"
        "a\x1F\x1F"
        "c\n");
  CHECK(t.origin == xxgk::OffsetMap::of({10, 11, 12, 12, 20, 10, 22, 24, 12, 40, 50}));
}
