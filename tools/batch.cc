#include "batch.h"

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <map>
#include <system_error>

namespace xxgk::cli {

namespace {

namespace fs = std::filesystem;

std::atomic<bool> g_stop{false};
static_assert(std::atomic<bool>::is_always_lock_free, "request_stop is called from a signal handler");

bool hidden(const fs::path& p) {
  auto name = p.filename().string();
  return !name.empty() && name[0] == '.';
}

Problem problem(const std::string& path, const char* code, Severity severity, std::string message) {
  Diagnostic d;
  d.code = code;
  d.severity = severity;
  d.message = std::move(message);
  return Problem{path, std::move(d)};
}

// One entry of a folder being walked: a file to read, a folder to walk, or a
// problem to report (a link loop, a dangling link, a link to a folder).
void visit(const fs::directory_entry& entry, std::vector<fs::path>& folders, std::vector<std::string>& found,
           Inputs& in) {
  const fs::path& p = entry.path();
  if (hidden(p)) return;
  std::error_code ec;
  const fs::file_status link = entry.symlink_status(ec);
  const fs::file_status st = ec ? link : entry.status(ec);
  if (ec || !fs::exists(st)) {
    in.problems.push_back(problem(p.string(), codes::input_unreadable, Severity::error,
                                  "cannot read: " + (ec ? ec.message() : std::string("a link to nothing"))));
  } else if (fs::is_directory(st) && fs::is_symlink(link)) {
    in.problems.push_back(problem(p.string(), codes::input_symlink_dir, Severity::warning,
                                  "a link to a folder; not followed (name the folder itself to read it)"));
  } else if (fs::is_directory(st)) {
    folders.push_back(p);
  } else if (fs::is_regular_file(st)) {
    found.push_back(p.string());
  }
}

// One folder argument, walked with an explicit stack of folders (no
// recursion; a deep tree cannot overflow the stack). A folder that cannot be
// read is an error, never skipped in silence.
void walk(const fs::path& root, Inputs& in) {
  std::vector<std::string> found;
  std::vector<fs::path> folders{root};
  while (!folders.empty()) {
    const fs::path folder = std::move(folders.back());
    folders.pop_back();
    std::error_code ec;
    fs::directory_iterator it(folder, ec);
    if (ec) {
      in.problems.push_back(problem(folder.string(), codes::input_unreadable, Severity::error,
                                    "cannot read the folder: " + ec.message() + "; its files are not processed"));
      continue;
    }
    for (; it != fs::directory_iterator(); it.increment(ec)) visit(*it, folders, found, in);
    if (ec)  // a failed increment ends the iteration
      in.problems.push_back(problem(folder.string(), codes::input_unreadable, Severity::error,
                                    "cannot read the whole folder: " + ec.message()));
  }
  std::sort(found.begin(), found.end());
  for (auto& f : found) in.files.push_back({f, {}});
}

fs::path absolute_normal(const fs::path& p) {
  std::error_code ec;
  fs::path a = fs::absolute(p, ec);
  return (ec ? p : a).lexically_normal();
}

// The deepest folder holding all of `folders`, component by component.
fs::path common_folder(const std::vector<fs::path>& folders) {
  if (folders.empty()) return {};
  fs::path common = folders.front();
  for (auto& f : folders) {
    fs::path shared;
    auto a = common.begin(), b = f.begin();
    for (; a != common.end() && b != f.end() && *a == *b; ++a, ++b) shared /= *a;
    common = shared;
  }
  return common;
}

// Record names mirror the inputs below their common folder.
void name_records(Inputs& in, const std::vector<fs::path>& bases) {
  const fs::path common = common_folder(bases);
  for (auto& f : in.files) {
    fs::path rel = absolute_normal(f.path).lexically_relative(common);
    f.record_name = rel.empty() ? fs::path(f.path).filename().string() : rel.string();
  }
}

// The same file twice (named twice, or reached through a link) is one input.
void drop_duplicates(Inputs& in) {
  std::map<std::string, std::string> first;  // canonical path -> path as given
  std::vector<Input> kept;
  for (auto& f : in.files) {
    std::error_code ec;
    fs::path c = fs::canonical(f.path, ec);
    const std::string key = ec ? absolute_normal(f.path).string() : c.string();
    auto [it, fresh] = first.emplace(key, f.path);
    if (fresh) {
      kept.push_back(std::move(f));
    } else {
      in.problems.push_back(problem(f.path, codes::input_duplicate, Severity::warning,
                                    "the same file as " + it->second + "; processed once"));
    }
  }
  in.files = std::move(kept);
}

}  // namespace

bool Inputs::failed() const {
  return std::any_of(problems.begin(), problems.end(),
                     [](const Problem& p) { return p.diagnostic.severity == Severity::error; });
}

Inputs expand_inputs(const std::vector<std::string>& paths) {
  Inputs in;
  std::vector<fs::path> bases;
  for (auto& p : paths) {
    std::error_code ec, lec;
    const fs::file_status link = fs::symlink_status(p, lec);
    const fs::file_status st = fs::status(p, ec);
    if (link.type() == fs::file_type::not_found) {
      in.problems.push_back(problem(p, codes::input_missing, Severity::error, "no such file or folder"));
    } else if (lec || ec || !fs::exists(st)) {
      // A link loop (ELOOP), a dangling link, a folder we may not enter.
      const std::error_code& why = lec ? lec : ec;
      in.problems.push_back(problem(p, codes::input_unreadable, Severity::error,
                                    "cannot read: " + (why ? why.message() : std::string("a link to nothing"))));
    } else if (fs::is_directory(st)) {
      walk(p, in);
      bases.push_back(absolute_normal(p));
    } else {
      in.files.push_back({p, {}});
      bases.push_back(absolute_normal(p).parent_path());
    }
  }
  drop_duplicates(in);
  name_records(in, bases);
  return in;
}

void request_stop() {
  g_stop.store(true);
}
bool stop_requested() {
  return g_stop.load();
}

}  // namespace xxgk::cli
