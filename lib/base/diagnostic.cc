#include "base/diagnostic.h"

namespace xxgk {

const char* to_string(Severity s) {
  switch (s) {
    case Severity::info: return "info";
    case Severity::warning: return "warning";
    case Severity::error: return "error";
  }
  return "unknown";
}

Diagnostic error_diagnostic(std::string code, std::string message) {
  Diagnostic d;
  d.code = std::move(code);
  d.severity = Severity::error;
  d.message = std::move(message);
  return d;
}

}  // namespace xxgk
