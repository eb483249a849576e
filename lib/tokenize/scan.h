// Stage 3b: scanning cells for the labels of one grammar.
//
// A cell's text is cut into segments: grammar labels (found by longest match,
// ignoring white space, anywhere in the cell, so that crawler text such as
// "1.属于国家秘密00000002.其他法律行政法规禁止公开" splits into label, run, label),
// runs of figures between labels, blank markers, and other text.
#pragma once

#include <bit>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "base/swar.h"
#include "grammar/grammar.h"
#include "tokenize/label_match.h"

namespace xxgk {

enum class LabelRole { section, header, column, row };

// What a label means; one label text may mean several things (总计 is a column
// of table 3 and of table 4): the extractor picks by the table it is in.
struct LabelMeaning {
  LabelRole role = LabelRole::header;
  int table = -1;      // index in Grammar::tables (-1 for sections)
  int index = -1;      // row / column / header / section index
  bool opens = false;  // opens its table
};

struct Segment;

class LabelIndex {
 public:
  explicit LabelIndex(const Grammar& grammar);
  ~LabelIndex();
  LabelIndex(LabelIndex&&) noexcept;
  LabelIndex& operator=(LabelIndex&&) noexcept;

  // Longest label whose key starts at `squeezed[pos]`; returns its length in
  // bytes of `squeezed` (0 if none) and sets *meanings.
  size_t match(std::string_view squeezed, size_t pos, const std::vector<LabelMeaning>** meanings,
               uint32_t* node = nullptr) const;
  // The same over text[pos, end) with white space skipped (it neither
  // matches nor breaks a match): the position just past the longest label
  // starting at pos, or pos when none does.
  uint32_t match_spaced(std::string_view text, uint32_t pos, uint32_t end, uint32_t* node) const;
  // False when no label can start at text[pos] (within text[pos, end)),
  // by a filter on the first bytes that are not white space: the scan asks
  // at every character of every cell, and most start no label.
  bool may_start(std::string_view text, uint32_t pos, uint32_t end) const;
  // What a label segment's text means.
  const std::vector<LabelMeaning>& meanings(const Segment& label) const;
  // True if some label key starts with `key` (the first line of a wrapped label).
  bool is_prefix(std::string_view key) const;
  // What `key` is to the labels: the start of none, a whole label, or the
  // start of some label and no label itself (one walk of the trie).
  enum class KeyMatch { none, label, prefix };
  KeyMatch key_match(std::string_view key) const;
  // key_match of ascii::squeeze(text), without building it.
  KeyMatch key_match_squeezing(std::string_view text) const;
  // True if `key` is the start, but not the whole, of a table label (row,
  // column or header): "一、本年新收政府信" before the rest of its label.
  bool starts_table_label(std::string_view key) const;
  const Grammar& grammar() const { return *grammar_; }

  // Built once per grammar, not once per report: every canonical key in
  // order (Grammar::keys()), and the label keys loose matching compares with
  // (section titles, row labels: see label_match.h).
  const std::vector<std::string>& keys() const { return keys_; }
  const std::vector<LooseCandidate>& section_candidates() const { return section_candidates_; }
  const std::vector<LooseCandidate>& row_candidates() const { return row_candidates_; }
  // The label keys of table `t`'s rows (row: the row's index in the table),
  // prepared for loose matching, in grammar order.
  const std::vector<LooseCandidate>& table_row_labels(size_t t) const { return table_row_labels_[t]; }
  // TableSpec::keys_of_row / keys_of_line of table `t`'s row or line `i`.
  const std::vector<std::string>& row_keys(size_t t, size_t i) const { return row_keys_[t][i]; }
  const std::vector<std::string>& line_keys(size_t t, size_t i) const { return line_keys_[t][i]; }
  // Grammar::column_of of each of those keys, looked up once per grammar
  // rather than once per cell read.
  const std::vector<const ColumnSpec*>& row_columns(size_t t, size_t i) const { return row_columns_[t][i]; }
  const std::vector<const ColumnSpec*>& line_columns(size_t t, size_t i) const { return line_columns_[t][i]; }
  // The same keys as indices into keys(): an extractor keeps its cells in a
  // flat array by these, not in a map by key strings.
  const std::vector<uint32_t>& row_key_ids(size_t t, size_t i) const { return row_key_ids_[t][i]; }
  const std::vector<uint32_t>& line_key_ids(size_t t, size_t i) const { return line_key_ids_[t][i]; }
  // The index of `key` in keys() (its first, keys are unique), or -1.
  int key_id(std::string_view key) const;

 private:
  struct Trie;
  int node_of(std::string_view key) const;
  const Grammar* grammar_;
  std::unique_ptr<Trie> trie_;
  std::vector<std::string> keys_;
  std::vector<LooseCandidate> section_candidates_, row_candidates_;
  std::vector<std::vector<LooseCandidate>> table_row_labels_;
  std::vector<std::vector<std::vector<std::string>>> row_keys_, line_keys_;
  std::vector<std::vector<std::vector<const ColumnSpec*>>> row_columns_, line_columns_;
  std::vector<std::vector<std::vector<uint32_t>>> row_key_ids_, line_key_ids_;
  std::vector<uint32_t> key_order_;  // indices of keys_, in the order of the keys
  // may_start's filter: a bit per hash of a key's first kStartBytes bytes,
  // and the first bytes of keys shorter than that.
  static constexpr unsigned kStartBytes = 6, kStartHashBits = 16;
  // The filter's bit of a key's or a text's first bytes, read little-endian
  // whatever the machine (the first byte lowest), the bytes past the sixth zero.
  static uint32_t start_hash(uint64_t first_bytes) {
    return static_cast<uint32_t>((first_bytes * 0x9E3779B97F4A7C15ULL) >> (64 - kStartHashBits));
  }
  std::vector<uint64_t> start_bits_;
  bool short_lead_[256] = {};
  void note_start(std::string_view key);
};

inline bool LabelIndex::may_start(std::string_view text, uint32_t pos, uint32_t end) const {
  const auto lead = static_cast<unsigned char>(text[pos]);
  if (short_lead_[lead]) return true;
  uint64_t first = 0;
  bool loaded = false;
  if (end - pos >= 8) {
    // Most often no white space among the first six bytes: one load.
    first = swar::load(text.data() + pos);
    if constexpr (std::endian::native == std::endian::big) first = __builtin_bswap64(first);
    first &= 0x0000FFFFFFFFFFFFULL;
    loaded = !swar::has_less(first | 0xFFFF000000000000ULL, ' ' + 1);
  }
  if (!loaded) {
    first = 0;
    // White space (or a control byte) near, or the cell's end: byte by byte,
    // skipping white space as the trie's walk does.
    unsigned got = 0;
    for (uint32_t i = pos; i < end && got < kStartBytes; ++i) {
      if (text[i] == ' ' || text[i] == '\t' || text[i] == '\n') continue;
      first |= uint64_t{static_cast<unsigned char>(text[i])} << (8 * got++);
    }
    // Fewer bytes than a long key's start: only a short key can match, and
    // short_lead_ said none starts here.
    if (got < kStartBytes) return false;
  }
  const uint32_t h = start_hash(first);
  return (start_bits_[h / 64] >> (h % 64)) & 1;
}

enum class SegmentKind { label, run, blank, text };

// 16 bytes: a crawler report's one cell of megabytes is hundreds of
// thousands of segments.
struct Segment {
  SegmentKind kind = SegmentKind::text;
  uint32_t begin = 0, end = 0;  // normalized byte range
  uint32_t node = 0;            // labels only: the label index's node (LabelIndex::meanings)
};

// `begin..end` is a cell of `text`. `blank_markers` are label keys of strings
// that mean blank; a run is digits with signs, separators, a decimal point and
// units (`units` are stripped later by the value parser).
struct ScanConfig {
  std::vector<std::string> blank_markers;
  std::vector<std::string> units;       // all unit words, amount and count
  std::vector<std::string> sign_words;  // 增加, 减少, −: part of the figure they precede
  // Whether some word above may be made of digits alone: then a gap of bare
  // digits must go through every test. False only when set by
  // note_digit_words (the lists filled): such a gap is then a run at once.
  bool digit_words = true;
  // Longest blank marker plus longest unit, in bytes: a gap longer than this
  // once squeezed ("—件" at most) is neither a unit nor a blank marker, and
  // is not squeezed whole. The largest value until set by note_digit_words.
  size_t longest_blank = SIZE_MAX;
};

// Sets config.digit_words and config.longest_blank from its lists; call it
// once they are filled.
void note_digit_words(ScanConfig& config);

// The scan's words from the report conventions (blank markers, every unit,
// the sign words), noted.
ScanConfig scan_config(const CommonSpec& common);

std::vector<Segment> scan_cell(std::string_view text, uint32_t begin, uint32_t end, const LabelIndex& index,
                               const ScanConfig& config);
// The same, appended to `out` (a buffer reused over the cells of a report).
void scan_cell(std::string_view text, uint32_t begin, uint32_t end, const LabelIndex& index, const ScanConfig& config,
               std::vector<Segment>& out);

// True if `s` (normalized) is a run of figures separated by white space: each
// digits with + - . , after an optional sign word (减少36) and before optional
// unit words; at least one digit.
bool is_figure_run(std::string_view s, const std::vector<std::string>& units,
                   const std::vector<std::string>& sign_words = {});

}  // namespace xxgk
