#include <algorithm>

#include "audit/audit.h"
#include "base/utf8.h"
#include "write/writers.h"

namespace xxgk {

// Text outputs are UTF-8 too: the one sanitizer, over the whole text.
std::string findings_text(const Record& r) {
  std::string out;
  for (auto& f : r.findings) {
    out += r.file + ": " + to_string(f.severity) + ": " + f.rule + " [" + f.scope + "]";
    // Copied tables and text have no two sides to compare.
    if (!(f.lhs == f.rhs)) out += " " + f.lhs.str() + " ≠ " + f.rhs.str() + " (delta " + f.delta.str() + ")";
    out += "\n";
    out += "    " + f.message + "\n";
    if (f.cells.empty()) continue;
    out += "    cells:";
    for (auto& k : f.cells) {
      out += " " + k;
      if (std::find(f.blank.begin(), f.blank.end(), k) != f.blank.end()) out += "(blank)";
    }
    out += "\n";
  }
  // The diagnosis in one line: which cell, printed what, should be what.
  if (r.diagnosis.verdict != "clean") {
    out += r.file + ": diagnosis: " + describe(r.diagnosis) + "\n";
    // What the diagnosis could not see: rules blocked by cells not read.
    if (!r.diagnosis.unchecked.empty()) {
      out += "    unchecked:";
      for (auto& u : r.diagnosis.unchecked) out += " " + u.rule + " (" + u.reason + ")";
      out += "\n";
    }
  }
  return utf8::sanitize(out);
}

std::string diagnostics_text(const Record& r, Severity at_least) {
  std::string out;
  for (auto& d : r.diagnostics) {
    if (static_cast<int>(d.severity) < static_cast<int>(at_least)) continue;
    out += r.file;
    if (d.line) out += ":" + std::to_string(d.line) + ":" + std::to_string(d.column);
    out += ": " + std::string(to_string(d.severity)) + ": " + d.message + " [" + d.code + "]\n";
  }
  return utf8::sanitize(out);
}

}  // namespace xxgk
