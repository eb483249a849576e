// Pipeline::parse on raw bytes: whatever the input, a record comes back (never a
// crash, a hang or a sanitizer report), and its JSON is valid UTF-8.
#include <cstdint>
#include <cstdlib>

#include "engine.h"
#include "base/utf8.h"
#include "write/writers.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  const xxgk::Record r = xxgk::fuzz::engine().parse(bytes, "fuzz.txt");
  if (!xxgk::utf8::is_valid(xxgk::record_json(r, false))) std::abort();
  return 0;
}
