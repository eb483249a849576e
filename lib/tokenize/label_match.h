// Loose label matching: a printed row label that is no label or alias of the
// grammar (a reworded 结转下一年度继续办理, a typo, a dropped particle) is taken
// for the one grammar row it is clearly closest to, by edit distance over
// characters of the label keys; never where two rows are about as close.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "grammar/grammar.h"

namespace xxgk {

// Similarity of two label keys in [0, 1]: 1 - edit distance / longer length,
// counted in characters (code points), not bytes.
double label_similarity(std::string_view a, std::string_view b);

struct LooseCandidate {
  int row = -1;       // caller's index
  std::string label;  // label key
  // Of `label`, when prepared (with_points): its code points, and the same
  // sorted (for the bag distance). Candidates kept by a LabelIndex are
  // prepared once; match_loosely converts the others at each call.
  std::vector<uint32_t> points, sorted_points;
  uint64_t point_bits = 0;  // bit (code point % 64) of each of `points`
};

// `c` with its code points prepared.
LooseCandidate with_points(LooseCandidate c);

struct LooseMatch {
  int row = -1;  // -1: nothing close enough, or two rows equally close
  double score = 0, runner_up = 0;
  std::string label;  // the grammar label it was taken for
};

// The candidate clearly closest to `printed`: score at least kMinScore and
// ahead of every other row by kMinMargin.
LooseMatch match_loosely(std::string_view printed, const std::vector<LooseCandidate>& candidates);
// The same over some of a list kept elsewhere (no copy of the candidates).
LooseMatch match_loosely(std::string_view printed, const std::vector<const LooseCandidate*>& candidates);

// False when no candidate's length in characters lets `printed` reach a
// similarity of `score` with it (the edit distance is at least the
// difference in length): match_loosely could then find none that close.
bool length_allows(std::string_view printed, const std::vector<LooseCandidate>& candidates, double score);

// The label keys of a grammar's section titles (row: the section's index),
// and of its table rows' labels (row: the row's number counted over all
// tables), in grammar order. A LabelIndex keeps them for its grammar.
std::vector<LooseCandidate> section_candidates_of(const Grammar& g);
std::vector<LooseCandidate> row_candidates_of(const Grammar& g);

inline constexpr double kMinScore = 0.7;
inline constexpr double kMinMargin = 0.12;
// A line taken for an unnumbered template section must be closer still: any
// short line of prose could otherwise become a heading.
inline constexpr double kSectionMinScore = 0.8;

}  // namespace xxgk
