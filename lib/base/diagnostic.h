// Diagnostics are data (as in pugixml's xml_parse_result): a stable code, where
// in the original file, and a sentence for people. Severity and Diagnostic are
// public (declared in xxgk/xxgk.h); this adds what the stages use to make them.
#pragma once

#include <string>

#include "xxgk/xxgk.h"

namespace xxgk {

// An error not yet tied to a place (the caller sets the offset if it has one).
Diagnostic error_diagnostic(std::string code, std::string message);

}  // namespace xxgk
