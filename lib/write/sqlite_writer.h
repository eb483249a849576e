// SQLite output of a batch: one database a researcher can query and join
// across years. The schema (tables, columns, the `dataset` view, indexes) is
// in sqlite.cc, kSchema, and documented in the README ("The SQLite
// database"); its version is `PRAGMA user_version` (kSqliteSchemaVersion).
// Values are numbers: INTEGER for counts, REAL for amounts and ratios, NULL
// for a cell without a value (its status says why); the printed text is kept
// beside them (`raw`).
#pragma once

#include <memory>
#include <string>

#include "base/record.h"
#include "grammar/grammar.h"

namespace xxgk {

// PRAGMA user_version of the databases this build writes. 0 was the
// unversioned schema of text values; raise it on any change a query could see.
inline constexpr int kSqliteSchemaVersion = 1;

class SqliteWriter {
 public:
  // Creates (replacing) the database at `path`; throws std::runtime_error.
  // The grammars give the cell kinds (count or amount) and the `dataset`
  // view's columns (the CSV's). They must outlive the writer.
  SqliteWriter(const std::string& path, const GrammarSet& grammars);
  ~SqliteWriter();
  SqliteWriter(const SqliteWriter&) = delete;
  SqliteWriter& operator=(const SqliteWriter&) = delete;

  // Adds a report; false (and nothing added) if its file is already there.
  bool add(const Record& r);
  // Builds the indexes and commits; called by the destructor if not called before.
  void close();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace xxgk
