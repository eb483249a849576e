#include "readers/html_squeeze.h"

#include <algorithm>

namespace xxgk {
namespace {

bool is_continuation(unsigned char c) {
  return (c & 0xC0) == 0x80;
}

// Whether a squeezable character of three bytes starts at s[i].
bool squeezable_at(std::string_view s, size_t i) {
  if (i + 3 > s.size()) return false;
  const auto b0 = static_cast<unsigned char>(s[i]);
  const auto b1 = static_cast<unsigned char>(s[i + 1]);
  const auto b2 = static_cast<unsigned char>(s[i + 2]);
  if (!is_continuation(b1) || !is_continuation(b2)) return false;
  return (b0 >= 0xE3 && b0 <= 0xE9) || (b0 == 0xEF && (b1 == 0xBC || b1 == 0xBD));
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

}  // namespace

SqueezedHtml::SqueezedHtml(std::string_view html) : html_(html) {
  extra_.push_back(0);
  size_t copied = 0;  // html_[copied, i) is still to be copied
  bool held = false;  // past an escaped '&' and before the next tag: no squeezing
  for (size_t i = 0; i < html.size();) {
    const char c = html[i];
    if (c == '&' || c == '<') {
      held = c == '&' ? held || escapes_ampersand(html.substr(i)) : false;
      ++i;
      continue;
    }
    if (static_cast<unsigned char>(c) < 0xE3 || !squeezable_at(html, i)) {
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

size_t SqueezedHtml::page_offset(size_t at) const {
  const size_t before = static_cast<size_t>(std::lower_bound(runs_.begin(), runs_.end(), at) - runs_.begin());
  return at + extra_[before];
}

bool SqueezedHtml::has_run(size_t from, size_t to) const {
  const auto it = std::lower_bound(runs_.begin(), runs_.end(), from);
  return it != runs_.end() && *it < to;
}

std::string_view SqueezedHtml::run_at(size_t at) const {
  const auto it = std::lower_bound(runs_.begin(), runs_.end(), at);
  if (it == runs_.end() || *it != at) return {};
  const auto k = static_cast<size_t>(it - runs_.begin());
  return html_.substr(starts_[k], ends_[k] - starts_[k]);
}

}  // namespace xxgk
