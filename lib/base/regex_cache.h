// Grammar patterns are compiled once per process, not once per report: RE2
// construction costs far more than matching a report. Compiled patterns are
// immutable and RE2 matching is thread-safe, so one cache serves all threads.
//
// They are compiled when a document first needs them, not when the grammars
// load: compiling the grammars' patterns was almost all of start-up (a class
// such as [\p{Han}] repeated {2,40} is a large UTF-8 automaton). Loading
// checks each pattern with check_pattern_syntax(), which parses it and does
// not compile it.
#pragma once

#include <re2/re2.h>

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace xxgk {

// The compiled form of `pattern` (RE2::Quiet); check ok() before use.
const RE2& compiled(const std::string& pattern);

// What loading a grammar needs to know of a pattern, from RE2's parser alone.
struct PatternSyntax {
  bool ok = false;
  std::string error;                 // RE2's message when !ok
  int groups = 0;                    // capturing groups, named or not
  std::map<std::string, int> named;  // named groups -> index
};
// Group names are read by xxgk, not by RE2 (regex_cache.cc says why): ASCII
// words.
PatternSyntax check_pattern_syntax(const std::string& pattern);

// A pattern with named groups, compiled with them as plain groups; `named`
// maps each name to its group index (what RE2::NamedCapturingGroups gives).
struct NamedRegex {
  const RE2& re;
  const std::map<std::string, int>& named;
};
NamedRegex compiled_named(const std::string& pattern);

// Where the matches of a pattern written A(\d+)B can lie, with A and B of
// bounded length: around a run of ASCII digits, at most `before` bytes
// ahead of it and `after` bytes past it (the figure is part of one run). So
// a search may look only at windows around digit runs and find the same
// matches as a scan of the whole text. When B cannot be empty and cannot
// begin with a digit, the figure ends where its run ends, and the run is
// followed by one of `follow` (each one UTF-8 character); an empty `follow`
// says nothing about what follows. A window without `ahead_literal` holds
// no match.
struct FigureWindow {
  size_t before = 0;
  size_t after = 0;
  std::vector<std::string> follow;
  std::string ahead_literal;  // text every match holds ahead of its figure; empty: none known
};
// Nothing when the pattern is not of that form, or uses syntax the analysis
// does not read (flags, \Q...\E, numeric escapes...): then search all of it.
// Computed once per pattern.
const std::optional<FigureWindow>& figure_window(const std::string& pattern);

// The characters (each one UTF-8 character) every match of `pattern` begins
// with; nothing when a match may begin with anything or be empty, or the
// pattern uses syntax figure_window() does not read. Computed once per pattern.
const std::optional<std::vector<std::string>>& first_characters(const std::string& pattern);

// re.Match(text, from, text.size(), UNANCHORED, groups, n): the leftmost
// match from `from` on. Given the pattern's first_characters() (up to 8), an
// anchored match is tried at each place one of them occurs instead, in
// order: the first that matches is the leftmost match, and each try stops
// where the pattern can go no further instead of scanning on.
bool match_from(const RE2& re, std::string_view text, size_t from, const std::vector<std::string>* firsts,
                re2::StringPiece* groups, int n);

// The figures (group 1) of each match of a pattern in one text, exactly the
// matches RE2::FindAndConsume gives: leftmost first, each search starting
// where the last match ended (there ^ matches). A pattern with a
// figure_window() is searched only around the text's digit runs, which are
// read once for all the patterns.
class FigureScan {
 public:
  explicit FigureScan(std::string_view text) : text_(text) {}
  std::vector<std::string_view> figures(const std::string& pattern);

  struct DigitRun {
    size_t begin, end;  // [begin, end): ASCII digits, what \d matches
  };

 private:
  // The runs (indices into runs_, in order) by the character that follows
  // each: a pattern whose figure must be followed by 件 or 项 looks at the
  // few runs so followed, not at every figure of the tables.
  using RunsByFollow = std::unordered_map<uint64_t, std::vector<uint32_t>>;
  std::string_view text_;
  std::optional<std::vector<DigitRun>> runs_;
  std::optional<RunsByFollow> by_follow_;
};

}  // namespace xxgk
