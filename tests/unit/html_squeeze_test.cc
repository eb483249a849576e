// Runs of CJK characters are squeezed before gumbo parses a page and put back
// as the reader reads its text (readers/html_squeeze.h, issue #9): the layout,
// text and origins, must be the one the page as it is gives.
#include "readers/html_squeeze.h"

#include <doctest/doctest.h>

#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include "support.h"

using xxgk::ReadResult;
using xxgk::SqueezedHtml;

namespace {

void check_same_unsqueezed(const std::string& page, const std::string& what) {
  CAPTURE(what);
  const ReadResult squeezed = xxgk::read_sniffed_html(page);
  const ReadResult plain = xxgk::read_html_unsqueezed(page);
  CHECK(squeezed.ok == plain.ok);
  CHECK(squeezed.encoding == plain.encoding);
  CHECK(squeezed.text.text == plain.text.text);
  CHECK(squeezed.text.origin == plain.text.origin);
  CHECK(squeezed.diagnostics.size() == plain.diagnostics.size());
}

}  // namespace

TEST_CASE("SqueezedHtml: runs of two CJK characters or more, each to its first") {
  const std::string page = "<p>一、总体情况</p>a政b<td>（一）</td>é政府";
  const SqueezedHtml s(page);
  REQUIRE_FALSE(s.empty());
  // "一、总体情况" (six), "（一）" (three) and "政府" (two) are runs; a lone 政 is not.
  CHECK(s.text() == "<p>一</p>a政b<td>（</td>é政");
  CHECK(s.page_offset(0) == 0);
  CHECK(s.page_offset(3) == 3);       // the run's character: the run's start
  CHECK(s.page_offset(6) == 3 + 18);  // past it: past the run
  CHECK(s.run_at(3) == "一、总体情况");
  CHECK(s.run_at(4).empty());
  CHECK(s.run_at(0).empty());
  const size_t td = s.text().find("<td>") + 4;
  CHECK(s.run_at(td) == "（一）");
  CHECK(s.page_offset(td) == page.find("（一）"));
  CHECK(s.has_run(0, 4));
  CHECK_FALSE(s.has_run(4, td));
  CHECK(s.has_run(4, td + 1));
  CHECK(s.page_offset(s.text().size()) == page.size());
}

TEST_CASE("SqueezedHtml: general punctuation, private use and fullwidth forms are squeezed too") {
  CHECK(SqueezedHtml("<p>“政府”——\xEE\x80\x80\xEE\x80\x81</p>").text() == "<p>“</p>");
  CHECK(SqueezedHtml("<p>ＡＢ\xE2\x80\xA8\xE2\x80\xA9</p>").text() == "<p>Ａ</p>");
  // U+1FFF (lead E1) and U+FFFD (past the fullwidth forms) are not.
  CHECK(SqueezedHtml("<p>\xE1\xBF\xBF\xE1\xBF\xBF\xEF\xBF\xBD\xEF\xBF\xBD</p>").empty());
}

TEST_CASE("SqueezedHtml: no squeezing past a reference to '&' until the next tag") {
  for (const std::string amp : {"&amp;", "&AMP;", "&#38;", "&#038;", "&#x26;", "&#X026;"}) {
    const SqueezedHtml s("<p>" + amp + "政府信息</p><p>政府信息</p>");
    CAPTURE(amp);
    CHECK(s.text() == "<p>" + amp + "政府信息</p><p>政</p>");
  }
  // Other references hold nothing back.
  CHECK(SqueezedHtml("<p>&nbsp;政府信息&lt;</p>").text() == "<p>&nbsp;政&lt;</p>");
}

TEST_CASE("SqueezedHtml: nothing to squeeze leaves the page as it is") {
  for (const std::string page :
       {"", "<p>abc</p>", "<p>政</p><p>府</p>", "éé", "\xEF\xBE\x80\xEF\xBE\x80", "\xEF\xBF\xBE\xEF\xBF\xBE"}) {
    const SqueezedHtml s(page);
    CHECK(s.empty());
    CHECK(s.text() == page);
    CHECK(s.page_offset(page.size()) == page.size());
  }
}

TEST_CASE("html squeeze: text put back as the unsqueezed parse reads it") {
  const std::vector<std::string> pages = {
      "<html><head><title>某某县2019年政府信息公开年报</title></head><body><p>一、总体情况</p></body></html>",
      "<p>政府&nbsp;信息&amp;公开&#20013;文&#x6587;字&lt;x&gt;</p>",
      "<p>第一行\r\n第二行\r第三行</p>",
      "<pre>\n预先\n格式\n</pre><textarea>\n文本框内容</textarea>",
      "<table><tr><td>规章</td><td>规范性文件</td></tr><tr><td>零</td><td>五件</td></tr></table>",
      "<table>表格外的文字<tr><td>单元格</td><td>两格</td></tr></table>",  // foster-parented text
      "<p>前面的文字</i>后面的文字</p>",                                   // an end tag ignored inside the text
      std::string("<p>空字符\0之后的文字</p>", 33),                        // a NUL dropped inside the text
      "<p title=\"标题属性\" 属性名=值值>标签<中文标签>内容</中文标签></p>",
      "<p中文>名字里</p中文><!-- 注释里的中文 --><script>var s = '脚本里的中文';</script>",
      "<p style=\"display:none\">隐藏的段落</p><p hidden>也隐藏</p><p>看得见的段落</p>",
      "<div>（一）主动公开政府信息情况</div><div>２０１９年，ＡＢＣ全角</div>",
      "<svg><text>矢量图里</text></svg><math><mi>公式里</mi></math>",
      "政府信息<frameset>框架</frameset>",
      "<p>&NotEqualTilde;两个码点之后的文字</p>",
      "<p>甲乙&amp;丙丁&#38;戊己</p><p>庚辛&AMP;壬癸</p>",
      "<p>政府&nbspabc信息&nbsp信息</p>",
      "<p>“引号”——破折号……省略号\xE2\x80\xA8行分隔符</p>",
      "<select><option>选项一</option><option>选项二</option></select>",
  };
  for (const std::string& page : pages) check_same_unsqueezed(page, page);
}

TEST_CASE("html squeeze: the corpora read as unsqueezed") {
  std::vector<std::string> paths;
  for (const std::string& dir : {xxgk::test::source_path("corpus"), xxgk::test::shared_path("corpus"),
                                 xxgk::test::source_path("fuzz/corpus/html")}) {
    if (!std::filesystem::exists(dir)) continue;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(dir)) {
      const std::string ext = entry.path().extension().string();
      if (entry.is_regular_file() && (ext == ".html" || ext == ".htm")) paths.push_back(entry.path().string());
    }
  }
  CHECK(paths.size() >= 8);
  for (const std::string& path : paths) check_same_unsqueezed(xxgk::test::read_file(path), path);
}

TEST_CASE("html squeeze: pages with markup, references and runs planted anywhere read as unsqueezed") {
  static const std::vector<std::string> kPlants = {
      "&amp;",
      "&#38;",
      "&AMP;",
      "&nbsp;",
      "&lt;",
      "&nbspx",
      "&",
      "<",
      "</i>",
      "</p>",
      "<b>",
      "</b>",
      "<p>",
      "<br>",
      "\r\n",
      "\r",
      "<table>",
      "<tr>",
      "<td>",
      "</td>",
      "</tr>",
      "</table>",
      "<!--注释-->",
      "<pre>\n",
      "</pre>",
      "<script>",
      "</script>",
      "<svg>",
      "</svg>",
      "<title>",
      "</title>",
      "<textarea>",
      "</textarea>",
      "<select>",
      "<option>",
      "<frameset>",
      "<中文>",
      "<a title=\"标题\">",
      "\xC2\xA0",
      "　",
      "政府信息公开",
      "“公开”——",
      std::string(1, '\0'),
      "<p hidden>",
  };
  std::vector<std::string> pages;
  for (const std::string& dir : {xxgk::test::source_path("corpus"), xxgk::test::source_path("fuzz/corpus/html")}) {
    for (const auto& entry : std::filesystem::recursive_directory_iterator(dir)) {
      const std::string ext = entry.path().extension().string();
      if (entry.is_regular_file() && (ext == ".html" || ext == ".htm" || dir.ends_with("html")))
        pages.push_back(xxgk::test::read_file(entry.path().string()));
    }
  }
  REQUIRE(pages.size() >= 5);
  std::mt19937 rng(20261202);
  for (int round = 0; round < 400; ++round) {
    std::string page = pages[rng() % pages.size()];
    const int plants = 1 + static_cast<int>(rng() % 6);
    for (int k = 0; k < plants && !page.empty(); ++k) {
      size_t at = rng() % page.size();
      while (at > 0 && (static_cast<unsigned char>(page[at]) & 0xC0) == 0x80) --at;  // a character's start
      page.insert(at, kPlants[rng() % kPlants.size()]);
    }
    check_same_unsqueezed(page, "round " + std::to_string(round));
  }
}
