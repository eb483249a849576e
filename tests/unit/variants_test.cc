// One report, every published form: the tab-row samples are rendered by this
// test as HTML (UTF-8, and GB2312 with a meta charset), markdown pipe tables,
// one cell per line, pdftotext-style aligned columns, and DOCX; each variant
// must give the same cells and the same findings as the original.
#include <doctest/doctest.h>
#include <unicode/translit.h>
#include <unicode/ucnv.h>

#include <sstream>

#include "encode_support.h"
#include "support.h"
#include "zip_support.h"

using namespace xxgk;
using namespace xxgk::test;

namespace {

using Rows = std::vector<std::vector<std::string>>;  // a line: one cell (prose) or several

Rows split_report(const std::string& text) {
  Rows rows;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.rfind("\xEF\xBB\xBF", 0) == 0) line.erase(0, 3);
    std::vector<std::string> cells;
    std::istringstream cs(line);
    for (std::string c; std::getline(cs, c, '\t');) cells.push_back(c);
    if (cells.empty()) cells.push_back("");
    rows.push_back(std::move(cells));
  }
  return rows;
}

std::string escape_xml(const std::string& s) {
  std::string out;
  for (char c : s) out += c == '<' ? "&lt;" : c == '>' ? "&gt;" : c == '&' ? "&amp;" : std::string(1, c);
  return out;
}

// A line break inside a cell (a long label wrapped in its column), written
// by each form in its own way.
constexpr char kCellBreak = '\x01';

std::string with_breaks(const std::string& s, const std::string& brk) {
  std::string out;
  for (char c : s) out += c == kCellBreak ? brk : std::string(1, c);
  return out;
}

// Consecutive multi-cell lines form one table.
template <typename Prose, typename Open, typename Row, typename Close>
std::string render(const Rows& rows, Prose prose, Open open, Row row, Close close) {
  std::string out;
  bool in_table = false;
  for (auto& r : rows) {
    if (r.size() > 1) {
      if (!in_table) out += open(r);
      in_table = true;
      out += row(r);
    } else {
      if (in_table) out += close();
      in_table = false;
      out += prose(r[0]);
    }
  }
  if (in_table) out += close();
  return out;
}

std::string as_html(const Rows& rows, const std::string& charset) {
  return "<html><head><meta charset=\"" + charset +
         "\"><title>报告</title></head><body><div class=\"nav\">首页 > 政务公开</div>\n" +
         render(
             rows, [](auto& p) { return "<p>" + with_breaks(escape_xml(p), "<br>") + "</p>\n"; },
             [](auto&) { return std::string("<table border=\"1\">\n"); },
             [](auto& r) {
               std::string tr = "<tr>";
               for (auto& c : r) tr += "<td><p>" + with_breaks(escape_xml(c), "<br/>") + "</p></td>";
               return tr + "</tr>\n";
             },
             [] { return std::string("</table>\n"); }) +
         "<div class=\"footer\">网站标识码 0000000000</div></body></html>\n";
}

std::string as_markdown(const Rows& rows) {
  return render(
      rows, [](auto& p) { return p + "\n\n"; },
      [](auto& r) {
        std::string head = "|";
        for (size_t i = 0; i < r.size(); ++i) head += " |";
        std::string rule = "|";
        for (size_t i = 0; i < r.size(); ++i) rule += "---|";
        return head + "\n" + rule + "\n";
      },
      [](auto& r) {
        std::string line = "|";
        for (auto& c : r) line += " " + with_breaks(c, "<br>") + " |";
        return line + "\n";
      },
      [] { return std::string("\n"); });
}

std::string as_cell_per_line(const Rows& rows) {
  return render(
      rows, [](auto& p) { return p + "\n"; }, [](auto&) { return std::string("\n"); },
      [](auto& r) {
        std::string block;
        for (auto& c : r) block += "\t" + with_breaks(c, "\n\t") + "\n";
        return block + "\n";
      },
      [] { return std::string("\n"); });
}

std::string as_layout(const Rows& rows) {  // what pdftotext -layout prints
  return render(
      rows, [](auto& p) { return "    " + p + "\n"; }, [](auto&) { return std::string("\n"); },
      [](auto& r) {
        std::string line = "  ";
        for (auto& c : r) line += with_breaks(c, "") + "      ";
        return line + "\n";
      },
      [] { return std::string("\n\f\n"); });
}

std::string as_docx(const Rows& rows) {
  auto para = [](const std::string& t) {
    return "<w:p><w:r><w:t xml:space=\"preserve\">" +
           with_breaks(escape_xml(t), "</w:t><w:br/><w:t xml:space=\"preserve\">") + "</w:t></w:r></w:p>";
  };
  std::string body = render(
      rows, para, [](auto&) { return std::string("<w:tbl>"); },
      [&](auto& r) {
        std::string tr = "<w:tr>";
        for (auto& c : r) tr += "<w:tc>" + para(c) + "</w:tc>";
        return tr + "</w:tr>";
      },
      [] { return std::string("</w:tbl>"); });
  std::string doc = R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>)" +
                    body + "<w:sectPr/></w:body></w:document>";
  return make_zip(
      {{"[Content_Types].xml",
        R"(<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>)"},
       {"word/document.xml", doc}});
}

std::vector<std::string> findings_of(const Record& r) {
  std::vector<std::string> out;
  for (auto& f : r.findings) out.push_back(f.rule + "/" + f.scope + " " + f.lhs.str() + " " + f.rhs.str());
  return out;
}

}  // namespace

TEST_CASE("variants: the same report as text, HTML, markdown, cell-per-line, PDF text and DOCX") {
  for (std::string sample : {"gov2021-tab-rows.txt", "gov2021-broken-sums.txt"}) {
    CAPTURE(sample);
    std::string text = read_file(source_path("corpus/reports/" + sample));
    Record original = parse(text, sample);
    REQUIRE(original.count(CellStatus::read) == original.cells.size());
    Rows rows = split_report(text);
    const std::vector<std::pair<std::string, std::string>> variants = {
        {"v.html", as_html(rows, "utf-8")}, {"v-gb.html", encode(as_html(rows, "gb2312"), "GB18030")},
        {"v.md", as_markdown(rows)},        {"v-cells.txt", as_cell_per_line(rows)},
        {"v-layout.txt", as_layout(rows)},  {"v.docx", as_docx(rows)},
    };
    for (auto& variant : variants) {
      const auto& name = variant.first;  // captured by doctest's macros: no structured binding (clang)
      const auto& bytes = variant.second;
      CAPTURE(name);
      Record v = parse(bytes, name);
      CHECK(v.template_id == original.template_id);
      CHECK(v.agency == original.agency);
      CHECK(v.year == original.year);
      REQUIRE(v.cells.size() == original.cells.size());
      size_t same = 0;
      for (size_t i = 0; i < v.cells.size(); ++i) {
        bool eq = v.cells[i].status == original.cells[i].status && v.cells[i].value == original.cells[i].value;
        if (eq)
          ++same;
        else
          CHECK_MESSAGE(false, v.cells[i].key << ": " << value_of(v, v.cells[i].key) << " vs "
                                              << value_of(original, v.cells[i].key));
      }
      CHECK(same == original.cells.size());
      CHECK(findings_of(v) == findings_of(original));
      CHECK(v.unplaced.empty());
    }
  }
}

// Rows mutated as reports print them, in every form: long labels wrapped
// inside their cells, 本年增/减 in words, thousands separators, zeros
// printed as blank markers. Cells must come back as in the clean report (a
// zero printed blank comes back blank), with the same findings.
Rows mutate(Rows rows) {
  static const std::vector<std::string> kMarkers = {"/", "—", "无"};
  size_t zeros = 0;
  for (auto& r : rows) {
    if (r.size() < 2) continue;
    for (auto& c : r) {
      bool figure = !c.empty() && c.find_first_not_of("0123456789+-.") == std::string::npos;
      if (!figure && c.size() >= 4 * 3 && static_cast<unsigned char>(c[0]) >= 0x80) {
        size_t mid = c.size() / 2;
        while (mid < c.size() && (static_cast<unsigned char>(c[mid]) & 0xC0) == 0x80) ++mid;
        c.insert(mid, 1, kCellBreak);
      } else if (figure && c[0] == '+') {
        c = "增加" + c.substr(1);
      } else if (figure && c[0] == '-' && c.size() > 1) {
        c = "减少" + c.substr(1);
      } else if (figure && c.size() >= 4 && c.find('.') == std::string::npos) {
        c = c.substr(0, c.size() - 3) + "," + c.substr(c.size() - 3);
      } else if (c == "0" && zeros++ % 4 == 0) {
        c = kMarkers[zeros % kMarkers.size()];
      }
    }
  }
  return rows;
}

TEST_CASE("variants: a mutated report in every published form keeps its cells and findings") {
  for (std::string sample : {"gov2021-tab-rows.txt", "gov2021-broken-sums.txt"}) {
    CAPTURE(sample);
    std::string text = read_file(source_path("corpus/reports/" + sample));
    Record original = parse(text, sample);
    Rows rows = mutate(split_report(text));
    const std::vector<std::pair<std::string, std::string>> variants = {
        {"m.html", as_html(rows, "utf-8")}, {"m.md", as_markdown(rows)}, {"m-cells.txt", as_cell_per_line(rows)},
        {"m-layout.txt", as_layout(rows)},  {"m.docx", as_docx(rows)},
    };
    for (auto& variant : variants) {
      const auto& name = variant.first;  // captured by doctest's macros: no structured binding (clang)
      const auto& bytes = variant.second;
      CAPTURE(name);
      Record v = parse(bytes, name);
      CHECK(v.template_id == original.template_id);
      REQUIRE(v.cells.size() == original.cells.size());
      size_t blanked = 0;
      for (size_t i = 0; i < v.cells.size(); ++i) {
        const CellValue &m = v.cells[i], &o = original.cells[i];
        bool zero_blanked = m.status == CellStatus::blank && o.value && o.value->mantissa == 0;
        blanked += zero_blanked;
        bool same = (m.status == o.status && m.value == o.value) || zero_blanked;
        CHECK_MESSAGE(same, m.key << ": " << value_of(v, m.key) << " (" << to_string(m.status) << ") vs "
                                  << value_of(original, m.key));
      }
      CHECK(blanked >= 10);  // the mutation did print zeros blank
      CHECK(findings_of(v) == findings_of(original));
    }
  }
}

TEST_CASE("variants: the seed in Traditional characters, Big5-encoded, reads as if Simplified") {
  std::string seed = read_file(shared_corpus("seed/000_3b10d53d6ce3f43f.txt"));
  // Simplified -> Traditional with ICU, then Big5 bytes, as a mirror site serves it.
  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<icu::Transliterator> t(
      icu::Transliterator::createInstance("Simplified-Traditional", UTRANS_FORWARD, status));
  REQUIRE(U_SUCCESS(status));
  icu::UnicodeString u = icu::UnicodeString::fromUTF8(seed);
  t->transliterate(u);
  std::string traditional;
  u.toUTF8String(traditional);
  REQUIRE(traditional.find("鶴崗市南山區人民政府") != std::string::npos);
  std::string big5(traditional.size() * 2, '\0');
  int32_t n = ucnv_convert("Big5", "UTF-8", big5.data(), static_cast<int32_t>(big5.size()), traditional.data(),
                           static_cast<int32_t>(traditional.size()), &status);
  REQUIRE(U_SUCCESS(status));
  big5.resize(static_cast<size_t>(n));

  Record original = parse(seed, "seed.txt");
  Record r = parse(big5, "seed-big5.txt");
  CHECK(r.encoding == "Big5");
  CHECK(r.template_id == "gov-2019");
  CHECK(r.agency == "鹤岗市南山区人民政府");
  CHECK(r.year == 2020);
  CHECK(r.sections.size() == original.sections.size());
  CHECK(r.references.size() == 5);
  REQUIRE(r.cells.size() == original.cells.size());
  for (size_t i = 0; i < r.cells.size(); ++i) {
    CAPTURE(r.cells[i].key);
    CHECK(r.cells[i].status == original.cells[i].status);
    CHECK(r.cells[i].value == original.cells[i].value);
  }
  CHECK(r.findings.empty());
}
