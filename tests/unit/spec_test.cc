// The spec-style tests: tests/spec/*.txt are prose with embedded examples, in
// the manner of cmark's spec.txt. An example is
//
//   ```````````````````````````````` example      (32 backticks)
//   input lines
//   .
//   expected output lines
//   ````````````````````````````````
//
// and its title is the nearest heading (a line starting with '#') above it.
// This driver reads every example of a file, runs the stage the file is about
// on its input, renders the result in that file's dump format and compares.
// A mismatch is reported as `tests/spec/<file>:<line>: example N "<title>"`
// with the expected and the actual output, and every example is checked (no
// early stop), so one run lists every failure.
//
// Input escapes (all files): → tab, ␞ U+001E, ␟ U+001F, \r CR, \u{HEX} any
// code point, \\ backslash. The input is the example's lines joined by LF,
// without a final LF.
#include <doctest/doctest.h>

#include <algorithm>
#include <cstdio>
#include <functional>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "support.h"
#include "grammar/grammar.h"
#include "tokenize/layout.h"
#include "normalize/normalize.h"
#include "recognize/recognize.h"
#include "tokenize/scan.h"
#include "base/source_text.h"
#include "extract/value.h"

using namespace xxgk;

namespace {

// ---------------------------------------------------------------------------
// Reading spec files

struct Example {
  int number = 0;     // 1-based, in the file
  int line = 0;       // line of the opening fence
  std::string title;  // nearest heading above
  std::string input, expected;
};

struct SpecFile {
  std::string rel;  // tests/spec/<name>
  std::vector<Example> examples;
  std::vector<std::string> errors;  // malformed examples, with their line
};

const std::string kFence(32, '`');

bool is_example_start(std::string_view line) {
  if (line.substr(0, kFence.size()) != kFence) return false;
  std::string_view rest = line.substr(kFence.size());
  while (!rest.empty() && rest.front() == ' ') rest.remove_prefix(1);
  while (!rest.empty() && (rest.back() == ' ' || rest.back() == '\r')) rest.remove_suffix(1);
  return rest == "example";
}

bool is_example_end(std::string_view line) {
  if (line.substr(0, kFence.size()) != kFence) return false;
  std::string_view rest = line.substr(kFence.size());
  return rest.find_first_not_of(" \r") == std::string_view::npos;
}

std::string join(const std::vector<std::string>& lines) {
  std::string out;
  for (size_t i = 0; i < lines.size(); ++i) {
    if (i) out += '\n';
    out += lines[i];
  }
  return out;
}

std::vector<std::string> split_lines(const std::string& s) {
  std::vector<std::string> out;
  std::string line;
  std::istringstream in(s);
  while (std::getline(in, line)) out.push_back(line);
  return out;
}

SpecFile read_spec(const std::string& name) {
  SpecFile f;
  f.rel = "tests/spec/" + name;
  std::string text = test::read_file(test::source_path(f.rel));
  if (text.empty()) {
    f.errors.push_back(f.rel + ": missing or empty");
    return f;
  }
  std::vector<std::string> lines = split_lines(text);
  std::string title;
  enum { prose, input, output } state = prose;
  Example ex;
  std::vector<std::string> in_lines, out_lines;
  for (size_t i = 0; i < lines.size(); ++i) {
    const std::string& line = lines[i];
    const int number = static_cast<int>(i) + 1;
    switch (state) {
      case prose:
        if (is_example_start(line)) {
          ex = Example{};
          ex.number = static_cast<int>(f.examples.size()) + 1;
          ex.line = number;
          ex.title = title;
          in_lines.clear();
          out_lines.clear();
          state = input;
        } else if (!line.empty() && line[0] == '#') {
          size_t b = line.find_first_not_of("# ");
          title = b == std::string::npos ? std::string() : line.substr(b);
        }
        break;
      case input:
        if (line == ".") {
          state = output;
        } else if (is_example_end(line)) {
          f.errors.push_back(f.rel + ":" + std::to_string(ex.line) + ": example " + std::to_string(ex.number) +
                             " has no '.' line between input and output");
          state = prose;
        } else {
          in_lines.push_back(line);
        }
        break;
      case output:
        if (is_example_end(line)) {
          ex.input = join(in_lines);
          ex.expected = join(out_lines);
          f.examples.push_back(ex);
          state = prose;
        } else {
          out_lines.push_back(line);
        }
        break;
    }
  }
  if (state != prose)
    f.errors.push_back(f.rel + ":" + std::to_string(ex.line) + ": example " + std::to_string(ex.number) +
                       " is not closed");
  return f;
}

// ---------------------------------------------------------------------------
// Escapes

void append_utf8(std::string& out, uint32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

constexpr std::string_view kTab = "→", kRow = "␞", kCell = "␟", kSpace = "␣";

std::string unescape(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size();) {
    std::string_view rest = s.substr(i);
    if (rest.substr(0, kTab.size()) == kTab) {
      out += '\t';
      i += kTab.size();
    } else if (rest.substr(0, kRow.size()) == kRow) {
      out += '\x1E';
      i += kRow.size();
    } else if (rest.substr(0, kCell.size()) == kCell) {
      out += '\x1F';
      i += kCell.size();
    } else if (rest.substr(0, 2) == "\\r") {
      out += '\r';
      i += 2;
    } else if (rest.substr(0, 2) == "\\\\") {
      out += '\\';
      i += 2;
    } else if (rest.substr(0, 3) == "\\u{" && rest.find('}') != std::string_view::npos) {
      size_t close = rest.find('}');
      std::string hex(rest.substr(3, close - 3));
      append_utf8(out, static_cast<uint32_t>(std::stoul(hex, nullptr, 16)));
      i += close + 1;
    } else {
      out += s[i];
      ++i;
    }
  }
  return out;
}

// Decodes one UTF-8 code point at s[i] (advancing i); invalid bytes give
// 0xFFFD and advance by one.
uint32_t next_code_point(std::string_view s, size_t& i) {
  auto b = static_cast<unsigned char>(s[i]);
  int len = b < 0x80 ? 1 : (b >> 5) == 6 ? 2 : (b >> 4) == 14 ? 3 : (b >> 3) == 30 ? 4 : 0;
  if (len == 0 || i + static_cast<size_t>(len) > s.size()) {
    ++i;
    return 0xFFFD;
  }
  uint32_t cp = len == 1 ? b : len == 2 ? (b & 0x1F) : len == 3 ? (b & 0x0F) : (b & 0x07);
  for (int k = 1; k < len; ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + static_cast<size_t>(k)]) & 0x3F);
  i += static_cast<size_t>(len);
  return cp;
}

bool is_invisible(uint32_t cp) {
  return cp < 0x20 || (cp >= 0x7F && cp <= 0xA0) || cp == 0xAD || (cp >= 0x2000 && cp <= 0x200F) ||
         (cp >= 0x2028 && cp <= 0x202F) || (cp >= 0x205F && cp <= 0x206F) || cp == 0x3000 || cp == 0xFEFF;
}

// The inverse of unescape for output: LF stays a line break; a space is ␣
// when `mark_spaces`; other invisible characters are \u{HEX}.
std::string visible(std::string_view s, bool mark_spaces) {
  std::string out;
  for (size_t i = 0; i < s.size();) {
    const size_t start = i;
    uint32_t cp = next_code_point(s, i);
    if (cp == '\n')
      out += '\n';
    else if (cp == '\t')
      out += kTab;
    else if (cp == 0x1E)
      out += kRow;
    else if (cp == 0x1F)
      out += kCell;
    else if (cp == '\r')
      out += "\\r";
    else if (cp == ' ')
      out += mark_spaces ? std::string(kSpace) : std::string(" ");
    else if (cp == '\\')
      out += "\\\\";
    else if (is_invisible(cp)) {
      char buf[16];
      std::snprintf(buf, sizeof buf, "\\u{%X}", cp);
      out += buf;
    } else {
      out.append(s.substr(start, i - start));
    }
  }
  return out;
}

// ---------------------------------------------------------------------------
// The stages, rendered in each file's dump format

const GrammarSet& grammars() {
  static const GrammarSet set = load_grammars(test::source_path("grammars"));
  return set;
}

const Grammar& gov2021() {
  const Grammar* g = grammars().find("gov-2021");
  REQUIRE(g != nullptr);
  return *g;
}

const LabelIndex& gov2021_labels() {
  static const LabelIndex index(gov2021());
  return index;
}

// The original input, normalized, with the pipeline's "as printed" mapping.
struct Prepared {
  std::string original;
  Normalized norm;
};

Prepared prepare(const std::string& input) {
  Prepared p;
  p.original = unescape(input);
  p.norm = normalize(SourceText::identity(p.original));
  return p;
}

// As in Engine::parse: a normalized byte range to the original bytes it came from.
PrintedText printed_of(const Prepared& p) {
  return [&p](uint32_t b, uint32_t e) {
    const size_t last = p.norm.pre_size() - 1;
    uint32_t pb = p.norm.pre_at(std::min<size_t>(b, last));
    uint32_t pe = p.norm.pre_at(std::min<size_t>(e, last));
    if (e > b && pe <= pb) pe = pb + 1;
    return p.original.substr(pb, pe - pb);
  };
}

std::string opt(const std::optional<int>& v) {
  return v ? std::to_string(*v) : "-";
}

std::string dump_normalize(const std::string& input) {
  return visible(normalize_string(unescape(input)), true);
}

std::string dump_layout(const std::string& input) {
  std::string text = normalize_string(unescape(input));
  Layout layout = split_layout(text);
  std::vector<std::string> out;
  for (auto& row : layout.rows) {
    std::string line = std::string(to_string(row.kind)) + ":";
    if (!row.cells.empty()) line += ' ';
    for (auto& c : row.cells)
      line += "[" + visible(std::string_view(text).substr(c.begin, c.end - c.begin), false) + "]";
    out.push_back(line);
  }
  return join(out);
}

std::string dump_references(const std::string& input) {
  Prepared p = prepare(input);
  auto refs = find_references(p.norm, printed_of(p));
  std::vector<std::string> out;
  for (auto& r : refs)
    out.push_back(r.text + " article=" + std::to_string(r.article) + " paragraph=" + opt(r.paragraph) +
                  " item=" + opt(r.item) + " offset=" + std::to_string(r.offset));
  return join(out);
}

std::string dump_headings(const std::string& input) {
  Prepared p = prepare(input);
  Layout layout = split_layout(p.norm.text.text);
  auto sections = find_sections(p.norm, layout, &gov2021(), &gov2021_labels(), printed_of(p));
  std::vector<std::string> out;
  for (auto& s : sections)
    out.push_back(std::to_string(s.level) + " " + s.number + " " + s.title + " numbered=" + (s.numbered ? "1" : "0") +
                  " template=" + (s.in_template ? "1" : "0"));
  return join(out);
}

std::string dump_value_line(const std::string& line) {
  std::string spec = line.substr(0, line.find(' '));
  std::string text = line.find(' ') == std::string::npos ? std::string() : line.substr(line.find(' ') + 1);
  ColumnSpec column;
  column.id = "spec";
  std::string kind = spec.substr(0, spec.find(':'));
  if (spec.find(':') != std::string::npos) column.unit = spec.substr(spec.find(':') + 1);
  if (kind == "count")
    column.kind = CellKind::count;
  else if (kind == "signed")
    column.kind = CellKind::signed_count;
  else if (kind == "amount")
    column.kind = CellKind::amount;
  else
    return "bad kind '" + kind + "'";
  ParsedValue v = parse_value(normalize_string(text), column, grammars().common);
  switch (v.status) {
    case ParsedValue::Status::blank: return "blank";
    case ParsedValue::Status::invalid: return "invalid";
    case ParsedValue::Status::number: break;
  }
  return "number " + (v.value ? v.value->str() : std::string("?")) + " unit=" + (v.unit.empty() ? "-" : v.unit);
}

std::string dump_values(const std::string& input) {
  std::vector<std::string> out;
  // One cell per input line; an input of one empty line is one empty cell.
  std::string text = unescape(input);
  size_t start = 0;
  while (true) {
    size_t nl = text.find('\n', start);
    out.push_back(dump_value_line(text.substr(start, nl == std::string::npos ? std::string::npos : nl - start)));
    if (nl == std::string::npos) break;
    start = nl + 1;
  }
  return join(out);
}

// ---------------------------------------------------------------------------
// Running a file

constexpr size_t kMinExamples = 8;

std::string indent(const std::string& s) {
  if (s.empty()) return "    (nothing)\n";
  std::string out;
  for (auto& l : split_lines(s)) out += "    " + l + "\n";
  return out;
}

void run_spec(const std::string& name, const std::function<std::string(const std::string&)>& dump) {
  SpecFile f = read_spec(name);
  for (auto& e : f.errors) FAIL_CHECK(e);
  CHECK_MESSAGE(f.examples.size() >= kMinExamples, f.rel << " has " << f.examples.size() << " examples");
  size_t failed = 0;
  for (auto& ex : f.examples) {
    std::string actual;
    try {
      actual = dump(ex.input);
    } catch (const GrammarError& e) {
      actual = "<GrammarError " + e.what() + ">";
    } catch (const std::exception& e) {
      actual = std::string("<exception ") + e.what() + ">";
    }
    const bool ok = actual == ex.expected;
    failed += !ok;
    CHECK_MESSAGE(ok, f.rel << ":" << ex.line << ": example " << ex.number << " \"" << ex.title << "\"\n"
                            << "  expected:\n"
                            << indent(ex.expected) << "  actual:\n"
                            << indent(actual));
  }
  if (failed) MESSAGE(f.rel << ": " << f.examples.size() - failed << "/" << f.examples.size() << " examples pass");
}

const char* const kSpecFiles[] = {"references.txt", "headings.txt", "values.txt", "layout.txt", "normalize.txt"};

}  // namespace

TEST_CASE("spec: every spec file has examples") {
  for (const char* name : kSpecFiles) {
    SpecFile f = read_spec(name);
    CAPTURE(name);
    CHECK(f.errors.empty());
    CHECK_MESSAGE(f.examples.size() >= kMinExamples,
                  f.rel << " has " << f.examples.size() << " examples, fewer than " << kMinExamples);
    for (auto& ex : f.examples)
      CHECK_MESSAGE(!ex.title.empty(), f.rel << ":" << ex.line << ": example without a title");
  }
}

TEST_CASE("spec: the driver's escapes") {
  CHECK(unescape("a→b␞c␟d\\r\\u{3000}\\\\") == std::string("a\tb\x1E"
                                                           "c\x1F"
                                                           "d\r\xE3\x80\x80\\"));
  CHECK(visible(std::string("a b\t\x1E\x1F\xC2\xA0\r"), true) == "a␣b→␞␟\\u{A0}\\r");
  CHECK(visible("a b", false) == "a b");
}

TEST_CASE("spec: references.txt") {
  run_spec("references.txt", dump_references);
}
TEST_CASE("spec: headings.txt") {
  run_spec("headings.txt", dump_headings);
}
TEST_CASE("spec: values.txt") {
  run_spec("values.txt", dump_values);
}
TEST_CASE("spec: layout.txt") {
  run_spec("layout.txt", dump_layout);
}
TEST_CASE("spec: normalize.txt") {
  run_spec("normalize.txt", dump_normalize);
}
