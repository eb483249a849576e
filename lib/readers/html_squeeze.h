// A page given to gumbo with each run of CJK characters squeezed to its first
// character (issue #9). Gumbo's tokenizer makes a token of every character of
// text and its tree builder appends them one by one: some 600 instructions a
// character, most of a page's parse on Chinese pages. To the tokenizer and
// the tree builder, a run of such characters does what one of them does
// (text, not white space, no markup, no character reference), so the tree
// has the same shape; the reader puts each run back (squeeze_runs ...) when
// it reads the text, from the page itself.
//
// Squeezed: characters U+2000..U+EFFF (three bytes, leads E2..EE: general
// punctuation such as “” and —, CJK punctuation, ideographs ...) and the
// fullwidth forms U+FF00..U+FF7F (EF BC xx, EF BD xx), none of which gumbo
// replaces (as it does noncharacters such as U+FFFE) or treats as white space;
// a run is two of them or more.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "readers/readers.h"

namespace xxgk {

class SqueezedHtml {
 public:
  // `html` must be valid UTF-8 and outlive this.
  explicit SqueezedHtml(std::string_view html);

  // The page with its runs squeezed (the page itself when none was).
  std::string_view text() const { return runs_.empty() ? html_ : std::string_view(squeezed_); }
  bool empty() const { return runs_.empty(); }

  // The offset in the page of offset `at` of text(): a run's character is at
  // the run's start.
  size_t page_offset(size_t at) const;
  // Whether a squeezed run's character is in [from, to) of text().
  bool has_run(size_t from, size_t to) const;
  // The run whose character is at `at` of text(), as bytes of the page; empty
  // when none is.
  std::string_view run_at(size_t at) const;

 private:
  size_t runs_before(size_t at) const;

  std::string_view html_;
  std::string squeezed_;
  std::vector<uint32_t> runs_;    // offset in squeezed_ of each run's character
  std::vector<uint32_t> starts_;  // offset in html_ of each run
  std::vector<uint32_t> ends_;    // offset in html_ past each run
  std::vector<uint32_t> extra_;   // bytes squeezed out before run i (size runs_ + 1)
  mutable size_t hint_ = 0;       // runs_before()'s last answer
};

// read_sniffed_html() without squeezing: the same result, which the tests check.
ReadResult read_html_unsqueezed(std::string_view bytes);

}  // namespace xxgk
