// Cross-report work over one batch of records: the same agency across years.
//
//  1. agency_key: each report's agency name as a label key, Traditional folded
//     to Simplified, then folded across the batch: a short form
//     (南山区人民政府) joins the full signature form (鹤岗市南山区人民政府) that
//     ends with it, where the rest is a region prefix (ends with a region
//     suffix of common.xml: 鹤岗市) or the two come from the same folder, and
//     only where one full form is possible;
//  2. each report is linked to the same key's report of the year before
//     (Record::previous, saying why);
//  3. m.yoy.* are computed against the linked report's indicators;
//  4. the cross rules run on each linked pair: the grammar's <cross> rules
//     (cross.carry_over, cross.in_force), cross.copied_table,
//     cross.copied_text and cross.jump (thresholds in <cross-checks>); their
//     findings, warnings that name the previous file, are appended to the
//     later report's findings.
#pragma once

#include <vector>

#include "grammar/grammar.h"
#include "base/record.h"

namespace xxgk {

void link_batch(const GrammarSet& grammars, std::vector<Record>& records);

// The pieces, for tests.
std::vector<Finding> copied_tables(const Grammar& g, const Record& current, const Record& previous);
std::vector<Finding> copied_texts(const Grammar& g, const Record& current, const Record& previous);
std::vector<Finding> jumps(const Grammar& g, const Record& current, const Record& previous);

}  // namespace xxgk
