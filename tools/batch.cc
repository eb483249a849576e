#include "batch.h"

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

namespace xxgk::cli {

namespace {

namespace fs = std::filesystem;

// Reports are a few hundred KB at most; a bigger file is not one, and reading
// it whole would only cost memory.
constexpr uintmax_t kMaxFileBytes = 64u << 20;
// Files parsed before their records are handed on: bounds memory on archives.
constexpr size_t kChunk = 256;

bool hidden(const fs::path& p) {
  auto name = p.filename().string();
  return !name.empty() && name[0] == '.';
}

Record read_and_parse(const Engine& engine, const std::string& path) {
  std::error_code ec;
  auto size = fs::file_size(path, ec);
  auto failure = [&](std::string code, std::string message) {
    Record r;
    r.file = path;
    r.failed = true;
    r.diagnostics.push_back(error_diagnostic(std::move(code), std::move(message)));
    return r;
  };
  if (ec) return failure("input.unreadable", "cannot read: " + ec.message());
  if (size > kMaxFileBytes)
    return failure("input.too_large", "file of " + std::to_string(size) + " bytes is too large for a report");
  std::ifstream in(path, std::ios::binary);
  if (!in) return failure("input.unreadable", "cannot open the file");
  std::ostringstream buf;
  buf << in.rdbuf();
  return engine.parse(buf.str(), path);
}

}  // namespace

std::vector<std::string> expand_inputs(const std::vector<std::string>& paths, std::vector<std::string>& missing) {
  std::vector<std::string> out;
  for (auto& p : paths) {
    std::error_code ec;
    if (fs::is_directory(p, ec)) {
      std::vector<std::string> found;
      for (auto it = fs::recursive_directory_iterator(p, fs::directory_options::skip_permission_denied, ec);
           it != fs::recursive_directory_iterator(); it.increment(ec)) {
        if (ec) break;
        if (hidden(it->path())) {
          if (it->is_directory()) it.disable_recursion_pending();
          continue;
        }
        if (it->is_regular_file()) found.push_back(it->path().string());
      }
      std::sort(found.begin(), found.end());
      out.insert(out.end(), found.begin(), found.end());
    } else if (fs::exists(p, ec)) {
      out.push_back(p);
    } else {
      missing.push_back(p);
    }
  }
  return out;
}

void run_batch(const Engine& engine, const std::vector<std::string>& files, unsigned jobs,
               const std::function<void(Record&)>& sink) {
  jobs = std::max(1u, jobs);
  for (size_t start = 0; start < files.size(); start += kChunk) {
    const size_t end = std::min(files.size(), start + kChunk);
    std::vector<Record> records(end - start);
    std::atomic<size_t> next{start};
    auto work = [&] {
      for (size_t i; (i = next.fetch_add(1)) < end;) records[i - start] = read_and_parse(engine, files[i]);
    };
    std::vector<std::jthread> threads;
    for (unsigned t = 1; t < jobs && t < end - start; ++t) threads.emplace_back(work);
    work();
    threads.clear();  // joins
    for (auto& r : records) sink(r);
  }
}

}  // namespace xxgk::cli
