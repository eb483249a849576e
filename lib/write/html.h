// The audit as one self-contained HTML page (xxgk audit --html): inline CSS
// and SVG, no network, no script beyond a few lines that count what is
// highlighted. A batch summary (reports by template and year, findings by
// rule, a bar chart of an indicator across reports), then for each report
// with findings its tables drawn as the template prints them (rows and
// columns from the grammar), the cells of broken rules highlighted, the
// suspect cell marked with its printed and expected value, each cell carrying
// its byte offset in the source file.
//
// DOM contract (tests read it back): each report is a <section class="report"
// data-file=...>; each table cell is <td data-key=KEY data-offset=N>, with
// class "involved" when a finding names it and "suspect" when the diagnosis
// does (then data-printed and data-expected).
#pragma once

#include <string>
#include <vector>

#include "grammar/grammar.h"
#include "base/record.h"

namespace xxgk {

std::string audit_html(const std::vector<Record>& records, const GrammarSet& grammars);

}  // namespace xxgk
