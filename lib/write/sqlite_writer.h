// SQLite output of a batch: one database a researcher can query and join
// across years. Tables:
//   reports(file, template, agency, year, title, kind, encoding, n_findings, n_recovered, n_ambiguous,
//           agency_key, diagnosis, previous)
//   metrics(file, metric, unit, value)                       -- value REAL, NULL where the contract says null
//   suspects(file, explanation, problem, cell, label, printed, value, explains)
//   cells(file, key, value, raw, status, offset, unit)      -- every canonical key
//   findings(file, rule, severity, scope, lhs, rhs, delta, cells, message)
//   unplaced(file, text, offset, reason)
//   diagnostics(file, code, severity, line, column, message)
// Values are stored as text (exact decimals, as in JSON and CSV).
#pragma once

#include <memory>
#include <string>

#include "base/record.h"

namespace xxgk {

class SqliteWriter {
 public:
  // Creates (replacing) the database at `path`; throws std::runtime_error.
  explicit SqliteWriter(const std::string& path);
  ~SqliteWriter();
  SqliteWriter(const SqliteWriter&) = delete;
  SqliteWriter& operator=(const SqliteWriter&) = delete;

  void add(const Record& r);
  // Commits; called by the destructor if not called before.
  void close();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace xxgk
