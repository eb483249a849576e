// Long HTML pages are parsed in pieces (readers/html_chunks.h, issue #7): the
// layout must be the one a single parse gives, whatever the piece size.
#include <doctest/doctest.h>

#include <array>
#include <cstdint>
#include <filesystem>
#include <random>
#include <regex>
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

// A page as hand-edited sites leave it (bench/messy_html.py does the same):
// no </p>, </td> or </li>, and an end tag that closes nothing before every
// fifth paragraph.
std::string messy(const std::string& page) {
  static const std::regex kEnds("</(p|td|li)>", std::regex::icase);
  static const std::regex kParagraph("<p[ >]");
  const std::string bare = std::regex_replace(page, kEnds, "");
  static const std::array<std::string, 4> kStray = {"</span>", "</font>", "</b>", "</em>"};
  std::string out;
  size_t from = 0, count = 0;
  for (std::sregex_iterator m(bare.begin(), bare.end(), kParagraph), end; m != end; ++m) {
    const auto at = static_cast<size_t>(m->position());
    out.append(bare, from, at - from);
    if (++count % 5 == 0) out += kStray[(count / 5) % kStray.size()];
    from = at;
  }
  return out + bare.substr(from);
}

// Tag soup from the markup the cut finder follows (most of it) and some it
// does not, so that every rule meets every other. Table parts come mostly
// inside a table the soup opened, as on real pages.
std::string tag_soup(std::mt19937& rng, bool doctype) {
  static const std::array<std::string_view, 34> kBody = {
      "<p>",      "</p>",     "<p>",       "</p>",       "<div>",  "</div>", "<span>", "</span>", "<b>x</b>",
      "<i><span>y</i>", "<font>z</font>", "</font>", "<ul><li>", "<li>", "</li>",  "</ul>",  "<dl><dt>", "<dd>",
      "</dl>",    "<h2>",     "</h2>",     "<h3>",       "<center>", "</center>", "<o:p>", "</o:p>", "<br>",
      "<hr>",     "<section>", "</section>", "</td>",    "</tr>", "<st1:x>", "</st1:x>"};
  static const std::array<std::string_view, 9> kTable = {"<tr><td>", "</tr>",    "<td>",    "</td>",  "<th>",
                                                         "<tbody><tr><td>", "</tbody>", "<td><p>", "<td><b>"};
  static const std::array<std::string_view, 3> kTableStart = {"<table><tr><td>", "<table><colgroup><col><tr><td>",
                                                              "<table><tbody><tr><th>"};
  static const std::array<std::string_view, 4> kText = {"text ", "文字", "&nbsp;", "<!-- c -->"};
  // Rare: what the finder gives up on (a formatting element left open, forms,
  // a stray cell).
  static const std::array<std::string_view, 5> kRare = {"<b>", "<a>", "<form>", "</form>", "<td>"};
  std::string page = doctype ? "<!DOCTYPE html><html><body>" : "<html><body>";
  int tables = 0;
  for (int k = 0; k < 400; ++k) {
    const unsigned r = rng() % 20;
    std::string_view token;
    if (r < 6) {
      token = kText[rng() % kText.size()];
    } else if (r < 10 && tables > 0) {
      token = kTable[rng() % kTable.size()];
    } else if (r == 10) {
      token = tables > 0 ? "</table>" : kTableStart[rng() % kTableStart.size()];
    } else if (r == 11 && rng() % 10 == 0) {
      token = kRare[rng() % kRare.size()];
    } else {
      token = kBody[rng() % kBody.size()];
    }
    if (token.starts_with("<table>")) ++tables;
    if (token == "</table>") --tables;
    page += token;
  }
  return page;
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
      "<div/>",                         // a self-closed div opens a div
      "<svg><p></svg>",                 // foreign content
      "<b><p>x</b></p>",                // misnested formatting
      "<select><xmp></select>",         // select's own insertion mode
      "<table><form></table>",          // a form in a table's own content
      "<script><!--<script></script>",  // script escapes
      "<p title=\"x>",                  // a tag that never ends
      "<p><b>x<p>y",                    // a formatting element closed by the <p>: opened again later
      "<div><form></div>",              // the form pointer stays set
      "<table><tr><b>x</b></table>",    // a formatting element put before the table
      "<table><td></form></table>",     // clears the form pointer from inside the table
      "<td>x",                          // a cell outside any table
      "<o:p>a</st1:x>",                 // gumbo takes every unknown tag for every other
  };
  for (const std::string& bad : irregular) {
    const std::string page = "<html><body>" + tail + bad + tail;
    const xxgk::HtmlCuts cuts = xxgk::find_html_cuts(page, 1);
    CAPTURE(bad);
    REQUIRE_FALSE(cuts.at.empty());
    CHECK(cuts.at.back().at < page.find(bad) + 1);
    check_same_in_pieces(page, bad);
  }
  // What gumbo repairs without reaching past the next block: the cut goes on.
  const std::vector<std::string> repaired = {
      "<p>a<div>b</p>",                                                     // </p> with no <p> open
      "<p>a<p>b<p>c",                                                       // unclosed paragraphs
      "<ul><li>a<li>b<ul><li>c</ul></ul>",                                  // unclosed items
      "<dl><dt>a<dd>b<dt>c</dl>",                                           //
      "<table><tr><td>a<td>b<tr><td>c</table>",                             // unclosed cells and rows
      "<table><colgroup><col><col></colgroup><tbody><tr><th>h</table>",     //
      "<table><tr><td><table><tr><td>in</table>out<b>x</table>",            // nested, formatting in a cell
      "<p>x<table><tr><td>1</table>y",                                      // quirks: the table is in the <p>
      "</span></font></b></div></td></tr></table></li>",                    // end tags closing nothing
      "<div><span>a</div>",                                                 // closed by the div's end
      "<h2>a<h3>b</h2>",                                                    //
      "<b>x</b><i><span>y</i>",                                             //
      "<o:p></o:p><st1:x>y</st1:x>",                                        // unknown tags
  };
  for (const std::string& soup : repaired) {
    const std::string page = "<html><body>" + tail + soup + tail;
    const xxgk::HtmlCuts cuts = xxgk::find_html_cuts(page, 1);
    CAPTURE(soup);
    REQUIRE_FALSE(cuts.at.empty());
    CHECK(cuts.at.back().at > page.find(soup) + soup.size());
    check_same_in_pieces(page, soup);
    check_same_in_pieces("<!DOCTYPE html>" + page, "no quirks: " + soup);
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
  for (const std::string& path : paths) {
    const std::string page = xxgk::test::read_file(path);
    check_same_in_pieces(page, path);
    check_same_in_pieces(messy(page), "messy " + path);
  }
}

TEST_CASE("html pieces: a messy page is still cut throughout") {
  const std::string page = messy(plain_page());
  REQUIRE(page.find("</p>") == std::string::npos);
  CHECK(xxgk::find_html_cuts(page, 1).at.size() > 100);
  check_same_in_pieces(page, "messy plain page");
}

TEST_CASE("html pieces: tag soup reads the same in pieces") {
  std::mt19937 rng(11);
  size_t cuts = 0;
  for (int k = 0; k < 400; ++k) {
    const std::string page = tag_soup(rng, k % 2 == 0);
    cuts += xxgk::find_html_cuts(page, 1).at.size();
    check_same_in_pieces(page, page);
  }
  CHECK(cuts > 400);  // the soup gets past its first irregularities
}
