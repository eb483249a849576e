// Stage 2: normalization, character by character so offsets survive.
//
//  - NFKC per character: full-width digits, letters and brackets become ASCII
//    (１２ -> 12, （一） -> (一), ： -> :), compatibility forms are folded;
//  - odd spaces (NBSP, ideographic space, en/em spaces) become ' ', zero-width
//    characters and the BOM disappear, other control characters are dropped
//    except \t, \n and the reader marks \x1E \x1F;
//  - CRLF and lone CR become \n.
// Everything downstream (labels, numbers, headings) compares normalized text.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "base/source_text.h"
#include "normalize/input_edits.h"

namespace xxgk {

// The normalized text and, for each of its bytes (+1 end), where it came
// from: pre_at(), the offset in the normalizer's input of the character it
// came from, and origin_of(), the offset in the file. Neither is stored a
// byte each for a report:
//  - pre is the input's edits (InputEdits: the few characters normalization
//    changed), which also give the input's text back, so the reader's text
//    can be freed; text that normalization changed all over stores it;
//  - the origin is the reader's map (input_origin) read at pre, so no second
//    map of the report's size is built; text rewritten again
//    (fold_traditional) stores it.
struct MappedText {
  std::string text;
  OffsetMap input_origin;  // the reader's origins, one an input byte (+1 end)
  OffsetMap origin;        // stored origins, when not empty
  InputEdits edits;        // pre, when by_edits
  bool by_edits = false;
  OffsetMap pre;  // stored pre, when not by_edits

  // File offset of byte `i` (clamped to the end).
  uint32_t origin_of(size_t i) const;
  uint32_t pre_at(size_t i) const { return by_edits ? edits.input_offset(text, i) : pre[i]; }
};

struct Normalized {
  MappedText text;

  uint32_t pre_at(size_t i) const { return text.pre_at(i); }
  size_t pre_size() const { return text.text.size() + 1; }
  // The input's bytes [from, to) (clamped to its end). `input` is the text
  // that was normalized; it is not read, and may be gone, unless needs_input().
  std::string input_text(uint32_t from, uint32_t to, std::string_view input) const;
  bool needs_input() const { return !text.by_edits; }
};

// pre stored a byte each (tests compare the edits with it).
Normalized normalize(const SourceText& input);
// The same, the input's origin handed over: what the pipeline calls.
Normalized normalize(std::string_view input, OffsetMap origin);

// Traditional characters folded to Simplified (ICU "Traditional-Simplified"),
// character by character so offsets survive. Used for reports from Big5
// mirrors, which are read as if Simplified.
Normalized fold_traditional(const Normalized& input);

// The text of a normalized byte range as it was printed (before
// normalization): what records show as `raw` and `text`.
using PrintedText = std::function<std::string(uint32_t begin, uint32_t end)>;

// The same folding for a plain string (grammar labels, test expectations).
std::string normalize_string(std::string_view s);
// True when normalize_string(s) == s because every character of s is one
// normalization copies as it is (printable ASCII but '<', tab, line feed,
// the CJK ideographs): a label key of s is then s less its white space, and
// can be judged without being built.
bool normalizes_verbatim(std::string_view s);

}  // namespace xxgk
