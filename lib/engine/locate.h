// Where an installed or copied xxgk finds its grammars, and its version.
//
// A binary (or the Python module) looks for grammars, in order:
//   1. the directory it was told (--grammars, or grammars= in Python);
//   2. $XXGK_GRAMMARS;
//   3. share/xxgk/grammars beside its own location: from the directory of
//      `anchor` (the running executable, or the module's shared object) up to
//      four parents, so prefix/bin/xxgk finds prefix/share/xxgk/grammars
//      wherever the prefix was installed or moved to;
//   4. the source tree's grammars/ it was built from (a build-tree binary).
// The first that exists wins; if none does, the last candidate is returned so
// that the error names a real path.
#pragma once

#include <string>

namespace xxgk {

// The library's version ("0.1.0"), the project version of CMakeLists.txt.
const char* version();

// The running executable's path (/proc/self/exe), or "" when unknown.
std::string self_executable();

// The grammar directory by the rules above; `anchor` may be empty.
std::string locate_grammars(const std::string& explicit_dir, const std::string& anchor);

}  // namespace xxgk
