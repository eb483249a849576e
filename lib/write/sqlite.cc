#include <sqlite3.h>

#include <charconv>
#include <cmath>
#include <cstdio>
#include <set>
#include <stdexcept>

#include "xxgk/xxgk.h"
#include "base/utf8.h"
#include "engine/pipeline.h"
#include "write/writers.h"

namespace xxgk {

namespace {

struct DbClose {
  void operator()(sqlite3* db) const { sqlite3_close(db); }
};
struct StmtFinalize {
  void operator()(sqlite3_stmt* s) const { sqlite3_finalize(s); }
};
using Statement = std::unique_ptr<sqlite3_stmt, StmtFinalize>;

// The schema, documented in the README ("The SQLite database"). Its comments
// are kept by SQLite in sqlite_schema, so `.schema` in the sqlite3 shell shows
// them. Number columns carry no declared type on purpose: a column declared
// INTEGER would turn an amount of 3.0 into 3, one declared REAL would make
// every count a float; untyped, each value keeps the type it is bound with.
constexpr const char* kTables = R"(
CREATE TABLE reports(            -- one row per report
  file TEXT PRIMARY KEY,         -- the input path as given (the key of every other table)
  template TEXT,                 -- gov-2019, gov-2021 or legacy
  agency TEXT, year INTEGER, title TEXT,  -- NULL when not found
  kind TEXT,                     -- text, html, docx, pdf
  encoding TEXT,                 -- the encoding the bytes were read in
  n_findings INTEGER, n_recovered INTEGER, n_ambiguous INTEGER,
  agency_key TEXT,               -- the agency's identity across years and name forms
  diagnosis TEXT,                -- clean, single, pair, partial, unexplained
  previous TEXT                  -- file of the same agency's report of the year before, or NULL
);
CREATE TABLE cells(              -- every cell of the report's template
  file TEXT NOT NULL REFERENCES reports(file),
  key TEXT NOT NULL,             -- canonical key, t3.granted.natural (fields.key)
  value,                         -- INTEGER (counts) or REAL (amounts: in fields.unit, or as printed in unit); NULL without a value
  raw TEXT,                      -- as printed (251000元, /, 640020470); NULL when missing
  status TEXT NOT NULL,          -- read, blank, recovered, ambiguous, missing, suspect
  offset INTEGER,                -- byte offset in the original file
  unit TEXT,                     -- the unit printed with the value (元), or empty
  candidates TEXT,               -- ambiguous: the possible values, space-separated
  PRIMARY KEY(file, key)
);
CREATE TABLE fields(             -- what each key means, per template (as ../shared/spec/fields.tsv)
  template TEXT NOT NULL, key TEXT NOT NULL,
  label TEXT,                    -- printed row/column labels, 予以公开/自然人
  kind TEXT,                     -- count, signed, amount
  unit TEXT,                     -- the unit the template gives amounts in (万元), or empty (as printed)
  PRIMARY KEY(template, key)
);
CREATE TABLE findings(           -- broken rules of the audit
  file TEXT NOT NULL REFERENCES reports(file),
  rule TEXT, severity TEXT, scope TEXT,
  lhs, rhs, delta,               -- numbers: the two sides and their difference
  cells TEXT,                    -- the keys involved, lhs first, space-separated
  message TEXT,
  previous TEXT                  -- cross-report rules: the previous year's file
);
CREATE TABLE metrics(            -- indicators of ../shared/spec/metrics.tsv
  file TEXT NOT NULL REFERENCES reports(file),
  metric TEXT NOT NULL, unit TEXT,  -- count or ratio
  value,                         -- INTEGER (count) or REAL (ratio); NULL where the contract says null
  PRIMARY KEY(file, metric)
);
CREATE TABLE suspects(           -- the diagnosis: cells whose change explains broken rules
  file TEXT NOT NULL REFERENCES reports(file),
  explanation INTEGER, problem INTEGER, cell TEXT, label TEXT,
  printed, value,                -- the number as read (NULL: printed blank) and the one the rules ask for
  explains TEXT                  -- rule instances, space-separated
);
CREATE TABLE sections(           -- headings, in document order
  file TEXT NOT NULL REFERENCES reports(file),
  position INTEGER NOT NULL,     -- 1, 2, ... within the report
  level INTEGER, number TEXT, title TEXT,
  offset INTEGER, "end" INTEGER, -- byte span in the original file
  numbered INTEGER,              -- 1: the number was printed
  in_template INTEGER,           -- 1: a section of the template
  PRIMARY KEY(file, position)
);
CREATE TABLE "references"(       -- statutory references (第二十条第（五）项), in document order
  file TEXT NOT NULL REFERENCES reports(file),
  position INTEGER NOT NULL,
  text TEXT, article INTEGER, paragraph INTEGER, item INTEGER,  -- NULL: not given
  offset INTEGER,
  PRIMARY KEY(file, position)
);
CREATE TABLE unplaced(file TEXT NOT NULL REFERENCES reports(file), text TEXT, offset INTEGER, reason TEXT);
CREATE TABLE diagnostics(file TEXT NOT NULL REFERENCES reports(file), code TEXT, severity TEXT, line INTEGER,
                         "column" INTEGER, message TEXT);
)";

// Built after the rows (a bulk load then one sort per index is faster than
// keeping them sorted row by row). Tables whose primary key starts with file
// need no index on file.
constexpr const char* kIndexes = R"(
CREATE INDEX cells_key ON cells(key);
CREATE INDEX metrics_metric ON metrics(metric);
CREATE INDEX findings_file ON findings(file);
CREATE INDEX findings_rule ON findings(rule);
CREATE INDEX suspects_file ON suspects(file);
CREATE INDEX unplaced_file ON unplaced(file);
CREATE INDEX diagnostics_file ON diagnostics(file);
CREATE INDEX diagnostics_code ON diagnostics(code);
CREATE INDEX reports_agency_key ON reports(agency_key, year);
)";

std::string sql_string(std::string_view s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("''") : std::string(1, c);
  return out + "'";
}
std::string sql_name(std::string_view s) {
  std::string out = "\"";
  for (char c : s) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

// The view `dataset`: the CSV's columns in the CSV's order, taken from the
// CSV writer's own header so the two cannot drift apart.
std::string dataset_view(const GrammarSet& g) {
  const std::set<std::string_view> keys(g.dataset_keys.begin(), g.dataset_keys.end());
  const std::set<std::string_view> metrics(g.metric_ids.begin(), g.metric_ids.end());
  std::string header = dataset_header(g);
  header.pop_back();  // the line end
  std::string sql = "CREATE VIEW dataset AS SELECT";
  size_t from = 0;
  for (bool first = true; from <= header.size(); first = false) {
    size_t comma = header.find(',', from);
    if (comma == std::string::npos) comma = header.size();
    const std::string column = header.substr(from, comma - from);
    from = comma + 1;
    sql += first ? "\n  " : ",\n  ";
    if (keys.contains(column))
      sql += "(SELECT value FROM cells WHERE file = r.file AND key = " + sql_string(column) + ")";
    else if (metrics.contains(column))
      sql += "(SELECT value FROM metrics WHERE file = r.file AND metric = " + sql_string(column) + ")";
    else
      sql += "r." + sql_name(column);
    sql += " AS " + sql_name(column);
  }
  return sql + "\nFROM reports AS r ORDER BY r.rowid;";
}

// A number as it is bound: INTEGER, or REAL for amounts (and for a count
// printed with decimals, which the audit flags anyway).
struct Number {
  std::optional<Decimal> value;
  bool real = false;
};

// Decimal -> double through its text, so that 73802895.90 gives the double
// nearest to it (mantissa / 10^scale in floating point may be one ulp off).
double to_double(const Decimal& d) {
  const std::string s = d.str();
  double v = 0;
  std::from_chars(s.data(), s.data() + s.size(), v);
  return v;
}

// An empty string is NULL in the database (an agency not found is not "").
std::optional<std::string> text_or_null(const std::string& s) {
  if (s.empty()) return std::nullopt;
  return s;
}

}  // namespace

struct SqliteWriter::Impl {
  const GrammarSet& grammars;
  std::unique_ptr<sqlite3, DbClose> db;
  Statement report, cell, finding, unplaced, diagnostic, metric, suspect, section, reference, field;
  bool open = false;
  std::set<std::string> files;  // reports.file so far

  explicit Impl(const GrammarSet& g) : grammars(g) {}

  void exec(const std::string& sql) {
    char* error = nullptr;
    if (sqlite3_exec(db.get(), sql.c_str(), nullptr, nullptr, &error) != SQLITE_OK) {
      std::string message = error ? error : "unknown error";
      sqlite3_free(error);
      throw std::runtime_error("sqlite: " + message);
    }
  }
  Statement prepare(const char* sql) {
    sqlite3_stmt* s = nullptr;
    if (sqlite3_prepare_v2(db.get(), sql, -1, &s, nullptr) != SQLITE_OK)
      throw std::runtime_error(std::string("sqlite: ") + sqlite3_errmsg(db.get()));
    return Statement(s);
  }
  // Binds the values in order (text, number, or null for an empty optional) and runs.
  template <typename... Values>
  void run(const Statement& s, const Values&... values) {
    int i = 0;
    (bind(s.get(), ++i, values), ...);
    if (sqlite3_step(s.get()) != SQLITE_DONE)
      throw std::runtime_error(std::string("sqlite: ") + sqlite3_errmsg(db.get()));
    sqlite3_reset(s.get());
    sqlite3_clear_bindings(s.get());
  }
  // TEXT must be valid UTF-8 (a file name may hold any bytes).
  static void bind(sqlite3_stmt* s, int i, std::string_view raw) {
    const std::string v = utf8::sanitize(raw);
    sqlite3_bind_text(s, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
  }
  static void bind(sqlite3_stmt* s, int i, const std::string& v) { bind(s, i, std::string_view(v)); }
  static void bind(sqlite3_stmt* s, int i, const char* v) { bind(s, i, std::string_view(v)); }
  static void bind(sqlite3_stmt* s, int i, int64_t v) { sqlite3_bind_int64(s, i, v); }
  static void bind(sqlite3_stmt* s, int i, double v) { sqlite3_bind_double(s, i, v); }
  static void bind(sqlite3_stmt* s, int i, const Number& n) {
    if (!n.value) return (void)sqlite3_bind_null(s, i);
    const Decimal d = n.value->trimmed();
    if (n.real || !d.is_integer())
      sqlite3_bind_double(s, i, to_double(d));
    else
      sqlite3_bind_int64(s, i, d.mantissa);
  }
  // A count indicator is a whole number: INTEGER, as the cells it sums; a ratio REAL.
  static void bind(sqlite3_stmt* s, int i, const Metric& m) {
    if (!m.value) return (void)sqlite3_bind_null(s, i);
    const double v = *m.value;
    if (m.unit == "count" && std::abs(v) < 9e15 && v == std::trunc(v))
      sqlite3_bind_int64(s, i, static_cast<int64_t>(v));
    else
      sqlite3_bind_double(s, i, v);
  }
  template <typename T>
  static void bind(sqlite3_stmt* s, int i, const std::optional<T>& v) {
    if (v)
      bind(s, i, *v);
    else
      sqlite3_bind_null(s, i);
  }

  // Amounts are REAL whatever their printed form, so typeof(value) is the
  // same for every row of a key.
  static bool is_amount(const Grammar* g, std::string_view key) {
    if (key.starts_with(kPreviousPrefix)) key.remove_prefix(kPreviousPrefix.size());
    return g && g->kind_of(key) == CellKind::amount;
  }

  void create(const std::string& path);
  void add_fields();
  void add_report(const Record& r);
  void add_cells(const Record& r, const Grammar* g);
  void add_findings(const Record& r, const Grammar* g);
  void add_diagnosis(const Record& r, const Grammar* g);
  void add_structure(const Record& r);
};

void SqliteWriter::Impl::create(const std::string& path) {
  std::remove(path.c_str());
  sqlite3* handle = nullptr;
  int rc = sqlite3_open(path.c_str(), &handle);
  db.reset(handle);
  if (rc != SQLITE_OK) throw std::runtime_error(path + ": cannot create database: " + sqlite3_errmsg(handle));
  // The database is built in a temporary file and renamed when complete (the
  // CLI's AtomicFile): no journal file beside it, so none is left behind.
  exec("PRAGMA journal_mode=MEMORY");
  exec("PRAGMA user_version=" + std::to_string(kSqliteSchemaVersion));
  exec("BEGIN");
  open = true;
  exec(kTables);
  exec(dataset_view(grammars));
  report = prepare("INSERT INTO reports VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?)");
  metric = prepare("INSERT INTO metrics VALUES(?,?,?,?)");
  suspect = prepare("INSERT INTO suspects VALUES(?,?,?,?,?,?,?,?)");
  cell = prepare("INSERT INTO cells VALUES(?,?,?,?,?,?,?,?)");
  finding = prepare("INSERT INTO findings VALUES(?,?,?,?,?,?,?,?,?,?)");
  unplaced = prepare("INSERT INTO unplaced VALUES(?,?,?,?)");
  diagnostic = prepare("INSERT INTO diagnostics VALUES(?,?,?,?,?,?)");
  section = prepare("INSERT INTO sections VALUES(?,?,?,?,?,?,?,?,?)");
  reference = prepare("INSERT INTO \"references\" VALUES(?,?,?,?,?,?,?)");
  field = prepare("INSERT INTO fields VALUES(?,?,?,?,?)");
  add_fields();
}

void SqliteWriter::Impl::add_fields() {
  for (auto& g : grammars.templates)
    for (auto& key : g.keys()) {
      const ColumnSpec* c = g.column_of(key);
      run(field, g.id, key, g.display_label(key), to_string(c ? c->kind : CellKind::count),
          c ? c->unit : std::string());
    }
}

void SqliteWriter::Impl::add_report(const Record& r) {
  std::optional<int64_t> year;
  if (r.year) year = *r.year;
  run(report, r.file, r.template_id, text_or_null(r.agency), year, text_or_null(r.title), r.kind,
      text_or_null(r.encoding), static_cast<int64_t>(r.findings.size()),
      static_cast<int64_t>(r.count(CellStatus::recovered)), static_cast<int64_t>(r.count(CellStatus::ambiguous)),
      text_or_null(r.agency_key), r.diagnosis.verdict,
      r.previous ? std::optional<std::string>(r.previous->file) : std::nullopt);
  for (auto& m : r.metrics) run(metric, r.file, m.id, m.unit, m);
}

void SqliteWriter::Impl::add_cells(const Record& r, const Grammar* g) {
  for (auto& c : r.cells) {
    std::optional<int64_t> offset;
    if (c.offset) offset = *c.offset;
    std::optional<std::string> candidates;
    for (auto& d : c.candidates) candidates = (candidates ? *candidates + " " : std::string()) + d.str();
    run(cell, r.file, c.key, Number{c.value, is_amount(g, c.key)}, c.raw, to_string(c.status), offset, c.unit,
        candidates);
  }
}

void SqliteWriter::Impl::add_findings(const Record& r, const Grammar* g) {
  for (auto& f : r.findings) {
    std::string cells;
    for (auto& k : f.cells) cells += (cells.empty() ? "" : " ") + k;
    const bool real = !f.cells.empty() && is_amount(g, f.cells.front());
    run(finding, r.file, f.rule, to_string(f.severity), f.scope, Number{f.lhs, real}, Number{f.rhs, real},
        Number{f.delta, real}, cells, f.message, text_or_null(f.previous));
  }
}

void SqliteWriter::Impl::add_diagnosis(const Record& r, const Grammar* g) {
  for (size_t i = 0; i < r.diagnosis.explanations.size(); ++i)
    for (auto& s : r.diagnosis.explanations[i].suspects) {
      std::string explains;
      for (auto& x : s.explains) explains += (explains.empty() ? "" : " ") + x;
      const bool real = is_amount(g, s.cell);
      run(suspect, r.file, static_cast<int64_t>(i + 1), static_cast<int64_t>(r.diagnosis.explanations[i].problem),
          s.cell, s.label, Number{s.printed, real}, Number{s.value, real}, explains);
    }
}

void SqliteWriter::Impl::add_structure(const Record& r) {
  int64_t position = 0;
  for (auto& s : r.sections)
    run(section, r.file, ++position, static_cast<int64_t>(s.level), s.number, s.title, static_cast<int64_t>(s.offset),
        static_cast<int64_t>(s.end), static_cast<int64_t>(s.numbered), static_cast<int64_t>(s.in_template));
  position = 0;
  for (auto& ref : r.references) {
    std::optional<int64_t> paragraph, item;
    if (ref.paragraph) paragraph = *ref.paragraph;
    if (ref.item) item = *ref.item;
    run(reference, r.file, ++position, ref.text, static_cast<int64_t>(ref.article), paragraph, item,
        static_cast<int64_t>(ref.offset));
  }
  for (auto& u : r.unplaced) run(unplaced, r.file, u.text, static_cast<int64_t>(u.offset), u.reason);
  for (auto& d : r.diagnostics)
    run(diagnostic, r.file, d.code, to_string(d.severity), static_cast<int64_t>(d.line),
        static_cast<int64_t>(d.column), d.message);
}

SqliteWriter::SqliteWriter(const std::string& path, const Engine& engine)
    : impl_(std::make_unique<Impl>(grammars_of(engine))) {
  impl_->create(path);
}

SqliteWriter::~SqliteWriter() {
  try {
    close();
  } catch (...) {
    // A destructor must not throw; close() explicitly to see errors.
  }
}

bool SqliteWriter::add(const Record& r) {
  auto& w = *impl_;
  // A path a stream names twice (--paths-from lists are not deduplicated as
  // named inputs are) is one report: the first. Keyed by the stored text.
  if (!w.files.insert(utf8::sanitize(r.file)).second) return false;
  const Grammar* g = w.grammars.find(r.template_id);
  w.add_report(r);
  w.add_cells(r, g);
  w.add_findings(r, g);
  w.add_diagnosis(r, g);
  w.add_structure(r);
  return true;
}

void SqliteWriter::close() {
  if (!impl_ || !impl_->open) return;
  impl_->open = false;
  for (Statement* s : {&impl_->report, &impl_->cell, &impl_->finding, &impl_->unplaced, &impl_->diagnostic,
                       &impl_->metric, &impl_->suspect, &impl_->section, &impl_->reference, &impl_->field})
    s->reset();
  impl_->exec(kIndexes);
  impl_->exec("COMMIT");
}

}  // namespace xxgk
