#include "mutations.h"

#include <re2/re2.h>

#include <algorithm>
#include <map>
#include <set>

namespace xxgk::test {

namespace {

using Layout = Sample::Layout;

// ---- text helpers -----------------------------------------------------------

bool continuation_byte(char c) {
  return (static_cast<unsigned char>(c) & 0xC0) == 0x80;
}

size_t line_start(const std::string& s, size_t pos) {
  auto p = s.rfind('\n', pos == 0 ? 0 : pos - 1);
  return p == std::string::npos || pos == 0 ? 0 : p + 1;
}

size_t line_end(const std::string& s, size_t pos) {
  auto p = s.find('\n', pos);
  if (p == std::string::npos) return s.size();
  return p > 0 && s[p - 1] == '\r' ? p - 1 : p;
}

std::string line_at(const std::string& s, size_t pos) {
  size_t b = line_start(s, pos);
  return s.substr(b, line_end(s, b) - b);
}

// Byte offsets of the character boundaries of s[b, e).
std::vector<size_t> char_starts(const std::string& s, size_t b, size_t e) {
  std::vector<size_t> out;
  for (size_t i = b; i < e; ++i)
    if (!continuation_byte(s[i])) out.push_back(i);
  return out;
}

bool prose_line(const std::string& line) {
  return line.find('\t') == std::string::npos && line.find('|') == std::string::npos &&
         line.find("  ") == std::string::npos;
}

// In the block layout a row is a run of tab-indented lines: its first line.
size_t block_start(const std::string& s, size_t pos) {
  size_t b = line_start(s, pos);
  while (b > 0) {
    size_t prev = line_start(s, b - 1);
    if (prev >= b || s[prev] != '\t') break;
    b = prev;
  }
  return b;
}

// Where a new line may be inserted just before the printed row holding `pos`.
size_t row_start(const Sample& s, size_t pos) {
  return s.layout == Layout::block ? block_start(s.text, pos) : line_start(s.text, pos);
}

// A cell of a table line, by the layout's separator.
struct TextCell {
  size_t begin, end;
};

std::vector<TextCell> cells_of_line(const Sample& s, size_t b, size_t e) {
  std::vector<TextCell> out;
  char sep = s.layout == Layout::pipe ? '|' : '\t';
  size_t start = b;
  for (size_t i = b; i <= e; ++i) {
    if (i == e || s.text[i] == sep) {
      size_t cb = start, ce = i;
      while (cb < ce && (s.text[cb] == ' ' || s.text[cb] == '\r')) ++cb;
      while (ce > cb && (s.text[ce - 1] == ' ' || s.text[ce - 1] == '\r')) --ce;
      out.push_back({cb, ce});
      start = i + 1;
    }
  }
  return out;
}

template <typename F>
void for_each_line(const std::string& s, F f) {
  size_t b = 0;
  while (b < s.size()) {
    size_t e = line_end(s, b);
    f(b, e);
    auto nl = s.find('\n', e);
    if (nl == std::string::npos) break;
    b = nl + 1;
  }
}

// Every printed label of the grammar's tables (rows, headers, columns).
std::set<std::string> table_labels(const Grammar& g) {
  std::set<std::string> out;
  for (auto& t : g.tables) {
    for (auto& r : t.rows)
      for (auto& l : r.labels) out.insert(l);
    for (auto& h : t.headers) out.insert(h.label);
    for (auto& c : t.columns)
      for (auto& l : c.labels) out.insert(l);
  }
  return out;
}

// Cells of table lines whose whole text is a grammar label.
std::vector<TextCell> label_cells(const Sample& s) {
  std::vector<TextCell> out;
  if (s.layout != Layout::block && s.layout != Layout::tab && s.layout != Layout::pipe) return out;
  auto labels = table_labels(*s.grammar);
  for_each_line(s.text, [&](size_t b, size_t e) {
    std::string line = s.text.substr(b, e - b);
    bool table_line = s.layout == Layout::pipe ? std::count(line.begin(), line.end(), '|') >= 2
                                               : line.find('\t') != std::string::npos;
    if (!table_line) return;
    for (auto& c : cells_of_line(s, b, e))
      if (labels.count(s.text.substr(c.begin, c.end - c.begin))) out.push_back(c);
  });
  return out;
}

const CellValue* cell_at(const Sample& s, const std::string& key) {
  const CellValue* c = s.record.cell(key);
  if (!c || !c->offset || !c->raw) return nullptr;
  if (s.text.compare(*c->offset, c->raw->size(), *c->raw) != 0) return nullptr;
  return c;
}

// Read cells of one table, in printed order.
std::vector<const CellValue*> read_cells(const Sample& s, const std::string& table) {
  std::vector<const CellValue*> out;
  for (auto& c : s.record.cells)
    if (c.key.rfind(table + ".", 0) == 0 && (c.status == CellStatus::read || c.status == CellStatus::blank) &&
        cell_at(s, c.key))
      out.push_back(&c);
  std::sort(out.begin(), out.end(), [](auto* a, auto* b) { return *a->offset < *b->offset; });
  return out;
}

std::string fullwidth(const std::string& digits) {
  std::string out;
  for (char c : digits) {
    if (c >= '0' && c <= '9') {
      // U+FF10 + d: EF BC 90+d
      out += "\xEF\xBC";
      out += static_cast<char>(0x90 + (c - '0'));
    } else {
      out += c;
    }
  }
  return out;
}

std::string with_thousands(const std::string& digits) {
  std::string out;
  int n = static_cast<int>(digits.size());
  for (int i = 0; i < n; ++i) {
    out += digits[static_cast<size_t>(i)];
    if ((n - i - 1) % 3 == 0 && i != n - 1) out += ',';
  }
  return out;
}

bool all_digits(const std::string& s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

const char* const kCnDigits[] = {"〇", "一", "二", "三", "四", "五", "六", "七", "八", "九"};

std::string cn_small(int n) {  // 1..31
  if (n < 10) return kCnDigits[n];
  std::string out = n / 10 == 1 ? "" : kCnDigits[n / 10];
  out += "十";
  if (n % 10) out += kCnDigits[n % 10];
  return out;
}

// ---- the mutations --------------------------------------------------------

// Class 1: a long label wrapped onto a second line (text layouts) or broken
// with <br> inside its cell (markdown).
std::vector<Edit> wrap_labels(const Sample& s) {
  std::vector<Edit> out;
  for (auto& c : label_cells(s)) {
    auto starts = char_starts(s.text, c.begin, c.end);
    if (starts.size() < 4) continue;
    size_t at = starts[starts.size() / 2];
    std::string brk = s.layout == Layout::pipe ? "<br>" : s.layout == Layout::block ? "\n\t" : "\n";
    out.push_back({at, 0, brk});
  }
  return out;
}

// Class 2: labels and headings reworded as reports do (下一年度, 与 for 、,
// 和 for 或, a dropped or added particle, a near-synonym).
std::vector<Edit> reword(const Sample& s) {
  static const std::vector<std::pair<std::string, std::string>> kRewordings = {
      {"结转下年度", "结转下一年度"},
      {"行政复议、行政诉讼", "行政复议与行政诉讼"},
      {"法人或其他组织", "法人和其他组织"},
      {"本机关不掌握相关政府信息", "本机关不掌握相关的政府信息"},
      {"没有现成信息需要另行制作", "没有现成信息需另行制作"},
      {"信访举报投诉类申请", "信访、举报、投诉类申请"},
      {"保护第三方合法权益", "保护第三方的合法权益"},
      {"补正后申请内容仍不明确", "补正后申请内容仍然不明确"},
      {"无正当理由大量反复申请", "无正当理由大量重复申请"},
  };
  std::vector<Edit> out;
  for (auto& [from, to] : kRewordings)
    for (size_t p = s.text.find(from); p != std::string::npos; p = s.text.find(from, p + from.size()))
      out.push_back({p, from.size(), to});
  return out;
}

// Class 3: 本年增/减 written in words (增加2, 减少36, 增3).
std::vector<Edit> signed_words(const Sample& s) {
  std::vector<Edit> out;
  int i = 0;
  for (auto& c : s.record.cells) {
    if (s.grammar->kind_of(c.key) != CellKind::signed_count || c.status != CellStatus::read) continue;
    const CellValue* at = cell_at(s, c.key);
    if (!at) continue;
    const std::string& raw = *c.raw;
    std::string word;
    if (raw[0] == '+')
      word = (i++ % 2 ? "增" : "增加") + raw.substr(1);
    else if (raw[0] == '-')
      word = (i++ % 2 ? "减" : "减少") + raw.substr(1);
    else if (all_digits(raw) && raw != "0")
      word = "增加" + raw;
    if (!word.empty()) out.push_back({*c.offset, raw.size(), word});
  }
  return out;
}

// Class 3: the Unicode minus signs and a full-width plus.
std::vector<Edit> signed_unicode(const Sample& s) {
  std::vector<Edit> out;
  int i = 0;
  for (auto& c : s.record.cells) {
    if (s.grammar->kind_of(c.key) != CellKind::signed_count || c.status != CellStatus::read) continue;
    if (!cell_at(s, c.key)) continue;
    const std::string& raw = *c.raw;
    if (raw[0] == '-') out.push_back({*c.offset, 1, i++ % 2 ? "\xE2\x88\x92" : "\xEF\xBC\x8D"});  // − －
    if (raw[0] == '+') out.push_back({*c.offset, 1, "\xEF\xBC\x8B"});                             // ＋
  }
  return out;
}

// Values printed with thousands separators, full-width digits or a unit.
std::vector<Edit> value_forms(const Sample& s) {
  std::vector<Edit> out;
  int i = 0;
  for (auto& c : s.record.cells) {
    if (c.status != CellStatus::read || s.grammar->kind_of(c.key) != CellKind::count) continue;
    if (!cell_at(s, c.key) || !all_digits(*c.raw)) continue;
    const std::string& raw = *c.raw;
    if (raw.size() >= 4)
      out.push_back({*c.offset, raw.size(), with_thousands(raw)});
    else if (i % 3 == 0)
      out.push_back({*c.offset, raw.size(), fullwidth(raw)});
    else if (i % 3 == 1)
      out.push_back({*c.offset + raw.size(), 0, "件"});
    ++i;
  }
  return out;
}

// Rows at which a page break is simulated: the middle of each table, and
// table 4's first figures (between its header and its values).
std::vector<size_t> break_points(const Sample& s) {
  std::vector<size_t> out;
  for (auto& t : s.grammar->tables) {
    auto cells = read_cells(s, t.id);
    if (cells.size() < 2) continue;
    out.push_back(row_start(s, *cells[cells.size() / 2]->offset));
    if (t.id == s.grammar->tables.back().id) out.push_back(row_start(s, *cells.front()->offset));
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

std::vector<Edit> furniture(const Sample& s, const std::vector<std::string>& lines) {
  std::vector<Edit> out;
  if (s.layout == Layout::glued || s.layout == Layout::other) return out;
  size_t i = 0;
  for (size_t at : break_points(s)) out.push_back({at, 0, lines[i++ % lines.size()] + "\n"});
  return out;
}

// Class 4: page numbers between the rows of a table.
std::vector<Edit> page_numbers(const Sample& s) {
  return furniture(s, {"- 4 -", "第 5 页", "6/12", "— 7 —", "第8页 共12页"});
}

// Class 4: a page number printed as a bare figure on its own line, where
// nothing but its position says it is not a cell.
std::vector<Edit> bare_page_numbers(const Sample& s) {
  return furniture(s, {"4", "12"});
}

// A row the template does not have (a report's own sub-row or note), with
// figures: they go to unplaced, and no template row takes them.
std::vector<Edit> extra_rows(const Sample& s) {
  std::vector<Edit> out;
  static const std::vector<std::string> kLabels = {"其中：通过网络提交", "备注说明"};
  size_t n = 0;
  for (size_t at : break_points(s)) {
    const std::string& label = kLabels[n++ % kLabels.size()];
    std::string row;
    switch (s.layout) {
      case Layout::block: row = "\t" + label + "\n\t3\n\t1\n\t4\n\n"; break;
      case Layout::tab: row = label + "\t3\t1\t4\n"; break;
      case Layout::pipe: row = "| " + label + " | 3 | 1 | 4 |\n"; break;
      case Layout::spaced: row = "    " + label + "      3      1      4\n"; break;
      default: return {};
    }
    out.push_back({at, 0, row});
  }
  return out;
}

// Labels letter-spaced (自 然 人) and brackets half-width ((一) for （一）).
std::vector<Edit> letter_spacing(const Sample& s) {
  std::vector<Edit> out;
  size_t n = 0;
  for (auto& c : label_cells(s)) {
    if (n++ % 2) {
      for (size_t at : char_starts(s.text, c.begin, c.end))
        if (at > c.begin) out.push_back({at, 0, " "});
    } else {
      for (size_t p = s.text.find("（", c.begin); p != std::string::npos && p < c.end; p = s.text.find("（", p + 3))
        out.push_back({p, 3, "("});
      for (size_t p = s.text.find("）", c.begin); p != std::string::npos && p < c.end; p = s.text.find("）", p + 3))
        out.push_back({p, 3, ")"});
    }
  }
  return out;
}

// Class 4: a running header (the report's title) and a form feed.
std::vector<Edit> running_header(const Sample& s) {
  std::string title;
  for_each_line(s.text, [&](size_t b, size_t e) {
    if (title.empty() && e > b + 12) title = s.text.substr(b, e - b);
  });
  if (!title.empty() && title.rfind("\xEF\xBB\xBF", 0) == 0) title.erase(0, 3);
  return furniture(s, {"\f" + title, "- 9 -\f"});
}

// Class 4: the table's column header printed again after a page break.
std::vector<Edit> repeated_header(const Sample& s) {
  std::vector<Edit> out;
  if (s.layout != Layout::block && s.layout != Layout::tab && s.layout != Layout::pipe) return out;
  for (auto& t : s.grammar->tables) {
    auto cells = read_cells(s, t.id);
    if (cells.size() < 8 || t.columns.size() < 5) continue;
    size_t first_row = row_start(s, *cells.front()->offset);
    // The header: from the first line above the first row that names a column.
    const std::string& col = t.columns.front().labels.front();
    size_t p = s.text.rfind(col, first_row);
    if (p == std::string::npos || first_row - p > 2000) continue;
    size_t header = row_start(s, p);
    // Back over header lines that hold other table labels (group titles),
    // not over a heading or a statutory reference (a page header repeats
    // neither).
    auto printed_once = [&](size_t b, size_t e) {
      for (auto& sec : s.record.sections)
        if (sec.offset >= b && sec.offset < e) return true;
      for (auto& r : s.record.references)
        if (r.offset >= b && r.offset < e) return true;
      return false;
    };
    while (header > 0) {
      size_t prev = row_start(s, header - 1);
      std::string line = line_at(s.text, prev);
      bool labelled = false;
      for (auto& h : t.headers) labelled |= line.find(h.label) != std::string::npos;
      if (!labelled || prev >= header || printed_once(prev, header)) break;
      header = prev;
    }
    if (printed_once(header, first_row)) continue;
    std::string copy = s.text.substr(header, first_row - header);
    size_t at = row_start(s, *cells[cells.size() / 2]->offset);
    out.push_back({at, 0, "- 3 -\n" + copy});
  }
  return out;
}

// Class 10: markdown headings (## 二、…, **（一）…**).
std::vector<Edit> markdown_headings(const Sample& s) {
  std::vector<Edit> out;
  for (auto& sec : s.record.sections) {
    if (!sec.numbered) continue;
    size_t b = line_start(s.text, sec.offset);
    if (b != sec.offset) continue;  // a heading inside a line: leave it
    if (sec.level == 1) {
      out.push_back({b, 0, "## "});
    } else {
      out.push_back({b, 0, "**"});
      out.push_back({line_end(s.text, b), 0, "**"});
    }
  }
  return out;
}

// Class 10: a reference broken across two lines (第三十六条第（⏎三）项).
std::vector<Edit> broken_references(const Sample& s) {
  std::vector<Edit> out;
  for (auto& r : s.record.references) {
    if (s.text.compare(r.offset, r.text.size(), r.text) != 0) continue;
    auto line = line_at(s.text, r.offset);
    if (!prose_line(line) || line.size() > 600) continue;  // not inside crawler text
    auto starts = char_starts(s.text, r.offset, r.offset + r.text.size());
    if (starts.size() < 6) continue;
    out.push_back({starts[starts.size() - 3], 0, "\n"});
  }
  return out;
}

// Class 10: the signature date in Chinese numerals (二〇二三年一月十六日).
std::vector<Edit> chinese_date(const Sample& s) {
  static const RE2 kDate("((\\d{4})年(\\d{1,2})月(\\d{1,2})日)");
  size_t from = s.text.size() > 600 ? s.text.size() - 600 : 0;
  re2::StringPiece input(s.text.data() + from, s.text.size() - from);
  re2::StringPiece whole;
  std::string y;
  int m = 0, d = 0;
  std::vector<Edit> out;
  while (RE2::FindAndConsume(&input, kDate, &whole, &y, &m, &d)) {
    std::string cn;
    for (char c : y) cn += kCnDigits[c - '0'];
    cn += "年" + cn_small(m) + "月" + cn_small(d) + "日";
    out = {{static_cast<size_t>(whole.data() - s.text.data()), whole.size(), cn}};
  }
  return out;
}

// Class 7: <br> in plain text and markdown (copied from a page).
std::vector<Edit> inline_br(const Sample& s) {
  std::vector<Edit> out;
  for_each_line(s.text, [&](size_t b, size_t e) {
    if (out.size() >= 3 || e - b < 30 || !prose_line(s.text.substr(b, e - b))) return;
    out.push_back({e, 0, out.size() % 2 ? "<br/>" : "<br>"});
  });
  return out;
}

// Class 9: heading variants: 与 for 、, a doubled numeral (三三、).
std::vector<Edit> heading_typos(const Sample& s) {
  std::vector<Edit> out;
  for (auto& sec : s.record.sections) {
    if (sec.level != 1 || !sec.numbered || sec.number.empty()) continue;
    if (s.text.compare(sec.offset, sec.number.size(), sec.number) != 0) continue;
    if (sec.number == "三") out.push_back({sec.offset, 0, sec.number});
    // 与 for a 、 inside the title (行政复议、行政诉讼), not the one after the number.
    size_t title = s.text.find(sec.title, sec.offset + sec.number.size());
    if (title == std::string::npos || sec.title.empty()) continue;
    size_t p = s.text.find("、", title);
    if (p != std::string::npos && p < title + sec.title.size()) out.push_back({p, 3, "与"});
  }
  return out;
}

// Class 5: merged markdown cells printed as the same text repeated once per
// spanned cell instead of an empty placeholder: a row-spanning group label
// repeated down its first column, a column-spanning label repeated across.
std::vector<Edit> repeated_spans(const Sample& s) {
  std::vector<Edit> out;
  if (s.layout != Layout::pipe) return out;
  auto is_figure = [](const std::string& t) {
    return !t.empty() && t.find_first_not_of("0123456789+-., /") == std::string::npos;
  };
  std::string group;  // first-column label of the rows above
  for_each_line(s.text, [&](size_t b, size_t e) {
    std::string line = s.text.substr(b, e - b);
    if (std::count(line.begin(), line.end(), '|') < 2) {
      group.clear();
      return;
    }
    if (line.find("---") != std::string::npos) return;
    auto cells = cells_of_line(s, b, e);
    if (cells.size() < 4) return;
    std::vector<std::string> texts;
    for (auto& c : cells) texts.push_back(s.text.substr(c.begin, c.end - c.begin));
    // cells[0] is before the first '|'; the row's first cell is cells[1].
    if (texts[1].empty() && !group.empty() && !is_figure(texts[2]) && !texts[2].empty())
      out.push_back({cells[1].begin, 0, group});
    else if (!texts[1].empty() && !is_figure(texts[1]))
      group = texts[1];
    for (size_t i = 2; i + 1 < cells.size(); ++i)
      if (texts[i].empty() && !texts[i - 1].empty() && !is_figure(texts[i - 1]) && is_figure(texts[i + 1])) {
        out.push_back({cells[i].begin, 0, texts[i - 1]});
        texts[i] = texts[i - 1];
      }
  });
  return out;
}

// Class 8: cells printed blank in the ways reports do (/, —, 无, -, empty),
// in every layout, inside glued crawler runs too (3/00—).
std::vector<Edit> blank_markers(const Sample& s) {
  static const std::vector<std::string> kMarkers = {"/", "—", "无", "-", ""};
  std::vector<Edit> out;
  if (s.layout == Layout::spaced || s.layout == Layout::other) return out;
  size_t i = 0;
  for (auto& c : s.record.cells) {
    bool printed = c.status == CellStatus::read || c.status == CellStatus::recovered;
    if (!printed || !c.raw || *c.raw != "0" || !cell_at(s, c.key)) continue;
    if (i++ % 3 != 0) continue;
    std::string marker = kMarkers[(i / 3) % kMarkers.size()];
    if (marker.empty() && s.layout == Layout::glued) marker = "/";
    if (marker == "-" && s.layout == Layout::glued) marker = "—";  // a hyphen there reads as a minus
    out.push_back({*c.offset, 1, marker, c.key});
  }
  return out;
}

// Class 9: crawler text that kept a space where a cell was printed empty
// ("0 00000" for 0, blank, 0, 0, 0, 0, 0).
std::vector<Edit> glued_empty_cells(const Sample& s) {
  std::vector<Edit> out;
  if (s.layout != Layout::glued) return out;
  size_t i = 0;
  auto digit = [&](size_t at) { return at < s.text.size() && s.text[at] >= '0' && s.text[at] <= '9'; };
  for (auto& c : s.record.cells) {
    if (c.status != CellStatus::recovered || !c.raw || *c.raw != "0" || !cell_at(s, c.key)) continue;
    size_t at = *c.offset;
    if (at == 0 || !digit(at - 1) || !digit(at + 1)) continue;  // inside a run, between figures
    if (i++ % 5 != 0) continue;
    out.push_back({at, 1, " ", c.key});
  }
  return out;
}

// Class 5: a label cell that spans two columns printed with an empty
// placeholder cell after it (markdown converters).
std::vector<Edit> span_placeholders(const Sample& s) {
  std::vector<Edit> out;
  if (s.layout != Layout::pipe) return out;
  for (auto& c : label_cells(s)) {
    size_t e = line_end(s.text, c.end);
    size_t bar = s.text.find('|', c.end);
    if (bar == std::string::npos || bar >= e) continue;
    // only where figures follow: the next cell holds a digit
    size_t next = s.text.find('|', bar + 1);
    if (next == std::string::npos || next > e) continue;
    std::string cell = s.text.substr(bar + 1, next - bar - 1);
    if (cell.find_first_of("0123456789") == std::string::npos) continue;
    out.push_back({bar + 1, 0, "  |"});
  }
  return out;
}

}  // namespace

const std::vector<Mutation>& all_mutations() {
  static const std::vector<Mutation> kAll = {
      {"wrap_labels", wrap_labels},
      {"reword", reword},
      {"signed_words", signed_words},
      {"signed_unicode", signed_unicode},
      {"value_forms", value_forms},
      {"page_numbers", page_numbers},
      {"bare_page_numbers", bare_page_numbers},
      {"extra_rows", extra_rows},
      {"letter_spacing", letter_spacing},
      {"running_header", running_header},
      {"repeated_header", repeated_header},
      {"markdown_headings", markdown_headings},
      {"broken_references", broken_references},
      {"chinese_date", chinese_date},
      {"inline_br", inline_br},
      {"heading_typos", heading_typos},
      {"repeated_spans", repeated_spans},
      {"blank_markers", blank_markers},
      {"glued_empty_cells", glued_empty_cells},
      {"span_placeholders", span_placeholders},
  };
  return kAll;
}

std::string apply_edits(const std::string& text, std::vector<Edit> edits, std::vector<Edit>* kept_out) {
  // Keep the first of overlapping edits (in the order given), then apply from
  // the end so earlier offsets stay valid.
  std::vector<Edit> kept;
  for (auto& e : edits) {
    bool clash = false;
    for (auto& k : kept) {
      bool insert_e = e.length == 0, insert_k = k.length == 0;
      if (insert_e && insert_k) continue;  // two insertions at one point are fine
      size_t eb = e.at, ee = e.at + e.length, kb = k.at, ke = k.at + k.length;
      if (insert_e ? (eb > kb && eb < ke) : insert_k ? (kb > eb && kb < ee) : (eb < ke && kb < ee)) clash = true;
    }
    if (!clash) kept.push_back(std::move(e));
  }
  // From the end; of two insertions at one point the one listed first must
  // come first in the text, so it is applied last.
  std::vector<size_t> order(kept.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(),
            [&](size_t a, size_t b) { return kept[a].at != kept[b].at ? kept[a].at > kept[b].at : a > b; });
  std::string out = text;
  for (size_t i : order) out.replace(kept[i].at, kept[i].length, kept[i].text);
  if (kept_out) *kept_out = std::move(kept);
  return out;
}

}  // namespace xxgk::test
