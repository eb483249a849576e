// The text pipeline's shortcuts give what the long way gives: the cell index
// of the audit, the bare-digit gaps of the label scan, loose matching over
// prepared candidates, and one CellIndex shared by the audit passes.
#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "audit/audit.h"
#include "base/ascii.h"
#include "base/decimal.h"
#include "base/hash.h"
#include "base/regex_cache.h"
#include "base/utf8.h"
#include "extract/extractor.h"
#include "extract/value.h"
#include "normalize/normalize.h"
#include "support.h"
#include "tokenize/label_match.h"
#include "tokenize/scan.h"
#include "write/writers.h"

using namespace xxgk;
using namespace xxgk::test;

namespace {

CellValue cell(const std::string& key, int64_t value) {
  CellValue c;
  c.key = key;
  c.status = CellStatus::read;
  c.value = Decimal::of(value);
  return c;
}

const Grammar& grammar(const std::string& id) {
  const Grammar* g = engine().grammars().find(id);
  REQUIRE(g);
  return *g;
}

// Kinds and ranges of the segments of `text` scanned as one cell.
std::vector<std::string> segments(const std::string& text, const ScanConfig& config) {
  const LabelIndex& labels = engine().labels(0);
  std::vector<std::string> out;
  for (auto& s : scan_cell(text, 0, static_cast<uint32_t>(text.size()), labels, config))
    out.push_back(std::to_string(static_cast<int>(s.kind)) + ":" + text.substr(s.begin, s.end - s.begin));
  return out;
}

ScanConfig config_of(std::vector<std::string> blank_markers) {
  ScanConfig c;
  c.blank_markers = std::move(blank_markers);
  c.units = {"件", "万元"};
  c.sign_words = {"增加", "减少"};
  return c;
}

}  // namespace

TEST_CASE("cell index: a key's last cell, null for an unknown key, set overrides") {
  std::vector<CellValue> cells{cell("t3.a", 1), cell("t3.b", 2), cell("t3.a", 3)};
  CellIndex index(cells);
  REQUIRE(index.find("t3.a"));
  CHECK(index.find("t3.a") == &cells[2]);
  CHECK(index.find("t3.b") == &cells[1]);
  CHECK(index.find("t3.c") == nullptr);
  index.set("t3.c", &cells[0]);
  CHECK(index.find("t3.c") == &cells[0]);
}

// A parsed report's cells are its grammar's keys in order: the index then
// finds them by the grammar's numbering, and must find what hashing finds;
// cells in another order, or a key twice, are hashed as before.
TEST_CASE("cell index: cells in the grammar's key order are found by number, others by hash") {
  Record r = parse(read_file(shared_corpus("seed/000_3b10d53d6ce3f43f.txt")));
  const Grammar& g = grammar(r.template_id);
  REQUIRE(r.cells.size() == g.key_index().order.size());
  const CellIndex by_order(r.cells, g), by_hash(r.cells);
  for (size_t i = 0; i < r.cells.size(); ++i) {
    const std::string& k = r.cells[i].key;
    CHECK(by_order.find(k) == &r.cells[i]);
    CHECK(by_order.find(k) == by_hash.find(k));
    CHECK(by_order.find(static_cast<int32_t>(i), k) == &r.cells[i]);
    // A number that is not the key's is not trusted.
    CHECK(by_order.find(static_cast<int32_t>((i + 1) % r.cells.size()), k) == &r.cells[i]);
    CHECK(by_order.find(-1, k) == &r.cells[i]);
  }
  CHECK(by_order.find("t3.no_such_row.total") == nullptr);
  for (auto& in : g.instances()) {
    REQUIRE(in.lhs_ids.size() == in.lhs.size());
    REQUIRE(in.rhs_ids.size() == in.rhs.size());
    for (size_t i = 0; i < in.lhs.size(); ++i)
      if (in.lhs_ids[i] >= 0) CHECK(g.key_index().order[static_cast<size_t>(in.lhs_ids[i])] == in.lhs[i]);
  }
  // A key twice, out of order: the last one, as the hashed index gives.
  std::vector<CellValue> twice = r.cells;
  twice.push_back(twice.front());
  twice.back().value = Decimal::of(12345);
  const CellIndex out_of_order(twice, g);
  CHECK(out_of_order.find(twice.front().key) == &twice.back());
  CHECK(out_of_order.find(0, twice.front().key) == &twice.back());
  // set() over an index in key order overrides, and the rest stay found.
  CellIndex overridden(r.cells, g);
  const CellValue other = cell(r.cells[3].key, 99);
  overridden.set(r.cells[3].key, &other);
  CHECK(overridden.find(r.cells[3].key) == &other);
  CHECK(overridden.find(3, r.cells[3].key) == &other);
  CHECK(overridden.find(r.cells[4].key) == &r.cells[4]);
}

TEST_CASE("cell index: the audit passes give the same with the pipeline's index as with their own") {
  Record r = parse(read_file(shared_corpus("seed/000_3b10d53d6ce3f43f.txt")));
  REQUIRE(r.cells.size() > 100);
  const Grammar& g = grammar(r.template_id);
  // One figure changed, so that some rule breaks and the diagnosis has work.
  bool changed = false;
  for (auto& c : r.cells)
    if (c.key == "t3.new_received.total" && c.value) {
      c.value = *c.value + Decimal::of(7);
      changed = true;
    }
  REQUIRE(changed);
  const CellIndex index(r.cells);
  AuditResult own = audit_cells(g, r.cells), shared = audit_cells(g, r.cells, &index);
  REQUIRE_FALSE(own.findings.empty());
  CHECK(own.checked == shared.checked);
  CHECK(own.unchecked == shared.unchecked);
  REQUIRE(own.findings.size() == shared.findings.size());
  for (size_t i = 0; i < own.findings.size(); ++i) CHECK(own.findings[i].message == shared.findings[i].message);
  Diagnosis a = diagnose(g, r.cells, own.findings), b = diagnose(g, r.cells, shared.findings, &index);
  CHECK(describe(a) == describe(b));
  auto m1 = compute_metrics(g, r.cells, nullptr), m2 = compute_metrics(g, r.cells, nullptr, &index);
  REQUIRE(m1.size() == m2.size());
  for (size_t i = 0; i < m1.size(); ++i) CHECK(m1[i].value == m2[i].value);
}

TEST_CASE("scan: bare digits are a run at once only when no word is made of digits") {
  ScanConfig plain = config_of({"/", "—"});
  note_digit_words(plain);
  CHECK_FALSE(plain.digit_words);
  ScanConfig unprepared = config_of({"/", "—"});  // digit_words left true: every test is run
  CHECK(segments("12 0  345", plain) == segments("12 0  345", unprepared));
  CHECK(segments("12 0  345", plain) ==
        std::vector<std::string>{std::to_string(static_cast<int>(SegmentKind::run)) + ":12 0  345"});
  CHECK(segments("3 件", plain) == segments("3 件", unprepared));
  // A grammar whose blank marker is "0": a cell printed 0 is blank, not a run.
  ScanConfig zero = config_of({"0"});
  note_digit_words(zero);
  CHECK(zero.digit_words);
  CHECK(segments("0", zero) == std::vector<std::string>{std::to_string(static_cast<int>(SegmentKind::blank)) + ":0"});
  ScanConfig unit = config_of({"/"});
  unit.units.push_back("00");
  note_digit_words(unit);
  CHECK(unit.digit_words);
}

TEST_CASE("loose matching: prepared candidates, by value or by pointer, match as plain ones") {
  const std::vector<std::string> labels{"属于国家秘密", "其他法律行政法规禁止公开", "危及三安全一稳定",
                                        "保护第三方合法权益"};
  std::vector<LooseCandidate> plain, prepared;
  for (size_t i = 0; i < labels.size(); ++i) {
    plain.push_back({static_cast<int>(i), labels[i], {}, {}});
    prepared.push_back(with_points({static_cast<int>(i), labels[i], {}, {}}));
  }
  CHECK(prepared[0].points.size() == 6);
  std::vector<const LooseCandidate*> pointers;
  for (auto& c : prepared) pointers.push_back(&c);
  for (std::string printed : {"属于国家秘密的", "其他法律法规禁止公开", "保护第三方的合法权益", "完全无关的文字", ""}) {
    LooseMatch a = match_loosely(printed, plain), b = match_loosely(printed, prepared),
               c = match_loosely(printed, pointers);
    CHECK(a.row == b.row);
    CHECK(a.row == c.row);
    CHECK(a.score == b.score);
    CHECK(a.runner_up == c.runner_up);
    CHECK(a.label == c.label);
  }
  CHECK(match_loosely("保护第三方的合法权益", pointers).row == 3);
  // Not UTF-8: left unprepared, matched the long way.
  CHECK(with_points({0, std::string("\xB1", 1), {}, {}}).points.empty());
}

TEST_CASE("label index: key ids are the keys' places in keys(), for every row and line") {
  for (size_t gi = 0; gi < engine().grammars().templates.size(); ++gi) {
    const LabelIndex& labels = engine().labels(gi);
    const Grammar& g = labels.grammar();
    const auto& keys = labels.keys();
    for (size_t i = 0; i < keys.size(); ++i) CHECK(labels.key_id(keys[i]) == static_cast<int>(i));
    CHECK(labels.key_id("") == -1);
    CHECK(labels.key_id("no.such.key") == -1);
    CHECK(labels.key_id(keys.back() + "x") == -1);
    for (size_t t = 0; t < g.tables.size(); ++t) {
      for (size_t r = 0; r < g.tables[t].rows.size(); ++r) {
        const auto& ids = labels.row_key_ids(t, r);
        REQUIRE(ids.size() == labels.row_keys(t, r).size());
        for (size_t k = 0; k < ids.size(); ++k) CHECK(keys[ids[k]] == labels.row_keys(t, r)[k]);
      }
      for (size_t l = 0; l < g.tables[t].lines.size(); ++l) {
        const auto& ids = labels.line_key_ids(t, l);
        REQUIRE(ids.size() == labels.line_keys(t, l).size());
        for (size_t k = 0; k < ids.size(); ++k) CHECK(keys[ids[k]] == labels.line_keys(t, l)[k]);
      }
    }
  }
}

TEST_CASE("parse_value: bare digits read the same with and without the word tests") {
  const CommonSpec& common = engine().grammars().common;
  ScanConfig words = scan_config(common);
  REQUIRE_FALSE(words.digit_words);  // else the shortcut is never taken
  std::vector<ColumnSpec> columns(4);
  columns[1].kind = CellKind::signed_count;
  columns[2].kind = CellKind::amount;
  columns[3].kind = CellKind::amount;
  columns[3].unit = "万元";
  for (const char* text : {"0", "7", "007", "12", "251000", "9223372036854775807", "99999999999999999999999999"})
    for (auto& column : columns) {
      CAPTURE(text);
      ParsedValue slow = parse_value(text, column, common, true), fast = parse_value(text, column, common, false);
      CHECK(static_cast<int>(fast.status) == static_cast<int>(slow.status));
      CHECK(fast.value.has_value() == slow.value.has_value());
      if (fast.value && slow.value) CHECK(fast.value->str() == slow.value->str());
      CHECK(fast.unit == slow.unit);
      CHECK(fast.problem == slow.problem);
    }
}

TEST_CASE("scan: a gap too long for a blank marker with its unit is cut as when squeezed whole") {
  ScanConfig prepared = config_of({"/", "—", "无"});
  note_digit_words(prepared);
  CHECK(prepared.longest_blank == std::string("无").size() + std::string("万元").size());
  ScanConfig unprepared = config_of({"/", "—", "无"});  // longest_blank left unbounded
  std::vector<std::string> texts{"—件",
                                 "无万元",
                                 "— 万元",
                                 "无 万 元",
                                 "/",
                                 "12 件",
                                 "1,204 万元 3件",
                                 "减少36 增加 5",
                                 "本机关全年未发生相关情况",
                                 "12 0 3 4 5 6 7 8 9 10 11 12 13 14",
                                 "无法提供",
                                 "—— 件件",
                                 "  3  万元  ",
                                 "减少",
                                 "增加增加3"};
  // And every line of real reports, prose and tables, and a whole report as one cell.
  for (const char* name : {"gov2019-glued.txt", "gov2019-cell-per-line.txt", "gov2019-blank-totals.txt"}) {
    const std::string report = read_file(source_path(std::string("corpus/reports/") + name));
    texts.push_back(report);
    for (size_t b = 0, e; b < report.size(); b = e + 1) {
      e = std::min(report.find('\n', b), report.size());
      texts.push_back(report.substr(b, e - b));
    }
  }
  for (auto& t : texts) {
    CAPTURE(t);
    CHECK(segments(t, prepared) == segments(t, unprepared));
  }
}

TEST_CASE("is_figure_run: the first byte's test agrees with reading every token") {
  const std::vector<std::string> units{"件", "万元", "元"}, signs{"增加", "减少", "+"};
  struct Case {
    const char* text;
    bool run;
  };
  for (const Case& c : std::vector<Case>{{"", false},
                                         {"   ", false},
                                         {" 12", true},
                                         {"减少36", true},
                                         {"减少 36", false},
                                         {"增加", false},
                                         {"-3 +4 .5 1,204", true},
                                         {"件 12", false},
                                         {"12 件", true},
                                         {"3件 万元", true},
                                         {"共3件", false},
                                         {"本年度收到申请12件", false},
                                         {"+", false},
                                         {"2.", false}}) {
    CAPTURE(c.text);
    CHECK(is_figure_run(c.text, units, signs) == c.run);
  }
}

TEST_CASE("dataset_row: a key's last cell, nothing for a key with no cell") {
  const GrammarSet& g = engine().grammars();
  REQUIRE(g.dataset_keys.size() >= 3);
  Record r;
  r.file = "a.txt";
  r.cells = {cell(g.dataset_keys[2], 7), cell(g.dataset_keys[0], 1), cell(g.dataset_keys[0], 2)};
  const std::string row = dataset_row(r, g);
  std::vector<std::string> fields;
  for (size_t b = 0, e; b <= row.size(); b = e + 1) {
    e = std::min(row.find_first_of(",\n", b), row.size());
    fields.push_back(row.substr(b, e - b));
  }
  REQUIRE(fields.size() > 6);
  CHECK(fields[4] == "2");
  CHECK(fields[5] == "");
  CHECK(fields[6] == "7");
}

TEST_CASE("Decimal text: append_decimal writes what str() always wrote, at every scale and sign") {
  // The reference: the digits of |mantissa|, zero-padded to scale + 1, with the point before the last `scale`.
  auto reference = [](int64_t mantissa, int scale) {
    std::string digits =
        mantissa == INT64_MIN ? "9223372036854775808" : std::to_string(mantissa < 0 ? -mantissa : mantissa);
    if (scale > 0) {
      if (digits.size() <= static_cast<size_t>(scale))
        digits.insert(0, static_cast<size_t>(scale) + 1 - digits.size(), '0');
      digits.insert(digits.size() - static_cast<size_t>(scale), 1, '.');
    }
    return (mantissa < 0 ? "-" : "") + digits;
  };
  CHECK(Decimal{5, 2}.str() == "0.05");
  CHECK(Decimal{-5, 3}.str() == "-0.005");
  CHECK(Decimal{7380289590, 2}.str() == "73802895.90");
  CHECK(Decimal{0, 0}.str() == "0");
  CHECK(Decimal{INT64_MIN, 0}.str() == "-9223372036854775808");
  Lcg rng{7};
  for (int i = 0; i < 2000; ++i) {
    const uint64_t bits = (uint64_t{rng(1u << 24)} << 40) ^ (uint64_t{rng(1u << 24)} << 16) ^ rng(1u << 16);
    const int64_t m = static_cast<int64_t>(bits) >> rng(63);
    const int scale = static_cast<int>(rng(8));
    std::string out = "x";
    append_decimal(out, Decimal{m, scale});
    CAPTURE(m);
    CAPTURE(scale);
    CHECK(out == "x" + reference(m, scale));
  }
}

TEST_CASE("page numbers: a line outside a pattern's match range is one the pattern does not match") {
  std::vector<std::string> lines{
      "- 3 -", "第3页", "第 3 页，共 12 页", "第3页/共4页", "3/12",    "3 / 12", "—3—", "-- 12 --", "–7–",
      "",      " ",     "一、总体情况",      "12 0 3",      "3 / 4 5", "第三页", "-",   "99999/1",  "共3页"};
  for (const char* name : {"gov2019-glued.txt", "gov2019-cell-per-line.txt", "gov2019-blank-totals.txt"}) {
    const std::string report = read_file(source_path(std::string("corpus/reports/") + name));
    for (size_t b = 0, e; b < report.size(); b = e + 1) {
      e = std::min(report.find('\n', b), report.size());
      lines.push_back(report.substr(b, e - b));
    }
  }
  size_t matched = 0, excluded = 0;
  for (auto& pattern : engine().grammars().common.page_number_patterns) {
    const RE2& re = compiled(pattern);
    const extract_internal::MatchRange& range = extract_internal::match_range(re);
    CHECK(range.known);
    for (auto& line : lines) {
      CAPTURE(pattern);
      CAPTURE(line);
      const bool match = RE2::FullMatch(line, re);
      matched += match;
      excluded += range.excludes(line);
      if (match) CHECK_FALSE(range.excludes(line));
    }
  }
  CHECK(matched >= 8);
  CHECK(excluded > lines.size());  // the range spares RE2 most lines
}

// ascii::squeeze copies eight bytes at once where none is dropped: the same
// as dropping byte by byte, at every alignment, with and without `also`.
TEST_CASE("ascii::squeeze and ascii::lower: eight bytes at a time, the same as byte by byte") {
  const std::vector<std::string> pieces = {" ",    "\t",     "\n", "\r",   "\f",   "\v", "\x1E",       "\x1F",
                                           "a",    "!",      "1",  "A",    "Z",    "@",  "[",          "<HTML>",
                                           "\xC1", "自然人", "，", "\xE4", "\x80", "ab", "0000000000", "行政许可申请"};
  xxgk::test::Lcg next{777};
  for (int round = 0; round < 3000; ++round) {
    std::string s;
    for (uint32_t k = next(30); k > 0; --k) s += pieces[next(static_cast<uint32_t>(pieces.size()))];
    for (std::string_view also : {std::string_view{}, std::string_view{"\x1E\x1F"}, std::string_view{"a!"}}) {
      std::string slow;
      for (char c : s)
        if (ascii::kSpace.find(c) == std::string_view::npos && also.find(c) == std::string_view::npos) slow += c;
      CAPTURE(s);
      CHECK(ascii::squeeze(s, also) == slow);
    }
    std::string lowered = s;
    for (char& c : lowered)
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
    CHECK(ascii::lower(s) == lowered);
  }
  for (char c = 0; c < 127; ++c) CHECK(ascii::is_space(c) == (ascii::kSpace.find(c) != std::string_view::npos));
}

namespace {

// Texts made of pieces of every label key, white space, figures and prose,
// for the label index's shortcuts.
std::vector<std::string> label_texts(const LabelIndex& labels, uint32_t seed, int count) {
  std::vector<std::string> pieces = {" ",    "\n",   "\t",   "12", "0",  "。", "，",
                                     "政府", "信息", "公开", "（", "）", "1.", "一、"};
  xxgk::test::Lcg next{seed};
  std::vector<std::string> keys;
  for (auto* list : {&labels.section_candidates(), &labels.row_candidates()})
    for (auto& c : *list) keys.push_back(c.label);
  std::vector<std::string> out;
  for (int i = 0; i < count; ++i) {
    std::string t;
    for (uint32_t k = next(8) + 1; k > 0; --k) {
      if (next(2) == 0) {
        t += pieces[next(static_cast<uint32_t>(pieces.size()))];
        continue;
      }
      const std::string& key = keys[next(static_cast<uint32_t>(keys.size()))];
      // A whole key, its start, or its end; sometimes spaced out.
      size_t b = 0, e = key.size();
      if (next(3) == 0) e = utf8::floor_boundary(key, next(static_cast<uint32_t>(key.size()) + 1));
      if (next(4) == 0) b = utf8::floor_boundary(key, next(static_cast<uint32_t>(key.size()) + 1));
      std::string part = key.substr(b, e > b ? e - b : 0);
      if (next(3) == 0 && part.size() > 3) part.insert(3, next(2) ? " " : "\n ");
      t += part;
    }
    out.push_back(std::move(t));
  }
  return out;
}

}  // namespace

// may_start is a filter: where it says no label starts, the trie's walk
// finds none either (and it does say no often, or it would be no filter).
TEST_CASE("label index: may_start never turns away a place where a label starts") {
  for (size_t gi = 0; gi < engine().grammars().templates.size(); ++gi) {
    const LabelIndex& labels = engine().labels(gi);
    size_t turned_away = 0, labels_found = 0;
    for (const std::string& t : label_texts(labels, static_cast<uint32_t>(91 + gi), 600)) {
      const auto end = static_cast<uint32_t>(t.size());
      for (uint32_t p = 0; p < end; ++p) {
        uint32_t node = 0;
        const bool found = labels.match_spaced(t, p, end, &node) != p;
        labels_found += found;
        if (labels.may_start(t, p, end)) continue;
        ++turned_away;
        CAPTURE(t);
        CAPTURE(p);
        CHECK_FALSE(found);
      }
    }
    CHECK(labels_found > 100);
    CHECK(turned_away > 1000);
  }
}

// key_match_squeezing is key_match of the text less its white space, and a
// text that normalizes to itself has that for its label key.
TEST_CASE("label index: key_match_squeezing is key_match of the squeezed text") {
  for (size_t gi = 0; gi < engine().grammars().templates.size(); ++gi) {
    const LabelIndex& labels = engine().labels(gi);
    size_t prefixes = 0, whole = 0;
    for (const std::string& t : label_texts(labels, static_cast<uint32_t>(7 + gi), 2000)) {
      CAPTURE(t);
      const auto m = labels.key_match_squeezing(t);
      CHECK(m == labels.key_match(ascii::squeeze(t)));
      prefixes += m == LabelIndex::KeyMatch::prefix;
      whole += m == LabelIndex::KeyMatch::label;
      if (normalizes_verbatim(t)) CHECK(label_key(t) == ascii::squeeze(t));
    }
    CHECK(prefixes > 20);
    CHECK(whole > 20);
  }
  CHECK(normalizes_verbatim("本年新收 12\t0"));
  CHECK_FALSE(normalizes_verbatim("一、本年"));  // 、 is folded by NFKC's rules, not copied
  CHECK_FALSE(normalizes_verbatim("a<br>b"));
  CHECK_FALSE(normalizes_verbatim("１２"));
}

// length_allows is a bound: when it says no candidate's length allows a
// score, match_loosely finds none that close.
TEST_CASE("loose matching: length_allows never rules out a match that reaches the score") {
  const LabelIndex& labels = engine().labels(0);
  const auto& candidates = labels.section_candidates();
  size_t ruled_out = 0;
  for (const std::string& t : label_texts(labels, 5, 3000)) {
    const std::string key = ascii::squeeze(t);
    for (double score : {kSectionMinScore, kMinScore}) {
      if (length_allows(key, candidates, score)) continue;
      ++ruled_out;
      CAPTURE(key);
      const LooseMatch m = match_loosely(key, candidates);
      CHECK(m.score < score);
    }
  }
  CHECK(ruled_out > 100);
}

// hash_bytes reads every byte of every length once (the tail of a key is
// loaded into a zeroed word): a change in any byte changes the hash, and no
// two keys of the grammars share one.
TEST_CASE("hash_bytes: every byte counts, and the grammars' keys do not collide") {
  std::string s;
  for (size_t n = 0; n <= 40; ++n) {
    const uint64_t h = hash_bytes(s);
    for (size_t i = 0; i < n; ++i) {
      std::string t = s;
      t[i] = static_cast<char>(t[i] ^ 1);
      CHECK(hash_bytes(t) != h);
    }
    CHECK(hash_bytes(s + '\0') != h);  // a zero byte more is another key
    s += static_cast<char>('a' + n % 26);
  }
  std::vector<std::string> keys;  // the two templates share most keys
  for (size_t gi = 0; gi < engine().grammars().templates.size(); ++gi)
    for (auto& k : engine().labels(gi).keys()) keys.push_back(k);
  std::sort(keys.begin(), keys.end());
  keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
  std::vector<uint64_t> hashes;
  for (auto& k : keys) hashes.push_back(hash_bytes(k));
  std::sort(hashes.begin(), hashes.end());
  CHECK(std::adjacent_find(hashes.begin(), hashes.end()) == hashes.end());
  CHECK(hashes.size() > 200);
}
