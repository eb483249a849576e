#include "held_batch.h"

#include <algorithm>
#include <cstdlib>
#include <iostream>
#include <string>

namespace xxgk::cli {

namespace {

constexpr size_t kDefaultHold = 64;

// An input kept in the spool beside its record: path, NUL, record name.
std::string input_tag(const Input& in) {
  return in.path + '\0' + in.record_name;
}

Input input_of(const std::string& tag) {
  const size_t nul = tag.find('\0');
  return Input{tag.substr(0, nul), nul == std::string::npos ? std::string() : tag.substr(nul + 1)};
}

Record unreadable_record(const std::string& path, const std::string& why) {
  Record r;
  r.file = path;
  r.failed = true;
  Diagnostic d;
  d.code = codes::input_internal;
  d.severity = Severity::error;
  d.message = "its record was lost: " + why;
  r.diagnostics.push_back(std::move(d));
  return r;
}

}  // namespace

HeldBatch::HeldBatch(const Engine& engine, size_t hold) : hold_(hold), linker_(engine) {}

size_t HeldBatch::default_hold() {
  const char* text = std::getenv("XXGK_HOLD_RECORDS");
  if (!text || !*text) return kDefaultHold;
  char* end = nullptr;
  const unsigned long long n = std::strtoull(text, &end, 10);
  return end && *end == '\0' ? static_cast<size_t>(n) : kDefaultHold;
}

void HeldBatch::add(Record r, Input in) {
  linker_.add(r);
  ++count_;
  if (!spool_ && held_.size() >= hold_ && !spool_failed_) spill();
  if (spool_ && !spool_failed_) {
    if (spool_->add(r, input_tag(in))) return;
    // The disk is full: nothing is lost, the batch goes on in memory (the
    // records already spooled are still read back from it).
    std::cerr << "xxgk: warning: " << spool_->error() << "; keeping the rest of the batch in memory\n";
    spool_failed_ = true;
  }
  held_.push_back(std::move(r));
  held_inputs_.push_back(std::move(in));
}

// Moves the records held so far to a new spool (or, if none can be made,
// keeps holding them, with a warning).
void HeldBatch::spill() {
  auto spool = std::make_unique<RecordSpool>();
  for (size_t i = 0; spool->ok() && i < held_.size(); ++i) spool->add(held_[i], input_tag(held_inputs_[i]));
  if (!spool->ok()) {
    std::cerr << "xxgk: warning: " << spool->error() << "; keeping the batch in memory\n";
    spool_failed_ = true;
    return;
  }
  held_ = {};
  held_inputs_ = {};
  spool_ = std::move(spool);
}

// Record i and its input: read back (spooled records come first) or copied.
bool HeldBatch::take(size_t i, Record& r, Input& in) {
  const size_t spooled = spool_ ? spool_->size() : 0;
  if (i >= spooled) {
    r = held_[i - spooled];
    in = held_inputs_[i - spooled];
    return true;
  }
  std::string tag;
  if (!spool_->get(i, r, &tag)) return false;
  in = input_of(tag);
  return true;
}

void HeldBatch::hand_on(const std::function<void(Record&, const Input&)>& handle) {
  linker_.plan();
  if (!spool_) return hand_on_held(handle);
  Record r, previous;
  Input in, previous_in;
  for (size_t i = 0; i < count_; ++i) {
    const Record* linked = nullptr;
    if (!take(i, r, in)) {
      // The path is lost with the record: the error names its place.
      r = unreadable_record("(record " + std::to_string(i + 1) + " of the batch)", spool_->error());
      in = Input{r.file, {}};
    } else if (const auto p = linker_.previous(i)) {
      // Never a record without the cross findings it should have: one whose
      // previous report is lost fails too, saying why.
      if (take(*p, previous, previous_in))
        linked = &previous;
      else
        r = unreadable_record(in.path, "the previous year's report could not be read back: " + spool_->error());
    }
    linker_.link(i, r, linked);
    handle(r, in);
  }
}

// All in memory: linked in place, later years first, so that the report a
// record is linked to is still as parsed when it is read.
void HeldBatch::hand_on_held(const std::function<void(Record&, const Input&)>& handle) {
  std::vector<size_t> order(held_.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(),
                   [&](size_t a, size_t b) { return held_[a].year.value_or(0) > held_[b].year.value_or(0); });
  for (size_t i : order) {
    const auto p = linker_.previous(i);
    linker_.link(i, held_[i], p ? &held_[*p] : nullptr);
  }
  for (size_t i = 0; i < held_.size(); ++i) handle(held_[i], held_inputs_[i]);
}

}  // namespace xxgk::cli
