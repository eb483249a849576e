// The CLI's inputs: the files named and those under the folders named, and
// the flag that stops a batch (streams.h parses them on threads, in order).
//
// Nothing here throws: a path that cannot be walked becomes a diagnostic, so
// one bad path never stops a batch.
#pragma once

#include <xxgk/xxgk.h>

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

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

// Paths in one buffer, in order: a batch of a hundred thousand files holds
// its list as about the bytes of its paths, not as a string each.
class PathList {
 public:
  void push_back(std::string_view path);
  size_t size() const { return spans_.size(); }
  bool empty() const { return spans_.empty(); }
  std::string_view operator[](size_t i) const {
    return std::string_view(bytes_).substr(spans_[i].begin, spans_[i].size);
  }
  // Sorted from `from` on, by their bytes.
  void sort_from(size_t from);
  // Keeps the paths i with keep[i], in order.
  void keep_only(const std::vector<bool>& keep);

 private:
  struct Span {
    size_t begin, size;
  };
  std::string bytes_;
  std::vector<Span> spans_;
};

struct Inputs {
  PathList files;
  // Record names are the paths relative to it (see Input::record_name).
  std::filesystem::path common;
  std::vector<Problem> problems;
  bool failed() const;  // any problem is an error
  // files[i] with its record name, made when it is handed out.
  Input input(size_t i) const;
};

// Files named, and files under folders named (recursively, sorted, hidden
// entries skipped, links to folders not followed). A file reached twice (the
// same path twice, or through a link) is kept once, with a warning.
Inputs expand_inputs(const std::vector<std::string>& paths);

// Asks a running batch to stop after the files being parsed (async-signal-safe).
void request_stop();
bool stop_requested();

}  // namespace xxgk::cli
