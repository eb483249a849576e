// Long HTML pages are parsed in pieces (readers/html_chunks.h, issue #7): the
// layout must be the one a single parse gives, whatever the piece size.
#include <doctest/doctest.h>

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "readers/html_chunks.h"
#include "support.h"

using xxgk::ReadResult;

namespace {

// Cut wherever the finder allows (pieces of one byte and up) and not at all.
void check_same_in_pieces(const std::string& page, const std::string& what) {
  CAPTURE(what);
  const ReadResult pieces = xxgk::read_html_in_pieces(page, 1);
  const ReadResult whole = xxgk::read_html_in_pieces(page, SIZE_MAX);
  CHECK(pieces.ok == whole.ok);
  CHECK(pieces.text.text == whole.text.text);
  CHECK(pieces.text.origin == whole.text.origin);
  REQUIRE(pieces.diagnostics.size() == whole.diagnostics.size());
  for (size_t i = 0; i < whole.diagnostics.size(); ++i) CHECK(pieces.diagnostics[i].code == whole.diagnostics[i].code);
}

std::string repeat(const std::string& s, int n) {
  std::string out;
  for (int i = 0; i < n; ++i) out += s;
  return out;
}

// A page of the usual kind: header with a search form, the report inside
// wrapper divs, paragraphs with entities and <br>, a table with merged cells
// and blanks, a layout table, script and comments.
std::string plain_page() {
  return "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>年报</title>"
         "<style>p{margin:0}</style></head>\n<body>\n"
         "<div class=\"top\"><form action=\"/s\"><input name=q value=\"a>b\"/></form></div>\n"
         "<div class=\"main\"><div id=\"zoom\">\n" +
         repeat(
             "<p style='text-indent:2em'>一、总体情况&nbsp;本年度&lt;x&gt;<br>续行</p>\n"
             "<!-- note --><script>var a = '<p>';</script>\n"
             "<table><tr><td rowspan=2>规章</td><td colspan=2>0</td><td>&nbsp;</td></tr>"
             "<tr><td>5</td><td></td></tr></table>\n"
             "<table><tr><td><p>1</p><p>2</p><p>3</p><p>4</p><p>5</p></td></tr></table>\n"
             "<h2>二、主动公开</h2>文字<b>加粗</b>\n<center>居中</center>\r\n",
             40) +
         "</div></div>\n</body></html>\n";
}

}  // namespace

TEST_CASE("html pieces: a plain page is cut in many places and reads as in one parse") {
  const std::string page = plain_page();
  const xxgk::HtmlCuts cuts = xxgk::find_html_cuts(page, 1);
  CHECK(cuts.doctype == "<!DOCTYPE html>");
  size_t inside = 0;  // cuts inside the two wrapper divs, which the next piece opens again
  for (const xxgk::HtmlCut& cut : cuts.at) {
    if (cut.reopen.size() != 2) continue;
    CHECK(cut.reopen[0] == "<div class=\"main\">");
    CHECK(cut.reopen[1] == "<div id=\"zoom\">");
    ++inside;
  }
  CHECK(inside > 100);
  check_same_in_pieces(page, "plain page");
  // Pieces are only taken in pages longer than the piece size.
  CHECK(xxgk::find_html_cuts(page, page.size()).at.empty());
}

TEST_CASE("html pieces: no cut past constructs whose parser state is not plain") {
  const std::string tail = repeat("<p>段</p>", 50);
  const std::vector<std::string> irregular = {
      "<p>a<div>b</p>",                 // an end tag that closes nothing open in order
      "<div/>",                         // a self-closed div opens a div
      "<svg><p></svg>",                 // foreign content
      "<b><p>x</b></p>",                // misnested formatting
      "<select><xmp></select>",         // select's own insertion mode
      "<table><form></table>",          // a form in a table's own content
      "<script><!--<script></script>",  // script escapes
      "<p title=\"x>",                  // a tag that never ends
  };
  for (const std::string& bad : irregular) {
    const std::string page = "<html><body>" + tail + bad + tail;
    const xxgk::HtmlCuts cuts = xxgk::find_html_cuts(page, 1);
    CAPTURE(bad);
    REQUIRE_FALSE(cuts.at.empty());
    CHECK(cuts.at.back().at < page.find(bad) + 1);
    check_same_in_pieces(page, bad);
  }
  // A later <body> adds its attributes to the page's one body: no cut at all.
  const std::string body_again = "<html><body>" + tail + "<body style=\"display:none\">" + tail;
  CHECK(xxgk::find_html_cuts(body_again, 1).at.empty());
  check_same_in_pieces(body_again, "second body");
  // Text before <body>, or no <body> tag: not cut.
  CHECK(xxgk::find_html_cuts("<html>x<body>" + tail, 1).at.empty());
  CHECK(xxgk::find_html_cuts(tail + tail, 1).at.empty());
}

TEST_CASE("html pieces: corpus pages and fuzz seeds read the same in pieces") {
  std::vector<std::string> paths = {xxgk::test::shared_corpus("real/001-2019-shanghai-bgt.html")};
  for (const auto& entry : std::filesystem::directory_iterator(xxgk::test::source_path("fuzz/corpus/html"))) {
    paths.push_back(entry.path().string());
  }
  for (const std::string& path : paths) check_same_in_pieces(xxgk::test::read_file(path), path);
}
