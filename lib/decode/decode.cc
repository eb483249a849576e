// Stage 1: bytes -> UTF-8 with a byte-exact origin map (see decode.h).
//
// Every conversion goes through ICU's ucnv_toUnicode with its `offsets` array,
// so the origin of each UTF-8 byte we emit is the input offset ICU itself
// reports for the character, never a guess. Valid UTF-8 skips ICU entirely (its
// origin map is the identity shifted past the BOM).
#include "decode/decode.h"

#include <unicode/ucnv.h>
#include <unicode/ucnv_cb.h>
#include <unicode/ucsdet.h>
#include <unicode/utf16.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <array>
#include <cstring>
#include <optional>
#include <vector>

#include "base/ascii.h"
#include "base/codes.h"
#include "base/swar.h"
#include "base/utf8.h"
#include "decode/detect.h"
#include "decode/mixed.h"

namespace xxgk {
namespace {

// Origins are uint32 and ICU takes int32 lengths; no report comes near this.
constexpr size_t kMaxInputBytes = size_t{512} << 20;
// Charset detection reads a prefix: its statistics settle long before.
constexpr size_t kDetectSample = size_t{256} << 10;
// Control-character ratio for looks_binary is measured on a prefix.
constexpr size_t kBinarySample = size_t{64} << 10;
// BOM-less UTF-16 is recognised from its first bytes.
constexpr size_t kUtf16Sample = 4096;
constexpr size_t kUtf16MinNuls = 4;

struct Bom {
  const char* charset;
  size_t length;
};

std::optional<Bom> find_bom(std::string_view b) {
  auto starts = [&](std::string_view p) { return b.substr(0, p.size()) == p; };
  using namespace std::string_view_literals;
  if (starts("\xEF\xBB\xBF"sv)) return Bom{"UTF-8", 3};
  // UTF-32LE's BOM begins like UTF-16LE's, so it is tested first.
  if (starts("\xFF\xFE\0\0"sv)) return Bom{"UTF-32LE", 4};
  if (starts("\0\0\xFE\xFF"sv)) return Bom{"UTF-32BE", 4};
  if (starts("\xFF\xFE"sv)) return Bom{"UTF-16LE", 2};
  if (starts("\xFE\xFF"sv)) return Bom{"UTF-16BE", 2};
  return std::nullopt;
}

bool is_text_control(unsigned char c) {
  // Tab, LF, CR, FF are layout; ESC introduces ISO-2022 shifts.
  return c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == 0x1B;
}

// UTF-16 without a BOM: ASCII characters leave a NUL in every other byte. The
// byte order is the one whose high bytes hold (nearly) all the NULs, provided
// the code units then read as text rather than as binary records.
std::optional<const char*> sniff_utf16(std::string_view b) {
  const size_t n = std::min(b.size(), kUtf16Sample) & ~size_t{1};
  if (n < 4) return std::nullopt;
  // Nearly every input has no NUL at all: one memchr says so.
  if (std::memchr(b.data(), '\0', n) == nullptr) return std::nullopt;
  std::array<size_t, 2> zeros{};
  for (size_t i = 0; i < n; ++i) zeros[i & 1] += b[i] == '\0';
  const size_t total = zeros[0] + zeros[1];
  const size_t units = n / 2;
  // A few stray NULs prove nothing; ASCII in UTF-16 leaves many.
  if (total < kUtf16MinNuls || total * 50 < units) return std::nullopt;
  bool little;
  if (zeros[1] * 20 >= total * 19) {
    little = true;
  } else if (zeros[0] * 20 >= total * 19) {
    little = false;
  } else {
    return std::nullopt;
  }
  size_t controls = 0;
  for (size_t i = 0; i < n; i += 2) {
    auto lo = static_cast<unsigned char>(b[little ? i : i + 1]);
    auto hi = static_cast<unsigned char>(b[little ? i + 1 : i]);
    if (hi == 0 && lo < 0x20 && !is_text_control(lo)) ++controls;
  }
  if (controls * 100 > units) return std::nullopt;
  return little ? "UTF-16LE" : "UTF-16BE";
}

struct Utf8Stats {
  size_t multibyte = 0;  // valid non-ASCII characters
  size_t invalid = 0;    // ill-formed sequences
};

Utf8Stats utf8_stats(std::string_view b) {
  Utf8Stats s;
  const auto* p = reinterpret_cast<const uint8_t*>(b.data());
  const auto n = static_cast<int32_t>(b.size());
  for (int32_t i = 0; i < n;) {
    // Runs of ASCII, eight bytes at a time: most of a page is markup.
    while (i + 8 <= n && !swar::has_non_ascii(swar::load(p + i))) i += 8;
    if (i >= n) break;
    UChar32 c;
    U8_NEXT(p, i, n, c);
    if (c < 0) {
      ++s.invalid;
    } else if (c >= 0x80) {
      ++s.multibyte;
    }
  }
  return s;
}

// ---- ICU conversion with a counting substitution callback ----------------

struct BadBytes {
  size_t count = 0;
  std::optional<size_t> first_unit;  // index in the UTF-16 output of the first U+FFFD
  const UChar* target_begin = nullptr;
};

// Writes U+FFFD for every illegal, irregular or unassigned sequence (ICU's own
// substitute callback may write U+001A for some converters) and counts them.
void U_CALLCONV substitute_and_count(const void* context, UConverterToUnicodeArgs* args, const char*, int32_t,
                                     UConverterCallbackReason reason, UErrorCode* err) {
  if (reason > UCNV_IRREGULAR) return;  // reset, close, clone: nothing to replace
  auto* bad = static_cast<BadBytes*>(const_cast<void*>(context));
  if (!bad->first_unit) bad->first_unit = static_cast<size_t>(args->target - bad->target_begin);
  ++bad->count;
  *err = U_ZERO_ERROR;
  static const UChar kReplacement = 0xFFFD;
  ucnv_cbToUWriteUChars(args, &kReplacement, 1, 0, err);
}

bool converter_exists(const std::string& charset) {
  UErrorCode err = U_ZERO_ERROR;
  icu::LocalUConverterPointer cnv(ucnv_open(charset.c_str(), &err));
  return U_SUCCESS(err);
}

// UTF-8 length of UTF-16 units (lone surrogates become U+FFFD, 3 bytes).
size_t utf8_size(const UChar* units, size_t n) {
  size_t size = 0;
  for (size_t i = 0; i < n; ++i) {
    const UChar c = units[i];
    if (c < 0x80) {
      size += 1;
    } else if (c < 0x800) {
      size += 2;
    } else if (U16_IS_LEAD(c) && i + 1 < n && U16_IS_TRAIL(units[i + 1])) {
      size += 4;
      ++i;
    } else {
      size += 3;
    }
  }
  return size;
}

// UTF-16 units -> UTF-8 bytes; every byte of a character maps to the input
// offset of that character (offsets[i], already absolute).
void append_utf8(const UChar* units, const int32_t* offsets, size_t count, SourceText& out) {
  // Written in place into a buffer of the exact size: a push_back a byte
  // costs more than the conversion.
  const size_t start = out.text.size();
  out.text.resize(start + utf8_size(units, count));
  auto* text = reinterpret_cast<uint8_t*>(out.text.data());
  size_t at = start;
  const auto n = static_cast<int32_t>(count);
  for (int32_t i = 0; i < n;) {
    const int32_t first = i;
    UChar32 c;
    U16_NEXT(units, i, n, c);
    if (U_IS_SURROGATE(c)) c = 0xFFFD;  // converters never emit lone surrogates; be safe
    const size_t char_start = at;
    U8_APPEND_UNSAFE(text, at, c);  // c is a scalar value and utf8_size() counted its bytes
    const auto from = static_cast<uint32_t>(offsets[first]);
    if (at - char_start == 1) {
      out.origin.push_back(from);  // ASCII: the inline path
    } else {
      out.origin.push_repeated(from, at - char_start);
    }
  }
}

// The input is converted a chunk at a time, through buffers of a fixed size:
// whole, its UTF-16 and offsets would take 6 bytes a byte beside the output.
constexpr size_t kConvertChunk = size_t{64} << 10;

// Invalid input met while converting: how many sequences, and the input
// offset of the first.
struct Invalid {
  size_t count = 0;
  std::optional<uint32_t> first;
};

// Streams `body` (input offset `shift` onwards) through the converter `cnv`
// into `out`. Every chunk's output fits the buffer (at most one UTF-16 unit a
// byte, with room for what a flush adds), so ICU never holds converted units
// back, and its offsets are exact: -1 marks only a character begun in the
// chunk before, whose bytes ICU still holds (ucnv_toUCountPending).
Invalid stream_to_utf8(UConverter* cnv, std::string_view body, uint32_t shift, SourceText& out) {
  BadBytes bad;
  UErrorCode err = U_ZERO_ERROR;
  ucnv_setToUCallBack(cnv, substitute_and_count, &bad, nullptr, nullptr, &err);
  std::vector<UChar> units(std::min(kConvertChunk, body.size()) + 64);  // a short input, a short buffer
  std::vector<int32_t> offsets(units.size());
  Invalid invalid;
  const char* src = body.data();
  const char* const end = src + body.size();
  for (;;) {
    const char* const chunk_end = src + std::min<size_t>(kConvertChunk, static_cast<size_t>(end - src));
    const bool last = chunk_end == end;
    do {
      UErrorCode e = U_ZERO_ERROR;
      const int32_t pending = std::max(0, ucnv_toUCountPending(cnv, &e));
      const auto base = static_cast<int32_t>(src - body.data()) + static_cast<int32_t>(shift);
      UChar* target = units.data();
      bad.target_begin = units.data();
      bad.first_unit.reset();
      const size_t bad_before = bad.count;
      err = U_ZERO_ERROR;
      ucnv_toUnicode(cnv, &target, units.data() + units.size(), &src, chunk_end, offsets.data(), last, &err);
      const auto n = static_cast<size_t>(target - units.data());
      for (size_t i = 0; i < n; ++i) {
        offsets[i] = offsets[i] < 0 ? (i > 0 ? offsets[i - 1] : base - pending) : offsets[i] + base;
      }
      if (bad.count > bad_before && !invalid.first) {
        invalid.first = n == 0 ? static_cast<uint32_t>(base)
                               : static_cast<uint32_t>(offsets[std::min(bad.first_unit.value_or(0), n - 1)]);
      }
      append_utf8(units.data(), offsets.data(), n, out);
    } while (err == U_BUFFER_OVERFLOW_ERROR);  // never expected (see above); safe
    if (last) break;
  }
  invalid.count = bad.count;
  return invalid;
}

// ---- charset names ---------------------------------------------------------

// A declared label as written in a meta tag or a header: quotes and spaces off.
std::string lower_trimmed(std::string_view s) {
  return ascii::lower(ascii::trim(s, " \t\"'\r\n"));
}

// Maps a declared charset to the converter we use. GB2312/GBK labels become
// GB18030 (their superset: pages labelled GB2312 routinely use GBK characters);
// Big5 labels become ICU's Big5, which is the CP950 superset in use.
std::string canonical_charset(std::string_view declared) {
  static constexpr std::array<std::string_view, 15> kGb = {
      "gb2312", "gbk",      "x-gbk",    "cp936",   "ms936",     "windows-936",     "gb_2312-80", "gb_2312",
      "euc-cn", "x-euc-cn", "csgb2312", "chinese", "iso-ir-58", "csiso58gb231280", "gb18030"};
  static constexpr std::array<std::string_view, 6> kBig5 = {"big5",   "big-5", "x-big5",
                                                            "csbig5", "cp950", "windows-950"};
  const std::string s = lower_trimmed(declared);
  auto in = [&](const auto& set) { return std::find(set.begin(), set.end(), s) != set.end(); };
  if (in(kGb)) return "GB18030";
  if (in(kBig5)) return "Big5";
  if (s == "utf-8" || s == "utf8" || s == "unicode-1-1-utf-8") return "UTF-8";
  // A BOM-less "utf-16" is little-endian in practice (and per the HTML spec).
  if (s == "utf-16" || s == "utf-16le" || s == "unicode") return "UTF-16LE";
  if (s == "utf-16be") return "UTF-16BE";
  return s;  // ICU resolves its own aliases
}

// The name we report: ours for the charsets we name, else ICU's MIME/IANA name.
std::string display_name(const std::string& charset) {
  static constexpr std::array<std::string_view, 7> kOurs = {"UTF-8",    "GB18030",  "Big5",    "UTF-16LE",
                                                            "UTF-16BE", "UTF-32LE", "UTF-32BE"};
  if (std::find(kOurs.begin(), kOurs.end(), charset) != kOurs.end()) return charset;
  UErrorCode err = U_ZERO_ERROR;
  icu::LocalUConverterPointer cnv(ucnv_open(charset.c_str(), &err));
  if (U_FAILURE(err)) return charset;
  const char* internal = ucnv_getName(cnv.getAlias(), &err);
  for (const char* standard : {"MIME", "IANA"}) {
    UErrorCode e = U_ZERO_ERROR;
    const char* name = ucnv_getStandardName(internal, standard, &e);
    if (U_SUCCESS(e) && name != nullptr) return name;
  }
  return charset;
}

// ---- detection -------------------------------------------------------------

struct Guess {
  std::string name;
  int32_t confidence = 0;
};

std::vector<Guess> icu_guesses(std::string_view sample) {
  std::vector<Guess> out;
  UErrorCode err = U_ZERO_ERROR;
  icu::LocalUCharsetDetectorPointer det(ucsdet_open(&err));
  if (U_FAILURE(err)) return out;
  ucsdet_setText(det.getAlias(), sample.data(), static_cast<int32_t>(sample.size()), &err);
  ucsdet_enableInputFilter(det.getAlias(), true);  // ignore <markup> in the statistics
  int32_t count = 0;
  const UCharsetMatch** matches = ucsdet_detectAll(det.getAlias(), &count, &err);
  if (U_FAILURE(err)) return out;
  for (int32_t i = 0; i < count; ++i) {
    UErrorCode e = U_ZERO_ERROR;
    const char* name = ucsdet_getName(matches[i], &e);
    const int32_t conf = ucsdet_getConfidence(matches[i], &e);
    if (U_SUCCESS(e) && name != nullptr) out.push_back({name, conf});
  }
  return out;  // ICU sorts by confidence, best first
}

// True when `sample` converts with (nearly) no invalid sequence. A lone bad
// sequence in the last bytes is a character cut by the end of the sample (or of
// a truncated file) and is forgiven.
bool converts_cleanly(std::string_view sample, const char* charset) {
  UErrorCode err = U_ZERO_ERROR;
  icu::LocalUConverterPointer cnv(ucnv_open(charset, &err));
  if (U_FAILURE(err)) return false;
  SourceText scratch;
  const Invalid bad = stream_to_utf8(cnv.getAlias(), sample, 0, scratch);
  size_t count = bad.count;
  if (count == 1 && bad.first && *bad.first + 4 > sample.size()) count = 0;
  size_t units = 0;  // UTF-16 units of the text: a character beyond the BMP is two
  for (const char ch : scratch.text) {
    const auto c = static_cast<unsigned char>(ch);
    units += (c & 0xC0) != 0x80 ? (c >= 0xF0 ? 2 : 1) : 0;
  }
  return count <= units / 500;
}

bool is_other_cjk(const std::string& name) {
  return name == "Shift_JIS" || name == "EUC-JP" || name == "EUC-KR" || name.starts_with("ISO-2022");
}

}  // namespace

// Charset of bytes that are neither valid UTF-8 nor UTF-16. Reports are
// Chinese, so GB18030 is preferred whenever the bytes read cleanly as such,
// unless ICU is clearly sure of Big5 or of another CJK charset; ICU's
// low-confidence Latin or Japanese guesses for short Chinese text are wrong.
std::string detect_legacy_icu(std::string_view sample) {
  const std::vector<Guess> guesses = icu_guesses(sample);
  int32_t gb_confidence = 0;
  for (const Guess& g : guesses) {
    if (g.name == "GB18030") gb_confidence = std::max(gb_confidence, g.confidence);
  }
  if (!guesses.empty()) {
    const Guess& best = guesses.front();
    if (best.name == "GB18030" || best.name == "Big5") return best.name;
    const bool sure_other = is_other_cjk(best.name) && best.confidence >= 70 && best.confidence - gb_confidence >= 20;
    if (sure_other && converter_exists(best.name)) return best.name;
  }
  if (converts_cleanly(sample, "GB18030")) return "GB18030";
  if (converts_cleanly(sample, "Big5")) return "Big5";
  for (const Guess& g : guesses) {
    if (converter_exists(g.name)) return g.name;
  }
  return "GB18030";
}

namespace {

// `valid_utf8` is set when the bytes are UTF-8 without a fault (utf8::is_valid,
// the one check), so that decoding need not check them again.
std::string detect(std::string_view bytes, bool& valid_utf8) {
  if (auto utf16 = sniff_utf16(bytes)) return *utf16;
  valid_utf8 = utf8::is_valid(bytes);
  if (valid_utf8) return "UTF-8";
  // Mostly valid UTF-8 with a few damaged bytes stays UTF-8: legacy CJK text
  // fails UTF-8 on most of its characters, not on one in twenty.
  const Utf8Stats s = utf8_stats(bytes);
  if (s.invalid * 20 < s.multibyte) return "UTF-8";
  return detect_legacy(bytes.substr(0, kDetectSample));
}

// ---- diagnostics -------------------------------------------------------------

// 1-based line and column (in characters) of the first output byte whose origin
// is at or after `offset`.
std::pair<uint32_t, uint32_t> locate(const SourceText& t, uint32_t offset) {
  OffsetMap::Cursor origin(t.origin);  // origins of decoded text never go back
  uint32_t line = 1, column = 1;
  for (size_t i = 0; i < t.text.size() && origin.at(i) < offset; ++i) {
    const char c = t.text[i];
    const bool crlf_first = c == '\r' && i + 1 < t.text.size() && t.text[i + 1] == '\n';
    if (c == '\n' || (c == '\r' && !crlf_first)) {
      ++line;
      column = 1;
    } else if ((static_cast<unsigned char>(c) & 0xC0) != 0x80 && !crlf_first) {
      ++column;
    }
  }
  return {line, column};
}

// A warning at original offset `at`, with its line and column; the caller
// says what it is about.
Diagnostic warning_at(const SourceText& t, const char* code, uint32_t at) {
  const auto [line, column] = locate(t, at);
  Diagnostic diag;
  diag.code = code;
  diag.severity = Severity::warning;
  diag.offset = at;
  diag.line = line;
  diag.column = column;
  return diag;
}

void report_invalid(const Invalid& bad, const std::string& encoding, Decoded& d) {
  if (bad.count == 0 || !bad.first) return;
  const uint32_t at = *bad.first;
  Diagnostic diag = warning_at(d.text, codes::decode_invalid, at);
  diag.message = std::to_string(bad.count) + " invalid byte sequence" + (bad.count == 1 ? "" : "s") + " in " +
                 encoding + " input replaced by U+FFFD (first at byte " + std::to_string(at) + ")";
  d.diagnostics.push_back(std::move(diag));
}

// body (the input past `shift` bytes of BOM) from `charset` to UTF-8 in `out`;
// nullopt when there is no converter for it.
std::optional<Invalid> convert(std::string_view body, const std::string& charset, uint32_t shift, SourceText& out) {
  UErrorCode err = U_ZERO_ERROR;
  icu::LocalUConverterPointer cnv(ucnv_open(charset.c_str(), &err));
  if (U_FAILURE(err)) return std::nullopt;
  // At most 3 UTF-8 bytes for 2 input bytes of CJK, invalid bytes aside: the
  // output is not copied as it grows (pages reserved and not written cost nothing).
  const size_t expected = out.text.size() + body.size() / 2 * 3 + 16;
  out.text.reserve(expected);
  out.origin.reserve(expected + 1);
  return stream_to_utf8(cnv.getAlias(), body, shift, out);
}

Diagnostic simple(std::string code, Severity severity, std::string message) {
  Diagnostic d;
  d.code = std::move(code);
  d.severity = severity;
  d.message = std::move(message);
  return d;
}

// Chooses the converter: a BOM wins over any declaration (as in HTML5), a
// declaration ICU knows wins over detection.
std::string choose_charset(std::string_view bytes, std::string_view declared, size_t& skip, bool& detected,
                           bool& valid_utf8, Decoded& d) {
  if (auto bom = find_bom(bytes)) {
    skip = bom->length;
    return bom->charset;
  }
  if (!declared.empty()) {
    std::string charset = canonical_charset(declared);
    if (converter_exists(charset)) return charset;
    d.diagnostics.push_back(simple(codes::decode_unknown_charset, Severity::warning,
                                   "unknown charset '" + std::string(declared) + "'; detecting instead"));
  }
  detected = true;
  return detect(bytes, valid_utf8);
}

// A legacy charset detected for bytes that may hold UTF-8 stretches too.
bool legacy(const std::string& charset) {
  return !charset.starts_with("UTF-");
}

// The legacy stretches' bytes, as much as detection reads.
std::string legacy_sample(std::string_view body, const std::vector<Stretch>& stretches) {
  std::string sample;
  for (const Stretch& s : stretches) {
    if (s.utf8) continue;
    sample.append(body.substr(s.begin, std::min(s.end - s.begin, kDetectSample - sample.size())));
    if (sample.size() >= kDetectSample) break;
  }
  return sample;
}

// Stretches of UTF-8 that is mostly valid: a mix only when the rest is
// clearly a legacy charset (detect_legacy_fast), else damaged UTF-8, which
// stays UTF-8 (its bad bytes U+FFFD).
std::vector<Stretch> clear_mix(std::string_view body) {
  std::vector<Stretch> stretches = encoding_stretches(body);
  if (!stretches.empty() && !detect_legacy_fast(legacy_sample(body, stretches))) stretches.clear();
  return stretches;
}

// Decodes a mixed body stretch by stretch (mixed.h): UTF-8 as it is, the rest
// from the charset detected on the rest alone. Origins stay exact: each
// stretch is converted with its own offset.
void decode_mixed(std::string_view body, const std::vector<Stretch>& stretches, uint32_t shift, Decoded& d) {
  std::string charset = detect_legacy(legacy_sample(body, stretches));
  UErrorCode err = U_ZERO_ERROR;
  icu::LocalUConverterPointer cnv(ucnv_open(charset.c_str(), &err));
  if (U_FAILURE(err)) {
    charset = "GB18030";
    err = U_ZERO_ERROR;
    cnv.adoptInstead(ucnv_open(charset.c_str(), &err));
  }
  const std::string legacy_name = display_name(charset);
  // The record names the encoding of most of the bytes, which the locator
  // then counts columns in; the warning names both.
  size_t utf8_bytes = 0;
  for (const Stretch& s : stretches) utf8_bytes += s.utf8 ? s.end - s.begin : 0;
  d.encoding = utf8_bytes * 2 > body.size() ? "UTF-8" : legacy_name;
  const size_t expected = body.size() / 2 * 3 + 16;
  d.text.text.reserve(expected);
  d.text.origin.reserve(expected + 1);
  Invalid bad;
  size_t utf8 = 0;
  for (const Stretch& s : stretches) {
    const std::string_view piece = body.substr(s.begin, s.end - s.begin);
    const auto from = static_cast<uint32_t>(s.begin) + shift;
    if (s.utf8) {
      d.text.append(piece, from);
      ++utf8;
      continue;
    }
    ucnv_reset(cnv.getAlias());
    const Invalid b = stream_to_utf8(cnv.getAlias(), piece, from, d.text);
    bad.count += b.count;
    if (!bad.first) bad.first = b.first;
  }
  d.text.finish(static_cast<uint32_t>(body.size()) + shift);
  const auto at = static_cast<uint32_t>(stretches[1].begin) + shift;
  Diagnostic diag = warning_at(d.text, codes::decode_mixed, at);
  const uint32_t line = diag.line, column = diag.column;
  diag.message = "mixed encodings: " + std::to_string(utf8) + " stretch" + (utf8 == 1 ? "" : "es") +
                 " read as UTF-8, " + std::to_string(stretches.size() - utf8) + " as " + legacy_name +
                 "; the first switch is at " + std::to_string(line) + ":" + std::to_string(column) + " (byte " +
                 std::to_string(at) + ")";
  d.diagnostics.push_back(std::move(diag));
  report_invalid(bad, legacy_name, d);
}

}  // namespace

Decoded decode(std::string_view bytes, std::string_view declared) {
  Decoded d = decode_viewing(bytes, declared);
  if (d.viewed) {
    d.text.text.assign(*d.viewed);
    d.viewed.reset();
  }
  return d;
}

Decoded decode_viewing(std::string_view bytes, std::string_view declared) {
  Decoded d;
  if (bytes.size() > kMaxInputBytes) {
    d.diagnostics.push_back(simple(codes::input_too_large, Severity::error,
                                   "input of " + std::to_string(bytes.size()) + " bytes exceeds the limit of " +
                                       std::to_string(kMaxInputBytes) + " bytes"));
    d.text.finish(0);
    return d;
  }
  size_t skip = 0;
  bool detected = false, valid_utf8 = false;
  const std::string charset = choose_charset(bytes, declared, skip, detected, valid_utf8, d);
  const std::string_view body = bytes.substr(skip);
  const auto shift = static_cast<uint32_t>(skip);
  if (detected && legacy(charset)) {
    if (const std::vector<Stretch> stretches = encoding_stretches(body); !stretches.empty()) {
      decode_mixed(body, stretches, shift, d);
      return d;
    }
  }
  d.encoding = display_name(charset);
  if (charset == "UTF-8" && (valid_utf8 || utf8::is_valid(body))) {
    d.viewed = body;
    d.text.origin = OffsetMap::shifted(body.size(), shift);  // stores nothing
  } else if (const std::vector<Stretch> stretches =
                 detected && charset == "UTF-8" ? clear_mix(body) : std::vector<Stretch>{};
             !stretches.empty()) {
    decode_mixed(body, stretches, shift, d);
    return d;
  } else if (const std::optional<Invalid> bad = convert(body, charset, shift, d.text)) {
    report_invalid(*bad, d.encoding, d);
  }
  d.text.finish(static_cast<uint32_t>(bytes.size()));
  return d;
}

std::optional<Utf8InPlace> utf8_in_place(std::string_view bytes) {
  if (bytes.size() > kMaxInputBytes) return std::nullopt;
  const size_t skip = bytes.starts_with("\xEF\xBB\xBF") ? 3 : 0;
  const std::string_view body = bytes.substr(skip);
  if (!utf8::is_valid(body)) return std::nullopt;  // stops at the first fault
  return Utf8InPlace{body, static_cast<uint32_t>(skip)};
}

bool looks_binary(std::string_view bytes) {
  if (auto bom = find_bom(bytes); bom && std::strcmp(bom->charset, "UTF-8") != 0) return false;
  if (sniff_utf16(bytes)) return false;
  if (bytes.find('\0') != std::string_view::npos) return true;
  const std::string_view sample = bytes.substr(0, kBinarySample);
  size_t controls = 0;
  auto count = [&](size_t from, size_t to) {
    for (size_t i = from; i < to; ++i) {
      const auto c = static_cast<unsigned char>(sample[i]);
      if ((c < 0x20 && !is_text_control(c)) || c == 0x7F) ++controls;
    }
  };
  size_t i = 0;
  // Eight bytes at a time; a word with a byte below 0x20 or 0x7F (a line
  // end, a tab: every line of a text has one) is counted byte by byte.
  for (; i + 8 <= sample.size(); i += 8) {
    const uint64_t w = swar::load(sample.data() + i);
    if (swar::has_less(w, 0x20) || swar::has_byte(w, 0x7F)) count(i, i + 8);
  }
  count(i, sample.size());
  return controls * 10 > sample.size();
}

}  // namespace xxgk
