#include "decode/mixed.h"

#include <unicode/utf8.h>

#include <cstdint>

namespace xxgk {
namespace {

enum class Kind { ascii, utf8, legacy };

struct Line {
  Kind kind = Kind::ascii;
  size_t wide = 0;  // UTF-8 characters of three or four bytes
};

Line classify(std::string_view line) {
  Line out;
  const auto* p = reinterpret_cast<const uint8_t*>(line.data());
  const auto n = static_cast<int32_t>(line.size());
  for (int32_t i = 0; i < n;) {
    if (p[i] < 0x80) {
      ++i;
      continue;
    }
    const int32_t start = i;
    UChar32 c;
    U8_NEXT(p, i, n, c);
    if (c < 0) return {Kind::legacy, 0};
    out.kind = Kind::utf8;
    out.wide += i - start >= 3;
  }
  return out;
}

struct Run {
  size_t begin = 0, end = 0;
  Kind kind = Kind::ascii;  // ascii: no other line yet (only the first run)
  size_t wide = 0;
};

// Adds the line [begin, end) to the runs: it extends the last one when of its
// encoding (an ASCII line always does, and an all-ASCII run takes any line),
// else starts one.
void add(std::vector<Run>& runs, size_t begin, size_t end, const Line& line) {
  if (!runs.empty()) {
    Run& last = runs.back();
    if (line.kind == Kind::ascii || last.kind == Kind::ascii || last.kind == line.kind) {
      last.end = end;
      if (last.kind == Kind::ascii) last.kind = line.kind;
      last.wide += line.wide;
      return;
    }
  }
  runs.push_back({begin, end, line.kind, line.wide});
}

}  // namespace

std::vector<Stretch> encoding_stretches(std::string_view body) {
  std::vector<Run> runs;
  for (size_t at = 0; at < body.size();) {
    const size_t nl = body.find('\n', at);
    const size_t end = nl == std::string_view::npos ? body.size() : nl + 1;
    add(runs, at, end, classify(body.substr(at, end - at)));
    at = end;
  }
  // Too little UTF-8 to be sure of it is read as the legacy charset; then
  // neighbours of one encoding are one stretch.
  std::vector<Stretch> out;
  for (const Run& r : runs) {
    const bool utf8 = r.kind == Kind::utf8 && r.wide >= kMinUtf8Stretch;
    if (!out.empty() && out.back().utf8 == utf8) {
      out.back().end = r.end;
    } else {
      out.push_back({r.begin, r.end, utf8});
    }
  }
  if (out.size() < 2) out.clear();
  return out;
}

}  // namespace xxgk
