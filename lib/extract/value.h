// Reading one printed figure into a value: signs (+36, -3, 减少2), thousands
// separators (1,204), units (12件, 251000元), blank markers (/, —, 无).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "base/decimal.h"
#include "grammar/grammar.h"

namespace xxgk {

struct ParsedValue {
  enum class Status { number, blank, invalid } status = Status::invalid;
  std::optional<Decimal> value;  // in the template's unit for amounts
  std::string unit;              // unit printed with it, if any
  std::string problem;           // for invalid: why
};

// `text` is normalized. `column` says the kind and the template's unit.
// `digit_words`: as ScanConfig::digit_words for `common`'s words (blank
// markers, units, sign words); false lets bare digits skip the word tests.
ParsedValue parse_value(std::string_view text, const ColumnSpec& column, const CommonSpec& common,
                        bool digit_words = true);

}  // namespace xxgk
