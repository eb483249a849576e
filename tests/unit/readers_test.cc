// Input readers: sniffing, and each reader's canonical text layout (readers.h)
// with origins that point back into the input.
#include "readers/readers.h"

#include <doctest/doctest.h>
#include <unicode/ucnv.h>
#include <unicode/unistr.h>
#include <zip.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "encode_support.h"
#include "readers/docx_archive.h"
#include "support.h"
#include "zip_support.h"

namespace {

using xxgk::InputKind;
using xxgk::ReadResult;

std::string slurp(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  REQUIRE(f.good());
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

using xxgk::test::encode;

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  std::stringstream ss(text);
  for (std::string line; std::getline(ss, line);) out.push_back(line);
  return out;
}

size_t count_rows(const std::string& text) {
  size_t n = 0;
  for (const std::string& l : lines_of(text)) n += !l.empty() && l[0] == xxgk::kRowMark;
  return n;
}

bool has_line(const ReadResult& r, const std::string& line) {
  const auto lines = lines_of(r.text.text);
  return std::find(lines.begin(), lines.end(), line) != lines.end();
}

bool has_code(const ReadResult& r, std::string_view code) {
  return std::any_of(r.diagnostics.begin(), r.diagnostics.end(), [&](const auto& d) { return d.code == code; });
}

size_t occurrences(std::string_view hay, std::string_view needle) {
  size_t n = 0;
  for (size_t at = hay.find(needle); at != std::string_view::npos; at = hay.find(needle, at + 1)) ++n;
  return n;
}

// ---- a zip built in memory: see zip_support.h ----
using xxgk::test::Entry;
using xxgk::test::make_zip;

const std::string kDocumentXml = R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
<w:body>
<w:p><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr><w:tabs><w:tab w:val="left" w:pos="420"/></w:tabs></w:pPr><w:r><w:t>一、总体情况</w:t></w:r></w:p>
<w:p><w:r><w:t xml:space="preserve">本年度 </w:t></w:r><w:r><w:tab/><w:t>A&amp;B</w:t></w:r><w:del><w:r><w:delText>删掉</w:delText></w:r></w:del></w:p>
<w:p/>
<w:tbl><w:tblPr/><w:tblGrid><w:gridCol/><w:gridCol/><w:gridCol/></w:tblGrid>
<w:tr><w:tc><w:tcPr><w:gridSpan w:val="2"/></w:tcPr><w:p><w:r><w:t>信息内容</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>本年新</w:t></w:r></w:p><w:p><w:r><w:t>制作数量</w:t></w:r></w:p></w:tc></w:tr>
<w:tr><w:tc><w:tcPr><w:vMerge w:val="restart"/></w:tcPr><w:p><w:r><w:t>三、本年度办理结果</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>（一）予以公开</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>258</w:t></w:r></w:p></w:tc></w:tr>
<w:tr><w:tc><w:tcPr><w:vMerge/></w:tcPr><w:p/></w:tc><w:tc><w:p><w:r><w:t>（二）部分公开</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t xml:space="preserve"> </w:t></w:r></w:p></w:tc></w:tr>
</w:tbl>
<w:p><w:r><w:t>六、其他</w:t></w:r><w:r><w:br/><w:t>无。</w:t></w:r></w:p>
<w:sectPr/>
</w:body></w:document>)";

// ---- a PDF written by hand: Helvetica text at given positions ----

std::string make_pdf(const std::string& content) {
  const std::vector<std::string> objects = {
      "<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
      "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 5 0 R >> >> "
      "/Contents 4 0 R >>",
      "<< /Length " + std::to_string(content.size()) + " >>\nstream\n" + content + "\nendstream",
      "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"};
  std::string pdf = "%PDF-1.4\n";
  std::vector<size_t> offsets;
  for (size_t i = 0; i < objects.size(); ++i) {
    offsets.push_back(pdf.size());
    pdf += std::to_string(i + 1) + " 0 obj\n" + objects[i] + "\nendobj\n";
  }
  const size_t xref = pdf.size();
  pdf += "xref\n0 " + std::to_string(objects.size() + 1) + "\n0000000000 65535 f \n";
  for (const size_t off : offsets) {
    char entry[32];
    std::snprintf(entry, sizeof entry, "%010zu 00000 n \n", off);
    pdf += entry;
  }
  pdf += "trailer\n<< /Size " + std::to_string(objects.size() + 1) + " /Root 1 0 R >>\nstartxref\n" +
         std::to_string(xref) + "\n%%EOF\n";
  return pdf;
}

const std::string kShanghaiPath = xxgk::test::shared_corpus("real/001-2019-shanghai-bgt.html");

}  // namespace

// ---- sniff -------------------------------------------------------------------

TEST_CASE("sniff: each kind of input") {
  const std::string docx = make_zip({{"[Content_Types].xml", "<Types/>"}, {"word/document.xml", kDocumentXml}});
  const std::string other_zip = make_zip({{"hello.txt", "hello"}});
  CHECK(xxgk::sniff("%PDF-1.7\n%\xE2\xE3\xCF\xD3\n1 0 obj", "report.bin") == InputKind::pdf);
  CHECK(xxgk::sniff(docx, "report") == InputKind::docx);
  CHECK(xxgk::sniff(other_zip, "report.docx") == InputKind::unknown_binary);
  CHECK(xxgk::sniff(std::string("PK\x03\x04garbage", 11), "report.docx") == InputKind::docx);
  CHECK(xxgk::sniff(std::string("PK\x03\x04garbage", 11), "report.zip") == InputKind::unknown_binary);
  CHECK(xxgk::sniff(std::string("\x7F"
                                "ELF\x02\x01\x01\0\0\0",
                                10),
                    "a.txt") == InputKind::unknown_binary);
  CHECK(xxgk::sniff("<!DOCTYPE html><html><body>x</body></html>", "a") == InputKind::html);
  CHECK(xxgk::sniff("\xEF\xBB\xBF\r\n  <HTML><BODY>x", "a") == InputKind::html);
  CHECK(xxgk::sniff("<?xml version=\"1.0\"?>\n<!-- saved -->\n<html>", "a") == InputKind::html);
  CHECK(xxgk::sniff("2019年报告\n一、总体情况\n", "a.html") == InputKind::text);
  CHECK(xxgk::sniff("2019年报告\n一、总体情况\n", "a.txt") == InputKind::text);
  CHECK(xxgk::sniff("2019年报告 <span>一</span>", "a.htm") == InputKind::html);
  CHECK(xxgk::sniff("2019年报告 <span>一</span>", "a.txt") == InputKind::text);
  // A .txt holding a page is HTML: content decides, by the page's skeleton.
  CHECK(xxgk::sniff("一、总体情况<table><tr><td>本年度</td></tr></table>", "saved.txt") == InputKind::html);
  // Inline tags are no skeleton: text and markdown copied from a page keep
  // <br> and <p>, and stay text (issue #10, class 7).
  CHECK(xxgk::sniff("一、总体情况<p>本年度</p>", "saved.txt") == InputKind::text);
  CHECK(xxgk::sniff("# 报告\n\n| 3.危及“三<br>安全一稳定” | 0 |\n", "r.md") == InputKind::text);
  CHECK(xxgk::sniff("一、总体情况<br/>本年度", "r.txt") == InputKind::text);
  CHECK(xxgk::sniff("<pre>not a paragraph", "a.txt") == InputKind::text);
  const std::string wide = std::string("\xFF\xFE", 2) + encode("<html><body><p>报告</p></body></html>", "UTF-16LE");
  CHECK(xxgk::sniff(wide, "a.txt") == InputKind::html);
}

TEST_CASE("sniff: the Shanghai page, a one-line fragment starting with <p style=...>") {
  const std::string page = slurp(kShanghaiPath);
  REQUIRE(page.find('\n') == std::string::npos);
  CHECK(xxgk::sniff(page, "001-2019-shanghai-bgt.html") == InputKind::html);
  CHECK(xxgk::sniff(page, "copy.txt") == InputKind::html);
  CHECK(xxgk::sniff(page, "") == InputKind::html);
}

// ---- read_text -----------------------------------------------------------------

TEST_CASE("read_text: decoded as it is, line ends kept") {
  const std::string text = "一、总体情况\r\n本年度\r共受理859件\n";
  const ReadResult r = xxgk::read_text(encode(text, "GB18030"));
  CHECK(r.ok);
  CHECK(r.encoding == "GB18030");
  CHECK(r.text.text == text);
  CHECK(r.text.origin.size() == r.text.text.size() + 1);
}

TEST_CASE("read_text: empty and binary input are refused") {
  const ReadResult empty = xxgk::read_text("");
  CHECK_FALSE(empty.ok);
  CHECK(has_code(empty, "input.empty"));
  const ReadResult binary = xxgk::read_text(std::string("\x01\x02\0\x03", 4));
  CHECK_FALSE(binary.ok);
  CHECK(has_code(binary, "input.binary"));
}

// ---- read_html -------------------------------------------------------------------

TEST_CASE("read_html: the Shanghai page's three tables come out as rows") {
  const std::string page = slurp(kShanghaiPath);
  const ReadResult r = xxgk::read_html(page);
  REQUIRE(r.ok);
  CHECK(r.encoding == "UTF-8");
  const std::string& t = r.text.text;
  // 18 rows in table 1 (主动公开), 26 in table 2 (申请), 4 in table 3 (复议诉讼).
  CHECK(count_rows(t) == 48);
  const auto lines = lines_of(t);
  REQUIRE(!lines.empty());
  CHECK(lines[0] == "2019年上海市人民政府办公厅政府信息公开工作年度报告");
  CHECK(lines[1] == "发布日期：2020-01-31");
  CHECK(has_line(r, "一、总体情况"));
  CHECK(has_line(r, "\x1E信息内容\x1F本年新 制作数量\x1F本年新 公开数量\x1F对外公开总数量"));
  CHECK(has_line(r,
                 "\x1E政府集中采购\x1F"
                 "6\x1F"
                 "251000元"));
  // The rowspan label comes once, on the first row it spans.
  CHECK(has_line(r,
                 "\x1E三、本年度办理结果\x1F（一）予以公开\x1F"
                 "258\x1F"
                 "12\x1F\x1F\x1F"
                 "1\x1F"
                 "1\x1F"));
  CHECK(has_line(r,
                 "\x1E（二）部分公开（区分处理的，只计这一情形，不计其他情形）\x1F"
                 "3\x1F\x1F\x1F\x1F\x1F\x1F"));
  CHECK(has_line(r,
                 "\x1E（七）总计\x1F"
                 "767\x1F"
                 "35\x1F\x1F\x1F"
                 "2\x1F"
                 "1\x1F"
                 "805"));
  CHECK(has_line(r,
                 "\x1E"
                 "5\x1F\x1F\x1F"
                 "2\x1F"
                 "7\x1F"
                 "8\x1F\x1F\x1F"
                 "1\x1F"
                 "9\x1F\x1F\x1F\x1F\x1F"));
  CHECK(occurrences(t, "三、本年度办理结果") == 1);
  // Entities are decoded.
  CHECK(t.find("《上海市贯彻<长江三角洲区域一体化发展规划纲要>实施方案》") != std::string::npos);
  CHECK(t.find("&lt;") == std::string::npos);
  CHECK(t.find("&nbsp;") == std::string::npos);
}

TEST_CASE("read_html: Shanghai origins point at the very bytes in the file") {
  const std::string page = slurp(kShanghaiPath);
  const ReadResult r = xxgk::read_html(page);
  const std::string& t = r.text.text;
  REQUIRE(r.text.origin.size() == t.size() + 1);
  // Every byte copied from the page maps to an equal byte; '<' and '>' came
  // from &lt; and &gt; and map to their '&'.
  size_t checked = 0;
  for (size_t i = 0; i < t.size(); ++i) {
    const char c = t[i];
    const uint32_t o = r.text.origin[i];
    REQUIRE(o < page.size());
    if (c == '<' || c == '>') {
      CHECK(page[o] == '&');
    } else if (c != xxgk::kRowMark && c != xxgk::kCellMark && c != '\n' && c != ' ') {
      CHECK(page[o] == c);
      ++checked;
    }
  }
  CHECK(checked > 15000);
  const size_t row = t.find("\x1E三、本年度办理结果");
  REQUIRE(row != std::string::npos);
  CHECK(page.compare(r.text.origin[row], 3, "<tr") == 0);
  const size_t n258 = t.find(
                          "\x1F"
                          "258",
                          row) +
                      1;
  CHECK(page.compare(r.text.origin[n258], 3, "258") == 0);
  CHECK(page.compare(r.text.origin[n258 - 1], 3, "<td") == 0);
}

TEST_CASE("read_html: GB2312 page with a meta charset, and the same page without one") {
  const std::string html =
      "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=gb2312\">"
      "<title>2019年政府信息公开工作年度报告</title><script>var s = \"<p>不是正文</p>\";</script>"
      "<style>p { color: red }</style></head>\r\n<body><div>一、总体情况</div>"
      "<p>本年度共受理政府信息公开申请<b>859</b>件，\r\n答复805件。</p>"
      "<table><tr><th>信息内容</th><th colspan=\"2\">本年新<br/>制作数量</th></tr>"
      "<tr><td>规章</td><td>13</td><td>&nbsp;</td></tr></table>"
      "<p style=\"display:none\">隐藏</p><p>二、主动公开政府信息情况</p></body></html>";
  const std::string expected =
      "2019年政府信息公开工作年度报告\n一、总体情况\n本年度共受理政府信息公开申请859件， 答复805件。\n"
      "\x1E信息内容\x1F本年新 制作数量\n\x1E规章\x1F"
      "13\x1F\n二、主动公开政府信息情况\n";
  const std::string gb = encode(html, "GB18030");
  const ReadResult declared = xxgk::read_html(gb);
  REQUIRE(declared.ok);
  CHECK(declared.encoding == "GB18030");
  CHECK(declared.text.text == expected);
  const size_t at = declared.text.text.find("859");
  CHECK(gb.compare(declared.text.origin[at], 3, "859") == 0);

  std::string bare = html;
  bare.erase(bare.find("<meta"), bare.find("<title>") - bare.find("<meta"));
  const ReadResult detected = xxgk::read_html(encode(bare, "GB18030"));
  REQUIRE(detected.ok);
  CHECK(detected.encoding == "GB18030");
  CHECK(detected.text.text == expected);

  // A crawler re-encoded the page to UTF-8 and kept the gb2312 tag: the bytes win.
  const ReadResult stale = xxgk::read_html(html);
  CHECK(stale.encoding == "UTF-8");
  CHECK(stale.text.text == expected);
  CHECK(has_code(stale, "html.charset_mismatch"));
}

TEST_CASE("read_html: layout tables are blocks, the nested data table is rows") {
  const std::string html =
      "<table><tr><td>首页 &gt; 政务公开</td></tr></table>"
      "<table width=\"100%\"><tr><td><p>标题</p><p>正文一</p>"
      "<table><tr><td>规章</td><td>13</td></tr><tr><td rowspan=\"2\">甲</td><td>1</td></tr><tr><td>2</td></tr></table>"
      "<p>正文二</p></td><td>侧栏</td></tr></table><pre>第一行\n  第二行</pre>";
  const ReadResult r = xxgk::read_html(html);
  REQUIRE(r.ok);
  CHECK(r.text.text ==
        "首页 > 政务公开\n标题\n正文一\n\x1E规章\x1F"
        "13\n\x1E甲\x1F"
        "1\n\x1E"
        "2\n正文二\n侧栏\n第一行\n第二行\n");
}

TEST_CASE("read_html: UTF-16 page with a BOM") {
  const std::string page =
      std::string("\xFF\xFE", 2) + encode("<html><body><p>一、总体情况</p><p>无。</p></body></html>", "UTF-16LE");
  const ReadResult r = xxgk::read_html(page);
  REQUIRE(r.ok);
  CHECK(r.encoding == "UTF-16LE");
  CHECK(r.text.text == "一、总体情况\n无。\n");
  CHECK(page.compare(r.text.origin[0], 2, encode("一", "UTF-16LE")) == 0);
}

TEST_CASE("read_html: refusals") {
  CHECK(has_code(xxgk::read_html(""), "input.empty"));
  CHECK(has_code(xxgk::read_html(std::string("<p>\0\x01\x02</p>", 9)), "input.binary"));
  // Nesting beyond the parser's comfortable depth is refused, fast.
  std::string deep;
  for (int i = 0; i < 6000; ++i) deep += "<div>";
  const ReadResult r = xxgk::read_html(deep + "x");
  CHECK_FALSE(r.ok);
  CHECK(has_code(r, "html.too_deep"));
  // Thousands of auto-closed paragraphs and unclosed cells are not deep.
  std::string flat;
  for (int i = 0; i < 6000; ++i) flat += "<p>段<br><img src=x.png>";
  CHECK(xxgk::read_html(flat).ok);
}

TEST_CASE("read_html: hidden elements, by attribute or inline style") {
  const std::string page =
      "<p hidden>甲</p><p class=x HIDDEN=\"\">乙</p><p data-s=1 style=\"DISPLAY: none\">丙</p>"
      "<p style=\"visibility : hidden;color:red\">丁</p><p style=\"color:red\" style=\"display:none\">戊</p>"
      "<p hiddenx=1 styles=\"display:none\">己</p>";
  const ReadResult r = xxgk::read_html(page);
  REQUIRE(r.ok);
  // Only the first of two style attributes counts (gumbo drops the second).
  CHECK(r.text.text == "戊\n己\n");
}

TEST_CASE("read_html: the depth limit at exactly as many tags as it allows") {
  // No more '<' than the limit: the page is not scanned, and cannot nest deeper.
  std::string at_limit;
  for (int i = 0; i < 5000; ++i) at_limit += "<div>";
  CHECK(xxgk::read_html(at_limit + "x").ok);
  // One more: scanned, and refused.
  CHECK(has_code(xxgk::read_html(at_limit + "<div>x"), "html.too_deep"));
}

TEST_CASE("read_any: HTML is checked for binary bytes once, by sniffing") {
  const std::string page = "<html><body><p>一、总体情况</p></body></html>";
  const ReadResult direct = xxgk::read_html(page);
  const ReadResult sniffed = xxgk::read_sniffed_html(page);
  REQUIRE(direct.ok);
  REQUIRE(sniffed.ok);
  CHECK(sniffed.text.text == direct.text.text);
  CHECK(sniffed.text.origin == direct.text.origin);
  // Binary bytes named .html are refused by sniffing, as read_html refuses them.
  const std::string binary("<html>\0\x01\x02\x03", 10);
  CHECK(xxgk::sniff(binary, "a.html") == xxgk::InputKind::unknown_binary);
  CHECK(has_code(xxgk::read_any(binary, "a.html"), "input.binary"));
}

// ---- read_docx -------------------------------------------------------------------

TEST_CASE("read_docx: paragraphs, tabs, gridSpan once, vMerge continuation omitted") {
  const std::string docx = make_zip({{"[Content_Types].xml", "<Types/>"}, {"word/document.xml", kDocumentXml}});
  const ReadResult r = xxgk::read_docx(docx);
  REQUIRE(r.ok);
  CHECK(r.text.text ==
        "一、总体情况\n本年度 \tA&B\n"
        "\x1E信息内容\x1F本年新 制作数量\n"
        "\x1E三、本年度办理结果\x1F（一）予以公开\x1F"
        "258\n"
        "\x1E（二）部分公开\x1F\n"
        "六、其他\n无。\n");
  // Origins are offsets into word/document.xml.
  REQUIRE(r.text.origin.size() == r.text.text.size() + 1);
  const size_t at = r.text.text.find("258");
  CHECK(kDocumentXml.compare(r.text.origin[at], 3, "258") == 0);
  const size_t head = r.text.text.find("一、总体情况");
  CHECK(kDocumentXml.compare(r.text.origin[head], 18, "一、总体情况") == 0);
  CHECK(kDocumentXml[r.text.origin[r.text.text.find("A&B")]] == 'A');
  CHECK(has_code(xxgk::read_any(docx, "r.docx"), "docx.zip_bomb") == false);
}

TEST_CASE("read_docx: broken, foreign and hostile archives are refused with their codes") {
  const ReadResult corrupt = xxgk::read_docx(std::string("PK\x03\x04garbage", 11));
  CHECK_FALSE(corrupt.ok);
  CHECK(has_code(corrupt, "docx.corrupt"));

  const ReadResult foreign = xxgk::read_docx(make_zip({{"hello.txt", "hello"}}));
  CHECK_FALSE(foreign.ok);
  CHECK(has_code(foreign, "docx.no_document"));

  // 4 MiB of one letter deflates about 1000:1.
  const ReadResult bomb = xxgk::read_docx(make_zip({{"word/document.xml", std::string(4u << 20, 'a')}}));
  CHECK_FALSE(bomb.ok);
  CHECK(has_code(bomb, "docx.zip_bomb"));

  // Stored, so the ratio is 1:1, but beyond the 64 MiB size limit.
  const ReadResult huge =
      xxgk::read_docx(make_zip({{"word/document.xml", std::string((64u << 20) + 1, ' '), /*store=*/true}}));
  CHECK_FALSE(huge.ok);
  CHECK(has_code(huge, "docx.too_large"));

  const ReadResult bad_xml = xxgk::read_docx(make_zip({{"word/document.xml", "<w:document><w:body>"}}));
  CHECK_FALSE(bad_xml.ok);
  CHECK(has_code(bad_xml, "docx.corrupt"));
}

// Little-endian field of `n` bytes at `at` (the zip format's byte order).
void put_le(std::string& s, size_t at, uint64_t v, int n) {
  for (int i = 0; i < n; ++i) s[at + static_cast<size_t>(i)] = static_cast<char>((v >> (8 * i)) & 0xff);
}
std::string le_bytes(uint64_t v, int n) {
  std::string s(static_cast<size_t>(n), '\0');
  put_le(s, 0, v, n);
  return s;
}
uint64_t get_le(const std::string& s, size_t at, int n) {
  uint64_t v = 0;
  for (int i = n; i-- > 0;) v = (v << 8) | static_cast<unsigned char>(s[at + static_cast<size_t>(i)]);
  return v;
}

// The same zip with its end record moved into zip64 records (what a writer may
// do for any archive): the 32-bit fields all ones, the real values in the
// zip64 end record that a locator points at.
std::string as_zip64(const std::string& zip) {
  const size_t end = zip.size() - 22;  // libzip writes no archive comment
  REQUIRE(get_le(zip, end, 4) == 0x06054b50);
  const uint64_t entries = get_le(zip, end + 10, 2), size = get_le(zip, end + 12, 4), offset = get_le(zip, end + 16, 4);
  std::string out = zip.substr(0, end);
  out += le_bytes(0x06064b50, 4) + le_bytes(44, 8) + le_bytes(45, 2) + le_bytes(45, 2) + le_bytes(0, 4) +
         le_bytes(0, 4) + le_bytes(entries, 8) + le_bytes(entries, 8) + le_bytes(size, 8) + le_bytes(offset, 8);
  out += le_bytes(0x07064b50, 4) + le_bytes(0, 4) + le_bytes(end, 8) + le_bytes(1, 4);
  out += zip.substr(end, 10) + le_bytes(0xffff, 2) + le_bytes(0xffffffff, 4) + le_bytes(0xffffffff, 4) +
         le_bytes(0, 2);
  put_le(out, out.size() - 22 + 8, 0xffff, 2);
  return out;
}

TEST_CASE("read_docx: zip64 end records are read, and damaged entries are refused, not trusted") {
  const std::string zip = make_zip({{"[Content_Types].xml", "<Types/>"}, {"word/document.xml", kDocumentXml}});
  const ReadResult plain = xxgk::read_docx(zip);
  REQUIRE(plain.ok);
  const ReadResult wide = xxgk::read_docx(as_zip64(zip));
  CHECK(wide.ok);
  CHECK(wide.text.text == plain.text.text);

  const auto code_and_message = [](const std::string& bytes) {
    const ReadResult r = xxgk::read_docx(bytes);
    CHECK_FALSE(r.ok);
    return r.diagnostics.empty() ? std::string() : r.diagnostics.front().code + " " + r.diagnostics.front().message;
  };
  // The document's central header: its name is the last one in the directory.
  const size_t central = zip.rfind("word/document.xml") - 46;
  REQUIRE(get_le(zip, central, 4) == 0x02014b50);

  std::string flipped = make_zip({{"word/document.xml", kDocumentXml, /*store=*/true}});
  flipped[flipped.find("258")] = '9';
  CHECK(code_and_message(flipped).starts_with("docx.corrupt word/document.xml fails its CRC-32 check"));

  std::string encrypted = zip;
  put_le(encrypted, central + 8, get_le(zip, central + 8, 2) | 1, 2);
  CHECK(code_and_message(encrypted).starts_with("docx.corrupt word/document.xml is encrypted"));

  std::string bzip2 = zip;
  put_le(bzip2, central + 10, 12, 2);
  CHECK(code_and_message(bzip2).starts_with("docx.corrupt word/document.xml uses compression method 12"));

  std::string longer = zip;  // the directory says one byte less than the data inflates to
  put_le(longer, central + 24, get_le(zip, central + 24, 4) - 1, 4);
  CHECK(code_and_message(longer).starts_with("docx.corrupt word/document.xml holds"));

  std::string moved = zip;  // the local header offset points past the end
  put_le(moved, central + 42, zip.size(), 4);
  CHECK(code_and_message(moved).starts_with("docx.corrupt word/document.xml's local header"));

  CHECK(code_and_message(zip.substr(0, zip.size() - 1)).starts_with("docx.corrupt not a readable zip archive"));
  CHECK(code_and_message(zip.substr(0, central + 20) + zip.substr(zip.size() - 22))
            .starts_with("docx.corrupt not a readable zip archive"));
}

TEST_CASE("read_any: a DOCX zip is opened once, and its limits hold on that path") {
  const std::string docx = make_zip({{"word/document.xml", kDocumentXml}});
  const size_t before = xxgk::DocxArchive::opened_on_this_thread();
  InputKind kind{};
  const ReadResult r = xxgk::read_any(docx, "r.docx", &kind);
  CHECK(kind == InputKind::docx);
  CHECK(r.ok);
  CHECK(r.text.text == xxgk::read_docx(docx).text.text);
  CHECK(xxgk::DocxArchive::opened_on_this_thread() - before == 2);  // once by read_any, once by read_docx

  const auto code_of = [](const std::string& bytes) {
    const ReadResult refused = xxgk::read_any(bytes, "r.docx");
    CHECK_FALSE(refused.ok);
    return refused.diagnostics.empty() ? std::string() : refused.diagnostics.front().code;
  };
  CHECK(code_of(std::string("PK\x03\x04garbage", 11)) == "docx.corrupt");
  CHECK(code_of(make_zip({{"word/document.xml", std::string(4u << 20, 'a')}})) == "docx.zip_bomb");
  CHECK(code_of(make_zip({{"word/document.xml", std::string((64u << 20) + 1, ' '), /*store=*/true}})) ==
        "docx.too_large");
  CHECK(code_of(make_zip({{"word/document.xml", "<w:document><w:body>"}})) == "docx.corrupt");
}

// ---- read_pdf --------------------------------------------------------------------

TEST_CASE("read_pdf: text in physical layout, columns kept apart by spaces") {
  const std::string pdf = make_pdf(
      "BT /F1 12 Tf 72 720 Td (Item) Tj ET\nBT /F1 12 Tf 300 720 Td (Count) Tj ET\n"
      "BT /F1 12 Tf 72 700 Td (Rules) Tj ET\nBT /F1 12 Tf 300 700 Td (13) Tj ET\n");
  const ReadResult r = xxgk::read_pdf(pdf);
  REQUIRE(r.ok);
  const auto lines = lines_of(r.text.text);
  REQUIRE(lines.size() == 2);
  CHECK(lines[0].starts_with("Item  "));
  CHECK(lines[1].starts_with("Rules  "));
  // The second column starts at the same place on both lines.
  CHECK(lines[0].find("Count") == lines[1].find("13"));
  CHECK(lines[0].find("Count") > std::string("Rules").size() + 1);
  size_t nonzero = 0;  // every byte but the end stands for offset 0
  for (size_t i = 0; i + 1 < r.text.origin.size(); ++i) nonzero += r.text.origin[i] != 0;
  CHECK(nonzero == 0);
  InputKind kind{};
  CHECK(xxgk::read_any(pdf, "x", &kind).ok);
  CHECK(kind == InputKind::pdf);
}

TEST_CASE("read_pdf: no text layer, and a damaged file") {
  const ReadResult scanned = xxgk::read_pdf(make_pdf("0 0 m 200 200 l S\n"));
  CHECK_FALSE(scanned.ok);
  CHECK(has_code(scanned, "pdf.no_text_layer"));
  const ReadResult broken = xxgk::read_pdf("%PDF-1.4\nthis is not a PDF body\n");
  CHECK_FALSE(broken.ok);
  CHECK(has_code(broken, "pdf.corrupt"));
}

// ---- read_any -----------------------------------------------------------------------

TEST_CASE("read_any: dispatches on content") {
  InputKind kind{};
  const ReadResult html = xxgk::read_any("<p>一、总体情况</p><p>无。</p>", "a.txt", &kind);
  CHECK(kind == InputKind::html);
  CHECK(html.text.text == "一、总体情况\n无。\n");
  const ReadResult text = xxgk::read_any("一、总体情况\n无。\n", "a.html", &kind);
  CHECK(kind == InputKind::text);
  CHECK(text.text.text == "一、总体情况\n无。\n");
  const ReadResult binary = xxgk::read_any(std::string("\0\x01\x02\x03", 4), "a.txt", &kind);
  CHECK(kind == InputKind::unknown_binary);
  CHECK_FALSE(binary.ok);
  CHECK(has_code(binary, "input.binary"));
  CHECK(std::string(xxgk::to_string(InputKind::docx)) == "docx");
  CHECK(std::string(xxgk::to_string(xxgk::Severity::warning)) == "warning");
}
