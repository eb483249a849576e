// The CLI's inputs: the files named and those under the folders named, and
// the flag that stops a batch (streams.h parses them on threads, in order).
//
// Nothing here throws: a path that cannot be walked becomes a diagnostic, so
// one bad path never stops a batch.
#pragma once

#include <string>
#include <vector>

#include <xxgk/xxgk.h>

namespace xxgk::cli {

struct Input {
  std::string path;  // to open, and what the record calls the file
  // Where its record goes under an output folder: the path relative to the
  // deepest folder holding every input (a folder argument, or a file
  // argument's folder), so names mirror the inputs and never collide.
  std::string record_name;
};

// A path the walk could not use, or a warning about one (input.duplicate).
struct Problem {
  std::string path;
  Diagnostic diagnostic;
};

struct Inputs {
  std::vector<Input> files;
  std::vector<Problem> problems;
  bool failed() const;  // any problem is an error
};

// Files named, and files under folders named (recursively, sorted, hidden
// entries skipped, links to folders not followed). A file reached twice (the
// same path twice, or through a link) is kept once, with a warning.
Inputs expand_inputs(const std::vector<std::string>& paths);

// Asks a running batch to stop after the files being parsed (async-signal-safe).
void request_stop();
bool stop_requested();

}  // namespace xxgk::cli
