// A per-document time budget (issue #7: one pathological file must not stall
// a batch). Pipeline::parse (behind the public Engine::parse) opens a
// TimeBudget for the document on its thread; the stages call check_budget()
// at the points where work can grow with the input (between stages, per
// table row, every few thousand search steps of the glued-digit solver).
// Once the deadline has passed, check_budget() throws
// BudgetSpent, which only Pipeline::parse catches: the document's record fails
// with `input.time_budget`, and the batch goes on with the next file.
//
// Why a thread-local deadline and an exception rather than a parameter and a
// return code through every stage: the checks sit deep in loops of several
// stages, every stage's state is RAII, and the only place that must know is
// the one that opened the budget. Nothing else throws BudgetSpent or catches
// it. Stages run outside a budget (tests, the grammar loader) never time out.
//
// The deadline is wall-clock time, so whether a file near the limit makes it
// depends on the machine: the default (tools: --time-budget) is far above any
// real report's cost (milliseconds), so only runaway inputs are cut.
#pragma once

#include <chrono>
#include <cstdint>

namespace xxgk {

struct BudgetSpent {
  double seconds = 0;  // the budget that was spent
};

class TimeBudget {
 public:
  // `seconds` <= 0: no budget (check() never throws). Budgets do not nest:
  // the innermost one is in force until it ends, then the outer one again.
  explicit TimeBudget(double seconds);
  ~TimeBudget();
  TimeBudget(const TimeBudget&) = delete;
  TimeBudget& operator=(const TimeBudget&) = delete;

 private:
  friend void check_budget();
  std::chrono::steady_clock::time_point deadline_;
  double seconds_ = 0;
  TimeBudget* outer_ = nullptr;
};

// Throws BudgetSpent when the budget in force on this thread is spent.
void check_budget();

// For tight loops: reads the clock once every `every` calls.
class BudgetTicker {
 public:
  explicit BudgetTicker(uint32_t every = 4096) : every_(every) {}
  void tick() {
    if (++count_ >= every_) {
      count_ = 0;
      check_budget();
    }
  }

 private:
  uint32_t every_, count_ = 0;
};

}  // namespace xxgk
