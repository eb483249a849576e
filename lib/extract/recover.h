// Recovery of glued digit runs (crawler text where table cells lost their
// boundaries: "640020470" for 64|0|0|2|0|4|70).
//
// The extractor hands over, for one table, every run that stands where several
// cells were expected, the values of the cells it could read directly, and the
// template's arithmetic as linear equations (expanded from the grammar's rules,
// so this file knows no template). The solver searches for every segmentation
// of every run that satisfies all equations at once (a constraint search over
// the whole table, not row by row), bounded by Limits.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace xxgk::recover {

// One run of characters that must fill `keys`, in order.
struct Run {
  std::vector<std::string> keys;  // canonical cell keys, in printed order
  // The run as printed, after normalization: ASCII digits, and separators that
  // are *hard* cell boundaries: a space, or a sign '+'/'-' (which belongs to
  // the number that follows it). A '.' is a decimal point inside one number.
  // kBlankCell stands for a blank marker printed inside the run ("3/00—"): a
  // cell of its own, worth 0 in the arithmetic.
  std::string text;
  std::vector<uint32_t> origin;  // origin offset of each byte of `text`
  std::vector<bool> signed_ok;   // per key: may this cell carry a sign?
  std::vector<bool> decimal_ok;  // per key: may this cell hold a decimal point?
};

inline constexpr char kBlankCell = 'b';
// A boundary where a cell printed empty may stand: crawler text keeps a space
// where a blank cell was ("0 00000" for 0, blank, 0, 0, 0, 0, 0). Either a
// blank cell of its own or just a boundary; used where the run has fewer
// characters than cells, so that some cell must have been printed empty.
inline constexpr char kMaybeBlank = 'o';

// sum(lhs) - sum(rhs) == constant. `rule` and `scope` name where it came from
// ("t3.row_total", "granted"), for explanations.
struct Equation {
  std::vector<std::string> lhs, rhs;
  int64_t constant = 0;
  std::string rule, scope;
};

struct Limits {
  // Named caps (cmark/md4c style): a pathological table must not hang a batch.
  uint64_t max_nodes = 2'000'000;  // search steps over the whole table
  size_t max_solutions = 16;       // distinct solutions kept (ambiguity evidence)
  size_t max_run_length = 64;      // longer runs are not searched at all
};

struct Problem {
  std::vector<Run> runs;
  std::map<std::string, int64_t> known;  // cells read directly; blanks as 0
  std::vector<Equation> equations;       // may mention keys not in runs/known: those are unknown free cells
  Limits limits;
};

enum class CellStatus { recovered, ambiguous, unresolved };

struct CellAnswer {
  std::string key;
  CellStatus status = CellStatus::unresolved;
  int64_t value = 0;                // when recovered
  std::string raw;                  // the digits of this cell (recovered only)
  uint32_t offset = 0;              // origin of its first digit (recovered only)
  std::vector<int64_t> candidates;  // distinct values seen across solutions (ambiguous)
};

enum class RunStatus { solved, ambiguous, no_solution, gave_up, too_long };

struct RunAnswer {
  RunStatus status = RunStatus::no_solution;
  // Up to limits.max_solutions segmentations, each the run's cells as printed
  // ("64","0","0","2","0","4","70"), in a stable order.
  std::vector<std::vector<std::string>> candidates;
  std::string note;  // why no solution / gave up: names the failing equation
};

struct Solution {
  std::vector<RunAnswer> runs;    // parallel to Problem::runs
  std::vector<CellAnswer> cells;  // one per key of every run, in run order
  uint64_t nodes = 0;             // search steps used
};

Solution solve(const Problem& problem);

}  // namespace xxgk::recover
