// A one-line progress bar on stderr for long batches:
//
//   [########............]  4210/10000  812 reports/s  37 findings  0:07 left
//
// Only on a terminal: nothing when stderr is not a tty or with -q, so logs and
// pipes never see it. Other output to the terminal is kept clean: the bar is
// erased before each record's output and drawn again after.
#pragma once

#include <chrono>
#include <cstddef>
#include <optional>

#include <xxgk/xxgk.h>

namespace xxgk::cli {

class Progress {
 public:
  // Shown only when `wanted` (not -q) and stderr is a terminal.
  explicit Progress(bool wanted);
  bool enabled() const { return enabled_; }

  void before_output();  // erases the bar, if drawn
  // One more record done; `total` when known in advance.
  void record(const Record& r, std::optional<size_t> total);
  void finish();  // erases the bar for good

  // The line itself (without control characters), `width` columns at most.
  static std::string line(size_t done, std::optional<size_t> total, double seconds, size_t findings,
                          unsigned width);

 private:
  bool enabled_ = false, shown_ = false;
  size_t done_ = 0, findings_ = 0;
  std::chrono::steady_clock::time_point start_, drawn_;
};

}  // namespace xxgk::cli
