#include "normalize/normalize.h"

#include <unicode/normalizer2.h>
#include <unicode/translit.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <array>
#include <map>
#include <memory>

namespace xxgk {

namespace {

bool is_odd_space(UChar32 c) {
  return c == 0x00A0 || (c >= 0x2000 && c <= 0x200A) || c == 0x202F || c == 0x205F || c == 0x3000;
}

bool is_invisible(UChar32 c) {
  return c == 0xFEFF || (c >= 0x200B && c <= 0x200D) || c == 0x2060 || c == 0x00AD;
}

bool is_kept_control(UChar32 c) {
  return c == '\t' || c == '\n' || c == 0x1E || c == 0x1F;
}

const icu::Normalizer2& nfkc() {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* n = icu::Normalizer2::getNFKCInstance(status);
  // ICU's data is linked in; failing here means a broken installation.
  if (U_FAILURE(status) || !n) std::abort();
  return *n;
}

void fold_with_icu(UChar32 c, std::string& out);

// Full-width forms (，：（）１２ …), frequent in every report: folded once.
constexpr UChar32 kFullWidthFirst = 0xFF00, kFullWidthLast = 0xFFEF;
const std::string& full_width_folded(UChar32 c) {
  static const auto table = [] {
    std::vector<std::string> t(static_cast<size_t>(kFullWidthLast - kFullWidthFirst + 1));
    for (UChar32 f = kFullWidthFirst; f <= kFullWidthLast; ++f)
      fold_with_icu(f, t[static_cast<size_t>(f - kFullWidthFirst)]);
    return t;
  }();
  return table[static_cast<size_t>(c - kFullWidthFirst)];
}

// Appends the normalized form of code point `c` to `out`.
void fold(UChar32 c, std::string& out) {
  if (c >= kFullWidthFirst && c <= kFullWidthLast) {
    out += full_width_folded(c);
    return;
  }
  fold_with_icu(c, out);
}

void fold_with_icu(UChar32 c, std::string& out) {
  static const icu::Normalizer2& n = nfkc();
  if (c < 0x80 || n.isInert(c)) {
    char buf[4];
    int32_t len = 0;
    U8_APPEND_UNSAFE(buf, len, c);
    out.append(buf, static_cast<size_t>(len));
    return;
  }
  UErrorCode status = U_ZERO_ERROR;
  icu::UnicodeString folded = n.normalize(icu::UnicodeString(c), status);
  if (U_FAILURE(status)) folded = icu::UnicodeString(c);
  for (int32_t i = 0; i < folded.length();) {
    UChar32 f = folded.char32At(i);
    if (is_odd_space(f)) f = ' ';
    char buf[4];
    int32_t len = 0;
    U8_APPEND_UNSAFE(buf, len, f);
    out.append(buf, static_cast<size_t>(len));
    i += U16_LENGTH(f);
  }
}

// Length of an HTML line break tag at s[at] (<br>, <br/>, <br />, any case), or 0.
size_t br_tag_length(std::string_view s, size_t at) {
  if (at + 4 > s.size() || (s[at + 1] | 0x20) != 'b' || (s[at + 2] | 0x20) != 'r') return 0;
  size_t i = at + 3;
  while (i < s.size() && s[i] == ' ') ++i;
  if (i < s.size() && s[i] == '/') ++i;
  return i < s.size() && s[i] == '>' ? i + 1 - at : 0;
}

bool continuation(unsigned char b) {
  return (b & 0xC0) == 0x80;
}

// By first byte: 1 a verbatim ASCII byte, 3 the lead of U+4E00..U+9FFF
// (E4..E9, the rest checked), 0 anything else. One load, not six tests.
constexpr std::array<uint8_t, 256> kVerbatimLead = [] {
  std::array<uint8_t, 256> t{};
  for (int b = 0x20; b < 0x7F; ++b) t[static_cast<size_t>(b)] = b != '<';
  for (int b : {int{'\t'}, int{'\n'}, 0x1E, 0x1F}) t[static_cast<size_t>(b)] = 1;
  for (int b = 0xE4; b <= 0xE9; ++b) t[static_cast<size_t>(b)] = 3;
  return t;
}();

// The fast paths for what reports are made of, the same bytes out as in:
// printable ASCII other than '<', the kept controls (tab, line feed, the
// readers' row and cell marks), and the CJK Unified Ideographs
// U+4E00..U+9FFF (E4 B8 80..E9 BF BF), which NFKC leaves alone (inert:
// normalize_test checks every one against ICU). The length of the character
// at s[i] when it is one of those, else 0.
[[gnu::always_inline]] inline size_t verbatim_length(std::string_view s, size_t i) {
  const auto b0 = static_cast<unsigned char>(s[i]);
  const uint8_t lead = kVerbatimLead[b0];
  if (lead == 1) return 1;
  if (lead == 3 && i + 2 < s.size()) {
    const auto b1 = static_cast<unsigned char>(s[i + 1]), b2 = static_cast<unsigned char>(s[i + 2]);
    if (continuation(b1) && continuation(b2) && (b0 > 0xE4 || b1 >= 0xB8)) return 3;
  }
  return 0;
}

// Appends the normalized form of the character at s[i] to `out` (nothing for
// a dropped one); returns the index of the next character.
size_t normalize_at(std::string_view s, size_t i, std::string& out) {
  if (const size_t v = verbatim_length(s, i)) {
    out.append(s.data() + i, v);
    return i + v;
  }
  const auto n = static_cast<int32_t>(s.size());
  auto next = static_cast<int32_t>(i);
  UChar32 c;
  U8_NEXT(s.data(), next, n, c);
  if (c < 0) c = 0xFFFD;  // invalid UTF-8 cannot come from decode; be safe
  if (c == '<') {
    // Text copied from a page keeps its <br>: a line break inside a cell or
    // a paragraph, read as a space so that a label it splits stays whole.
    if (const size_t br = br_tag_length(s, i)) {
      out.push_back(' ');
      return i + br;
    }
    out.push_back('<');
  } else if (c == '\r') {
    if (static_cast<size_t>(next) >= s.size() || s[static_cast<size_t>(next)] != '\n') out.push_back('\n');
    // CRLF: nothing for the CR, the LF follows
  } else if (is_kept_control(c)) {
    out.push_back(static_cast<char>(c));
  } else if (c < 0x20 || c == 0x7F || is_invisible(c)) {
    // dropped
  } else if (is_odd_space(c)) {
    out.push_back(' ');
  } else {
    fold(c, out);
  }
  return static_cast<size_t>(next);
}

// MappedText::pre read from its edits and stored a byte each.
void store_pre(MappedText& t) {
  OffsetMap stored;
  stored.reserve(t.text.size() + 1);
  for (size_t i = 0; i <= t.text.size(); ++i) stored.push_back(t.edits.input_offset(t.text, i));
  t.pre = std::move(stored);
  t.edits = InputEdits();
  t.by_edits = false;
}

// How MappedText::pre is kept (normalize.h): a byte each, or as the
// characters normalization changed.
enum class PreForm { stored, edits };

// Flattened: the compiler otherwise leaves OffsetMap::push_back, a call a
// byte when pre is stored, out of line.
template <PreForm kForm>
[[gnu::flatten]] Normalized normalize_mapped(std::string_view s, OffsetMap origin) {
  constexpr bool kStorePre = kForm == PreForm::stored;
  Normalized out;
  out.text.input_origin = std::move(origin);
  out.text.by_edits = kForm == PreForm::edits;
  std::string& text = out.text.text;
  text.reserve(s.size());
  if constexpr (kStorePre) out.text.pre.reserve(s.size() + 1);
  for (size_t i = 0; i < s.size();) {
    // A run of characters copied as they are (most of a report): the bytes
    // at once; a stored pre maps each to its character's start.
    size_t run = i;
    while (run < s.size())
      if (const size_t v = verbatim_length(s, run))
        run += v;
      else
        break;
    if (run > i) {
      text.append(s.data() + i, run - i);
      if constexpr (kStorePre) {
        for (size_t c = i; c < run;) {
          const size_t v = static_cast<unsigned char>(s[c]) < 0x80 ? 1 : 3;
          for (size_t k = 0; k < v; ++k) out.text.pre.push_back(static_cast<uint32_t>(c));
          c += v;
        }
      }
      i = run;
      continue;
    }
    const size_t before = text.size();
    const size_t next = normalize_at(s, i, text);
    const size_t len = text.size() - before;
    if constexpr (kForm == PreForm::edits) {
      const std::string_view original = s.substr(i, next - i);
      if (std::string_view(text).substr(before) != original)
        out.text.edits.record(static_cast<uint32_t>(before), static_cast<uint32_t>(len), static_cast<uint32_t>(i),
                              original);
    } else {
      for (size_t k = 0; k < len; ++k) out.text.pre.push_back(static_cast<uint32_t>(i));
    }
    i = next;
  }
  if constexpr (kStorePre) out.text.pre.push_back(static_cast<uint32_t>(s.size()));
  if constexpr (kForm == PreForm::edits) {
    out.text.edits.finish(static_cast<uint32_t>(text.size()), static_cast<uint32_t>(s.size()));
    // Input that normalization changes all over (a table in full-width
    // digits and letters) would cost more as edits than as a stored map.
    if (out.text.edits.bytes() > 2 * text.size() + 64) store_pre(out.text);
  }
  return out;
}

}  // namespace

uint32_t MappedText::origin_of(size_t i) const {
  if (!origin.empty()) return origin[std::min(i, origin.size() - 1)];
  if (input_origin.empty()) return 0;
  const uint32_t p = pre_at(std::min(i, text.size()));
  return input_origin[std::min<size_t>(p, input_origin.size() - 1)];
}

Normalized normalize(const SourceText& input) {
  return normalize_mapped<PreForm::stored>(input.text, input.origin);
}

Normalized normalize(std::string_view input, OffsetMap origin) {
  return normalize_mapped<PreForm::edits>(input, std::move(origin));
}

namespace {

// ICU builds a transliterator by parsing its rules (about a millisecond):
// once a thread, not once a call (linking a batch folds every agency name).
const icu::Transliterator* traditional_to_simplified() {
  thread_local const std::unique_ptr<icu::Transliterator> t = [] {
    UErrorCode status = U_ZERO_ERROR;
    std::unique_ptr<icu::Transliterator> made(
        icu::Transliterator::createInstance("Traditional-Simplified", UTRANS_FORWARD, status));
    return U_FAILURE(status) ? nullptr : std::move(made);
  }();
  return t.get();
}

}  // namespace

Normalized fold_traditional(const Normalized& input) {
  const icu::Transliterator* t = traditional_to_simplified();
  if (!t) return input;
  Normalized out;
  const std::string& s = input.text.text;
  const auto n = static_cast<int32_t>(s.size());
  // Both maps stored: the folded text is not the input's any more, so
  // edits of it could not give the input back.
  out.text.text.reserve(s.size());
  out.text.origin.reserve(s.size() + 1);
  out.text.pre.reserve(s.size() + 1);
  std::map<UChar32, std::string> memo;  // a report repeats few distinct characters
  for (int32_t i = 0; i < n;) {
    const int32_t start = i;
    UChar32 c;
    U8_NEXT(s.data(), i, n, c);
    std::string_view piece(s.data() + start, static_cast<size_t>(i - start));
    if (c >= 0x2E80) {  // CJK and beyond; ASCII and punctuation are left alone
      auto it = memo.find(c);
      if (it == memo.end()) {
        icu::UnicodeString u(c);
        t->transliterate(u);
        std::string folded;
        u.toUTF8String(folded);
        it = memo.emplace(c, folded).first;
      }
      piece = it->second;
    }
    const uint32_t o = input.text.origin_of(static_cast<size_t>(start));
    const uint32_t p = input.pre_at(static_cast<size_t>(start));
    out.text.text.append(piece);
    for (size_t k = 0; k < piece.size(); ++k) {
      out.text.origin.push_back(o);
      out.text.pre.push_back(p);
    }
  }
  out.text.origin.push_back(input.text.origin_of(s.size()));
  out.text.pre.push_back(input.pre_at(s.size()));
  return out;
}

std::string Normalized::input_text(uint32_t from, uint32_t to, std::string_view input) const {
  if (text.by_edits) return text.edits.input_text(text.text, from, to);
  from = std::min<uint32_t>(from, static_cast<uint32_t>(input.size()));
  return std::string(input.substr(from, to - std::min(to, from)));
}

std::string normalize_string(std::string_view s) {
  // No offset maps: grammar labels and label keys only need the text.
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size();) i = normalize_at(s, i, out);
  return out;
}

bool normalizes_verbatim(std::string_view s) {
  for (size_t i = 0; i < s.size();) {
    const size_t v = verbatim_length(s, i);
    if (v == 0) return false;
    i += v;
  }
  return true;
}

}  // namespace xxgk
