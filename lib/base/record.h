// The record of one report (Record, CellValue, Finding, ...) is part of the
// public API: it is declared in the public header, which the stages include
// through this one.
#pragma once

#include "xxgk/xxgk.h"
