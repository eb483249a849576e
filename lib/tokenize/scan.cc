#include "tokenize/scan.h"

#include <algorithm>
#include <array>
#include <map>

#include "base/ascii.h"

namespace xxgk {

// A byte trie over label keys: labels are short (a few dozen bytes) and few
// (a few hundred). Built with a map per node, then frozen into flat arrays:
// the scan tries a match at every character of every cell, so the step from
// a node to its child is on the hottest path of a report (the root by a
// table of 256, the others by a short scan of their sorted edges).
struct LabelIndex::Trie {
  struct Node {
    std::map<unsigned char, int> next;
    std::vector<LabelMeaning> meanings;
  };
  std::vector<Node> nodes{1};
  // Frozen: node n's edges are edge_byte/edge_node[edge_begin[n] .. edge_begin[n + 1]).
  std::vector<uint32_t> edge_begin;
  std::vector<unsigned char> edge_byte;
  std::vector<int> edge_node;
  int root[256];
  // Nodes with many edges (the second byte of a label's first character:
  // every character of a cell that starts one goes through them) step by
  // a table of 256 too: node n's is dense[dense_at[n] ...], or dense_at[n] < 0.
  static constexpr size_t kDenseEdges = 4;
  std::vector<int> dense_at;
  std::vector<int> dense;

  void add(std::string_view key, LabelMeaning meaning) {
    if (key.empty()) return;
    int at = 0;
    for (unsigned char c : key) {
      auto it = nodes[static_cast<size_t>(at)].next.find(c);
      if (it == nodes[static_cast<size_t>(at)].next.end()) {
        nodes.emplace_back();
        int fresh = static_cast<int>(nodes.size()) - 1;
        nodes[static_cast<size_t>(at)].next[c] = fresh;
        at = fresh;
      } else {
        at = it->second;
      }
    }
    auto& m = nodes[static_cast<size_t>(at)].meanings;
    bool dup = std::any_of(m.begin(), m.end(), [&](const LabelMeaning& x) {
      return x.role == meaning.role && x.table == meaning.table && x.index == meaning.index;
    });
    if (!dup) m.push_back(meaning);
  }

  void freeze() {
    edge_begin.clear();
    edge_byte.clear();
    edge_node.clear();
    for (auto& n : nodes) {
      edge_begin.push_back(static_cast<uint32_t>(edge_byte.size()));
      for (auto& [c, child] : n.next) {
        edge_byte.push_back(c);
        edge_node.push_back(child);
      }
    }
    edge_begin.push_back(static_cast<uint32_t>(edge_byte.size()));
    std::fill(std::begin(root), std::end(root), -1);
    for (auto& [c, child] : nodes[0].next) root[c] = child;
    dense_at.assign(nodes.size(), -1);
    dense.clear();
    for (size_t n = 1; n < nodes.size(); ++n) {
      if (nodes[n].next.size() <= kDenseEdges) continue;
      dense_at[n] = static_cast<int>(dense.size());
      dense.resize(dense.size() + 256, -1);
      for (auto& [c, child] : nodes[n].next) dense[static_cast<size_t>(dense_at[n]) + c] = child;
    }
  }

  // The child of node `at` by byte `c`, or -1 (a scan: most nodes have one
  // edge or a few; searching by halves measured slower).
  int child(int at, unsigned char c) const {
    if (at == 0) return root[c];
    const auto n = static_cast<size_t>(at);
    if (dense_at[n] >= 0) return dense[static_cast<size_t>(dense_at[n]) + c];
    for (uint32_t e = edge_begin[n]; e < edge_begin[n + 1]; ++e)
      if (edge_byte[e] == c) return edge_node[e];
    return -1;
  }
};

namespace {

std::vector<std::vector<const ColumnSpec*>> columns_of(const Grammar& g,
                                                       const std::vector<std::vector<std::string>>& keys) {
  std::vector<std::vector<const ColumnSpec*>> out;
  out.reserve(keys.size());
  for (auto& row : keys) {
    out.emplace_back();
    for (auto& k : row) out.back().push_back(g.column_of(k));
  }
  return out;
}

}  // namespace

void LabelIndex::note_start(std::string_view key) {
  if (key.empty()) return;  // the trie keeps no empty key
  if (key.size() < kStartBytes) {
    short_lead_[static_cast<unsigned char>(key[0])] = true;
    return;
  }
  uint64_t first = 0;
  for (unsigned i = 0; i < kStartBytes; ++i) first |= uint64_t{static_cast<unsigned char>(key[i])} << (8 * i);
  const uint32_t h = start_hash(first);
  start_bits_[h / 64] |= uint64_t{1} << (h % 64);
}

int LabelIndex::key_id(std::string_view key) const {
  auto it = std::lower_bound(key_order_.begin(), key_order_.end(), key,
                             [&](uint32_t i, std::string_view k) { return std::string_view(keys_[i]) < k; });
  return it != key_order_.end() && keys_[*it] == key ? static_cast<int>(*it) : -1;
}

namespace {

std::vector<std::vector<uint32_t>> ids_of(const LabelIndex& index, const std::vector<std::vector<std::string>>& keys) {
  std::vector<std::vector<uint32_t>> out;
  out.reserve(keys.size());
  for (auto& row : keys) {
    out.emplace_back();
    // A key of a row is one of Grammar::keys() by construction.
    for (auto& k : row) out.back().push_back(static_cast<uint32_t>(index.key_id(k)));
  }
  return out;
}

}  // namespace

LabelIndex::LabelIndex(const Grammar& grammar)
    : grammar_(&grammar),
      trie_(std::make_unique<Trie>()),
      keys_(grammar.key_index().order),
      section_candidates_(section_candidates_of(grammar)),
      row_candidates_(row_candidates_of(grammar)) {
  start_bits_.assign((size_t{1} << kStartHashBits) / 64, 0);
  auto add = [&](const std::string& key, LabelMeaning m) {
    note_start(key);
    trie_->add(key, m);
  };
  for (size_t s = 0; s < grammar.sections.size(); ++s) {
    const auto& sec = grammar.sections[s];
    for (auto& title : sec.titles) {
      LabelMeaning m{LabelRole::section, -1, static_cast<int>(s), false};
      add(label_key(title), m);
      // Numbered form, "二、主动公开政府信息情况", so the number is not left over as text.
      add(label_key(sec.number + "、" + title), m);
    }
  }
  for (size_t t = 0; t < grammar.tables.size(); ++t) {
    const auto& table = grammar.tables[t];
    const int ti = static_cast<int>(t);
    for (size_t h = 0; h < table.headers.size(); ++h)
      add(label_key(table.headers[h].label), {LabelRole::header, ti, static_cast<int>(h), table.headers[h].opens});
    for (size_t c = 0; c < table.columns.size(); ++c)
      for (auto& l : table.columns[c].labels) add(label_key(l), {LabelRole::column, ti, static_cast<int>(c), false});
    for (size_t r = 0; r < table.rows.size(); ++r)
      for (auto& l : table.rows[r].labels)
        add(label_key(l), {LabelRole::row, ti, static_cast<int>(r), table.rows[r].opens});
  }
  trie_->freeze();
  for (size_t i = 0; i < keys_.size(); ++i) key_order_.push_back(static_cast<uint32_t>(i));
  // Stable: of equal keys, the first keeps the lowest index.
  std::stable_sort(key_order_.begin(), key_order_.end(), [&](uint32_t a, uint32_t b) { return keys_[a] < keys_[b]; });
  for (auto& table : grammar.tables) {
    row_keys_.emplace_back();
    for (auto& r : table.rows) row_keys_.back().push_back(table.keys_of_row(r));
    line_keys_.emplace_back();
    for (auto& l : table.lines) line_keys_.back().push_back(table.keys_of_line(l));
    row_columns_.push_back(columns_of(grammar, row_keys_.back()));
    line_columns_.push_back(columns_of(grammar, line_keys_.back()));
    row_key_ids_.push_back(ids_of(*this, row_keys_.back()));
    line_key_ids_.push_back(ids_of(*this, line_keys_.back()));
    table_row_labels_.emplace_back();
    for (size_t r = 0; r < table.rows.size(); ++r)
      for (auto& l : table.rows[r].labels)
        table_row_labels_.back().push_back(with_points({static_cast<int>(r), label_key(l), {}, {}}));
  }
}

LabelIndex::~LabelIndex() = default;
LabelIndex::LabelIndex(LabelIndex&&) noexcept = default;
LabelIndex& LabelIndex::operator=(LabelIndex&&) noexcept = default;

size_t LabelIndex::match(std::string_view squeezed, size_t pos, const std::vector<LabelMeaning>** meanings,
                         uint32_t* node) const {
  int at = 0;
  size_t best = 0;
  for (size_t i = pos; i < squeezed.size(); ++i) {
    at = trie_->child(at, static_cast<unsigned char>(squeezed[i]));
    if (at < 0) break;
    if (!trie_->nodes[static_cast<size_t>(at)].meanings.empty()) {
      best = i + 1 - pos;
      *meanings = &trie_->nodes[static_cast<size_t>(at)].meanings;
      if (node) *node = static_cast<uint32_t>(at);
    }
  }
  // Only whole UTF-8 characters can end a label; keys are whole strings, so a
  // match always ends on a character boundary.
  return best;
}

namespace {
// The scan's white space (it neither matches nor breaks a label), and what
// the scan skips without a look: white space and the continuation bytes of a
// character. Tables: the scan asks at every byte of every cell.
constexpr std::array<bool, 256> kWs = [] {
  std::array<bool, 256> t{};
  for (unsigned char c : {' ', '\t', '\n'}) t[c] = true;
  return t;
}();
constexpr std::array<bool, 256> kSkip = [] {
  std::array<bool, 256> t = kWs;
  for (size_t c = 0x80; c < 0xC0; ++c) t[c] = true;
  return t;
}();

bool is_ws(char c) {
  return kWs[static_cast<unsigned char>(c)];
}

bool is_continuation(char c) {
  return (static_cast<unsigned char>(c) & 0xC0) == 0x80;
}

}  // namespace

uint32_t LabelIndex::match_spaced(std::string_view text, uint32_t pos, uint32_t end, uint32_t* node) const {
  int at = 0;
  uint32_t best = pos;
  for (uint32_t i = pos; i < end; ++i) {
    if (is_ws(text[i])) continue;
    at = trie_->child(at, static_cast<unsigned char>(text[i]));
    if (at < 0) break;
    if (!trie_->nodes[static_cast<size_t>(at)].meanings.empty()) {
      best = i + 1;
      *node = static_cast<uint32_t>(at);
    }
  }
  return best;
}

const std::vector<LabelMeaning>& LabelIndex::meanings(const Segment& label) const {
  return trie_->nodes[label.node].meanings;
}

// The trie node reached by `key` from the root, or -1.
int LabelIndex::node_of(std::string_view key) const {
  int at = 0;
  for (unsigned char c : key)
    if ((at = trie_->child(at, c)) < 0) return -1;
  return at;
}

bool LabelIndex::is_prefix(std::string_view key) const {
  return node_of(key) >= 0;
}

LabelIndex::KeyMatch LabelIndex::key_match(std::string_view key) const {
  const int at = node_of(key);
  if (at < 0) return KeyMatch::none;
  return trie_->nodes[static_cast<size_t>(at)].meanings.empty() ? KeyMatch::prefix : KeyMatch::label;
}

LabelIndex::KeyMatch LabelIndex::key_match_squeezing(std::string_view text) const {
  int at = 0;
  for (char c : text) {
    if (ascii::is_space(c)) continue;
    if ((at = trie_->child(at, static_cast<unsigned char>(c))) < 0) return KeyMatch::none;
  }
  return trie_->nodes[static_cast<size_t>(at)].meanings.empty() ? KeyMatch::prefix : KeyMatch::label;
}

bool LabelIndex::starts_table_label(std::string_view key) const {
  const int at = node_of(key);
  if (at < 0) return false;
  // Any label below this node that is not a section title.
  std::vector<int> stack;
  for (auto& [c, child] : trie_->nodes[static_cast<size_t>(at)].next) stack.push_back(child);
  while (!stack.empty()) {
    const auto& node = trie_->nodes[static_cast<size_t>(stack.back())];
    stack.pop_back();
    for (auto& m : node.meanings)
      if (m.role != LabelRole::section) return true;
    for (auto& [c, child] : node.next) stack.push_back(child);
  }
  return false;
}

namespace {

// `s` without its white space, into `out`; false (out unfinished) as soon as
// that would be longer than `limit`.
bool squeeze_at_most(std::string_view s, size_t limit, std::string& out) {
  out.clear();
  for (char c : s)
    if (!is_ws(c)) {
      if (out.size() == limit) return false;
      out.push_back(c);
    }
  return true;
}

bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

}  // namespace

namespace {

// Longest word of `words` that `s` starts with (0 if none).
size_t prefix_word(std::string_view s, const std::vector<std::string>& words) {
  size_t best = 0;
  for (auto& w : words)
    if (!w.empty() && s.substr(0, w.size()) == w && w.size() > best) best = w.size();
  return best;
}

// A byte that may begin a figure after its sign word: a digit, a sign or
// a separator.
bool figure_start(char c) {
  return (c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.' || c == ',';
}

// One figure: [sign word] digits with + - . , [unit words]; true if it has a digit.
bool is_figure_token(std::string_view t, const std::vector<std::string>& units,
                     const std::vector<std::string>& sign_words) {
  for (bool stripped = true; stripped;) {
    stripped = false;
    for (auto& u : units)
      if (!u.empty() && t.size() > u.size() && ends_with(t, u)) {
        t.remove_suffix(u.size());
        stripped = true;
        break;
      }
  }
  if (size_t w = prefix_word(t, sign_words); w > 0 && w < t.size()) t.remove_prefix(w);
  // "2." before a label is its number, not a figure: a decimal point or a
  // thousands separator has digits after it.
  if (!t.empty() && (t.back() == '.' || t.back() == ',')) return false;
  bool digit = false;
  for (char c : t) {
    if (c >= '0' && c <= '9')
      digit = true;
    else if (!(c == '+' || c == '-' || c == '.' || c == ','))
      return false;
  }
  return digit;
}

bool is_unit(std::string_view t, const std::vector<std::string>& units) {
  return std::find(units.begin(), units.end(), t) != units.end();
}

}  // namespace

bool is_figure_run(std::string_view s, const std::vector<std::string>& units,
                   const std::vector<std::string>& sign_words) {
  // Figures separated by white space; a unit word may stand alone after its
  // figure ("1.25 万元"); a sign word is part of its figure ("减少36").
  bool figure = false;
  size_t i = 0;
  // The first token must be a figure, and stripping its units leaves its
  // first byte: prose (a paragraph may be one token of kilobytes) fails on
  // that byte, before its first token is cut out.
  while (i < s.size() && is_ws(s[i])) ++i;
  if (i == s.size()) return false;
  if (!figure_start(s[i]) && prefix_word(s.substr(i), sign_words) == 0) return false;
  while (i < s.size()) {
    while (i < s.size() && is_ws(s[i])) ++i;
    size_t b = i;
    while (i < s.size() && !is_ws(s[i])) ++i;
    if (b == i) break;
    std::string_view token = s.substr(b, i - b);
    if (is_figure_token(token, units, sign_words))
      figure = true;
    else if (!(figure && is_unit(token, units)))
      return false;
  }
  return figure;
}

namespace {

bool all_digits(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// Digits and white space only, with at least one digit.
bool bare_digits(std::string_view s) {
  bool digit = false;
  for (char c : s) {
    if (c >= '0' && c <= '9')
      digit = true;
    else if (!is_ws(c))
      return false;
  }
  return digit;
}

}  // namespace

ScanConfig scan_config(const CommonSpec& common) {
  ScanConfig config;
  config.blank_markers = common.blank_markers;
  for (auto& u : common.units) config.units.push_back(u.first);
  for (auto& u : common.count_units) config.units.push_back(u);
  config.sign_words = common.increase_words;
  config.sign_words.insert(config.sign_words.end(), common.decrease_words.begin(), common.decrease_words.end());
  note_digit_words(config);
  return config;
}

void note_digit_words(ScanConfig& config) {
  // An empty word is skipped by every test, so it never matches a digit.
  auto digits = [](const std::vector<std::string>& words) {
    return std::any_of(words.begin(), words.end(), [](const std::string& w) { return !w.empty() && all_digits(w); });
  };
  config.digit_words = digits(config.blank_markers) || digits(config.units) || digits(config.sign_words);
  auto longest = [](const std::vector<std::string>& words) {
    size_t n = 0;
    for (auto& w : words) n = std::max(n, w.size());
    return n;
  };
  config.longest_blank = longest(config.blank_markers) + longest(config.units);
}

std::vector<Segment> scan_cell(std::string_view text, uint32_t begin, uint32_t end, const LabelIndex& index,
                               const ScanConfig& config) {
  std::vector<Segment> out;
  scan_cell(text, begin, end, index, config, out);
  return out;
}

void scan_cell(std::string_view text, uint32_t begin, uint32_t end, const LabelIndex& index, const ScanConfig& config,
               std::vector<Segment>& out) {
  std::string key;  // a gap squeezed (one buffer for the cell's gaps)
  auto add_gap = [&](uint32_t b, uint32_t e) {
    while (b < e && is_ws(text[b])) ++b;
    while (e > b && is_ws(text[e - 1])) --e;
    if (b == e) return;
    std::string_view gap = text.substr(b, e - b);
    // Figures alone ("12 0 3"), most gaps of a table: no unit, blank marker
    // or sign word can match digits when none is made of digits, and every
    // token is then a figure, so the tests below would all say "run".
    if (!config.digit_words && bare_digits(gap)) {
      out.push_back({SegmentKind::run, b, e});
      return;
    }
    SegmentKind kind = SegmentKind::text;
    // Prose, most of a report's text, is longer than any blank marker with
    // its unit: only a short gap is squeezed and compared with the words.
    if (!squeeze_at_most(gap, config.longest_blank, key)) {
      out.push_back({is_figure_run(gap, config.units, config.sign_words) ? SegmentKind::run : SegmentKind::text, b, e});
      return;
    }
    // A blank marker may carry the column's unit ("—件", "无元").
    for (auto& u : config.units)
      if (!u.empty() && key.size() > u.size() && ends_with(key, u)) {
        std::string bare = key.substr(0, key.size() - u.size());
        if (std::find(config.blank_markers.begin(), config.blank_markers.end(), bare) != config.blank_markers.end())
          key = bare;
        break;
      }
    bool unit_only = std::find(config.units.begin(), config.units.end(), key) != config.units.end();
    if (unit_only ||
        std::find(config.blank_markers.begin(), config.blank_markers.end(), key) != config.blank_markers.end())
      kind = SegmentKind::blank;
    else if (is_figure_run(gap, config.units, config.sign_words))
      kind = SegmentKind::run;
    out.push_back({kind, b, e});
  };
  // Labels are matched across white space (a label wrapped or spaced out in
  // the cell), walking the cell itself: no squeezed copy of it (a crawler
  // report is one cell of megabytes).
  uint32_t gap_start = begin;
  for (uint32_t p = begin; p < end;) {
    if (kSkip[static_cast<unsigned char>(text[p])]) {
      ++p;
      continue;
    }
    if (!index.may_start(text, p, end)) {
      // On to the next character: its continuation bytes need no look.
      for (++p; p < end && is_continuation(text[p]);) ++p;
      continue;
    }
    uint32_t node = 0;
    const uint32_t le = index.match_spaced(text, p, end, &node);
    if (le == p) {
      ++p;
      continue;
    }
    add_gap(gap_start, p);
    out.push_back({SegmentKind::label, p, le, node});
    gap_start = le;
    p = le;
  }
  add_gap(gap_start, end);
}

}  // namespace xxgk
