// Kept for the readers' includes: the helpers live in xxgk/ascii.h.
#pragma once

#include "xxgk/ascii.h"
