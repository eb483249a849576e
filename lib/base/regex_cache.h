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

#include <map>
#include <string>
#include <string_view>

namespace xxgk {

// The compiled form of `pattern` (RE2::Quiet); check ok() before use.
const RE2& compiled(const std::string& pattern);

// What loading a grammar needs to know of a pattern, from RE2's parser alone.
struct PatternSyntax {
  bool ok = false;
  std::string error;                // RE2's message when !ok
  int groups = 0;                   // capturing groups, named or not
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

}  // namespace xxgk
