// Recognize stage: Chinese numerals, the year of a report signed in Chinese
// numerals, and headings as reports really print them (issue #10, class 10).
#include "recognize/recognize.h"

#include <doctest/doctest.h>
#include <re2/re2.h>

#include "support.h"

using namespace xxgk;
using namespace xxgk::test;

TEST_CASE("numerals: one parser for articles, items and years") {
  CHECK(parse_numeral("二十") == 20);
  CHECK(parse_numeral("十五") == 15);
  CHECK(parse_numeral("三十六") == 36);
  CHECK(parse_numeral("一百零八") == 108);
  CHECK(parse_numeral("36") == 36);
  // Place by place where no 十百千 stands between the digits: years.
  CHECK(parse_numeral("二〇二一") == 2021);
  CHECK(parse_numeral("二○二○") == 2020);
  CHECK(parse_numeral("二零一九") == 2019);
  CHECK(parse_numeral("二0二三") == 2023);
  CHECK_FALSE(parse_numeral("二x二一").has_value());
  CHECK_FALSE(parse_numeral("").has_value());
}

namespace {

std::string report_signed(const std::string& date) {
  // The seed with its title year removed, so that only the signature tells.
  std::string seed = read_file(shared_corpus("seed/000_3b10d53d6ce3f43f.txt"));
  auto nl = seed.find('\n');
  return "政府信息公开工作年度报告\n" + seed.substr(nl + 1) + "\n鹤岗市南山区人民政府\n" + date + "\n";
}

}  // namespace

TEST_CASE("year: a signature date in Chinese numerals, with or without the day") {
  Record r = parse(report_signed("二〇二一年一月二十五日"));
  CHECK(r.year.has_value());
  Record plain = parse(report_signed("2021年1月25日"));
  CHECK(r.year == plain.year);
  Record no_day = parse(report_signed("二〇二一年一月"));
  CHECK(no_day.year == plain.year);
  CHECK(no_day.year != 0);
}

TEST_CASE("headings: markdown marks, doubled numerals, 与 for 、, and what is no heading") {
  std::string seed = read_file(shared_corpus("seed/000_3b10d53d6ce3f43f.txt"));
  Record clean = parse(seed);
  auto numbers = [](const Record& r) {
    std::string out;
    for (auto& s : r.sections) out += std::to_string(s.level) + s.number + " ";
    return out;
  };
  std::string md = seed;
  for (std::string h : {"一、", "二、", "三、", "四、"}) {
    auto p = md.find("\n" + h);
    if (p != std::string::npos) md.insert(p + 1, "## ");
  }
  CHECK(numbers(parse(md)) == numbers(clean));
  std::string doubled = seed;
  auto p = doubled.find("\n三、");
  REQUIRE(p != std::string::npos);
  doubled.insert(p + 1, "三");
  CHECK(numbers(parse(doubled)) == numbers(clean));
  // A line that continues a wrapped reference is no heading.
  Record wrapped = parse(seed + "\n依据《条例》第三十六条第\n（四）项告知申请人。\n");
  CHECK(numbers(wrapped) == numbers(clean));
  bool found = false;
  for (auto& r : wrapped.references) found |= r.article == 36 && r.item == 4;
  CHECK(found);
}

TEST_CASE("headings: a legacy report (2008-2018) has its sections, whatever their numbers") {
  Record r = parse(read_file(shared_corpus("real/004-2017-pingtan.txt")), "004-2017-pingtan.txt");
  CHECK(r.template_id == "legacy");
  std::string got;
  for (auto& s : r.sections) got += s.number + "、" + s.title + " ";
  CHECK(got ==
        "一、概述 二、主动公开政府信息情况 三、政府信息依申请公开工作情况 "
        "四、因政府信息公开申请行政复议、提起行政诉讼的情况 五、存在的主要问题和改进措施 六、政府信息公开情况统计表 ");
  Record early = parse(read_file(shared_corpus("real/002-2011-pingtan-xian.txt")), "002-2011-pingtan-xian.txt");
  CHECK(early.sections.size() == 4);
}

// match_reference reads a reference by hand: it must give what the pattern it
// stands for gives with RE2, on text made to reach the edges (white space
// anywhere, brackets, 百 where only an article may have it, 第 begun twice,
// words cut short, a 第 that begins none).
TEST_CASE("references: match_reference gives what the grouped pattern gives") {
  const RE2 re(
      "第\\s*([一二三四五六七八九十百零〇两0-9](?:\\s*[一二三四五六七八九十百零〇两0-9])*)\\s*条"
      "(?:\\s*第\\s*([一二三四五六七八九十零〇两0-9](?:\\s*[一二三四五六七八九十零〇两0-9])*)\\s*款)?"
      "(?:\\s*第\\s*\\(?\\s*([一二三四五六七八九十零〇两0-9](?:\\s*[一二三四五六七八九十零〇两0-9])*)\\s*\\)?"
      "\\s*项)?");
  const std::vector<std::string> tokens = {"第", "第", "二", "十",   "百", "零", "〇",      "两", "3",
                                           "12", " ",  "\n", "\t",   "\r", "\v", "条",      "条", "款",
                                           "项", "(",  ")",  "三方", "x",  "。", "\xE7\xAC"};
  xxgk::test::Lcg next{4242};
  size_t found = 0, with_item = 0, with_paragraph = 0;
  const std::vector<std::string> numerals = {"二", "十", "百", "三", "0", "36", "两", "〇"};
  const std::vector<std::string> spaces = {"", "", " ", "\n", "\t ", "\r"};
  // A reference of the usual shape, white space anywhere, each part there or
  // not, now and then a word of it dropped or another put in its place.
  auto reference = [&] {
    std::string r;
    auto part = [&](std::string_view word) {
      r += spaces[next(static_cast<uint32_t>(spaces.size()))];
      if (next(12) == 0) return;  // dropped
      r += next(12) == 0 ? tokens[next(static_cast<uint32_t>(tokens.size()))] : std::string(word);
    };
    auto number = [&] {
      for (uint32_t k = 1 + next(3); k > 0; --k) part(numerals[next(static_cast<uint32_t>(numerals.size()))]);
    };
    part("第"), number(), part("条");
    if (next(2)) part("第"), number(), part("款");
    if (next(2)) {
      part("第");
      if (next(2)) part("(");
      number();
      if (next(2)) part(")");
      part("项");
    }
    return r;
  };
  for (int round = 0; round < 20000; ++round) {
    std::string s;
    for (uint32_t k = 2 + next(8); k > 0; --k)
      s += next(3) == 0 ? reference() : tokens[next(static_cast<uint32_t>(tokens.size()))];
    CAPTURE(s);
    // The leftmost match from each place, as find_references walks the text.
    for (size_t pos = 0; pos < s.size();) {
      re2::StringPiece g[4];
      const bool want = re.Match(s, pos, s.size(), RE2::UNANCHORED, g, 4);
      std::optional<ReferenceMatch> got;
      for (size_t at = s.find("第", pos); at != std::string::npos && !got; at = s.find("第", at + 3))
        got = match_reference(s, at);
      REQUIRE(got.has_value() == want);
      if (!want) break;
      ++found;
      auto span = [&](const re2::StringPiece& p) {
        return std::pair<size_t, size_t>(static_cast<size_t>(p.data() - s.data()),
                                         static_cast<size_t>(p.data() - s.data()) + p.size());
      };
      CHECK(got->begin == span(g[0]).first);
      CHECK(got->end == span(g[0]).second);
      CHECK(got->article == span(g[1]));
      REQUIRE(got->paragraph.has_value() == (g[2].data() != nullptr));
      if (got->paragraph) CHECK(*got->paragraph == span(g[2]));
      REQUIRE(got->item.has_value() == (g[3].data() != nullptr));
      if (got->item) CHECK(*got->item == span(g[3]));
      with_paragraph += got->paragraph.has_value();
      with_item += got->item.has_value();
      pos = got->end;
    }
  }
  CHECK(found > 1000);
  CHECK(with_paragraph > 100);
  CHECK(with_item > 100);
}

// match_heading reads the number and the title by hand and asks RE2 only
// whether the line matches: it must give what the patterns' groups give, on
// lines made to reach the edges (white space given back to the title, a digit
// or nothing after the separator, numbers too long, \n, invalid UTF-8).
TEST_CASE("headings: match_heading gives what the grouped patterns give") {
  const RE2 l1("^([一二三四五六七八九十]{1,3})[、.]\\s*(.+)$");
  const RE2 l2("^\\(([一二三四五六七八九十]{1,3})\\)\\s*(.+)$");
  const RE2 l3("^([0-9]{1,2})[.、]\\s*([^0-9].*)$");
  const RE2 l4("^\\(([0-9]{1,2})\\)\\s*(.+)$");
  const std::vector<std::pair<int, const RE2*>> levels{{1, &l1}, {2, &l2}, {3, &l3}, {4, &l4}};
  const std::vector<std::string> tokens = {"一", "十", "三", "(",  ")",        "、", ".",    "1",  "23",  " ",
                                           "\t", "\n", "\r", "\v", "主动公开", "x",  "\xFF", "。", "5件", "（"};
  const std::vector<std::string> starts = {"一、", "十二.", "三四五六、", "(二)",  "(一二三四)", "1.", "12、",
                                           "123.", "(3)",   "(45)",       "(678)", "1",          "(",  "二"};
  xxgk::test::Lcg next{777};
  size_t matched = 0;
  for (int round = 0; round < 20000; ++round) {
    std::string line = next(2) ? starts[next(starts.size())] : "";
    for (uint32_t k = 1 + next(8); k > 0; --k) line += tokens[next(tokens.size())];
    CAPTURE(line);
    std::optional<HeadingLine> want;
    for (auto& [level, re] : levels) {
      re2::StringPiece number, title;
      if (!RE2::FullMatch(line, *re, &number, &title)) continue;
      want = HeadingLine{level, std::string_view(number.data(), number.size()),
                         std::string_view(title.data(), title.size())};
      break;
    }
    const std::optional<HeadingLine> got = match_heading(line);
    REQUIRE(got.has_value() == want.has_value());
    if (!got) continue;
    ++matched;
    CHECK(got->level == want->level);
    CHECK(got->number.data() == want->number.data());
    CHECK(got->number.size() == want->number.size());
    CHECK(got->title.data() == want->title.data());
    CHECK(got->title.size() == want->title.size());
  }
  CHECK(matched > 1000);
}
