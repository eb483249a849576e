#include "streams.h"

#include <algorithm>
#include <condition_variable>
#include <exception>
#include <filesystem>
#include <iostream>
#include <map>
#include <mutex>
#include <thread>

#include "batch.h"
#include "progress.h"

namespace xxgk::cli {

namespace {

// Records parsed ahead of the writer, per thread: enough to keep every thread
// busy while one slow report holds up the output, few enough that memory is
// flat (a record is tens of KB).
constexpr size_t kWindowPerJob = 8;

}  // namespace

PathSource::PathSource(const std::vector<std::string>& named, const std::string& paths_from,
                       std::function<void(const Problem&)> report)
    : report_(std::move(report)) {
  std::vector<std::string> files;
  for (auto& p : named)
    if (p == kStdinName)
      queue_.push_back(Input{p, p});
    else
      files.push_back(p);
  if (!files.empty()) add(expand_inputs(files));
  if (paths_from.empty()) return;
  if (paths_from == "-") {
    in_ = &std::cin;
  } else {
    std::error_code ec;
    if (!std::filesystem::is_directory(paths_from, ec)) file_.open(paths_from);
    if (!file_.is_open() || !file_) {
      std::cerr << paths_from << ": error: cannot read the list of paths\n";
      ok_ = false;
      return;
    }
    in_ = &file_;
  }
}

void PathSource::add(Inputs inputs) {
  for (auto& p : inputs.problems) {
    failed_ |= p.diagnostic.severity == Severity::error;
    if (report_) report_(p);
  }
  if (inputs.files.empty()) return;
  waiting_ += inputs.files.size();
  groups_.push_back(std::move(inputs));
}

std::optional<size_t> PathSource::total() const {
  if (in_) return std::nullopt;
  return given_ + queue_.size() + waiting_;
}

std::optional<Input> PathSource::take() {
  if (!queue_.empty()) {
    Input in = std::move(queue_.front());
    queue_.pop_front();
    return in;
  }
  if (groups_.empty()) return std::nullopt;
  Input in = groups_.front().input(next_in_group_++);
  --waiting_;
  if (next_in_group_ == groups_.front().files.size()) {
    groups_.pop_front();
    next_in_group_ = 0;
  }
  return in;
}

std::optional<Input> PathSource::next() {
  std::string line;
  while (queue_.empty() && groups_.empty() && in_ && std::getline(*in_, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty()) continue;
    // In a list, "-" is a file of that name, not standard input (which is the list).
    add(expand_inputs({line == kStdinName ? "./-" : line}));
  }
  std::optional<Input> in = take();
  if (!in) {
    in_ = nullptr;
    return std::nullopt;
  }
  ++given_;
  return in;
}

bool run_stream(const Engine& engine, PathSource& source, unsigned jobs,
                const std::function<void(Record&, const Input&)>& sink, const std::function<void()>& idle,
                Progress* progress) {
  jobs = std::max(1u, jobs);
  const size_t window = kWindowPerJob * jobs;
  std::mutex mutex;         // guards everything below but the source
  std::mutex source_mutex;  // guards source and next_seq: reading stdin must not block the writer
  std::condition_variable can_take, can_write;
  size_t claimed = 0;         // paths workers are allowed to take (at most next_out + window)
  size_t next_seq = 0;        // sequence number of the next path read (source_mutex)
  size_t next_out = 0;        // sequence number of the next record to hand to the sink
  std::optional<size_t> end;  // number of paths, once the source is exhausted
  std::map<size_t, std::pair<Record, Input>> done;
  // An exception (out of memory, a sink that cannot write) stops the batch:
  // every thread leaves, and the writer rethrows it once they are joined.
  bool stop = false;
  std::exception_ptr failure;
  auto fail = [&](std::exception_ptr e) {
    std::lock_guard lock(mutex);
    if (!failure) failure = e;
    stop = true;
    can_take.notify_all();
    can_write.notify_all();
  };

  auto work = [&] {
    for (;;) {
      {
        std::unique_lock lock(mutex);
        can_take.wait(lock, [&] { return end || stop || claimed < next_out + window; });
        if (end || stop) return;
        if (stop_requested()) {  // SIGINT/SIGTERM: no new input
          stop = true;
          can_write.notify_all();
          return;
        }
        ++claimed;
      }
      std::optional<Input> path;
      size_t seq = 0;
      {
        std::lock_guard lock(source_mutex);
        path = source.next();
        seq = next_seq;
        if (path) ++next_seq;
      }
      if (!path) {
        std::lock_guard lock(mutex);
        end = seq;
        can_take.notify_all();
        can_write.notify_all();
        return;
      }
      Record r;
      try {
        r = parse_file(engine, path->path);  // "-": the document on standard input
      } catch (...) {
        fail(std::current_exception());
        return;
      }
      {
        std::lock_guard lock(mutex);
        done.emplace(seq, std::make_pair(std::move(r), std::move(*path)));
        if (seq == next_out) can_write.notify_all();
      }
    }
  };
  const bool listed = source.streaming();  // before any thread reads the source
  std::vector<std::jthread> threads;
  for (unsigned t = 0; t < jobs; ++t) threads.emplace_back(work);

  std::unique_lock lock(mutex);
  for (;;) {
    if (stop) break;
    if (done.empty() || done.begin()->first != next_out) {
      if (end && next_out == *end) break;
      lock.unlock();
      if (idle) idle();
      lock.lock();
      can_write.wait(lock, [&] {
        return stop || (!done.empty() && done.begin()->first == next_out) || (end && next_out == *end);
      });
      continue;
    }
    Record r = std::move(done.begin()->second.first);
    Input in = std::move(done.begin()->second.second);
    done.erase(done.begin());
    ++next_out;
    lock.unlock();
    can_take.notify_all();
    if (progress) progress->before_output();
    try {
      sink(r, in);
    } catch (...) {
      fail(std::current_exception());
      lock.lock();
      break;
    }
    if (progress && progress->enabled()) {
      // A list being read has no total; and its reader may be waiting for a
      // line while holding source_mutex, which the writer must never wait for.
      std::optional<size_t> total;
      if (!listed) {
        std::lock_guard source_lock(source_mutex);
        total = source.total();
      }
      progress->record(r, total);
    }
    lock.lock();
  }
  lock.unlock();
  threads.clear();  // joins
  if (progress) progress->finish();
  if (failure) std::rethrow_exception(failure);
  return !(end && next_out == *end) ? false : true;
}

}  // namespace xxgk::cli
