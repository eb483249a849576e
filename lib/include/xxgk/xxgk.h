// xxgk: read Chinese government information-disclosure annual reports
// (政府信息公开工作年度报告) into records, and audit their arithmetic.
//
// This is the library's one public header: everything a program embedding
// xxgk needs, and nothing of how the stages work. It includes only standard
// headers. Link with `pkg-config --cflags --libs xxgk`, or with CMake's
// `find_package(xxgk)` and the target `xxgk::xxgk`.
//
//   #include <xxgk/xxgk.h>
//
//   // Once per process: the grammars, compiled (throws xxgk::GrammarError).
//   xxgk::Engine engine(xxgk::locate_grammars("", xxgk::self_executable()));
//
//   // Per report: never throws for a bad document.
//   xxgk::Record r = xxgk::parse_file(engine, "report.html");
//   if (r.failed) std::cerr << xxgk::diagnostics_text(r, xxgk::Severity::error);
//   std::cout << xxgk::record_json(r, /*pretty=*/true);
//   for (const xxgk::Finding& f : r.findings) std::cout << f.message << "\n";
//
//   // A batch: the same agency across years (agency_key, previous, the
//   // cross.* findings, m.yoy.*) is only known once every report is parsed.
//   std::vector<xxgk::Record> batch = ...;
//   xxgk::link_batch(engine, batch);
//
// What is here, in order:
//   - version, the record schema, the diagnostic codes;
//   - the record: Record and what it holds (Decimal, CellValue, Finding,
//     Diagnostic, Section, Reference, ...), the schema of `xxgk parse`'s JSON
//     (see the data contract, shared/spec/README.md, "The record");
//   - finding the grammars, and the Engine that holds them;
//   - reading and parsing a file, linking a batch;
//   - writers: JSON, XML, CSV, findings, diagnostics, the HTML audit page,
//     the SQLite dataset, and files written atomically.
//
// Thread safety: an Engine is read-only once constructed: one Engine serves
// any number of threads calling parse() / parse_file() at once. The free
// functions keep no state and may run on any threads at once on different
// arguments; link_batch changes the records it is given. An object of the
// output classes (AtomicFile, CheckedStdout, SqliteWriter) is used by one
// thread at a time; different objects, by different threads at once.
//
// Ownership: everything is returned by value; an Engine owns its grammars;
// no function keeps a pointer or a reference to its arguments.
//
// Errors: a document that cannot be read is never an exception: its record
// says `failed`, and its diagnostics say why (stable codes, below). Only the
// grammars (GrammarError, when an Engine is built) and outputs that cannot be
// written (std::runtime_error from SqliteWriter; ok()/error() on AtomicFile)
// fail otherwise.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace xxgk {

// ---- Version and schema ----------------------------------------------------

// The library's version ("0.1.0").
const char* version();

// The record schema every writer names (JSON "schema", XML schema=...).
inline constexpr const char* kRecordSchema = "xxgk/2";

// ---- Diagnostic codes ------------------------------------------------------
//
// Every diagnostic carries one of these codes: Diagnostic::code is the string
// ("input.unreadable"), stable across versions (a code may be added, never
// renamed), so a caller compares against the constants of xxgk::codes
// (`d.code == xxgk::codes::input_unreadable`). The README's table lists them
// with the same explanations (a unit test checks it). This is the one list:
// xxgk never spells a code as a string literal elsewhere; to add one, add a
// line here and one to the README table.

// X(identifier, "code", "when it is emitted")
#define XXGK_DIAGNOSTIC_CODES(X)                                                                                \
  X(input_missing, "input.missing", "a path given on the command line does not exist")                          \
  X(input_unreadable, "input.unreadable", "a file or folder cannot be opened or read (permissions, ELOOP)")     \
  X(input_empty, "input.empty", "the file is empty")                                                            \
  X(input_too_large, "input.too_large", "the file is larger than any report")                                   \
  X(input_binary, "input.binary", "the bytes are not text, HTML, DOCX or PDF")                                  \
  X(input_not_a_report, "input.not_a_report", "no template labels, title or report markers")                    \
  X(input_duplicate, "input.duplicate", "the same file was given twice; processed once")                        \
  X(input_symlink_dir, "input.symlink_dir", "a symbolic link to a folder inside a walked folder: not followed") \
  X(input_internal, "input.internal_error", "reading the file failed unexpectedly (a bug: please report)")      \
  X(input_time_budget, "input.time_budget", "reading the file took longer than the per-file time budget")       \
  X(input_interrupted, "input.interrupted", "the batch was stopped by SIGINT/SIGTERM before this file")         \
  X(output_create, "output.create", "an output file or folder cannot be created")                               \
  X(output_write, "output.write", "writing, flushing or closing an output failed (disk full, I/O error)")       \
  X(output_rename, "output.rename", "the finished output cannot be moved to its path")                          \
  X(output_database, "output.database", "SQLite refused a statement while building the database")               \
  X(output_invalid_utf8, "output.invalid_utf8", "invalid UTF-8 bytes in strings were replaced by U+FFFD")       \
  X(grammar_invalid, "grammar.invalid", "a grammar file is malformed or breaks the grammar format (file:line)") \
  X(decode_invalid, "decode.invalid", "bytes invalid in the detected encoding were replaced")                   \
  X(decode_unknown_charset, "decode.unknown_charset", "a declared charset is unknown; detected instead")        \
  X(html_charset_mismatch, "html.charset_mismatch", "a page declares one charset but is UTF-8")                 \
  X(html_too_deep, "html.too_deep", "HTML nests elements deeper than the parser can afford")                    \
  X(html_parse, "html.parse", "the HTML parser failed")                                                         \
  X(docx_corrupt, "docx.corrupt", "the DOCX zip or its XML is damaged")                                         \
  X(docx_no_document, "docx.no_document", "the zip has no word/document.xml body")                              \
  X(docx_too_large, "docx.too_large", "word/document.xml inflates beyond the limit")                            \
  X(docx_zip_bomb, "docx.zip_bomb", "word/document.xml is compressed beyond a plausible ratio")                 \
  X(pdf_corrupt, "pdf.corrupt", "the PDF cannot be parsed or is encrypted")                                     \
  X(pdf_no_text_layer, "pdf.no_text_layer", "the PDF has no text layer (scanned)")                              \
  X(pdf_unavailable, "pdf.unavailable", "the PDF reader plugin xxgk-pdf.so is missing or cannot be loaded")      \
  X(template_unknown, "template.unknown", "a report after 2018 matches no template; read as legacy")            \
  X(template_tie, "template.tie", "two grammars match a report equally well; none is chosen")                   \
  X(table_none, "table.none", "template labels but no table of the template")                                   \
  X(table_row_long, "table.row_long", "a table row has more figures than columns")                              \
  X(table_row_short, "table.row_short", "a table row has fewer figures than columns")                           \
  X(table_suspect, "table.suspect", "a row printed with a figure too many or too few: its cells are suspect")   \
  X(label_loose, "label.loose", "a printed label read as the closest row label (add it as an alias if right)")  \
  X(label_unsure, "label.unsure", "a printed label about as close to two rows: its figures are left unplaced")  \
  X(value_negative, "value.negative", "a count is printed negative")                                            \
  X(recover_relaxed, "recover.relaxed", "glued digits split with some rules set aside")                         \
  X(recover_ambiguous, "recover.ambiguous", "glued digits admit several splits")                                \
  X(recover_no_solution, "recover.no_solution", "glued digits admit no split under the rules")                  \
  X(recover_gave_up, "recover.gave_up", "the search for a split of glued digits hit its bound")                 \
  X(recover_too_long, "recover.too_long", "a run of glued digits is too long to split")                         \
  X(report_cells_missing, "report.cells_missing", "cells of the template were not found")                       \
  X(audit_unchecked, "audit.unchecked", "rule checks skipped over missing or ambiguous cells")

namespace codes {
#define XXGK_CODE_CONSTANT(id, code, why) inline constexpr const char* id = code;
XXGK_DIAGNOSTIC_CODES(XXGK_CODE_CONSTANT)
#undef XXGK_CODE_CONSTANT
}  // namespace codes

struct CodeInfo {
  std::string_view code, why;
};

// All codes with their one-line explanation, in the order above.
inline constexpr CodeInfo kAllCodes[] = {
#define XXGK_CODE_INFO(id, code, why) {code, why},
    XXGK_DIAGNOSTIC_CODES(XXGK_CODE_INFO)
#undef XXGK_CODE_INFO
};

// ---- Numbers ---------------------------------------------------------------

// An exact decimal number (mantissa * 10^-scale). Report figures such as
// 73802895.90 or 24252.311082 round-trip exactly into JSON and CSV, and unit
// conversion (元 -> 万元) adds no binary floating-point noise.
struct Decimal {
  int64_t mantissa = 0;
  int scale = 0;  // number of digits after the decimal point

  static Decimal of(int64_t whole) { return Decimal{whole, 0}; }
  // Parses "-12", "+36", "1,204", "73802895.90". Nothing else: no units.
  static std::optional<Decimal> parse(std::string_view ascii);

  // Divides by 10^digits exactly (shifts the point), used for 元 -> 万元.
  Decimal shifted(int digits) const;
  // Drops trailing zero decimals (1.2500 -> 1.25).
  Decimal trimmed() const;
  bool is_integer() const { return scale == 0; }
  // Text as printed in JSON/CSV: "-18", "73802895.90".
  std::string str() const;

  friend bool operator==(const Decimal& a, const Decimal& b);
  friend Decimal operator+(const Decimal& a, const Decimal& b);
  friend Decimal operator-(const Decimal& a, const Decimal& b);
};

// ---- Diagnostics -----------------------------------------------------------

enum class Severity { info, warning, error };
const char* to_string(Severity s);  // "info", "warning", "error"

// A problem met while reading a document, as data (a stable code, a place in
// the original file, a sentence for people). diagnostics_text() renders them
// ninja-style: `file:line:column: severity: message [code]`.
struct Diagnostic {
  std::string code;  // one of xxgk::codes ("input.empty", "table.row_short", ...)
  Severity severity = Severity::warning;
  uint32_t offset = 0;  // byte offset into the original file
  uint32_t line = 0;    // 1-based; 0 when not tied to a place
  uint32_t column = 0;  // 1-based, in characters
  std::string message;
};

using Diagnostics = std::vector<Diagnostic>;

// ---- The record ------------------------------------------------------------

// read: printed in its own cell; blank: printed empty or as / — 无;
// recovered: boundaries inferred from glued digits and confirmed by the rules;
// ambiguous: glued digits admit several values (candidates listed);
// missing: the cell is not in the document at all (a truncated report, a row
// left out), or its digits could not be placed (see unplaced);
// suspect: a number was read, but its row was printed with a figure too many
// or too few and the table's rules do not confirm the reading (a diagnostic
// table.suspect names the row); the value is kept, never trusted by the audit.
enum class CellStatus { read, blank, recovered, ambiguous, missing, suspect };
const char* to_string(CellStatus s);  // "read", "blank", ...

// One cell of the template under its canonical key "<table>.<row>.<column>"
// (t3.granted.natural).
struct CellValue {
  std::string key;
  std::optional<Decimal> value;
  std::optional<std::string> raw;  // as printed; absent when missing
  std::optional<uint32_t> offset;  // byte offset in the original file
  CellStatus status = CellStatus::missing;
  std::string unit;                 // printed unit ("元") for amounts
  std::vector<Decimal> candidates;  // ambiguous only
};

struct Section {
  int level = 1;
  std::string number;  // "二", "1", "" when the heading had none and none is known
  std::string title;
  uint32_t offset = 0, end = 0;
  bool numbered = true;      // the number was printed
  bool in_template = false;  // matches a section of the template
};

// A statutory reference (第二十条第一款).
struct Reference {
  std::string text;  // as printed
  int article = 0;
  std::optional<int> paragraph, item;
  uint32_t offset = 0;
};

// A cell whose change to one value would make the broken rule instances of
// `explains` hold without breaking one that holds.
struct Suspect {
  std::string cell;                // canonical key
  std::string label;               // printed row/column labels, from the grammar
  std::optional<Decimal> printed;  // as read; null when printed blank
  Decimal value;                   // the value the rules ask for
  std::vector<std::string> explains;  // rule instances, "t3.row_total[granted]"
};

// A rule instance that could not be checked, and why (a cell not read).
struct UncheckedRule {
  std::string rule;  // "t3.row_total[granted]"
  std::string reason;
};

// The report's diagnosis: what small change explains its broken arithmetic.
// Broken rules that share no cell are separate problems, each explained on
// its own. verdict: "clean" (no error finding), "single" (each problem has a
// one-cell explanation), "pair" (some need two cells), "partial" (some have
// no small explanation), "unexplained" (none has).
struct Explanation {
  size_t problem = 1;             // which group of connected broken rules (1, 2, ...)
  std::vector<Suspect> suspects;  // one cell, or a pair
};

struct Diagnosis {
  std::string verdict = "clean";
  std::vector<Explanation> explanations;  // alternatives of one problem share its number
  std::vector<UncheckedRule> unchecked;
};

// One indicator of metrics.tsv; null when the contract says so.
struct Metric {
  std::string id;    // "m.granted_share"
  std::string unit;  // count or ratio
  std::optional<double> value;
};

// The same agency's report of the year before, linked by link_batch().
struct PreviousLink {
  std::string file;
  std::string agency;
  int year = 0;
  std::string why;  // how the two were found to be the same agency
};

// A long narrative paragraph, kept for cross.copied_text (not written).
struct Paragraph {
  std::string text;  // normalized, white space removed
  uint32_t offset = 0;
};

// A rule of the template that the report's figures break ("t3.row_total"),
// or a cross-report rule ("cross.carry_over", with `previous` set).
struct Finding {
  std::string rule;  // "t3.row_total"
  Severity severity = Severity::error;
  std::string scope;               // row or column id
  std::vector<std::string> cells;  // every key involved, lhs first
  std::vector<std::string> blank;  // keys among cells that were blank (counted as 0)
  Decimal lhs, rhs, delta;
  std::string message;  // one readable sentence
  std::vector<Suspect> suspects;  // cells whose change explains this finding
  std::string previous;           // cross rules: the previous year's file

  // "t3.row_total[granted]": the rule instance this finding is about.
  std::string instance() const { return rule + "[" + scope + "]"; }
};

// Figures found in a table that no cell could take.
struct Unplaced {
  std::string text;
  uint32_t offset = 0;
  std::string reason;
};

// Everything xxgk read from one report (`xxgk parse` writes it as JSON).
struct Record {
  std::string file;
  std::string kind;  // text, html, docx, pdf
  std::string encoding;
  std::string template_id;  // gov-2019, gov-2021, legacy, "" when not a report
  std::string agency;
  std::optional<int> year;
  std::string title;
  std::vector<Section> sections;
  std::vector<Reference> references;
  std::vector<CellValue> cells;  // every key of the template, grammar order
  std::vector<Finding> findings;
  std::vector<Unplaced> unplaced;
  Diagnostics diagnostics;
  Diagnosis diagnosis;
  std::vector<Metric> metrics;  // the grammar's indicators, in metrics.tsv order
  std::string agency_key;       // stable identity of the agency across years and name forms
  std::optional<PreviousLink> previous;  // set by link_batch()
  std::vector<Paragraph> paragraphs;     // long narrative paragraphs (cross.copied_text)
  bool failed = false;  // the input could not be read as a report at all

  const CellValue* cell(std::string_view key) const;  // null when the template has no such key
  size_t count(CellStatus s) const;
  const Metric* metric(std::string_view id) const;
};

// ---- Grammars and the engine -----------------------------------------------

// A grammar that cannot be loaded: thrown (by value) by Engine's constructor.
// Not a std::exception: print what() ("file:line: message"), or the parts.
struct GrammarError {
  std::string file;
  unsigned line = 0;  // 0 when not tied to a line (a missing folder)
  std::string message;
  std::string what() const;
};

// The running executable's path (/proc/self/exe), or "" when unknown.
std::string self_executable();

// The grammar folder, the first of these that exists:
//   1. `explicit_dir`, when not empty (--grammars, or grammars= in Python);
//   2. $XXGK_GRAMMARS;
//   3. share/xxgk/grammars beside `anchor` (the running executable, or the
//      shared object calling): from its folder up to four parents, so that
//      PREFIX/bin/xxgk finds PREFIX/share/xxgk/grammars wherever the prefix
//      was installed or moved to; `anchor` may be empty;
//   4. the source tree's grammars/ the library was built from.
// If none exists, the last one is returned, so that the error names a path.
std::string locate_grammars(const std::string& explicit_dir, const std::string& anchor);

// One template grammar, for listings (`xxgk grammars`, `xxgk --version`).
struct TemplateInfo {
  std::string id;       // "gov-2019"
  std::string version;  // the grammar file's own revision
  std::string file;     // where it was loaded from
  size_t cells = 0;        // canonical keys
  size_t rule_checks = 0;  // rule instances checked on each report
};

// Wall-clock seconds one parse may take, by default: far above any real
// report's cost (milliseconds), so only runaway inputs are cut.
inline constexpr double kDefaultTimeBudget = 60;

// How an Engine parses; fixed when it is built.
struct EngineOptions {
  // Wall-clock seconds one parse()/parse_file() may take: a document that
  // takes longer fails with input.time_budget (nothing of it is kept), and
  // the next one has the whole budget again. 0 or less: no limit. Whether a
  // file near the limit makes it depends on the machine.
  double time_budget = kDefaultTimeBudget;
};

// The grammars of one folder, compiled once: build one Engine per process
// and share it (loading and compiling the grammars is work better done once);
// it is immutable and safe to use from every thread at once. Movable, not copyable (a moved-from
// Engine may only be assigned to or destroyed).
class Engine {
 public:
  // Loads and compiles every grammar of `grammar_dir` (see locate_grammars).
  // Throws GrammarError when a file is missing or malformed.
  explicit Engine(const std::string& grammar_dir, const EngineOptions& options = {});
  ~Engine();
  Engine(Engine&&) noexcept;
  Engine& operator=(Engine&&) noexcept;

  // Parses one document given as bytes (text in any encoding, HTML, DOCX,
  // PDF: the kind is found from the content); `name` is what the record
  // calls it. No file I/O. Never throws for a bad document: Record::failed
  // and Record::diagnostics say what went wrong (input.time_budget for one
  // that took longer than EngineOptions::time_budget).
  Record parse(std::string_view bytes, const std::string& name) const;

  // The template grammars, in file-name order, and common.xml's version.
  std::vector<TemplateInfo> templates() const;
  std::string common_version() const;

  // The compiled grammars: for the library's own stages (the type is
  // internal; an embedding program has no use for it).
  struct Impl;
  const Impl& impl() const { return *impl_; }

 private:
  std::unique_ptr<const Impl> impl_;
};

// Reports are a few hundred KB at most: a bigger file is not read.
inline constexpr uintmax_t kMaxReportBytes = uintmax_t{64} << 20;

// The path (and the record's name) of a document read from standard input.
inline constexpr const char* kStdinName = "-";

// Reads `path` whole ("-": standard input) and parses it. Never throws: a
// file that cannot be read gives a failed record (input.unreadable,
// input.too_large, input.internal_error) naming its cause.
Record parse_file(const Engine& engine, const std::string& path);

// The cross-report fields of a batch, which need every report of it: the
// agency_key folded across the batch (a short name joins its full form), each
// report linked to the same agency's report of the year before
// (Record::previous), the m.yoy.* indicators, and the cross rules between
// linked pairs (cross.carry_over, cross.in_force, cross.copied_table,
// cross.copied_text, cross.jump): warnings appended to the later report's
// findings. The order of `records` is kept; the result does not depend on it.
// Run it once per batch, after parsing (the CLI does for the inputs it names).
void link_batch(const Engine& engine, std::vector<Record>& records);

// The same in steps, for a batch too large to hold in memory (the CLI keeps
// its records in a RecordSpool past a few hundred): add() every record as it
// is parsed (a few bytes of it are kept), plan() once, then link() each record
// with the one previous() names, read back as parsed (never itself linked):
//
//   xxgk::BatchLinker linker(engine);
//   for (auto& r : parsed) linker.add(r);
//   linker.plan();
//   for (size_t i = 0; i < n; ++i) {
//     auto p = linker.previous(i);
//     linker.link(i, record_i, p ? &record_p : nullptr);
//   }
class BatchLinker {
 public:
  explicit BatchLinker(const Engine& engine);
  ~BatchLinker();
  BatchLinker(const BatchLinker&) = delete;
  BatchLinker& operator=(const BatchLinker&) = delete;

  void add(const Record& r);  // the next record of the batch, as parsed
  void plan();                // after the last add: folds agencies, links years
  // The index (in add order) of the report record i is linked to, if any.
  std::optional<size_t> previous(size_t i) const;
  // Sets record i's agency_key and, given the record previous(i) names,
  // its link, m.yoy.* and cross findings (what link_batch does).
  void link(size_t i, Record& r, const Record* previous) const;

 private:
  struct State;
  std::unique_ptr<State> state_;
};

// ---- Writers ---------------------------------------------------------------
//
// Each renders finished records and knows nothing of parsing. Output is
// deterministic: the same records give the same bytes. Strings that are not
// valid UTF-8 come out with U+FFFD in their place.

// The record as JSON (schema xxgk/2, the data contract). `pretty` indents
// with two spaces and ends with a newline; otherwise one line (JSON Lines).
std::string record_json(const Record& r, bool pretty);

// Records as one XML document: <records><record schema="xxgk/2" ...>...</records>.
std::string records_xml(const std::vector<const Record*>& records);
// The same document in pieces, for a batch written as it is read (memory
// flat): records_xml_head(), then records_xml_element(r, first) for each
// record (`first` for the first one: it opens <records>), then
// records_xml_tail(any) (`any`: some element was written). Together, byte for
// byte what records_xml gives.
std::string records_xml_head();
std::string records_xml_element(const Record& r, bool first);
std::string records_xml_tail(bool any);

// The dataset, one CSV row per report (RFC 4180 quoting): the header line
// (columns from the grammars), then a line per record.
std::string dataset_header(const Engine& engine);
std::string dataset_row(const Record& r, const Engine& engine);

// The record's findings: one JSON object a line (`xxgk audit --format
// jsonl`), or readable text for a terminal.
std::string findings_jsonl(const Record& r);
std::string findings_text(const Record& r);

// The diagnostics of `r` at `at_least` and above, one a line, ninja-style:
// `file:line:column: severity: message [code]`.
std::string diagnostics_text(const Record& r, Severity at_least);

// The audit as one self-contained HTML page (`xxgk audit --html`): inline CSS
// and SVG, no network. A batch summary, then each report with findings drawn
// as its template prints its tables, broken rules and suspect cells marked.
// DOM contract: each report is a <section class="report" data-file=...>;
// each table cell a <td data-key=KEY data-offset=N>, with class "involved"
// when a finding names it and "suspect" when the diagnosis does (then
// data-printed and data-expected).
std::string audit_html(const std::vector<Record>& records, const Engine& engine);

// A batch as one SQLite database a researcher can query and join across
// years; the README ("The SQLite database") documents every table and column.
// Tables reports, cells, fields, findings, metrics, suspects, sections,
// "references", unplaced, diagnostics, and the view `dataset` (the CSV's
// columns, in its order). Values are numbers: INTEGER for counts, REAL for
// amounts and ratios, NULL for a cell without a value (its status says why),
// the printed text beside them. PRAGMA user_version is kSqliteSchemaVersion.
inline constexpr int kSqliteSchemaVersion = 1;
class SqliteWriter {
 public:
  // Creates (replacing) the database at `path`; throws std::runtime_error.
  // The engine's grammars give the cell kinds and the `dataset` view's
  // columns; it must outlive the writer.
  SqliteWriter(const std::string& path, const Engine& engine);
  ~SqliteWriter();
  SqliteWriter(const SqliteWriter&) = delete;
  SqliteWriter& operator=(const SqliteWriter&) = delete;

  // Adds one report; false (nothing added) when its file is already there
  // (a stream may name a path twice). Throws std::runtime_error (the
  // database's message).
  bool add(const Record& r);
  // Commits; called by the destructor if not called before. Throws as add().
  void close();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// ---- Output files ----------------------------------------------------------

// Records kept out of memory: a batch too large to hold while it is linked
// (BatchLinker) goes to an unnamed temporary file in $TMPDIR
// (else /tmp), removed when the spool is destroyed or the process dies, and
// is read back by index. Each record is stored whole, in a compact binary
// form private to this version (not an interchange format).
class RecordSpool {
 public:
  RecordSpool();  // check ok(): on failure error() says why
  ~RecordSpool();
  RecordSpool(const RecordSpool&) = delete;
  RecordSpool& operator=(const RecordSpool&) = delete;

  bool ok() const { return error_.empty(); }
  const std::string& error() const { return error_; }
  // Appends a record (index size() before the call) and any bytes of the
  // caller's to keep with it; false on a write failure.
  bool add(const Record& r, std::string_view tag = {});
  // Record i as added, and its tag; false (and error() set) when it cannot
  // be read back.
  bool get(size_t i, Record& out, std::string* tag = nullptr);
  size_t size() const { return spans_.size(); }
  uint64_t bytes() const { return end_; }  // the file's size

 private:
  int fd_ = -1;
  uint64_t end_ = 0;
  std::vector<std::pair<uint64_t, uint32_t>> spans_;  // offset, length of each record
  std::string error_, buffer_;
};

// A file written atomically: to a hidden temporary file beside `path`
// (`.NAME.xxgk-tmp-XXXXXX`, on the same file system), every write checked,
// then flushed to disk (fsync), closed and renamed over the path. The file at
// the path is always either the previous one, untouched, or the complete new
// one: a failure, a signal or a crash never leaves a partial file there, and
// the temporary file is removed on failure and on exit (only kill -9 can
// leave one behind).
class AtomicFile {
 public:
  // Creates the temporary file (and the target's missing parent folders).
  // Check ok(): on failure error() says why and code() is output.create.
  explicit AtomicFile(std::string path);
  ~AtomicFile();  // discards the temporary file unless committed
  AtomicFile(const AtomicFile&) = delete;
  AtomicFile& operator=(const AtomicFile&) = delete;

  bool ok() const { return error_.empty(); }
  // The first failure: the path it concerns (the file, or a folder to
  // create), what went wrong with its cause, and its code (xxgk::codes).
  const std::string& error_path() const { return error_path_; }
  const std::string& error() const { return error_; }
  const char* code() const { return code_; }
  const std::string& path() const { return path_; }
  const std::string& temp_path() const { return temp_; }

  // Appends bytes; false (and the first error kept) on any failure.
  bool write(std::string_view bytes);
  // For a file another library writes (SqliteWriter): closes our descriptor,
  // leaving the empty temporary file for it to open by temp_path().
  void release_descriptor();
  // Flushes to disk, closes and renames the temporary file to path() (or to
  // `to` when given: the CLI's --keep-partial). False, and the temporary file
  // removed, on any failure.
  bool commit(const std::string& to = {});
  // True when path() is a device or a pipe (/dev/null, a FIFO): it is written
  // in place, with no temporary file (temp_path() is empty) and no rename.
  bool direct() const { return direct_; }
  // Removes the temporary file; the previous file at path() is untouched.
  void discard();

  // Removes every temporary file still open in this process. Only
  // async-signal-safe calls: for a signal handler that is about to _exit.
  static void remove_all_for_signal();

 private:
  bool fail(const char* code, const std::string& path, const std::string& what, int err);
  bool commit_direct();

  std::string path_, temp_;
  int fd_ = -1;
  int slot_ = -1;  // in the registry of open temporary files
  bool done_ = false;
  bool direct_ = false;
  const char* code_ = nullptr;
  std::string error_path_, error_;
};

// Writes to standard output, checking every write and the final flush (a
// closed pipe or `> /dev/full` must not pass as success).
class CheckedStdout {
 public:
  bool write(std::string_view bytes);
  bool flush();  // true if every write and the flush succeeded
  const std::string& error() const { return error_; }

 private:
  std::string error_;
};

}  // namespace xxgk
