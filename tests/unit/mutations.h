// The variation harness's mutations: each is one way real reports are printed
// differently from our samples (a label wrapped onto the next line, a reworded
// label, 增加2 for +2, a page number inside a table, ...). A mutation looks at a
// sample's text and its clean record (where each cell, section and reference
// is) and returns edits that keep the report's meaning: the mutated document
// must give the same cells, sections, references and findings.
//
// Edits are computed against the clean text and applied together, so that any
// set of mutations combines (overlapping edits are dropped, first one wins).
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "grammar/grammar.h"
#include "base/record.h"

namespace xxgk::test {

struct Edit {
  size_t at = 0, length = 0;  // byte range of the clean text to replace
  std::string text;
  // "= {}": clang 14 warns (-Wmissing-field-initializers) on the {at, length, text} inits otherwise.
  std::string now_blank = {};  // a cell this edit prints blank (0 -> "/"): expected blank
};

// What a mutation sees: the clean document (UTF-8) and what xxgk read from it.
struct Sample {
  std::string name;
  std::string text;
  Record record;
  const Grammar* grammar = nullptr;
  enum class Layout { block, tab, pipe, spaced, glued, other } layout = Layout::other;
};

struct Mutation {
  std::string name;
  std::function<std::vector<Edit>(const Sample&)> edits;
};

// Every mutation class the harness knows (see mutations.cc for what each does).
const std::vector<Mutation>& all_mutations();

// Applies the edits that do not overlap an earlier one; `kept` gets those.
std::string apply_edits(const std::string& text, std::vector<Edit> edits, std::vector<Edit>* kept = nullptr);

}  // namespace xxgk::test
