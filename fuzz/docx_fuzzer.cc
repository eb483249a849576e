// The DOCX reader (its zip reader over zlib, pugixml) on any bytes, then the pipeline.
#include <cstdint>

#include "engine.h"
#include "readers/readers.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  const xxgk::ReadResult read = xxgk::read_docx(bytes);
  (void)read;
  (void)xxgk::fuzz::engine().parse(bytes, "fuzz.docx");
  return 0;
}
