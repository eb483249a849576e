#include "label_match.h"

#include <algorithm>
#include <bit>
#include <cstdint>

namespace xxgk {

namespace {

// The bytes of the character whose first byte is `c`, as code_points counts
// them (a stray byte counts as the first of a sequence).
size_t sequence_bytes(unsigned char c) {
  return c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
}

// The code points of `s`, into `out` (reused: no allocation per comparison).
void code_points(std::string_view s, std::vector<uint32_t>& out) {
  out.clear();
  for (size_t i = 0; i < s.size();) {
    auto c = static_cast<unsigned char>(s[i]);
    size_t n = sequence_bytes(c);
    uint32_t cp = n == 1 ? c : c & (0xFF >> (n + 1));
    for (size_t k = 1; k < n && i + k < s.size(); ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
    out.push_back(cp);
    i += n;
  }
}

size_t edit_distance(const std::vector<uint32_t>& a, const std::vector<uint32_t>& b, std::vector<size_t>& row) {
  row.resize(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diagonal = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

// Buffers of one thread's comparisons.
struct Scratch {
  std::vector<uint32_t> a, b, sorted_a, sorted_b;
  std::vector<size_t> row;
};

// The bag distance of two strings given as sorted code points: the larger
// count of characters of one missing from the other. Each such character
// costs an edit, so it is a lower bound of the edit distance, found in
// linear time.
size_t bag_distance(const std::vector<uint32_t>& a, const std::vector<uint32_t>& b) {
  size_t common = 0;
  for (size_t i = 0, j = 0; i < a.size() && j < b.size();) {
    if (a[i] == b[j]) {
      ++common, ++i, ++j;
    } else if (a[i] < b[j]) {
      ++i;
    } else {
      ++j;
    }
  }
  return std::max(a.size(), b.size()) - common;
}
// A bit for each character's code point modulo 64. A character of one
// string whose bit the other lacks is missing from it, so the bits one has
// and the other lacks count at least that many missing characters: a lower
// bound of the bag distance, in one popcount.
uint64_t point_bits(const std::vector<uint32_t>& points) {
  uint64_t bits = 0;
  for (uint32_t p : points) bits |= uint64_t{1} << (p % 64);
  return bits;
}

Scratch& scratch() {
  thread_local Scratch s;
  return s;
}

double similarity_of(const std::vector<uint32_t>& ca, const std::vector<uint32_t>& cb, std::vector<size_t>& row) {
  size_t longer = std::max(ca.size(), cb.size());
  if (longer == 0) return 0;
  return 1.0 - static_cast<double>(edit_distance(ca, cb, row)) / static_cast<double>(longer);
}

}  // namespace

double label_similarity(std::string_view a, std::string_view b) {
  Scratch& s = scratch();
  code_points(a, s.a);
  code_points(b, s.b);
  return similarity_of(s.a, s.b, s.row);
}

// Characters in a UTF-8 string.
size_t length_of(std::string_view s) {
  size_t n = 0;
  for (char c : s) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return n;
}

LooseCandidate with_points(LooseCandidate c) {
  code_points(c.label, c.points);
  // A label that is not valid UTF-8 stays unprepared: length_of and
  // code_points may count it differently, and match_loosely uses each where
  // it always did.
  if (c.points.size() != length_of(c.label)) c.points.clear();
  c.sorted_points = c.points;
  std::sort(c.sorted_points.begin(), c.sorted_points.end());
  c.point_bits = point_bits(c.points);
  return c;
}

namespace {

// Whether `c` carries its code points (with_points); an empty label has none
// either way, and needs none.
bool prepared_points(const LooseCandidate& c) {
  return !c.points.empty();
}

}  // namespace

namespace {

// match_loosely over candidates(i), i < count.
template <class At>
LooseMatch closest(std::string_view printed, size_t count, At&& candidate) {
  LooseMatch best;
  int best_row = -1;
  double second = 0;
  const size_t n = length_of(printed);
  Scratch& buffers = scratch();
  code_points(printed, buffers.a);
  buffers.sorted_a = buffers.a;
  std::sort(buffers.sorted_a.begin(), buffers.sorted_a.end());
  const uint64_t printed_bits = point_bits(buffers.a);
  for (size_t i = 0; i < count; ++i) {
    const LooseCandidate& c = candidate(i);
    const bool prepared = prepared_points(c);
    // The edit distance is at least the difference in length: a candidate
    // that cannot come within the margin of the threshold can neither win
    // nor stand in the way, and costs no distance.
    size_t m = prepared ? c.points.size() : length_of(c.label), longer = std::max(n, m), diff = n > m ? n - m : m - n;
    if (longer == 0 || 1.0 - static_cast<double>(diff) / static_cast<double>(longer) < kMinScore - kMinMargin) continue;
    if (!prepared) {
      code_points(c.label, buffers.b);
      buffers.sorted_b = buffers.b;
      std::sort(buffers.sorted_b.begin(), buffers.sorted_b.end());
    }
    const std::vector<uint32_t>& points = prepared ? c.points : buffers.b;
    // The same bound with the characters themselves (bag distance): most
    // candidates share too few characters to matter. First its own lower
    // bound, from the characters' bits.
    if (prepared) {
      const auto lacking = static_cast<size_t>(std::popcount(c.point_bits & ~printed_bits));
      if (1.0 - static_cast<double>(lacking) / static_cast<double>(longer) < kMinScore - kMinMargin) continue;
    }
    const size_t bag = bag_distance(buffers.sorted_a, prepared ? c.sorted_points : buffers.sorted_b);
    if (1.0 - static_cast<double>(bag) / static_cast<double>(longer) < kMinScore - kMinMargin) continue;
    double s = similarity_of(buffers.a, points, buffers.row);
    if (s > best.score) {
      if (c.row != best_row) second = std::max(second, best.score);
      best.score = s;
      best.label = c.label;
      best_row = c.row;
    } else if (c.row != best_row) {
      second = std::max(second, s);
    }
  }
  best.runner_up = second;
  if (best.score >= kMinScore && best.score - second >= kMinMargin) best.row = best_row;
  return best;
}

}  // namespace

LooseMatch match_loosely(std::string_view printed, const std::vector<LooseCandidate>& candidates) {
  return closest(printed, candidates.size(), [&](size_t i) -> const LooseCandidate& { return candidates[i]; });
}

LooseMatch match_loosely(std::string_view printed, const std::vector<const LooseCandidate*>& candidates) {
  return closest(printed, candidates.size(), [&](size_t i) -> const LooseCandidate& { return *candidates[i]; });
}

bool length_allows(std::string_view printed, const std::vector<LooseCandidate>& candidates, double score) {
  // Counted as code_points counts, which similarity_of compares.
  size_t n = 0;
  for (size_t i = 0; i < printed.size(); ++n) i += sequence_bytes(static_cast<unsigned char>(printed[i]));
  for (auto& c : candidates) {
    if (!prepared_points(c)) return true;  // its length is not known here
    const size_t m = c.points.size(), longer = std::max(n, m), diff = n > m ? n - m : m - n;
    if (longer > 0 && 1.0 - static_cast<double>(diff) / static_cast<double>(longer) >= score) return true;
  }
  return false;
}

std::vector<LooseCandidate> section_candidates_of(const Grammar& g) {
  std::vector<LooseCandidate> out;
  for (size_t i = 0; i < g.sections.size(); ++i)
    for (auto& t : g.sections[i].titles) out.push_back(with_points({static_cast<int>(i), label_key(t), {}, {}}));
  return out;
}

std::vector<LooseCandidate> row_candidates_of(const Grammar& g) {
  std::vector<LooseCandidate> out;
  int id = 0;
  for (auto& t : g.tables)
    for (auto& r : t.rows) {
      for (auto& l : r.labels) out.push_back(with_points({id, label_key(l), {}, {}}));
      ++id;
    }
  return out;
}

}  // namespace xxgk
