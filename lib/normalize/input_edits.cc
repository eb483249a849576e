#include "normalize/input_edits.h"

#include <algorithm>
#include <stdexcept>

namespace xxgk {

namespace {

bool continuation(char c) {
  return (static_cast<unsigned char>(c) & 0xC0) == 0x80;
}

}  // namespace

void InputEdits::record(uint32_t out, uint32_t out_len, uint32_t in, std::string_view original) {
  if (out_len > kMaxLength) {
    // Not from normalize(): no character folds to more than a few dozen
    // bytes. Said rather than recorded wrong.
    throw std::length_error("InputEdits: a character normalized to more than 255 bytes");
  }
  while (original.size() > kMaxLength) {
    record_piece(out, out_len, in, original.substr(0, kMaxLength));
    out += out_len;
    out_len = 0;
    in += kMaxLength;
    original.remove_prefix(kMaxLength);
  }
  record_piece(out, out_len, in, original);
}

void InputEdits::record_piece(uint32_t out, uint32_t out_len, uint32_t in, std::string_view original) {
  const auto in_len = static_cast<uint32_t>(original.size());
  if (!runs_.empty()) {
    Run& last = runs_.back();
    if (last.out_len == out_len && last.in_len == in_len && last.count < kMaxCount && last.out_end() == out &&
        last.in_end() == in) {
      ++last.count;
      originals_.append(original);
      return;
    }
  }
  runs_.push_back(Run{out, in, static_cast<uint32_t>(originals_.size()), 1, static_cast<uint8_t>(out_len),
                      static_cast<uint8_t>(in_len)});
  originals_.append(original);
}

void InputEdits::finish(uint32_t out, uint32_t in) {
  out_end_ = out;
  in_end_ = in;
}

// The last run whose `field` is at most `v`, first among the one found last
// (`last`) and the one after it, then by halves.
const InputEdits::Run* InputEdits::run_at_most(uint32_t Run::*field, size_t v, size_t& last) const {
  const size_t n = runs_.size();
  for (size_t k = last; k < n && k < last + 2; ++k)
    if (runs_[k].*field <= v && (k + 1 == n || v < runs_[k + 1].*field)) {
      last = k;
      return &runs_[k];
    }
  auto it = std::upper_bound(runs_.begin(), runs_.end(), v, [&](size_t x, const Run& r) { return x < r.*field; });
  if (it == runs_.begin()) return nullptr;
  last = static_cast<size_t>(it - runs_.begin()) - 1;
  return &*(it - 1);
}

const InputEdits::Run* InputEdits::run_by_out(size_t i) const {
  return run_at_most(&Run::out, i, last_by_out_);
}

const InputEdits::Run* InputEdits::run_by_in(uint32_t at) const {
  return run_at_most(&Run::in, at, last_by_in_);
}

uint32_t InputEdits::input_offset(std::string_view normalized, size_t i) const {
  const Run* r = run_by_out(i);
  if (r && i < r->out_end()) return r->in + static_cast<uint32_t>((i - r->out) / r->out_len) * r->in_len;
  // Copied as it is since the run: the same bytes, and a byte inside a
  // character maps to the character's start.
  const size_t region_out = r ? r->out_end() : 0;
  const uint32_t region_in = r ? r->in_end() : 0;
  size_t j = i;
  if (j < normalized.size())
    while (j > region_out && continuation(normalized[j])) --j;
  return region_in + static_cast<uint32_t>(j - region_out);
}

std::string InputEdits::input_text(std::string_view normalized, uint32_t from, uint32_t to) const {
  std::string out;
  to = std::min(to, in_end_);
  for (uint32_t at = from; at < to;) {
    const Run* r = run_by_in(at);
    if (r && at < r->in_end()) {
      const uint32_t take = std::min(to, r->in_end()) - at;
      out.append(originals_, r->original + (at - r->in), take);
      at += take;
      continue;
    }
    const uint32_t region_in = r ? r->in_end() : 0;
    const size_t region_out = r ? r->out_end() : 0;
    const Run* next = r ? r + 1 : runs_.data();
    const uint32_t region_end = next < runs_.data() + runs_.size() ? next->in : in_end_;
    const uint32_t take = std::min(to, region_end) - at;
    out.append(normalized.substr(region_out + (at - region_in), take));
    at += take;
  }
  return out;
}

}  // namespace xxgk
