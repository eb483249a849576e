// Decimal, an exact decimal number, is part of the public API (the record's
// values): it is declared in the public header.
#pragma once

#include <string>

#include "xxgk/xxgk.h"

namespace xxgk {

// Appends Decimal::str()'s text to `out` without a string of its own (the
// dataset writes hundreds a row).
void append_decimal(std::string& out, const Decimal& d);

}  // namespace xxgk
