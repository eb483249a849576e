// Stage 7: writers. Each consumes finished records and knows nothing of
// parsing. Output is deterministic: the same records give the same bytes.
#pragma once

#include <string>
#include <vector>

#include "grammar/grammar.h"
#include "base/record.h"

namespace xxgk {

// The record schema every writer names (see the data contract).
inline constexpr const char* kSchema = "xxgk/2";

// An indicator's value as JSON, CSV and SQL print it: the shortest text that
// reads back as the same double (0.6153846153846154, 12).
std::string metric_text(double v);

// The record as JSON (schema xxgk/2, see the data contract). `pretty` indents
// with two spaces; otherwise one line (JSON Lines).
std::string record_json(const Record& r, bool pretty);

// Records as one XML document: <records><record schema="xxgk/2" ...>...</records>.
std::string records_xml(const std::vector<const Record*>& records);

// The dataset: one CSV row per report (RFC 4180 quoting).
std::string dataset_header(const GrammarSet& g);
std::string dataset_row(const Record& r, const GrammarSet& g);

// Findings: one JSON object per line, or readable text for a terminal.
std::string findings_jsonl(const Record& r);
std::string findings_text(const Record& r);

// Diagnostics rendered ninja-style: file:line:column: severity: message [code].
std::string diagnostics_text(const Record& r, Severity at_least);

std::string json_escape(std::string_view s);

}  // namespace xxgk
