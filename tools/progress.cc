#include "progress.h"

#include <sys/ioctl.h>
#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <iostream>
#include <string>

namespace xxgk::cli {

namespace {

// Redraws at most this often: a terminal is slow, and a person reads no faster.
constexpr auto kRedraw = std::chrono::milliseconds(100);
constexpr unsigned kDefaultWidth = 80;

unsigned terminal_width() {
  winsize ws{};
  if (ioctl(STDERR_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0) return ws.ws_col;
  return kDefaultWidth;
}

std::string clock(double seconds) {
  long s = std::lround(seconds);
  char buf[32];
  if (s >= 3600)
    std::snprintf(buf, sizeof buf, "%ld:%02ld:%02ld", s / 3600, s / 60 % 60, s % 60);
  else
    std::snprintf(buf, sizeof buf, "%ld:%02ld", s / 60, s % 60);
  return buf;
}

void put(const std::string& s) {
  std::fwrite(s.data(), 1, s.size(), stderr);
  std::fflush(stderr);
}

}  // namespace

Progress::Progress(bool wanted) : enabled_(wanted && isatty(STDERR_FILENO)) {
  start_ = std::chrono::steady_clock::now();
}

std::string Progress::line(size_t done, std::optional<size_t> total, double seconds, size_t findings,
                           unsigned width) {
  const double rate = seconds > 0 ? done / seconds : 0;
  std::string counts = total ? std::to_string(done) + "/" + std::to_string(*total) : std::to_string(done);
  std::string tail = "  " + counts + "  " + std::to_string(std::lround(rate)) + " reports/s  " +
                     std::to_string(findings) + " finding" + (findings == 1 ? "" : "s");
  if (total && rate > 0) tail += "  " + clock((*total - std::min(done, *total)) / rate) + " left";
  if (!total) return tail.substr(2).substr(0, width);
  // The bar takes what the numbers leave, between 10 and 30 columns.
  const int room = static_cast<int>(width) - static_cast<int>(tail.size()) - 3;
  if (room < 10) return tail.substr(2).substr(0, width);
  const size_t bar = std::min(room, 30);
  const size_t filled = *total ? bar * std::min(done, *total) / *total : bar;
  return "[" + std::string(filled, '#') + std::string(bar - filled, '.') + "]" + tail;
}

void Progress::before_output() {
  if (!shown_) return;
  put("\r\033[K");
  shown_ = false;
}

void Progress::record(const Record& r, std::optional<size_t> total) {
  if (!enabled_) return;
  ++done_;
  findings_ += r.findings.size();
  auto now = std::chrono::steady_clock::now();
  if (shown_ && now - drawn_ < kRedraw && (!total || done_ < *total)) return;
  std::cout.flush();  // what the records wrote to a terminal comes before the bar
  put("\r\033[K" + line(done_, total, std::chrono::duration<double>(now - start_).count(), findings_,
                        terminal_width() - 1));
  shown_ = true;
  drawn_ = now;
}

void Progress::finish() {
  before_output();
}

}  // namespace xxgk::cli
