// The binary form of a Record that RecordSpool keeps: every field, in
// declaration order, integers as LEB128 varints, strings as a length and
// bytes, optionals as a presence byte. Private to one build of xxgk; the
// round trip (decode of encode is the record) is what the tests check.
#pragma once

#include <string>
#include <string_view>

#include "base/record.h"

namespace xxgk {

void encode_record(const Record& r, std::string& out);  // appends
// False when `bytes` is not one whole record as encode_record writes it.
bool decode_record(std::string_view bytes, Record& out);

}  // namespace xxgk
