// Where the bytes of a normalized text came from in the normalizer's input,
// kept as the few places where normalization changed something (a full-width
// comma folded, a CR dropped, a <br> read as a space): between two of them
// the input and the normalized text are the same bytes. So the input's text
// and its offsets can be read back from the normalized text and these edits,
// and the input itself freed: a report of megabytes then carries neither a
// copy of its decoded text nor a map of four bytes, or even one, per byte.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace xxgk {

class InputEdits {
 public:
  // Input character [in, in + in_len) became normalized bytes [out, out +
  // out_len), out_len 0 when dropped; `original` is its input bytes. Calls
  // come in input order; characters copied as they are are not recorded.
  void record(uint32_t out, uint32_t out_len, uint32_t in, std::string_view original);
  // The normalized text ends at `out`, the input at `in`.
  void finish(uint32_t out, uint32_t in);

  // The input offset of the character that normalized byte i came from
  // (i == the normalized size: the input's size), as a stored map would give.
  uint32_t input_offset(std::string_view normalized, size_t i) const;
  // The input's bytes [from, to), read back.
  std::string input_text(std::string_view normalized, uint32_t from, uint32_t to) const;

  size_t runs() const { return runs_.size(); }
  size_t bytes() const { return runs_.size() * sizeof(Run) + originals_.size(); }

 private:
  // `count` characters in a row, each of in_len input bytes made out_len
  // normalized bytes (a run of full-width digits is one Run). 16 bytes: a
  // report has one a full-width comma. A character longer than a Run holds
  // (a <br> with hundreds of spaces) is recorded in pieces, all but the
  // first making nothing.
  struct Run {
    uint32_t out, in, original;
    uint16_t count;
    uint8_t out_len, in_len;
    uint32_t out_end() const { return out + uint32_t{count} * out_len; }
    uint32_t in_end() const { return in + uint32_t{count} * in_len; }
  };
  static constexpr uint32_t kMaxLength = 255, kMaxCount = 65535;
  void record_piece(uint32_t out, uint32_t out_len, uint32_t in, std::string_view original);
  // The run at or before normalized offset i / input offset at (nullptr: none).
  const Run* run_by_out(size_t i) const;
  const Run* run_by_in(uint32_t at) const;
  const Run* run_at_most(uint32_t Run::*field, size_t v, size_t& last) const;

  std::vector<Run> runs_;
  // The run run_by_out (run_by_in) found last: a report's lookups mostly go forward
  // through the text, so the next one is most often in it or the one after.
  // Mutable: a lookup changes no answer. (A Normalized belongs to one parse,
  // on one thread.)
  mutable size_t last_by_out_ = 0, last_by_in_ = 0;
  std::string originals_;
  uint32_t out_end_ = 0, in_end_ = 0;
};

}  // namespace xxgk
