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
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/source_text.h"
#include "normalize/input_edits.h"

namespace xxgk {

struct Normalized {
  MappedText text;  // origin: offsets in the original file
  // Per byte of text (+1 end): the offset in the normalizer's input of the
  // character it came from. Held in one of three forms, read by pre_at():
  //  - stored, one entry a byte (`pre`);
  //  - `pre_shift`: the input is the file's own bytes from that offset on
  //    (valid UTF-8 read in place), so the offset is the origin less it;
  //  - `edits` (by_edits): the places where normalization changed the input,
  //    which also give the input's text back, so the input can be freed.
  OffsetMap pre;
  std::optional<uint32_t> pre_shift;
  InputEdits edits;
  bool by_edits = false;

  uint32_t pre_at(size_t i) const {
    if (pre_shift) return text.origin[i] - *pre_shift;
    return by_edits ? edits.input_offset(text.text, i) : pre[i];
  }
  size_t pre_size() const { return pre_shift || by_edits ? text.origin.size() : pre.size(); }
  // The input's bytes [from, to) (clamped to its end). `input` is the text
  // that was normalized; it is not read, and may be gone, unless needs_input().
  std::string input_text(uint32_t from, uint32_t to, std::string_view input) const;
  bool needs_input() const { return !by_edits; }
};

Normalized normalize(const SourceText& input);
// The same, with the input's origin given as an OffsetMap (the pipeline
// converts the reader's map first and frees it: less memory at the peak).
Normalized normalize(std::string_view input, const OffsetMap& origin);

// Traditional characters folded to Simplified (ICU "Traditional-Simplified"),
// character by character so offsets survive. Used for reports from Big5
// mirrors, which are read as if Simplified.
Normalized fold_traditional(const Normalized& input);

// The text of a normalized byte range as it was printed (before
// normalization): what records show as `raw` and `text`.
using PrintedText = std::function<std::string(uint32_t begin, uint32_t end)>;

// The same folding for a plain string (grammar labels, test expectations).
std::string normalize_string(std::string_view s);

}  // namespace xxgk
