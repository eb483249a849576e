// The diagnostic codes are part of the output contract (records, the SQLite
// table and stderr carry them; researchers filter on them), so their one list,
// XXGK_DIAGNOSTIC_CODES with the constants xxgk::codes::*, is in the public
// header (lib/include/xxgk/xxgk.h, "Diagnostic codes"). To add a code: a line
// there and a line in the README table.
#pragma once

#include "xxgk/xxgk.h"
