// Plain text: decoded and used as it is; its own layouts (one cell a line,
// space-aligned columns, " | " separators) are the tokenizer's business.
#include "base/codes.h"
#include "decode/decode.h"
#include "readers/readers.h"

namespace xxgk {

ReadResult refused(Diagnostic why) {
  ReadResult r;
  r.diagnostics.push_back(std::move(why));
  r.text.finish(0);
  return r;
}

ReadResult refused(std::string code, std::string message) {
  return refused(error_diagnostic(std::move(code), std::move(message)));
}

ReadResult read_text(std::string_view bytes) {
  if (bytes.empty()) return refused(codes::input_empty, "input is empty");
  if (looks_binary(bytes)) return refused(codes::input_binary, "input looks binary, not text");
  return read_sniffed_text(bytes);
}

ReadResult read_sniffed_text(std::string_view bytes) {
  Decoded d = decode_viewing(bytes);
  ReadResult r;
  r.ok = true;
  r.text = std::move(d.text);
  r.viewed = d.viewed;
  r.encoding = std::move(d.encoding);
  r.diagnostics = std::move(d.diagnostics);
  for (const Diagnostic& diag : r.diagnostics) {
    if (diag.severity == Severity::error) r.ok = false;  // e.g. input.too_large
  }
  return r;
}

}  // namespace xxgk
