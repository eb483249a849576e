// Stage 1: bytes -> UTF-8. Knows UTF-8 (with or without BOM), UTF-16LE/BE (BOM
// or detected), GB18030/GBK/GB2312 and Big5, using ICU converters and ICU's
// charset detector when nothing is declared. Invalid sequences become U+FFFD and
// are reported, never dropped silently.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "base/diagnostic.h"
#include "base/source_text.h"

namespace xxgk {

struct Decoded {
  SourceText text;       // UTF-8, origin = byte offsets into the input bytes
  std::string encoding;  // canonical name actually used: "UTF-8", "GB18030", "UTF-16LE", ...
  Diagnostics diagnostics;
  // decode_viewing() only: the input was valid UTF-8 (past an optional BOM),
  // so the text is those bytes as they are and `text.text` stays empty (its
  // origin is the shift). A file is then not held twice.
  std::optional<std::string_view> viewed;
  std::string_view chars() const { return viewed ? *viewed : std::string_view(text.text); }
};

// `declared` is a charset named by the document itself (an HTML meta tag) or by
// the user; empty means detect. A declared GB2312/GBK is read as GB18030, its
// superset, because real pages labelled GB2312 routinely use GBK characters.
Decoded decode(std::string_view bytes, std::string_view declared = {});
// The same, except that valid UTF-8 is viewed, not copied: the result must
// not outlive `bytes`.
Decoded decode_viewing(std::string_view bytes, std::string_view declared = {});

// Bytes that are valid UTF-8 (after an optional UTF-8 BOM) need no decoding:
// decode(bytes, "UTF-8") would copy them as they are. `text` is `bytes` without
// the BOM, its byte i from offset i + shift of the input. nullopt when the bytes
// are not valid UTF-8 or are over the size limit (decode() then says why).
struct Utf8InPlace {
  std::string_view text;
  uint32_t shift = 0;
};
std::optional<Utf8InPlace> utf8_in_place(std::string_view bytes);

// True when `bytes` look binary (NUL bytes or many control characters outside
// any UTF-16 pattern): such input is refused rather than decoded as mojibake.
bool looks_binary(std::string_view bytes);

}  // namespace xxgk
