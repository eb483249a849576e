#include "xxgk/diagnostic.h"

namespace xxgk {

const char* to_string(Severity s) {
  switch (s) {
    case Severity::info: return "info";
    case Severity::warning: return "warning";
    case Severity::error: return "error";
  }
  return "unknown";
}

}  // namespace xxgk
