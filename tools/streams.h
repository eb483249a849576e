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

#include <cstddef>
#include <deque>
#include <fstream>
#include <functional>
#include <istream>
#include <optional>
#include <string>
#include <vector>

#include "xxgk/pipeline.h"

namespace xxgk::cli {

class Progress;

class PathSource {
 public:
  // `named`: the command line's inputs; `paths_from`: "" (none), "-" or a file.
  PathSource(const std::vector<std::string>& named, const std::string& paths_from);

  // The next path, or nullopt when all are given out (and from then on).
  // Not thread-safe: run_stream calls it under its lock.
  std::optional<std::string> next();

  bool ok() const { return ok_; }          // false: --paths-from could not be opened
  bool missing() const { return missing_; }  // some path did not exist (named on stderr)
  bool streaming() const { return in_ != nullptr; }
  // How many paths there are, when known in advance (no --paths-from).
  std::optional<size_t> total() const;
  size_t given() const { return given_; }

 private:
  std::deque<std::string> queue_;
  std::ifstream file_;
  std::istream* in_ = nullptr;
  bool ok_ = true, missing_ = false;
  size_t given_ = 0;
};

// Parses every path of `source` on `jobs` threads; calls `sink` once per path,
// in order, as soon as it can. `idle` is called when the writer has nothing
// ready (flush there, so a pipe sees output as reports finish). `progress`
// (may be null) is told of each record.
void run_stream(const Engine& engine, PathSource& source, unsigned jobs, const std::function<void(Record&)>& sink,
                const std::function<void()>& idle = {}, Progress* progress = nullptr);

}  // namespace xxgk::cli
