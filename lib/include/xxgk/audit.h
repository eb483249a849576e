// Stage 6: audit. Checks every instance of the grammar's rules on the cells of
// one report, and the narrative figures against their cells.
//
// Blank cells count as 0 and each finding lists them. Where one side of a rule
// is blank altogether (a total column left empty) the finding is a warning that
// the total was left blank, not an error. A rule instance that touches a
// missing or ambiguous cell cannot be checked and is counted as unchecked.
#pragma once

#include <vector>

#include "xxgk/grammar.h"
#include "xxgk/normalize.h"
#include "xxgk/record.h"

namespace xxgk {

struct AuditResult {
  std::vector<Finding> findings;
  size_t checked = 0, unchecked = 0;
};

AuditResult audit_cells(const Grammar& grammar, const std::vector<CellValue>& cells);
std::vector<Finding> audit_narratives(const Grammar& grammar, const std::vector<CellValue>& cells,
                                      const Normalized& text);

// Cross-report rules (cross.carry_over, cross.in_force) between `current` and
// the same agency's report of the year before, with the grammar of `current`.
// A key absent from either report (another template) leaves its rule unchecked.
std::vector<Finding> audit_cross(const Grammar& grammar, const Record& current, const Record& previous);

// The keys the cross rules of `grammar` read, so a batch can keep only those.
std::vector<std::string> cross_keys(const Grammar& grammar);

}  // namespace xxgk
