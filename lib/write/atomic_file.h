// Atomic output files. Every file xxgk writes (CSV, SQLite, JSON and XML
// records, `parse -o`) is written to a temporary file beside its path, every
// write checked, then flushed to disk (fsync), closed and renamed over the
// path: the file at the path is always either the previous one, untouched, or
// the complete new one. A failure, a signal or a crash never leaves a partial
// file at the path; the temporary file is removed on failure and on exit.
//
// Temporary files are hidden and named after the target:
// `.NAME.xxgk-tmp-XXXXXX` in the target's folder (the same file system, so
// rename is atomic). Only kill -9 can leave one behind.
#pragma once

#include <string>
#include <string_view>

namespace xxgk {

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
  // create), what went wrong with its cause, and its code (codes.h).
  const std::string& error_path() const { return error_path_; }
  const std::string& error() const { return error_; }
  const char* code() const { return code_; }
  const std::string& path() const { return path_; }
  const std::string& temp_path() const { return temp_; }

  // Appends bytes; false (and the first error kept) on any failure.
  bool write(std::string_view bytes);
  // For a file another library writes (SQLite): close our descriptor, leaving
  // the empty temporary file for it to open by temp_path().
  void release_descriptor();
  // Flushes to disk, closes and renames the temporary file to path() (or to
  // `to` when given: --keep-partial). False, and the temporary file removed,
  // on any failure.
  bool commit(const std::string& to = {});
  // Removes the temporary file; the previous file at path() is untouched.
  void discard();

  // Removes every temporary file still open in this process. Only
  // async-signal-safe calls: for a signal handler that is about to _exit.
  static void remove_all_for_signal();

 private:
  bool fail(const char* code, const std::string& path, const std::string& what, int err);

  std::string path_, temp_;
  int fd_ = -1;
  int slot_ = -1;  // in the registry of open temporary files
  bool done_ = false;
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
