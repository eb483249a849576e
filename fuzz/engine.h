// The real grammars, loaded once per fuzzing process.
#pragma once

#include <cstdlib>

#include "engine/pipeline.h"

namespace xxgk::fuzz {

inline const Pipeline& engine() {
  static const Pipeline e = [] {
    const char* dir = std::getenv("XXGK_GRAMMARS");
    return Pipeline(load_grammars(dir && *dir ? dir : XXGK_GRAMMARS_DIR));
  }();
  return e;
}

}  // namespace xxgk::fuzz
