// Diagnostics are data (as in pugixml's xml_parse_result): a stable code, where
// in the original file, and a sentence for people. The CLI renders them
// ninja-style as `file:line:column: severity: message`.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace xxgk {

enum class Severity { info, warning, error };
const char* to_string(Severity s);

struct Diagnostic {
  std::string code;  // e.g. "input.empty", "table.row_short", "report.truncated"
  Severity severity = Severity::warning;
  uint32_t offset = 0;  // byte offset into the original file
  uint32_t line = 0;    // 1-based; 0 when not tied to a place
  uint32_t column = 0;  // 1-based, in characters
  std::string message;
};

using Diagnostics = std::vector<Diagnostic>;

// An error not yet tied to a place (the caller sets the offset if it has one).
Diagnostic error_diagnostic(std::string code, std::string message);

}  // namespace xxgk
