#include "base/budget.h"

namespace xxgk {

namespace {
thread_local TimeBudget* in_force = nullptr;
}

TimeBudget::TimeBudget(double seconds) : seconds_(seconds), outer_(in_force) {
  if (seconds <= 0) {
    in_force = nullptr;
    return;
  }
  deadline_ = std::chrono::steady_clock::now() +
              std::chrono::duration_cast<std::chrono::steady_clock::duration>(std::chrono::duration<double>(seconds));
  in_force = this;
}

TimeBudget::~TimeBudget() { in_force = outer_; }

void check_budget() {
  const TimeBudget* b = in_force;
  if (b && std::chrono::steady_clock::now() >= b->deadline_) throw BudgetSpent{b->seconds_};
}

}  // namespace xxgk
