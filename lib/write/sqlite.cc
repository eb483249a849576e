#include <sqlite3.h>

#include <cstdio>
#include <stdexcept>

#include "xxgk/xxgk.h"
#include "base/utf8.h"

namespace xxgk {

namespace {

struct DbClose {
  void operator()(sqlite3* db) const { sqlite3_close(db); }
};
struct StmtFinalize {
  void operator()(sqlite3_stmt* s) const { sqlite3_finalize(s); }
};
using Statement = std::unique_ptr<sqlite3_stmt, StmtFinalize>;

constexpr const char* kSchema = R"(
CREATE TABLE reports(file TEXT PRIMARY KEY, template TEXT, agency TEXT, year INTEGER, title TEXT,
                     kind TEXT, encoding TEXT, n_findings INTEGER, n_recovered INTEGER, n_ambiguous INTEGER,
                     agency_key TEXT, diagnosis TEXT, previous TEXT);
CREATE TABLE cells(file TEXT, key TEXT, value TEXT, raw TEXT, status TEXT, offset INTEGER, unit TEXT,
                   PRIMARY KEY(file, key));
CREATE TABLE findings(file TEXT, rule TEXT, severity TEXT, scope TEXT, lhs TEXT, rhs TEXT, delta TEXT,
                      cells TEXT, message TEXT);
CREATE TABLE metrics(file TEXT, metric TEXT, unit TEXT, value REAL, PRIMARY KEY(file, metric));
CREATE TABLE suspects(file TEXT, explanation INTEGER, problem INTEGER, cell TEXT, label TEXT, printed TEXT, value TEXT, explains TEXT);
CREATE TABLE unplaced(file TEXT, text TEXT, offset INTEGER, reason TEXT);
CREATE TABLE diagnostics(file TEXT, code TEXT, severity TEXT, line INTEGER, column INTEGER, message TEXT);
)";

}  // namespace

struct SqliteWriter::Impl {
  std::unique_ptr<sqlite3, DbClose> db;
  Statement report, cell, finding, unplaced, diagnostic, metric, suspect;
  bool open = false;

  void exec(const char* sql) {
    char* error = nullptr;
    if (sqlite3_exec(db.get(), sql, nullptr, nullptr, &error) != SQLITE_OK) {
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
  // Binds the values in order (text, or null for an empty optional) and runs.
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
  template <typename T>
  static void bind(sqlite3_stmt* s, int i, const std::optional<T>& v) {
    if (v)
      bind(s, i, *v);
    else
      sqlite3_bind_null(s, i);
  }
};

SqliteWriter::SqliteWriter(const std::string& path) : impl_(std::make_unique<Impl>()) {
  std::remove(path.c_str());
  sqlite3* db = nullptr;
  int rc = sqlite3_open(path.c_str(), &db);
  impl_->db.reset(db);
  if (rc != SQLITE_OK) throw std::runtime_error(path + ": cannot create database: " + sqlite3_errmsg(db));
  // The database is built in a temporary file and renamed when complete (the
  // CLI's AtomicFile): no journal file beside it, so none is left behind.
  impl_->exec("PRAGMA journal_mode=MEMORY");
  impl_->exec(kSchema);
  impl_->exec("BEGIN");
  impl_->open = true;
  impl_->report = impl_->prepare("INSERT INTO reports VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?)");
  impl_->metric = impl_->prepare("INSERT INTO metrics VALUES(?,?,?,?)");
  impl_->suspect = impl_->prepare("INSERT INTO suspects VALUES(?,?,?,?,?,?,?,?)");
  impl_->cell = impl_->prepare("INSERT INTO cells VALUES(?,?,?,?,?,?,?)");
  impl_->finding = impl_->prepare("INSERT INTO findings VALUES(?,?,?,?,?,?,?,?,?)");
  impl_->unplaced = impl_->prepare("INSERT INTO unplaced VALUES(?,?,?,?)");
  impl_->diagnostic = impl_->prepare("INSERT INTO diagnostics VALUES(?,?,?,?,?,?)");
}

SqliteWriter::~SqliteWriter() {
  try {
    close();
  } catch (...) {
    // A destructor must not throw; close() explicitly to see errors.
  }
}

void SqliteWriter::add(const Record& r) {
  auto& w = *impl_;
  std::optional<int64_t> year;
  if (r.year) year = *r.year;
  w.run(w.report, r.file, r.template_id, r.agency, year, r.title, r.kind, r.encoding,
        static_cast<int64_t>(r.findings.size()), static_cast<int64_t>(r.count(CellStatus::recovered)),
        static_cast<int64_t>(r.count(CellStatus::ambiguous)), r.agency_key, r.diagnosis.verdict,
        r.previous ? std::optional<std::string>(r.previous->file) : std::nullopt);
  for (auto& m : r.metrics) w.run(w.metric, r.file, m.id, m.unit, m.value);
  for (size_t i = 0; i < r.diagnosis.explanations.size(); ++i)
    for (auto& s : r.diagnosis.explanations[i].suspects) {
      std::string explains;
      for (auto& x : s.explains) explains += (explains.empty() ? "" : " ") + x;
      std::optional<std::string> printed;
      if (s.printed) printed = s.printed->str();
      w.run(w.suspect, r.file, static_cast<int64_t>(i + 1),
            static_cast<int64_t>(r.diagnosis.explanations[i].problem), s.cell, s.label, printed, s.value.str(), explains);
    }
  for (auto& c : r.cells) {
    std::optional<std::string> value;
    if (c.value) value = c.value->str();
    std::optional<int64_t> offset;
    if (c.offset) offset = *c.offset;
    w.run(w.cell, r.file, c.key, value, c.raw, to_string(c.status), offset, c.unit);
  }
  for (auto& f : r.findings) {
    std::string cells;
    for (auto& k : f.cells) cells += (cells.empty() ? "" : " ") + k;
    w.run(w.finding, r.file, f.rule, to_string(f.severity), f.scope, f.lhs.str(), f.rhs.str(), f.delta.str(), cells,
          f.message);
  }
  for (auto& u : r.unplaced) w.run(w.unplaced, r.file, u.text, static_cast<int64_t>(u.offset), u.reason);
  for (auto& d : r.diagnostics)
    w.run(w.diagnostic, r.file, d.code, to_string(d.severity), static_cast<int64_t>(d.line),
          static_cast<int64_t>(d.column), d.message);
}

void SqliteWriter::close() {
  if (!impl_ || !impl_->open) return;
  impl_->open = false;
  impl_->report.reset();
  impl_->cell.reset();
  impl_->finding.reset();
  impl_->unplaced.reset();
  impl_->diagnostic.reset();
  impl_->metric.reset();
  impl_->suspect.reset();
  impl_->exec("COMMIT");
}

}  // namespace xxgk
