// The real grammars, loaded once per fuzzing process.
#pragma once

#include <cstdlib>

#include "engine/pipeline.h"

namespace xxgk::fuzz {

inline const Engine& engine() {
  static const Engine e = [] {
    const char* dir = std::getenv("XXGK_GRAMMARS");
    return Engine(load_grammars(dir && *dir ? dir : XXGK_GRAMMARS_DIR));
  }();
  return e;
}

}  // namespace xxgk::fuzz
