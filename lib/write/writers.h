// Stage 7: writers. Each consumes finished records and knows nothing of
// parsing. Output is deterministic: the same records give the same bytes.
// The writers are public (xxgk/xxgk.h: record_json, records_xml,
// findings_*, diagnostics_text, the SQLite dataset); those that need the
// grammars take an Engine there and the GrammarSet here.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "grammar/grammar.h"
#include "xxgk/xxgk.h"

namespace xxgk {

// An indicator's value as JSON, CSV and SQL print it: the shortest text that
// reads back as the same double (0.6153846153846154, 12).
std::string metric_text(double v);

// The dataset: one CSV row per report (RFC 4180 quoting).
std::string dataset_header(const GrammarSet& g);
std::string dataset_row(const Record& r, const GrammarSet& g);

// The audit page (see audit_html in xxgk/xxgk.h), drawn from the grammars.
std::string audit_html(const std::vector<Record>& records, const GrammarSet& grammars);

std::string json_escape(std::string_view s);

}  // namespace xxgk
