#include "batch.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <map>
#include <system_error>
#include <thread>

#include "base/codes.h"

namespace xxgk::cli {

namespace {

namespace fs = std::filesystem;

// Reports are a few hundred KB at most; a bigger file is not one, and reading
// it whole would only cost memory.
constexpr size_t kMaxFileBytes = size_t{64} << 20;
// Files parsed before their records are handed on: bounds memory on archives.
constexpr size_t kChunk = 256;

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

Record failure(const std::string& path, const char* code, std::string message) {
  Record r;
  r.file = path;
  r.failed = true;
  r.diagnostics.push_back(error_diagnostic(code, std::move(message)));
  return r;
}

// The file's bytes, at most kMaxFileBytes + 1 (to tell that it is too large).
// Returns errno, or 0.
int read_bytes(const std::string& path, std::string& out) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return errno;
  char buf[1 << 16];
  int err = 0;
  while (out.size() <= kMaxFileBytes) {
    const ssize_t n = ::read(fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) err = errno;
    if (n <= 0) break;
    out.append(buf, static_cast<size_t>(n));
  }
  ::close(fd);
  return err;
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

Record read_and_parse(const Engine& engine, const std::string& path) {
  try {
    std::string bytes;
    if (int err = read_bytes(path, bytes))
      return failure(path, codes::input_unreadable, std::string("cannot read: ") + std::strerror(err));
    if (bytes.size() > kMaxFileBytes)
      return failure(path, codes::input_too_large,
                     "over " + std::to_string(kMaxFileBytes >> 20) + " MiB: too large for a report; not read");
    return engine.parse(bytes, path);
  } catch (const std::bad_alloc&) {
    return failure(path, codes::input_internal, "out of memory while reading this file");
  } catch (const std::exception& e) {
    return failure(path, codes::input_internal, std::string("unexpected failure: ") + e.what());
  } catch (...) {
    return failure(path, codes::input_internal, "unexpected failure");
  }
}

bool run_batch(const Engine& engine, const std::vector<Input>& files, unsigned jobs,
               const std::function<void(Record&, const Input&)>& sink) {
  jobs = std::max(1u, jobs);
  for (size_t start = 0; start < files.size(); start += kChunk) {
    const size_t end = std::min(files.size(), start + kChunk);
    std::vector<Record> records(end - start);
    std::vector<char> done(end - start, 0);
    std::atomic<size_t> next{start};
    auto work = [&] {
      for (size_t i; !stop_requested() && (i = next.fetch_add(1)) < end;) {
        records[i - start] = read_and_parse(engine, files[i].path);
        done[i - start] = 1;
      }
    };
    {
      std::vector<std::jthread> threads;
      try {
        for (unsigned t = 1; t < jobs && t < end - start; ++t) threads.emplace_back(work);
      } catch (const std::system_error&) {
        // No more threads to be had: the ones started, and this one, do the work.
      }
      work();
    }  // joins
    for (size_t i = 0; i < records.size(); ++i) {
      if (!done[i]) return false;  // stopped: later records are not handed on either
      sink(records[i], files[start + i]);
    }
    if (stop_requested()) return end == files.size();
  }
  return true;
}

}  // namespace xxgk::cli
