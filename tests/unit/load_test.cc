// What loading the grammars prepares so that documents do not redo it, and
// which must give the same answers as doing it: patterns checked with RE2's
// parser only (check_pattern_syntax) say what a full compile says (valid or
// not, capturing groups, named groups); column_of() through the key index;
// rule instances expanded once.
#include <doctest/doctest.h>

#include "base/regex_cache.h"
#include "support.h"

using namespace xxgk;
using xxgk::test::engine;

namespace {

void same_as_compiled(const std::string& p) {
  CAPTURE(p);
  RE2 full(p, RE2::Quiet);
  PatternSyntax s = check_pattern_syntax(p);
  CHECK(s.ok == full.ok());
  if (!full.ok()) return;
  CHECK(s.groups == full.NumberOfCapturingGroups());
  CHECK(s.named == full.NamedCapturingGroups());
}

}  // namespace

TEST_CASE("check_pattern_syntax agrees with RE2 on tricky group syntax") {
  for (const char* p : {"a",
                        "(a)",
                        "\\(a\\)",
                        "[(]",
                        "[]()]",
                        "[^](]",
                        "(?:x)(y)",
                        "(?P<n>a)(b)",
                        "\\Q(\\E(c)",
                        "(?i)(a)",
                        "(?i:a)(b)",
                        "[[:alpha:](](d)",
                        "(a(b(c)))",
                        "\\\\(e)",
                        "(?s).(f)",
                        "[\\p{Han}]{2,40}?(?P<year>\\d{4})(x)",
                        "(?P<a>[\\p{Han}()（）]{2,40}?)(?:政府)?(\\d+)",
                        "(?P<agency>[\\p{Han}]{2,}?)(?P<year>\\d{4})",
                        "[(?P<x>]a(?P<y>b)",
                        "\\Q(?P<q>\\E(?P<r>c)",
                        "(?<n>a)(b)",
                        "(?P<n>a)(?P<n>b)"})
    same_as_compiled(p);
}

TEST_CASE("check_pattern_syntax reports bad patterns") {
  for (const char* p :
       {"(a", "a)", "[a", "(?P<n>a", "a{2,1}", "\\p{NoSuchClass}", "(?P<>a)", "*a", "(?P<n-1>a)", "(?P<n"}) {
    CAPTURE(p);
    PatternSyntax s = check_pattern_syntax(p);
    CHECK_FALSE(s.ok);
    CHECK_FALSE(s.error.empty());
    same_as_compiled(p);
  }
}

TEST_CASE("check_pattern_syntax agrees with RE2 on every pattern of the grammars") {
  const GrammarSet& g = engine().grammars();
  size_t n = 0;
  for (auto* list : {&g.common.title_patterns, &g.common.opening_patterns, &g.common.period_patterns,
                     &g.common.date_patterns, &g.common.page_number_patterns})
    for (auto& p : *list) {
      same_as_compiled(p);
      ++n;
    }
  for (auto& t : g.templates)
    for (auto& narrative : t.narratives) {
      same_as_compiled(narrative.pattern);
      ++n;
    }
  CHECK(n > 10);
}

TEST_CASE("column_of finds every key's column through the index, and nothing else") {
  for (auto& t : engine().grammars().templates) {
    REQUIRE_FALSE(t.column_index.empty());
    Grammar scanned = t;  // a copy keeps a valid index (indices, not pointers)
    Grammar by_hand = t;
    by_hand.column_index.clear();  // column_of() then scans
    for (auto& key : t.keys()) {
      CAPTURE(key);
      const ColumnSpec* a = scanned.column_of(key);
      const ColumnSpec* b = by_hand.column_of(key);
      REQUIRE(a);
      REQUIRE(b);
      CHECK(a->id == b->id);
      bool in_copy = false;  // points into the copy's own tables
      for (auto& table : scanned.tables)
        in_copy |= !table.columns.empty() && a >= &table.columns.front() && a <= &table.columns.back();
      CHECK(in_copy);
    }
    CHECK(t.column_of("t3.no_such_row.natural") == nullptr);
    CHECK(t.column_of("t9") == nullptr);
  }
}

namespace {
std::string dump(const std::vector<RuleInstance>& v) {
  std::string out;
  for (auto& in : v) {
    out += in.rule->id + " " + in.scope + ":";
    for (auto& k : in.lhs) out += " " + k;
    out += " =";
    for (auto& k : in.rhs) out += " " + k;
    out += "\n";
  }
  return out;
}
}  // namespace

TEST_CASE("rule instances are expanded once per grammar, and a copy expands its own, pointing into its own rules") {
  for (auto& t : engine().grammars().templates) {
    CHECK(&t.instances() == &t.instances());  // kept, not expanded again
    CHECK(&t.cross_instances() == &t.cross_instances());
    Grammar copy = t;
    CHECK(&copy.instances() != &t.instances());
    CHECK(dump(t.instances()) == dump(copy.instances()));
    CHECK(dump(t.cross_instances()) == dump(copy.cross_instances()));
    CHECK_FALSE(t.instances().empty());
    for (auto& in : t.instances()) CHECK((in.rule >= &t.rules.front() && in.rule <= &t.rules.back()));
    for (auto& in : copy.instances()) CHECK((in.rule >= &copy.rules.front() && in.rule <= &copy.rules.back()));
  }
}

TEST_CASE("a moved grammar keeps its rule instances, which still point into its rules") {
  Grammar source = engine().grammars().templates.front();
  const std::vector<xxgk::RuleInstance>* before = &source.instances();
  Grammar moved = std::move(source);
  CHECK(&moved.instances() == before);
  for (auto& in : moved.instances()) CHECK((in.rule >= &moved.rules.front() && in.rule <= &moved.rules.back()));
}

// figure_window: the bounds of a pattern A(\d+)B, in bytes, and what may
// follow its digits; nothing for what it cannot bound or does not read.
TEST_CASE("figure_window bounds A(\\d+)B and refuses what it cannot bound") {
  auto w = figure_window("收到(\\d+)件");
  REQUIRE(w);
  CHECK(w->before == 6);
  CHECK(w->after == 3);
  CHECK(w->follow == std::vector<std::string>{"件"});
  CHECK(w->ahead_literal == "收到");
  w = figure_window("[^。]{0,4}?申请(?:共计|共)?(\\d+)(?:件|起)(?:x)?");
  REQUIRE(w);
  CHECK(w->before == 4 * 4 + 6 + 6);  // a class counts the longest UTF-8 character
  CHECK(w->after == 4);
  CHECK(w->follow == std::vector<std::string>{"件", "起"});
  CHECK(w->ahead_literal == "申请");  // the longest plain run; an optional group is none
  w = figure_window("(?:^|[^及和])x\\b(\\d+)\\.?");
  REQUIRE(w);
  CHECK(w->before == 5);
  CHECK(w->after == 1);
  CHECK(w->follow.empty());  // B may be empty: anything may follow
  CHECK(w->ahead_literal == "x");
  w = figure_window("(\\d+)(?:\\d|x)");
  REQUIRE(w);
  CHECK(w->follow.empty());  // B may begin with a digit: the figure may end inside a run
  for (const char* p : {"a+(\\d+)件", "(\\d+)件.*", "(?i)a(\\d+)", "(a)(\\d+)", "x|(\\d+)", "(\\d)件", "件",
                        "\\Qa\\E(\\d+)", "\\x41(\\d+)", "a{2,}(\\d+)", "(?:a(\\d+))b", "(\\d+)?件"}) {
    CAPTURE(p);
    CHECK_FALSE(figure_window(p));
  }
}

namespace {

std::vector<std::string_view> scanned_figures(const std::string& pattern, std::string_view text) {
  std::vector<std::string_view> out;
  re2::StringPiece input(text), figure;
  while (RE2::FindAndConsume(&input, compiled(pattern), &figure)) out.emplace_back(figure.data(), figure.size());
  return out;
}

}  // namespace

// The windows around digit runs must find what the whole scan finds, the same
// figures at the same places, on the grammars' narratives and on patterns made
// to reach the edges: ^ after a match, a class before the figure that eats
// digits, a figure followed by a digit, overlapping and adjacent windows,
// digits at either end of the text.
TEST_CASE("FigureScan finds what RE2::FindAndConsume finds") {
  std::vector<std::string> patterns = {"(?:^|[^及和与、])部分公开(\\d+)件",
                                       "^(\\d+)件",
                                       "(\\d+)",
                                       "a?(\\d+)b",
                                       "[0-9a]{0,5}(\\d+)x",
                                       "(\\d+)\\d件",
                                       "\\b(\\d+)\\b",
                                       "收到[^。]{0,3}?(\\d+)件",
                                       "(\\d+)(?:件|起)?申请",
                                       "a+(\\d+)件",
                                       "a?收到(\\d+)件",
                                       "受理x?申请(\\d+)件",
                                       "(\\d+)(?:件|起)",
                                       "收到(\\d+)[件x起]",
                                       "(\\d+)\\x{4EF6}"};
  for (auto& t : engine().grammars().templates)
    for (auto& n : t.narratives) patterns.push_back(n.pattern);
  const std::vector<std::string> tokens = {
      "收到", "申请",     "件",       "部分公开", "及",         "予以公开", "1",  "23",      "0",
      "。",   "，",       "行政复议", "起",       "a",          "b",        "x",  " ",       "\n",
      "结",   "上年结转", "共计",     "不予公开", "规范性文件", "受理",     "和", "\xE4\xBB"};  // a character cut
                                                                                                // short, as at a text's
                                                                                                // end
  xxgk::test::Lcg next{12345};
  size_t found = 0;
  for (int round = 0; round < 1500; ++round) {
    std::string text;
    for (uint32_t k = next(40); k > 0; --k) text += tokens[next(tokens.size())];
    FigureScan scan(text);
    for (auto& p : patterns) {
      CAPTURE(p);
      CAPTURE(text);
      const auto a = scan.figures(p), b = scanned_figures(p, text);
      REQUIRE(a.size() == b.size());
      for (size_t i = 0; i < a.size(); ++i) CHECK(a[i].data() == b[i].data());
      for (size_t i = 0; i < a.size(); ++i) CHECK(a[i].size() == b[i].size());
      found += a.size();
    }
  }
  CHECK(found > 1000);  // the texts do hold matches
}

// Digit runs are found eight bytes at a time: a digit at every place of a
// block, next to the bytes around '0' and '9' and to bytes with the high bit
// set over a digit's low bits.
TEST_CASE("FigureScan finds digits wherever they fall in a block of eight") {
  for (size_t size = 1; size <= 24; ++size)
    for (size_t at = 0; at < size; ++at)
      for (char filler : {'/', ':', 'a', '\xB0', '\xB9', ' '})
        for (size_t len : {1, 2, 9}) {
          std::string text(size, filler);
          text.replace(at, std::min(len, size - at), std::string(std::min(len, size - at), '0'));
          text[std::min(at + len, size) - 1] = '9';
          CAPTURE(text);
          FigureScan scan(text);
          for (const std::string p : {"(\\d+)", "(\\d+)a"}) {
            const auto a = scan.figures(p), b = scanned_figures(p, text);
            REQUIRE(a.size() == b.size());
            for (size_t i = 0; i < a.size(); ++i) CHECK(a[i].data() == b[i].data());
            for (size_t i = 0; i < a.size(); ++i) CHECK(a[i].size() == b[i].size());
          }
        }
}

// first_characters: what every match begins with, or nothing.
TEST_CASE("first_characters reads the characters a match must begin with") {
  CHECK(first_characters("(?:现将|现公开|特向社会公布)(?P<agency>[\\p{Han}]{2,}?)年") ==
        std::vector<std::string>{"特", "现"});  // in byte order
  CHECK(first_characters("^a?b") == std::vector<std::string>{"a", "b"});
  CHECK(first_characters("x|\\by") == std::vector<std::string>{"x", "y"});
  for (const char* p : {"[ab]c", "a*", "a?", "\\d", ".x", "(?i)a", "\\x41", "(?:a|)b?"}) {
    CAPTURE(p);
    CHECK_FALSE(first_characters(p));
  }
}

// match_from tries anchored matches at the first characters only: the same
// match, and the same groups, as the unanchored search from the same place.
TEST_CASE("match_from finds what the unanchored search finds") {
  std::vector<std::string> patterns = {"(?:现将|特向)(?P<agency>[\\p{Han}]{2,}?)(?P<year>20\\d\\d)年", "^ab", "a?b",
                                       "x|\\by(z)?", "(a)(b)?c"};
  const GrammarSet& g = engine().grammars();
  for (auto* list : {&g.common.title_patterns, &g.common.opening_patterns, &g.common.period_patterns,
                     &g.common.date_patterns, &g.common.page_number_patterns})
    patterns.insert(patterns.end(), list->begin(), list->end());
  const std::vector<std::string> tokens = {"现将", "特向", "本局", "2021",     "年", "a",  "b",  "c",  " ",
                                           "y",    "z",    "现",   "统计期限", "1",  "月", "日", "至", "。"};
  xxgk::test::Lcg next{99};
  size_t found = 0;
  for (int round = 0; round < 1500; ++round) {
    std::string text;
    for (uint32_t k = next(24); k > 0; --k) text += tokens[next(tokens.size())];
    for (auto& p : patterns) {
      const auto [re, names] = compiled_named(p);
      REQUIRE(re.ok());
      const auto& firsts = first_characters(p);
      const int n = re.NumberOfCapturingGroups() + 1;
      for (size_t from = 0; from <= text.size(); from += 1 + next(5)) {
        CAPTURE(p);
        CAPTURE(text);
        CAPTURE(from);
        std::vector<re2::StringPiece> a(static_cast<size_t>(n)), b(static_cast<size_t>(n));
        const bool got = match_from(re, text, from, firsts ? &*firsts : nullptr, a.data(), n);
        const bool want = re.Match(text, from, text.size(), RE2::UNANCHORED, b.data(), n);
        REQUIRE(got == want);
        if (!got) continue;
        ++found;
        for (size_t i = 0; i < a.size(); ++i) {
          CHECK(a[i].data() == b[i].data());
          CHECK(a[i].size() == b[i].size());
        }
      }
    }
  }
  CHECK(found > 1000);
}
