// Decimal, an exact decimal number, is part of the public API (the record's
// values): it is declared in the public header.
#pragma once

#include "xxgk/xxgk.h"
