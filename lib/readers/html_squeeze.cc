#include "readers/html_squeeze.h"

#include <algorithm>
#include <array>

namespace xxgk {
namespace {

bool is_continuation(unsigned char c) {
  return (c & 0xC0) == 0x80;
}

// Whether a squeezable character of three bytes starts at s[i].
[[gnu::always_inline]] inline bool squeezable_at(std::string_view s, size_t i) {
  if (i + 3 > s.size()) return false;
  const auto b0 = static_cast<unsigned char>(s[i]);
  const auto b1 = static_cast<unsigned char>(s[i + 1]);
  const auto b2 = static_cast<unsigned char>(s[i + 2]);
  if (!is_continuation(b1) || !is_continuation(b2)) return false;
  return (b0 >= 0xE2 && b0 <= 0xEE) || (b0 == 0xEF && (b1 == 0xBC || b1 == 0xBD));
}

// A reference to '&' itself: the reader's walk of a text with its source
// (html.cc, align) takes the decoded '&' for the source's, and from there on
// cannot tell which characters of the text are runs'.
bool escapes_ampersand(std::string_view s) {
  auto starts = [&](std::string_view prefix) {
    if (s.size() < prefix.size()) return false;
    for (size_t i = 0; i < prefix.size(); ++i) {
      const char c = s[i] >= 'A' && s[i] <= 'Z' ? static_cast<char>(s[i] - 'A' + 'a') : s[i];
      if (c != prefix[i]) return false;
    }
    return true;
  };
  return starts("&amp") || starts("&#38") || starts("&#x26") || starts("&#0") || starts("&#x0");
}

// What the scan stops at: '&', '<' and the lead bytes of squeezable
// characters; the rest of a page's bytes (markup, other characters, the
// continuation bytes of a run) are passed over a table lookup a byte.
constexpr std::array<bool, 256> kStops = [] {
  std::array<bool, 256> t{};
  t['&'] = t['<'] = true;
  for (int b = 0xE2; b <= 0xEE; ++b) t[b] = true;
  t[0xEF] = true;
  return t;
}();

}  // namespace

SqueezedHtml::SqueezedHtml(std::string_view html) : html_(html) {
  extra_.push_back(0);
  size_t copied = 0;  // html_[copied, i) is still to be copied
  bool held = false;  // past an escaped '&' and before the next tag: no squeezing
  const size_t n = html.size();
  for (size_t i = 0; i < n;) {
    while (i < n && !kStops[static_cast<unsigned char>(html[i])]) ++i;
    if (i == n) break;
    const char c = html[i];
    if (c == '&' || c == '<') {
      held = c == '&' ? held || escapes_ampersand(html.substr(i)) : false;
      ++i;
      continue;
    }
    if (!squeezable_at(html, i)) {
      ++i;
      continue;
    }
    size_t j = i + 3;
    while (squeezable_at(html, j)) j += 3;
    if (j - i >= 6 && !held) {
      if (squeezed_.empty()) squeezed_.reserve(html.size());
      squeezed_.append(html.substr(copied, i + 3 - copied));
      runs_.push_back(static_cast<uint32_t>(squeezed_.size() - 3));
      starts_.push_back(static_cast<uint32_t>(i));
      ends_.push_back(static_cast<uint32_t>(j));
      extra_.push_back(extra_.back() + static_cast<uint32_t>(j - i - 3));
      copied = j;
    }
    i = j;
  }
  if (!runs_.empty()) squeezed_.append(html.substr(copied));
}

// Runs before `at` (whose character is before it), looked for from the last
// answer: the reader asks in about the page's order.
size_t SqueezedHtml::runs_before(size_t at) const {
  size_t k = hint_;
  const auto fits = [&](size_t c) { return (c == 0 || runs_[c - 1] < at) && (c == runs_.size() || runs_[c] >= at); };
  if (!fits(k)) {
    if (k < runs_.size() && fits(k + 1)) {
      ++k;
    } else {
      k = static_cast<size_t>(std::lower_bound(runs_.begin(), runs_.end(), at) - runs_.begin());
    }
  }
  hint_ = k;
  return k;
}

size_t SqueezedHtml::page_offset(size_t at) const {
  return at + extra_[runs_before(at)];
}

bool SqueezedHtml::has_run(size_t from, size_t to) const {
  const size_t k = runs_before(from);
  return k < runs_.size() && runs_[k] < to;
}

std::string_view SqueezedHtml::run_at(size_t at) const {
  const size_t k = runs_before(at);
  if (k == runs_.size() || runs_[k] != at) return {};
  return html_.substr(starts_[k], ends_[k] - starts_[k]);
}

}  // namespace xxgk
