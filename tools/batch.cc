#include "batch.h"

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <system_error>
#include <unordered_map>

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
void visit(const fs::directory_entry& entry, std::vector<fs::path>& folders, Inputs& in) {
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
    in.files.push_back(p.native());
  }
}

// One folder argument, walked with an explicit stack of folders (no
// recursion; a deep tree cannot overflow the stack). A folder that cannot be
// read is an error, never skipped in silence.
void walk(const fs::path& root, Inputs& in) {
  const size_t first = in.files.size();
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
    for (; it != fs::directory_iterator(); it.increment(ec)) visit(*it, folders, in);
    if (ec)  // a failed increment ends the iteration
      in.problems.push_back(problem(folder.string(), codes::input_unreadable, Severity::error,
                                    "cannot read the whole folder: " + ec.message()));
  }
  in.files.sort_from(first);
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

// What makes two paths the same file: the canonical path, or where that
// cannot be had (a file gone meanwhile) the absolute one.
std::string identity(std::string_view path) {
  std::error_code ec;
  fs::path c = fs::canonical(path, ec);
  return ec ? absolute_normal(path).string() : c.string();
}

// The same file twice (named twice, or reached through a link) is one input.
// A batch of a hundred thousand files sorts a hash of each file's identity,
// not the identities themselves; files whose hashes meet are compared in full.
void drop_duplicates(Inputs& in) {
  const size_t n = in.files.size();
  std::vector<std::pair<uint64_t, size_t>> by_hash;  // (hash of the identity, index)
  by_hash.reserve(n);
  for (size_t i = 0; i < n; ++i) by_hash.emplace_back(std::hash<std::string>{}(identity(in.files[i])), i);
  std::sort(by_hash.begin(), by_hash.end());
  std::vector<bool> keep(n, true);
  std::vector<std::pair<size_t, size_t>> duplicates;  // (index, the index of the same file kept)
  std::vector<std::string> ids;                       // of one run of equal hashes (most runs are one file)
  for (size_t a = 0; a < n;) {
    size_t b = a + 1;
    while (b < n && by_hash[b].first == by_hash[a].first) ++b;
    // Each of a run with one hash is the same file as the first of the run
    // with its identity, or is kept (indices ascend within a run).
    ids.clear();
    for (size_t i = a; b - a > 1 && i < b; ++i) ids.push_back(identity(in.files[by_hash[i].second]));
    for (size_t i = a + 1; i < b; ++i)
      for (size_t j = a; j < i; ++j)
        if (keep[by_hash[j].second] && ids[j - a] == ids[i - a]) {
          keep[by_hash[i].second] = false;
          duplicates.emplace_back(by_hash[i].second, by_hash[j].second);
          break;
        }
    a = b;
  }
  // Warnings in input order, as the files come.
  std::sort(duplicates.begin(), duplicates.end());
  for (auto [dup, first] : duplicates)
    in.problems.push_back(problem(std::string(in.files[dup]), codes::input_duplicate, Severity::warning,
                                  "the same file as " + std::string(in.files[first]) + "; processed once"));
  if (!duplicates.empty()) in.files.keep_only(keep);
}

}  // namespace

void PathList::push_back(std::string_view path) {
  spans_.push_back({bytes_.size(), path.size()});
  bytes_.append(path);
}

void PathList::sort_from(size_t from) {
  std::sort(spans_.begin() + static_cast<std::ptrdiff_t>(from), spans_.end(), [&](const Span& a, const Span& b) {
    return std::string_view(bytes_).substr(a.begin, a.size) < std::string_view(bytes_).substr(b.begin, b.size);
  });
}

void PathList::keep_only(const std::vector<bool>& keep) {
  std::string bytes;
  std::vector<Span> spans;
  for (size_t i = 0; i < spans_.size(); ++i)
    if (keep[i]) {
      spans.push_back({bytes.size(), spans_[i].size});
      bytes.append(bytes_, spans_[i].begin, spans_[i].size);
    }
  bytes_ = std::move(bytes);
  spans_ = std::move(spans);
}

// Record names mirror the inputs below their common folder.
Input Inputs::input(size_t i) const {
  Input in;
  in.path = std::string(files[i]);
  fs::path rel = absolute_normal(in.path).lexically_relative(common);
  in.record_name = rel.empty() ? fs::path(in.path).filename().string() : rel.string();
  return in;
}

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
      in.files.push_back(p);
      bases.push_back(absolute_normal(p).parent_path());
    }
  }
  drop_duplicates(in);
  in.common = common_folder(bases);
  return in;
}

void request_stop() {
  g_stop.store(true);
}
bool stop_requested() {
  return g_stop.load();
}

}  // namespace xxgk::cli
