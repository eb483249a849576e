// Batch processing for the CLI: walking inputs, reading files, parsing them on
// several threads, and handing records back *in input order* so output is the
// same byte for byte whatever the thread count.
//
// Nothing here throws: a path that cannot be walked or read becomes a
// diagnostic, and a file whose parse fails unexpectedly becomes a failed
// record, so one bad file never stops a batch.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "base/diagnostic.h"
#include "engine/pipeline.h"

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

// Parses every file with `jobs` threads; calls `sink` once per file, in order.
// Works in chunks so that memory stays bounded on a whole archive. Returns
// false when stopped (request_stop) before every file reached the sink.
bool run_batch(const Engine& engine, const std::vector<Input>& files, unsigned jobs,
               const std::function<void(Record&, const Input&)>& sink);

// Reads and parses one file; never throws.
Record read_and_parse(const Engine& engine, const std::string& path);

}  // namespace xxgk::cli
