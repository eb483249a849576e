// Grammar patterns are compiled once per process, not once per report: RE2
// construction costs far more than matching a report. Compiled patterns are
// immutable and RE2 matching is thread-safe, so one cache serves all threads.
#pragma once

#include <re2/re2.h>

#include <string>

namespace xxgk {

// The compiled form of `pattern` (RE2::Quiet); check ok() before use.
const RE2& compiled(const std::string& pattern);

}  // namespace xxgk
