// What loading the grammars prepares so that documents do not redo it, and
// which must give the same answers as doing it: patterns checked with RE2's
// parser only (check_pattern_syntax) say what a full compile says (valid or
// not, capturing groups, named groups); column_of() through the key index;
// rule instances expanded once.
#include <doctest/doctest.h>

#include "support.h"
#include "base/regex_cache.h"

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
  for (const char* p : {"a", "(a)", "\\(a\\)", "[(]", "[]()]", "[^](]", "(?:x)(y)", "(?P<n>a)(b)", "\\Q(\\E(c)",
                        "(?i)(a)", "(?i:a)(b)", "[[:alpha:](](d)", "(a(b(c)))", "\\\\(e)", "(?s).(f)",
                        "[\\p{Han}]{2,40}?(?P<year>\\d{4})(x)", "(?P<a>[\\p{Han}()（）]{2,40}?)(?:政府)?(\\d+)",
                        "(?P<agency>[\\p{Han}]{2,}?)(?P<year>\\d{4})", "[(?P<x>]a(?P<y>b)", "\\Q(?P<q>\\E(?P<r>c)",
                        "(?<n>a)(b)", "(?P<n>a)(?P<n>b)"})
    same_as_compiled(p);
}

TEST_CASE("check_pattern_syntax reports bad patterns") {
  for (const char* p : {"(a", "a)", "[a", "(?P<n>a", "a{2,1}", "\\p{NoSuchClass}", "(?P<>a)", "*a", "(?P<n-1>a)", "(?P<n"}) {
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
