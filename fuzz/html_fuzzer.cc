// The HTML reader and the whole pipeline on a page: the name says .html and
// the bytes are markup, so sniffing sends them to gumbo.
#include <cstdint>

#include "engine.h"
#include "readers/readers.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  const xxgk::ReadResult read = xxgk::read_html(bytes);
  (void)read;
  (void)xxgk::fuzz::engine().parse(bytes, "fuzz.html");
  return 0;
}
