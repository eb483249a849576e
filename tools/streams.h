// Streams, for clusters: inputs as a stream of paths, records handed on as
// they are parsed, in input order, with a bounded number in flight.
//
//   xxgk dataset --paths-from - -o -      a Hadoop Streaming / RDD.pipe() mapper
//   xxgk parse - < report.html            one document on standard input
//
// The paths of a batch are those named on the command line (directories
// expanded, "-" for a document on standard input) followed by those read
// from --paths-from FILE|- (one a line, read as the batch goes, so the list
// may be endless). Workers take paths in order and parse them; the writer
// (the caller's thread) hands each record to the sink as soon as it and every
// record before it are done. At most kWindowPerJob x jobs records exist at
// once, so memory stays flat however long the stream.
#pragma once

#include <xxgk/xxgk.h>

#include <cstddef>
#include <deque>
#include <fstream>
#include <functional>
#include <istream>
#include <optional>
#include <string>
#include <vector>

#include "batch.h"

namespace xxgk::cli {

class Progress;

class PathSource {
 public:
  // `named`: the command line's inputs ("-": a document on standard input,
  // handed out first); `paths_from`: "" (none), "-" or a file. Problems with
  // paths (missing, unreadable, duplicate) go to `report` as they are met.
  PathSource(const std::vector<std::string>& named, const std::string& paths_from,
             std::function<void(const Problem&)> report);

  // The next input, or nullopt when all are given out (and from then on).
  // Not thread-safe: run_stream calls it under its lock.
  std::optional<Input> next();

  bool ok() const { return ok_; }          // false: --paths-from could not be opened
  bool failed() const { return failed_; }  // some path was an error (reported)
  bool streaming() const { return in_ != nullptr; }
  // How many inputs there are, when known in advance (no --paths-from).
  std::optional<size_t> total() const;
  size_t given() const { return given_; }

 private:
  void add(Inputs inputs);
  std::optional<Input> take();  // the next input already known, if any

  std::deque<Input> queue_;    // standard input, named on the command line
  std::deque<Inputs> groups_;  // paths from folders, files and the list, each group as expanded
  size_t next_in_group_ = 0;   // into groups_.front().files
  size_t waiting_ = 0;         // paths in groups_ not yet handed out
  std::ifstream file_;
  std::istream* in_ = nullptr;
  std::function<void(const Problem&)> report_;
  bool ok_ = true, failed_ = false;
  size_t given_ = 0;
};

// Parses every input of `source` on `jobs` threads; calls `sink` once per
// input, in order, as soon as it can. `idle` is called when the writer has
// nothing ready (flush there, so a pipe sees output as reports finish).
// `progress` (may be null) is told of each record. Returns false when stopped
// (request_stop) before every input reached the sink. An exception in a
// worker or in the sink stops the batch and is rethrown.
bool run_stream(const Engine& engine, PathSource& source, unsigned jobs,
                const std::function<void(Record&, const Input&)>& sink, const std::function<void()>& idle = {},
                Progress* progress = nullptr);

}  // namespace xxgk::cli
