#include <algorithm>

#include "xxgk/utf8.h"
#include "xxgk/writers.h"

namespace xxgk {

// Text outputs are UTF-8 too: the one sanitizer, over the whole text.
std::string findings_text(const Record& r) {
  std::string out;
  for (auto& f : r.findings) {
    out += r.file + ": " + to_string(f.severity) + ": " + f.rule + " [" + f.scope + "] " + f.lhs.str() + " ≠ " +
           f.rhs.str() + " (delta " + f.delta.str() + ")\n";
    out += "    " + f.message + "\n";
    out += "    cells:";
    for (auto& k : f.cells) {
      out += " " + k;
      if (std::find(f.blank.begin(), f.blank.end(), k) != f.blank.end()) out += "(blank)";
    }
    out += "\n";
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
