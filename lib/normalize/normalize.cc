#include "normalize/normalize.h"

#include <unicode/normalizer2.h>
#include <unicode/translit.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/utf8.h>

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

// Appends the normalized form of code point `c` to `out`.
void fold(UChar32 c, std::string& out) {
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
size_t br_tag_length(const std::string& s, size_t at) {
  if (at + 4 > s.size() || (s[at + 1] | 0x20) != 'b' || (s[at + 2] | 0x20) != 'r') return 0;
  size_t i = at + 3;
  while (i < s.size() && s[i] == ' ') ++i;
  if (i < s.size() && s[i] == '/') ++i;
  return i < s.size() && s[i] == '>' ? i + 1 - at : 0;
}

}  // namespace

Normalized normalize(const SourceText& input) {
  Normalized out;
  const std::string& s = input.text;
  out.text.text.reserve(s.size());
  out.text.origin.reserve(s.size() + 1);
  out.pre.reserve(s.size() + 1);
  std::string piece;
  const auto n = static_cast<int32_t>(s.size());
  for (int32_t i = 0; i < n;) {
    const int32_t start = i;
    UChar32 c;
    U8_NEXT(s.data(), i, n, c);
    if (c < 0) c = 0xFFFD;  // invalid UTF-8 cannot come from decode; be safe
    piece.clear();
    if (c == '<' && br_tag_length(s, static_cast<size_t>(start)) > 0) {
      // Text copied from a page keeps its <br>: a line break inside a cell or
      // a paragraph, read as a space so that a label it splits stays whole.
      i = start + static_cast<int32_t>(br_tag_length(s, static_cast<size_t>(start)));
      piece = " ";
    } else if (c == '\r') {
      if (i < n && s[static_cast<size_t>(i)] == '\n') continue;  // CRLF: the LF follows
      piece = "\n";
    } else if (is_kept_control(c)) {
      piece.push_back(static_cast<char>(c));
    } else if (c < 0x20 || c == 0x7F || is_invisible(c)) {
      continue;
    } else if (is_odd_space(c)) {
      piece = " ";
    } else {
      fold(c, piece);
    }
    const uint32_t origin = input.origin_of(static_cast<size_t>(start));
    for (char b : piece) {
      out.text.push(b, origin);
      out.pre.push_back(static_cast<uint32_t>(start));
    }
  }
  out.text.finish(input.origin_of(s.size()));
  out.pre.push_back(static_cast<uint32_t>(s.size()));
  return out;
}

Normalized fold_traditional(const Normalized& input) {
  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<icu::Transliterator> t(
      icu::Transliterator::createInstance("Traditional-Simplified", UTRANS_FORWARD, status));
  if (U_FAILURE(status) || !t) return input;
  Normalized out;
  const std::string& s = input.text.text;
  const auto n = static_cast<int32_t>(s.size());
  std::map<UChar32, std::string> memo;  // a report repeats few distinct characters
  for (int32_t i = 0; i < n;) {
    const int32_t start = i;
    UChar32 c;
    U8_NEXT(s.data(), i, n, c);
    std::string piece(s, static_cast<size_t>(start), static_cast<size_t>(i - start));
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
    for (char b : piece) {
      out.text.push(b, input.text.origin_of(static_cast<size_t>(start)));
      out.pre.push_back(input.pre[static_cast<size_t>(start)]);
    }
  }
  out.text.finish(input.text.origin_of(s.size()));
  out.pre.push_back(input.pre.back());
  return out;
}

std::string normalize_string(std::string_view s) {
  return normalize(SourceText::identity(std::string(s))).text.text;
}

}  // namespace xxgk
