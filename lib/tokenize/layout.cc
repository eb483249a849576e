#include "tokenize/layout.h"

#include <string>

#include "readers/readers.h"

namespace xxgk {

namespace {

struct Line {
  uint32_t begin, end;  // without the '\n'
  uint32_t number;
};

std::vector<Line> split_lines(std::string_view text) {
  std::vector<Line> lines;
  uint32_t start = 0, number = 1;
  // By find (memchr), not byte by byte: this is a pass over the whole report.
  for (;;) {
    const size_t nl = text.find('\n', start);
    const auto i = static_cast<uint32_t>(nl == std::string_view::npos ? text.size() : nl);
    if (i > start || i < text.size()) lines.push_back({start, i, number});
    if (nl == std::string_view::npos) return lines;
    start = i + 1;
    ++number;
  }
}

bool is_space(char c) {
  return c == ' ' || c == '\t';
}

Cell trimmed_cell(std::string_view text, uint32_t b, uint32_t e) {
  while (b < e && is_space(text[b])) ++b;
  while (e > b && is_space(text[e - 1])) --e;
  return {b, e};
}

bool blank_line(std::string_view text, const Line& l) {
  for (uint32_t i = l.begin; i < l.end; ++i)
    if (!is_space(text[i])) return false;
  return true;
}

// A line of the block layout: one leading tab, no other tab.
bool block_cell_line(std::string_view text, const Line& l) {
  if (l.end == l.begin || text[l.begin] != '\t') return false;
  for (uint32_t i = l.begin + 1; i < l.end; ++i)
    if (text[i] == '\t') return false;
  return true;
}

// Lines with tabs are either block cells or tab-separated rows; the document
// decides once (a tab row with an empty first cell looks like a block cell).
bool detect_cell_per_line(std::string_view text, const std::vector<Line>& lines) {
  size_t block = 0, tabbed = 0;
  for (auto& l : lines) {
    std::string_view s = text.substr(l.begin, l.end - l.begin);
    if (s.find('\t') == std::string_view::npos) continue;
    ++tabbed;
    if (block_cell_line(text, l)) ++block;
  }
  return tabbed >= 4 && block * 10 >= tabbed * 6;
}

Row split_on(std::string_view text, const Line& l, char sep, RowKind kind) {
  Row row{kind, {}, l.number};
  uint32_t start = l.begin;
  for (uint32_t i = l.begin; i <= l.end; ++i) {
    if (i == l.end || text[i] == sep) {
      row.cells.push_back(trimmed_cell(text, start, i));
      start = i + 1;
    }
  }
  return row;
}

bool markdown_rule(std::string_view s) {
  bool dash = false;
  for (char c : s) {
    if (c == '-')
      dash = true;
    else if (c != '|' && c != ':' && !is_space(c))
      return false;
  }
  return dash;
}

Row pipe_row(std::string_view text, const Line& l) {
  Row row = split_on(text, l, '|', RowKind::pipe);
  // "| a | b |": the outer pipes open and close the row, they add no cell.
  std::string_view s = text.substr(l.begin, l.end - l.begin);
  auto first = s.find_first_not_of(" \t"), last = s.find_last_not_of(" \t");
  if (row.cells.size() > 1 && row.cells.back().empty() && last != std::string_view::npos && s[last] == '|')
    row.cells.pop_back();
  if (row.cells.size() > 1 && row.cells.front().empty() && first != std::string_view::npos && s[first] == '|')
    row.cells.erase(row.cells.begin());
  return row;
}

// Columns aligned with two or more spaces.
Row spaced_row(std::string_view text, const Line& l) {
  Row row{RowKind::spaced, {}, l.number};
  uint32_t i = l.begin;
  while (i < l.end && is_space(text[i])) ++i;
  uint32_t start = i;
  while (i < l.end) {
    if (text[i] == ' ' && i + 1 < l.end && text[i + 1] == ' ') {
      row.cells.push_back(trimmed_cell(text, start, i));
      while (i < l.end && text[i] == ' ') ++i;
      start = i;
    } else {
      ++i;
    }
  }
  if (start < l.end) row.cells.push_back(trimmed_cell(text, start, l.end));
  return row;
}

// At least two `c` in `s` (found by find, not counted byte by byte).
bool twice(std::string_view s, char c) {
  const size_t first = s.find(c);
  return first != std::string_view::npos && s.find(c, first + 1) != std::string_view::npos;
}

bool has_inner_double_space(std::string_view s) {
  auto b = s.find_first_not_of(' ');
  auto e = s.find_last_not_of(' ');
  if (b == std::string_view::npos) return false;
  return s.substr(b, e - b + 1).find("  ") != std::string_view::npos;
}

}  // namespace

const char* to_string(RowKind k) {
  switch (k) {
    case RowKind::text: return "text";
    case RowKind::marked: return "marked";
    case RowKind::block: return "block";
    case RowKind::tab: return "tab";
    case RowKind::pipe: return "pipe";
    case RowKind::spaced: return "spaced";
  }
  return "text";
}

Layout split_layout(std::string_view text) {
  Layout layout;
  auto lines = split_lines(text);
  layout.cell_per_line = detect_cell_per_line(text, lines);
  Row block{RowKind::block, {}, 0};
  auto flush_block = [&] {
    if (!block.cells.empty()) layout.rows.push_back(std::move(block));
    block = Row{RowKind::block, {}, 0};
  };
  for (auto& l : lines) {
    std::string_view s = text.substr(l.begin, l.end - l.begin);
    if (layout.cell_per_line && block_cell_line(text, l)) {
      if (block.cells.empty()) block.line = l.number;
      block.cells.push_back(trimmed_cell(text, l.begin + 1, l.end));
      continue;
    }
    flush_block();
    if (blank_line(text, l)) continue;
    if (s.front() == kRowMark) {
      Line inner{l.begin + 1, l.end, l.number};
      layout.rows.push_back(split_on(text, inner, kCellMark, RowKind::marked));
    } else if (s.find('\t') != std::string_view::npos) {
      layout.rows.push_back(split_on(text, l, '\t', RowKind::tab));
    } else if (twice(s, '|')) {
      if (!markdown_rule(s)) layout.rows.push_back(pipe_row(text, l));
    } else if (has_inner_double_space(s)) {
      layout.rows.push_back(spaced_row(text, l));
    } else {
      layout.rows.push_back(Row{RowKind::text, {trimmed_cell(text, l.begin, l.end)}, l.number});
    }
  }
  flush_block();
  return layout;
}

}  // namespace xxgk
