// Loading and validating grammars. Every error names the grammar file and the
// line of the offending element: a grammar is edited by hand, so a typo must be
// easy to find. Patterns are checked here with RE2's parser, so that an error
// stops the load; they are compiled when a document first needs them.
#include "grammar/grammar.h"

#include <re2/re2.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <pugixml.hpp>
#include <set>
#include <sstream>
#include <unordered_map>
#include <unordered_set>

#include "base/ascii.h"
#include "base/locator.h"
#include "base/regex_cache.h"
#include "normalize/normalize.h"

namespace xxgk {

namespace {

// The grammar format, version kFormatVersion: every element a grammar file
// may hold, under which parent, with which attributes. Anything else is an
// error with its line, so a typo (<alais>, colums=) cannot silently change
// what is read. To extend the format: add a line here, read it below, and
// describe it in grammars/grammar.rng (a test validates the grammars against
// it). A change that old grammar files cannot follow bumps kFormatVersion.
constexpr std::string_view kFormatVersion = "1";

struct ElementSpec {
  std::string_view parent;  // "" for the root
  std::string_view name;
  std::string_view attributes;  // space-separated
};

// One element a line, easy to extend and to merge.
// clang-format off
// Template grammars (gov-2019.xml, gov-2021.xml, ...).
constexpr ElementSpec kGrammarElements[] = {
    {"", "grammar", "id version"},
    {"grammar", "detect", ""},
    {"detect", "marker", ""},
    {"grammar", "sections", ""},
    {"sections", "section", "level number title"},
    {"section", "alias", ""},
    {"grammar", "table", "id title"},
    {"table", "header", "opens"},
    {"table", "column", "id label kind unit"},
    {"column", "alias", ""},
    {"table", "row", "id label opens columns"},
    {"row", "alias", ""},
    {"table", "line", "rows"},
    {"grammar", "rules", ""},
    {"rules", "rule", "id table each severity"},
    {"rules", "cross", "id table each severity"},
    {"grammar", "narratives", ""},
    {"narratives", "narrative", "id key"},
    {"grammar", "metrics", "chart"},
    {"metrics", "metric", "id unit absent"},
    {"grammar", "cross-checks", ""},
    {"cross-checks", "copied-table", "min-nonzero"},
    {"cross-checks", "copied-text", "min-chars"},
    {"cross-checks", "jump", "metric factor min"},
    {"grammar", "display", ""},
    {"display", "row", "table id label"},
};

// common.xml.
constexpr ElementSpec kCommonElements[] = {
    {"", "common", "version"},
    {"common", "report", ""},
    {"report", "marker", ""},
    {"common", "legacy", "template before-year"},
    {"legacy", "section", "level number title"},
    {"section", "alias", ""},
    {"common", "metadata", ""},
    {"metadata", "title", ""},
    {"metadata", "opening", ""},
    {"metadata", "period", ""},
    {"metadata", "date", ""},
    {"metadata", "suffix", ""},
    {"metadata", "region-suffix", ""},
    {"common", "layout", ""},
    {"layout", "page-number", ""},
    {"common", "values", ""},
    {"values", "blank", ""},
    {"values", "unit", "name power"},
    {"values", "count-unit", ""},
    {"values", "increase", ""},
    {"values", "decrease", ""},
};
// clang-format on

struct Context {
  std::string file;
  std::string_view xml;  // the file's text; lines are counted only for an error
  [[noreturn]] void fail(const pugi::xml_node& node, const std::string& message) const {
    throw GrammarError{file, line_of(node), message};
  }
  unsigned line_of(const pugi::xml_node& node) const {
    const ptrdiff_t at = node.offset_debug();
    return at < 0 ? 0 : line_at(static_cast<size_t>(at));
  }
  unsigned line_at(size_t offset) const { return Locator(xml).line_of(offset); }
  std::string required(const pugi::xml_node& node, const char* attribute) const {
    auto a = node.attribute(attribute);
    if (!a || std::string_view(a.value()).empty())
      fail(node, std::string("<") + node.name() + "> needs the attribute '" + attribute + "'");
    return a.value();
  }
};

// The white-space separated words of an attribute, without allocating each
// through a stream: the loader checks every attribute of every element.
template <typename Visit>
void for_each_word(std::string_view s, Visit visit) {
  auto space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; };
  for (size_t i = 0; i < s.size();) {
    while (i < s.size() && space(s[i])) ++i;
    size_t j = i;
    while (j < s.size() && !space(s[j])) ++j;
    if (j > i && visit(s.substr(i, j - i))) return;
    i = j;
  }
}

std::vector<std::string> split_words(std::string_view s) {
  std::vector<std::string> out;
  for_each_word(s, [&](std::string_view w) {
    out.emplace_back(w);
    return false;
  });
  return out;
}

std::string trimmed(std::string_view s) {
  return std::string(ascii::trim(s));
}

bool has_word(std::string_view words, std::string_view word) {
  bool found = false;
  for_each_word(words, [&](std::string_view w) { return found = w == word; });
  return found;
}

// Every element and attribute against the format's table (see kFormatVersion),
// and the format version on the root. Iterative: a grammar is data too.
template <size_t N>
void check_structure(const Context& cx, const pugi::xml_node& root, const ElementSpec (&allowed)[N]) {
  auto spec = [&](std::string_view parent, std::string_view name) -> const ElementSpec* {
    for (auto& e : allowed)
      if (e.parent == parent && e.name == name) return &e;
    return nullptr;
  };
  std::vector<pugi::xml_node> todo{root};
  while (!todo.empty()) {
    const pugi::xml_node node = todo.back();
    todo.pop_back();
    const std::string_view parent = node == root ? std::string_view() : node.parent().name();
    const ElementSpec* e = spec(parent, node.name());
    if (!e)
      cx.fail(node, "unknown element <" + std::string(node.name()) + "> in <" + std::string(parent) +
                        "> (grammar format " + std::string(kFormatVersion) + ")");
    for (auto a : node.attributes())
      if (!has_word(e->attributes, a.name()))
        cx.fail(node, "unknown attribute '" + std::string(a.name()) + "' on <" + node.name() +
                          "> (allowed: " + std::string(e->attributes.empty() ? "none" : e->attributes) + ")");
    for (auto c : node.children())
      if (c.type() == pugi::node_element) todo.push_back(c);
  }
  const std::string_view version = root.attribute("version").value();
  if (version.empty())
    cx.fail(root, std::string("<") + root.name() + "> needs version=\"" + std::string(kFormatVersion) +
                      "\", the grammar format it is written in");
  if (version != kFormatVersion)
    cx.fail(root, "grammar format version " + std::string(version) + " is not supported (this xxgk reads " +
                      std::string(kFormatVersion) + ")");
}

// label="..." plus <alias> children.
std::vector<std::string> labels_of(const pugi::xml_node& node) {
  std::vector<std::string> out;
  if (auto l = node.attribute("label")) out.emplace_back(l.value());
  if (auto t = node.attribute("title")) out.emplace_back(t.value());
  for (auto a : node.children("alias")) out.push_back(trimmed(a.text().get()));
  return out;
}

CellKind parse_kind(const Context& cx, const pugi::xml_node& node) {
  std::string_view k = node.attribute("kind").value();
  if (k.empty() || k == "count") return CellKind::count;
  if (k == "signed") return CellKind::signed_count;
  if (k == "amount") return CellKind::amount;
  cx.fail(node, "unknown kind '" + std::string(k) + "' (count, signed or amount)");
}

Severity parse_severity(const Context& cx, const pugi::xml_node& node) {
  std::string_view s = node.attribute("severity").value();
  if (s.empty() || s == "error") return Severity::error;
  if (s == "warning") return Severity::warning;
  if (s == "info") return Severity::info;
  cx.fail(node, "unknown severity '" + std::string(s) + "'");
}

// Checks a pattern at load without compiling it (regex_cache.h: compiling is
// what costs; a document compiles the patterns it needs on first use).
// Returns the named groups.
std::map<std::string, int> check_pattern(const Context& cx, const pugi::xml_node& node, const std::string& pattern,
                                         int min_groups) {
  PatternSyntax syntax = check_pattern_syntax(pattern);
  if (!syntax.ok) cx.fail(node, "bad pattern: " + syntax.error);
  if (syntax.groups < min_groups)
    cx.fail(node, "pattern needs at least " + std::to_string(min_groups) + " capture group(s)");
  return syntax.named;
}

TableSpec parse_table(const Context& cx, const pugi::xml_node& node) {
  TableSpec t;
  t.id = cx.required(node, "id");
  t.title = node.attribute("title").value();
  std::set<std::string> seen;
  for (auto c : node.children("column")) {
    ColumnSpec col{cx.required(c, "id"), labels_of(c), parse_kind(cx, c), c.attribute("unit").value()};
    if (col.labels.empty()) cx.fail(c, "column '" + col.id + "' needs a label");
    if (!seen.insert("c:" + col.id).second) cx.fail(c, "column '" + col.id + "' defined twice");
    t.columns.push_back(std::move(col));
  }
  std::vector<std::string> all_columns;
  for (auto& c : t.columns) all_columns.push_back(c.id);
  for (auto r : node.children("row")) {
    RowSpec row;
    row.id = cx.required(r, "id");
    row.labels = labels_of(r);
    row.opens = r.attribute("opens").as_bool();
    row.columns = r.attribute("columns") ? split_words(r.attribute("columns").value()) : all_columns;
    for (auto& c : row.columns)
      if (!t.column(c)) cx.fail(r, "row '" + row.id + "' names unknown column '" + c + "'");
    if (!seen.insert("r:" + row.id).second) cx.fail(r, "row '" + row.id + "' defined twice");
    t.rows.push_back(std::move(row));
  }
  for (auto l : node.children("line")) {
    LineSpec line{split_words(cx.required(l, "rows"))};
    for (auto& r : line.rows) {
      const RowSpec* row = t.row(r);
      if (!row) cx.fail(l, "line names unknown row '" + r + "'");
      if (!row->labels.empty()) cx.fail(l, "line row '" + r + "' has a label; a line carries unlabelled rows");
    }
    t.lines.push_back(std::move(line));
  }
  for (auto& row : t.rows) {
    bool in_line = std::any_of(t.lines.begin(), t.lines.end(), [&](const LineSpec& l) {
      return std::find(l.rows.begin(), l.rows.end(), row.id) != l.rows.end();
    });
    if (row.labels.empty() && !in_line)
      cx.fail(node, "row '" + row.id + "' of table '" + t.id + "' has no label and is in no <line>");
  }
  for (auto h : node.children("header")) t.headers.push_back({trimmed(h.text().get()), h.attribute("opens").as_bool()});
  if (t.rows.empty()) cx.fail(node, "table '" + t.id + "' has no rows");
  return t;
}

// "total = a + b + c" -> lhs {total}, rhs {a, b, c}.
void parse_equation(const Context& cx, const pugi::xml_node& node, RuleSpec& rule) {
  std::string text = trimmed(node.text().get());
  auto eq = text.find('=');
  if (eq == std::string::npos || text.find('=', eq + 1) != std::string::npos)
    cx.fail(node, "rule '" + rule.id + "' must read 'a + b = c + d' with one '='");
  auto side = [&](std::string_view s) {
    std::vector<std::string> terms;
    for (auto& w : split_words(s))
      if (w != "+") terms.push_back(w);
    if (terms.empty()) cx.fail(node, "rule '" + rule.id + "' has an empty side");
    return terms;
  };
  rule.lhs = side(std::string_view(text).substr(0, eq));
  rule.rhs = side(std::string_view(text).substr(eq + 1));
  rule.text = text;
}

void check_rule_terms(const Context& cx, const pugi::xml_node& node, const Grammar& g, const RuleSpec& r) {
  const TableSpec* t = g.table(r.table);
  if (!t) cx.fail(node, "rule '" + r.id + "' names unknown table '" + r.table + "'");
  auto check = [&](std::string term) {
    if (r.cross && term.rfind("previous.", 0) == 0) term.erase(0, 9);
    if (r.each == RuleEach::row) {
      if (!t->column(term)) cx.fail(node, "rule '" + r.id + "': '" + term + "' is not a column of " + t->id);
      return;
    }
    std::string_view stem = term;
    bool glob = stem.size() > 2 && stem.substr(stem.size() - 2) == ".*";
    if (glob) stem.remove_suffix(2);
    bool found = std::any_of(t->rows.begin(), t->rows.end(), [&](const RowSpec& row) {
      return glob ? row.id.rfind(std::string(stem) + ".", 0) == 0 : row.id == stem;
    });
    if (!found) cx.fail(node, "rule '" + r.id + "': '" + term + "' matches no row of " + t->id);
  };
  for (auto& term : r.lhs) check(term);
  for (auto& term : r.rhs) check(term);
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw GrammarError{path, 0, "cannot read grammar file"};
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

pugi::xml_document parse_xml(std::string_view xml, const Context& cx) {
  pugi::xml_document doc;
  auto result = doc.load_buffer(xml.data(), xml.size(), pugi::parse_default | pugi::parse_ws_pcdata_single);
  if (!result)
    throw GrammarError{cx.file, cx.line_at(static_cast<size_t>(std::max<ptrdiff_t>(result.offset, 0))),
                       std::string("malformed XML: ") + result.description()};
  return doc;
}

// A formula of <metrics>, read by recursive descent over its tokens. The
// formulas are short grammar text, not input, so the recursion is bounded by
// what a grammar author writes (and capped at kMaxFormulaDepth anyway).
constexpr int kMaxFormulaDepth = 32;

class FormulaParser {
 public:
  // `keys` is g.keys(), computed once by the caller for all the formulas.
  FormulaParser(const Context& cx, const pugi::xml_node& node, const Grammar& g, const std::vector<MetricSpec>& earlier,
                const std::vector<std::string>& keys)
      : cx_(cx), node_(node), g_(g), earlier_(earlier), keys_(keys) {}

  MetricExpr parse(const std::string& text) {
    tokenize(text);
    MetricExpr e = expression(0);
    if (pos_ != tokens_.size()) fail("unexpected '" + tokens_[pos_] + "'");
    return e;
  }

 private:
  [[noreturn]] void fail(const std::string& why) const { cx_.fail(node_, "metric formula: " + why); }

  void tokenize(const std::string& text) {
    static const std::string sigma = "\u03A3";
    for (size_t i = 0; i < text.size();) {
      char c = text[i];
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
        ++i;
      } else if (text.compare(i, sigma.size(), sigma) == 0) {
        tokens_.push_back(sigma);
        i += sigma.size();
      } else if (c == '(' || c == ')' || c == '+' || c == '-' || c == '/') {
        tokens_.emplace_back(1, c);
        ++i;
      } else if (std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.' || c == '*') {
        size_t j = i;
        while (j < text.size() && (std::isalnum(static_cast<unsigned char>(text[j])) || text[j] == '_' ||
                                   text[j] == '.' || text[j] == '*'))
          ++j;
        tokens_.push_back(text.substr(i, j - i));
        i = j;
      } else {
        fail("unexpected character '" + std::string(1, c) + "'");
      }
    }
    if (tokens_.empty()) fail("empty formula");
  }
  const std::string& peek() const {
    static const std::string end;
    return pos_ < tokens_.size() ? tokens_[pos_] : end;
  }
  std::string next() {
    if (pos_ >= tokens_.size()) fail("formula ends too early");
    return tokens_[pos_++];
  }
  static MetricExpr binary(MetricExpr::Op op, MetricExpr a, MetricExpr b) {
    MetricExpr e;
    e.op = op;
    e.args.push_back(std::move(a));
    e.args.push_back(std::move(b));
    return e;
  }
  MetricExpr expression(int depth) {
    MetricExpr e = term(depth);
    while (peek() == "+" || peek() == "-") {
      auto op = next() == "+" ? MetricExpr::Op::add : MetricExpr::Op::sub;
      e = binary(op, std::move(e), term(depth));
    }
    return e;
  }
  MetricExpr term(int depth) {
    MetricExpr e = factor(depth);
    while (peek() == "/") {
      next();
      e = binary(MetricExpr::Op::div, std::move(e), factor(depth));
    }
    return e;
  }
  MetricExpr factor(int depth) {
    if (depth > kMaxFormulaDepth) fail("nested too deep");
    std::string t = next();
    if (t == "(") {
      MetricExpr e = expression(depth + 1);
      if (next() != ")") fail("missing ')'");
      return e;
    }
    MetricExpr e;
    if (t == "\u03A3") return sum(next());
    if (std::isdigit(static_cast<unsigned char>(t[0]))) {
      e.op = MetricExpr::Op::number;
      e.number = std::stod(t);
      return e;
    }
    if (t.rfind("previous.", 0) == 0) {
      e.op = MetricExpr::Op::previous;
      e.name = t.substr(9);
      if (!defined(e.name) && e.name != current_) fail("'" + t + "' names no indicator");
      return e;
    }
    if (t.rfind("m.", 0) == 0) {
      e.op = MetricExpr::Op::metric;
      e.name = t;
      if (!defined(t)) fail("'" + t + "' is not an indicator defined above");
      return e;
    }
    if (std::find(keys_.begin(), keys_.end(), t) == keys_.end()) fail("'" + t + "' is not a key of " + g_.id);
    e.op = MetricExpr::Op::key;
    e.name = t;
    return e;
  }
  // "t3.withheld.*.total": every key with that prefix and suffix.
  MetricExpr sum(const std::string& pattern) {
    auto star = pattern.find('*');
    if (star == std::string::npos) fail("'\u03A3 " + pattern + "' needs a '*'");
    std::string prefix = pattern.substr(0, star), suffix = pattern.substr(star + 1);
    MetricExpr e;
    e.op = MetricExpr::Op::sum;
    e.name = pattern;
    for (auto& k : keys_)
      if (k.size() > prefix.size() + suffix.size() && k.rfind(prefix, 0) == 0 &&
          k.compare(k.size() - suffix.size(), suffix.size(), suffix) == 0)
        e.keys.push_back(k);
    if (e.keys.empty()) fail("'\u03A3 " + pattern + "' matches no key of " + g_.id);
    return e;
  }
  bool defined(const std::string& id) const {
    return std::any_of(earlier_.begin(), earlier_.end(), [&](const MetricSpec& m) { return m.id == id; });
  }

 public:
  std::string current_;

 private:
  const Context& cx_;
  const pugi::xml_node& node_;
  const Grammar& g_;
  const std::vector<MetricSpec>& earlier_;
  const std::vector<std::string>& keys_;
  std::vector<std::string> tokens_;
  size_t pos_ = 0;
};

// `keys` is g.keys().
void parse_metrics(const Context& cx, const pugi::xml_node& root, Grammar& g, const std::vector<std::string>& keys) {
  for (auto m : root.child("metrics").children("metric")) {
    MetricSpec spec;
    spec.id = cx.required(m, "id");
    spec.unit = cx.required(m, "unit");
    if (spec.unit != "count" && spec.unit != "ratio") cx.fail(m, "metric '" + spec.id + "': unit is count or ratio");
    if (spec.id.rfind("m.", 0) != 0) cx.fail(m, "metric id '" + spec.id + "' must start with 'm.'");
    for (auto& earlier : g.metrics)
      if (earlier.id == spec.id) cx.fail(m, "metric '" + spec.id + "' defined twice");
    spec.absent = m.attribute("absent").value();
    spec.formula = trimmed(m.text().get());
    if (spec.absent.empty()) {
      FormulaParser parser(cx, m, g, g.metrics, keys);
      parser.current_ = spec.id;
      spec.expr = parser.parse(spec.formula);
    } else if (!spec.formula.empty()) {
      cx.fail(m, "metric '" + spec.id + "' is absent and has a formula");
    }
    g.metrics.push_back(std::move(spec));
  }
  auto metrics = root.child("metrics");
  g.chart_metric = metrics.attribute("chart").value();
  if (!g.chart_metric.empty() &&
      std::none_of(g.metrics.begin(), g.metrics.end(), [&](auto& m) { return m.id == g.chart_metric; }))
    cx.fail(metrics, "chart names unknown metric '" + g.chart_metric + "'");
}

void parse_cross_checks(const Context& cx, const pugi::xml_node& root, Grammar& g) {
  auto node = root.child("cross-checks");
  g.cross_checks.copied_table_min_nonzero = node.child("copied-table").attribute("min-nonzero").as_uint(0);
  g.cross_checks.copied_text_min_chars = node.child("copied-text").attribute("min-chars").as_uint(0);
  for (auto j : node.children("jump")) {
    JumpSpec spec{cx.required(j, "metric"), j.attribute("factor").as_double(0), j.attribute("min").as_double(0)};
    if (spec.factor <= 1) cx.fail(j, "jump factor must be greater than 1");
    bool known = std::any_of(g.metrics.begin(), g.metrics.end(), [&](auto& m) { return m.id == spec.metric; });
    if (!known) cx.fail(j, "jump names unknown metric '" + spec.metric + "'");
    g.cross_checks.jumps.push_back(std::move(spec));
  }
}

void parse_display(const Context& cx, const pugi::xml_node& root, Grammar& g) {
  for (auto r : root.child("display").children("row")) {
    std::string table = cx.required(r, "table"), id = cx.required(r, "id");
    const TableSpec* t = g.table(table);
    if (!t || !t->row(id)) cx.fail(r, "display names unknown row '" + table + "." + id + "'");
    g.row_display[table + "." + id] = cx.required(r, "label");
  }
}

// Drops a leading enumerator of a printed label: （一） (1) 一、 1. — readers
// see 予以公开 rather than （一）予以公开.
std::string without_numbering(const std::string& label) {
  std::string s = normalize_string(label);
  auto close = s.find(')');
  if (!s.empty() && s[0] == '(' && close != std::string::npos && close <= 10) return s.substr(close + 1);
  auto comma = s.find("\u3001");
  if (comma != std::string::npos && comma <= 9) return s.substr(comma + 3);
  size_t digits = 0;
  while (digits < s.size() && std::isdigit(static_cast<unsigned char>(s[digits]))) ++digits;
  if (digits && digits < s.size() && s[digits] == '.') return s.substr(digits + 1);
  return s;
}

std::string shortest(const std::vector<std::string>& labels) {
  std::string best;
  for (auto& l : labels)
    if (best.empty() || l.size() < best.size()) best = l;
  return best;
}
}  // namespace

const char* to_string(CellKind k) {
  switch (k) {
    case CellKind::count: return "count";
    case CellKind::signed_count: return "signed";
    case CellKind::amount: return "amount";
  }
  return "count";
}

std::string GrammarError::what() const {
  return file + (line ? ":" + std::to_string(line) : std::string()) + ": " + message;
}

const ColumnSpec* TableSpec::column(std::string_view id) const {
  for (auto& c : columns)
    if (c.id == id) return &c;
  return nullptr;
}

const RowSpec* TableSpec::row(std::string_view id) const {
  for (auto& r : rows)
    if (r.id == id) return &r;
  return nullptr;
}

// Built in place: the loader and the label index build every key of every
// table this way, and the temporaries of a chain of + were a visible part of
// start-up.
std::string TableSpec::key(std::string_view row_id, std::string_view column_id) const {
  std::string out;
  out.reserve(id.size() + row_id.size() + column_id.size() + 2);
  out.append(id).append(1, '.').append(row_id).append(1, '.').append(column_id);
  return out;
}

std::vector<std::string> TableSpec::keys_of_row(const RowSpec& r) const {
  std::vector<std::string> out;
  out.reserve(r.columns.size());
  for (auto& c : r.columns) out.push_back(key(r.id, c));
  return out;
}

std::vector<std::string> TableSpec::keys_of_line(const LineSpec& l) const {
  std::vector<std::string> out;
  for (auto& r : l.rows)
    for (auto& k : keys_of_row(*row(r))) out.push_back(k);
  return out;
}

std::string Grammar::column_label(const ColumnSpec& c) {
  return without_numbering(shortest(c.labels));
}

std::string Grammar::row_label(const TableSpec& t, const RowSpec& r) const {
  if (auto it = row_display.find(t.id + "." + r.id); it != row_display.end()) return it->second;
  if (r.labels.empty()) return r.id;
  return without_numbering(shortest(r.labels));
}

std::string Grammar::display_label(std::string_view key) const {
  for (auto& t : tables) {
    if (key.substr(0, t.id.size() + 1) != t.id + ".") continue;
    for (auto& r : t.rows)
      for (auto& c : r.columns)
        if (t.key(r.id, c) == key) return row_label(t, r) + "/" + column_label(*t.column(c));
  }
  return std::string(key);
}

const TableSpec* Grammar::table(std::string_view id) const {
  for (auto& t : tables)
    if (t.id == id) return &t;
  return nullptr;
}

std::vector<std::string> Grammar::keys() const {
  std::vector<std::string> out;
  for (auto& t : tables)
    for (auto& r : t.rows)
      for (auto& c : r.columns) out.push_back(t.key(r.id, c));
  return out;
}

const KeyIndex& Grammar::key_index() const {
  return rule_cache.keys([this] {
    KeyIndex index;
    index.order = keys();
    index.ids.reserve(index.order.size());
    for (uint32_t i = 0; i < index.order.size(); ++i) index.ids.emplace(index.order[i], i);
    return index;
  });
}

void Grammar::index_columns() {
  column_index.clear();
  size_t keys = 0;
  for (auto& t : tables)
    for (auto& r : t.rows) keys += r.columns.size();
  column_index.reserve(keys);
  for (uint32_t ti = 0; ti < tables.size(); ++ti) {
    const TableSpec& t = tables[ti];
    // Rows name their columns by id: each id's index looked up once a table.
    std::map<std::string_view, uint32_t> index_of;
    for (uint32_t ci = 0; ci < t.columns.size(); ++ci) index_of.emplace(t.columns[ci].id, ci);
    for (auto& r : t.rows)
      for (auto& c : r.columns)
        if (auto it = index_of.find(c); it != index_of.end())
          column_index.emplace(t.key(r.id, c), std::make_pair(ti, it->second));
  }
}

const ColumnSpec* Grammar::column_of(std::string_view key) const {
  if (!column_index.empty()) {
    auto it = column_index.find(key);
    return it == column_index.end() ? nullptr : &tables[it->second.first].columns[it->second.second];
  }
  for (auto& t : tables) {
    if (key.substr(0, t.id.size() + 1) != t.id + ".") continue;
    for (auto& r : t.rows)
      for (auto& c : r.columns)
        if (t.key(r.id, c) == key) return t.column(c);
  }
  return nullptr;
}

std::optional<CellKind> Grammar::kind_of(std::string_view key) const {
  if (auto* c = column_of(key)) return c->kind;
  return std::nullopt;
}

namespace {
// "previous.x" -> ("x", true)
// A view into `term`: rules are expanded for every row or column of a table.
std::pair<std::string_view, bool> split_previous(std::string_view term) {
  if (term.starts_with("previous.")) return {term.substr(9), true};
  return {term, false};
}
std::string mark(std::string key, bool previous) {
  return previous ? std::string(kPreviousPrefix) + key : key;
}
std::vector<RuleInstance> expand_rules(const Grammar& g, bool cross);
}  // namespace

const std::vector<RuleInstance>& Grammar::instances() const {
  return rule_cache.get(false, [this](bool cross) { return expand_rules(*this, cross); });
}
const std::vector<RuleInstance>& Grammar::cross_instances() const {
  return rule_cache.get(true, [this](bool cross) { return expand_rules(*this, cross); });
}

namespace {
// Each term's index among the grammar's keys (-1: a previous-year term or
// no key).
void number_terms(const Grammar& g, RuleInstance& in) {
  const auto& key_ids = g.key_index().ids;
  auto ids = [&](const std::vector<std::string>& terms, std::vector<int32_t>& out) {
    for (auto& k : terms) {
      auto it = key_ids.find(k);
      out.push_back(it == key_ids.end() ? -1 : static_cast<int32_t>(it->second));
    }
  };
  ids(in.lhs, in.lhs_ids);
  ids(in.rhs, in.rhs_ids);
}

std::vector<RuleInstance> expand_rules(const Grammar& g, bool cross) {
  std::vector<RuleInstance> out;
  for (auto& rule : g.rules) {
    if (rule.cross != cross) continue;
    const TableSpec* t = g.table(rule.table);
    if (!t) continue;
    // The row is at hand in both loops below: no lookup of it by id.
    auto has = [](const RowSpec& r, std::string_view col) {
      return std::find(r.columns.begin(), r.columns.end(), col) != r.columns.end();
    };
    if (rule.each == RuleEach::row) {
      for (auto& r : t->rows) {
        auto all = [&](const std::vector<std::string>& terms) {
          return std::all_of(terms.begin(), terms.end(), [&](auto& c) { return has(r, split_previous(c).first); });
        };
        if (!all(rule.lhs) || !all(rule.rhs)) continue;
        RuleInstance in{&rule, r.id, {}, {}, {}, {}};
        for (auto& c : rule.lhs)
          in.lhs.push_back(mark(t->key(r.id, split_previous(c).first), split_previous(c).second));
        for (auto& c : rule.rhs)
          in.rhs.push_back(mark(t->key(r.id, split_previous(c).first), split_previous(c).second));
        number_terms(g, in);
        out.push_back(std::move(in));
      }
      continue;
    }
    for (auto& col : t->columns) {
      auto expand = [&](const std::vector<std::string>& terms, std::vector<std::string>& keys) {
        for (auto& written : terms) {
          auto [term, previous] = split_previous(written);
          bool glob = term.size() > 2 && term.substr(term.size() - 2) == ".*";
          const std::string_view stem = glob ? term.substr(0, term.size() - 1) : term;  // "withheld." of "withheld.*"
          for (auto& r : t->rows) {
            bool match = glob ? r.id.starts_with(stem) : r.id == term;
            if (match && has(r, col.id)) keys.push_back(mark(t->key(r.id, col.id), previous));
          }
        }
      };
      RuleInstance in{&rule, col.id, {}, {}, {}, {}};
      expand(rule.lhs, in.lhs);
      expand(rule.rhs, in.rhs);
      number_terms(g, in);
      if (!in.lhs.empty() && !in.rhs.empty()) out.push_back(std::move(in));
    }
  }
  return out;
}
}  // namespace

Grammar parse_grammar(std::string_view xml, const std::string& file_name) {
  const Context cx{file_name, xml};
  auto doc = parse_xml(xml, cx);
  auto root = doc.child("grammar");
  if (!root || root != doc.document_element()) throw GrammarError{file_name, 1, "the root element must be <grammar>"};
  check_structure(cx, root, kGrammarElements);
  Grammar g;
  g.id = cx.required(root, "id");
  g.file = file_name;
  g.version = root.attribute("version").as_string();
  for (auto m : root.child("detect").children("marker")) g.markers.push_back(trimmed(m.text().get()));
  for (auto s : root.child("sections").children("section")) {
    SectionSpec sec{s.attribute("level").as_int(1), cx.required(s, "number"), labels_of(s)};
    if (sec.titles.empty()) cx.fail(s, "section needs a title");
    g.sections.push_back(std::move(sec));
  }
  std::set<std::string> table_ids;
  for (auto t : root.children("table")) {
    g.tables.push_back(parse_table(cx, t));
    if (!table_ids.insert(g.tables.back().id).second) cx.fail(t, "table '" + g.tables.back().id + "' defined twice");
  }
  for (auto r : root.child("rules").children()) {
    if (r.type() != pugi::node_element) continue;
    RuleSpec rule;
    rule.cross = std::string_view(r.name()) == "cross";
    rule.id = cx.required(r, "id");
    rule.table = cx.required(r, "table");
    std::string_view each = r.attribute("each").value();
    if (each == "row")
      rule.each = RuleEach::row;
    else if (each == "column")
      rule.each = RuleEach::column;
    else
      cx.fail(r, "rule '" + rule.id + "': each must be 'row' or 'column'");
    rule.severity = parse_severity(cx, r);
    parse_equation(cx, r, rule);
    check_rule_terms(cx, r, g, rule);
    g.rules.push_back(std::move(rule));
  }
  for (auto n : root.child("narratives").children("narrative")) {
    NarrativeSpec spec{cx.required(n, "id"), cx.required(n, "key"), trimmed(n.text().get())};
    check_pattern(cx, n, spec.pattern, 1);
    g.narratives.push_back(std::move(spec));
  }
  g.index_columns();
  // Narrative keys must exist: checked after tables are known.
  for (auto n : root.child("narratives").children("narrative")) {
    // key="a | a + b": alternatives, each a sum of keys.
    std::string written = n.attribute("key").value();
    for (char& ch : written)
      if (ch == '|' || ch == '+') ch = ' ';
    for (auto& key : split_words(written))
      if (!g.column_index.contains(key)) cx.fail(n, "narrative names unknown key '" + key + "'");
  }
  parse_metrics(cx, root, g, g.keys());
  parse_cross_checks(cx, root, g);
  parse_display(cx, root, g);
  return g;
}

CommonSpec parse_common(std::string_view xml, const std::string& file_name) {
  const Context cx{file_name, xml};
  auto doc = parse_xml(xml, cx);
  auto root = doc.child("common");
  if (!root || root != doc.document_element()) throw GrammarError{file_name, 1, "the root element must be <common>"};
  check_structure(cx, root, kCommonElements);
  CommonSpec c;
  c.version = root.attribute("version").as_string();
  auto patterns = [&](const pugi::xml_node& parent, const char* name, std::vector<std::string>& out, bool needs_year) {
    for (auto n : parent.children(name)) {
      std::string p = trimmed(n.text().get());
      auto named = check_pattern(cx, n, p, needs_year ? 1 : 0);
      if (needs_year && !named.count("year")) cx.fail(n, "pattern needs a (?P<year>...) group");
      out.push_back(p);
    }
  };
  auto meta = root.child("metadata");
  patterns(meta, "title", c.title_patterns, true);
  patterns(meta, "opening", c.opening_patterns, true);
  patterns(meta, "period", c.period_patterns, true);
  patterns(meta, "date", c.date_patterns, true);
  for (auto s : meta.children("suffix")) c.agency_suffixes.push_back(trimmed(s.text().get()));
  for (auto m : root.child("report").children("marker")) c.report_markers.push_back(trimmed(m.text().get()));
  if (auto l = root.child("legacy")) {
    c.legacy_template = l.attribute("template").as_string("legacy");
    c.legacy_before_year = l.attribute("before-year").as_int(2019);
    // Sections of reports before the national template: their numbers
    // varied from report to report, so only the titles are given.
    for (auto s : l.children("section")) {
      SectionSpec sec{s.attribute("level").as_int(1), s.attribute("number").as_string(""), labels_of(s)};
      if (sec.titles.empty()) cx.fail(s, "section needs a title");
      c.legacy_sections.push_back(std::move(sec));
    }
  }
  auto values = root.child("values");
  for (auto b : values.children("blank")) c.blank_markers.push_back(trimmed(b.text().get()));
  patterns(root.child("layout"), "page-number", c.page_number_patterns, false);
  for (auto u : values.children("unit")) c.units[cx.required(u, "name")] = u.attribute("power").as_int();
  for (auto u : values.children("count-unit")) c.count_units.push_back(trimmed(u.text().get()));
  for (auto w : values.children("increase")) c.increase_words.push_back(trimmed(w.text().get()));
  for (auto w : values.children("decrease")) c.decrease_words.push_back(trimmed(w.text().get()));
  for (auto r : meta.children("region-suffix")) c.region_suffixes.push_back(trimmed(r.text().get()));
  return c;
}

const Grammar* GrammarSet::find(std::string_view id) const {
  for (auto& g : templates)
    if (g.id == id) return &g;
  return nullptr;
}

// fields.tsv lists keys table by table (t2 of every template, then t3, then
// t4), each template in turn; the dataset takes each distinct key once in that
// order of first appearance, so the same order is derived here.
static std::vector<std::string> dataset_order(const std::vector<Grammar>& templates) {
  std::vector<std::string> table_order;
  for (auto& g : templates)
    for (auto& t : g.tables)
      if (std::find(table_order.begin(), table_order.end(), t.id) == table_order.end()) table_order.push_back(t.id);
  std::vector<std::string> out;
  std::unordered_set<std::string_view> seen;  // views into the templates' column indexes
  for (auto& g : templates) seen.reserve(seen.size() + g.column_index.size());
  for (auto& tid : table_order)
    for (auto& g : templates)
      if (auto* t = g.table(tid))
        for (auto& r : t->rows)
          for (auto& c : r.columns) {
            const auto key = g.column_index.find(t->key(r.id, c));
            if (key != g.column_index.end() && seen.insert(key->first).second) out.push_back(key->first);
          }
  return out;
}

GrammarSet load_grammars(const std::string& dir) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) throw GrammarError{dir, 0, "grammar directory not found"};
  std::vector<std::string> files;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec))
    if (it->path().extension() == ".xml") files.push_back(it->path().string());
  if (ec) throw GrammarError{dir, 0, "cannot read the grammar directory: " + ec.message()};
  std::sort(files.begin(), files.end());
  GrammarSet set;
  bool have_common = false;
  for (auto& f : files) {
    std::string text = read_file(f);
    if (fs::path(f).filename() == "common.xml") {
      set.common = parse_common(text, f);
      have_common = true;
    } else {
      set.templates.push_back(parse_grammar(text, f));
    }
  }
  if (!have_common) throw GrammarError{dir + "/common.xml", 0, "missing: the common report conventions"};
  if (set.templates.empty()) throw GrammarError{dir, 0, "no template grammar (*.xml) found"};
  // Ids name templates in every record: two files with one id are ambiguous.
  for (size_t i = 0; i < set.templates.size(); ++i)
    for (size_t j = 0; j < i; ++j)
      if (set.templates[i].id == set.templates[j].id)
        throw GrammarError{set.templates[i].file, 0,
                           "grammar id '" + set.templates[i].id + "' is already the id of " + set.templates[j].file};
  set.dataset_keys = dataset_order(set.templates);
  for (uint32_t i = 0; i < set.dataset_keys.size(); ++i) set.dataset_column.emplace(set.dataset_keys[i], i);
  // The dataset has one column per indicator: every template must list the
  // same indicators in the same order (an absent one says absent="...").
  for (auto& m : set.templates.front().metrics) set.metric_ids.push_back(m.id);
  for (auto& g : set.templates) {
    std::vector<std::string> ids;
    for (auto& m : g.metrics) ids.push_back(m.id);
    if (ids != set.metric_ids)
      throw GrammarError{
          g.file, 0, "<metrics> must list the same indicators, in the same order, as " + set.templates.front().file};
  }
  return set;
}

namespace {

// label_key() is asked for the same grammar strings (section titles and their
// variants, detection markers, row labels) for every document, and ICU's NFKC
// is most of its cost: a per-thread memo of short keys. A pure function's
// memo changes no result; bounded, since document text comes through too.
// Report lines come through several stages (sections, then extraction asks
// again of the same line), so lines of a paragraph are kept too; the memo is
// bounded by the bytes it holds, not by its entries.
constexpr size_t kLabelMemoMaxBytes = 2048;
constexpr size_t kLabelMemoBudgetBytes = size_t{1} << 20;

std::string compute_label_key(std::string_view text);

}  // namespace

std::string label_key(std::string_view text) {
  if (text.size() > kLabelMemoMaxBytes) return compute_label_key(text);
  // Looked up by string_view: a hit builds no key string.
  thread_local std::unordered_map<std::string, std::string, ViewHash, std::equal_to<>> memo;
  thread_local size_t held = 0;  // bytes of the keys and values in memo
  if (auto it = memo.find(text); it != memo.end()) return it->second;
  std::string key = compute_label_key(text);
  if (held + text.size() + key.size() > kLabelMemoBudgetBytes) {
    memo.clear();
    held = 0;
  }
  held += text.size() + key.size();
  return memo.emplace(std::string(text), std::move(key)).first->second;
}

namespace {

std::string compute_label_key(std::string_view text) {
  return ascii::squeeze(normalize_string(text));
}

}  // namespace

}  // namespace xxgk
