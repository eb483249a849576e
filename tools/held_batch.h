// The records of a batch named on the command line, held until the whole
// batch is parsed, then linked across years (agency_key, previous, m.yoy.*,
// cross.* findings) and handed on in input order.
//
// A batch of a few hundred reports stays in memory. Past that, records go to
// a RecordSpool (an unnamed temporary file) with their inputs, and only the
// BatchLinker's 16 bytes a record stay, so memory is flat however many
// reports the batch has: the linking pass reads back each record and the one
// it is linked to. Both ways give the same records, byte for byte (a test
// checks it).
#pragma once

#include <functional>
#include <memory>
#include <vector>

#include <xxgk/xxgk.h>

#include "batch.h"

namespace xxgk::cli {

class HeldBatch {
 public:
  // `hold`: records kept in memory before the spool takes over.
  HeldBatch(const Engine& engine, size_t hold);
  // The bound the CLI uses: $XXGK_HOLD_RECORDS, else 64.
  static size_t default_hold();

  void add(Record r, Input in);
  // Links the batch and calls handle(record, input) for each, in input order.
  // A record that cannot be read back from the spool (an I/O error) is handed
  // on as a failed record saying why (input.internal_error).
  void hand_on(const std::function<void(Record&, const Input&)>& handle);

 private:
  void hand_on_held(const std::function<void(Record&, const Input&)>& handle);
  bool take(size_t i, Record& r, Input& in);
  void spill();

  size_t hold_;
  BatchLinker linker_;
  size_t count_ = 0;
  std::vector<Record> held_;  // the records not spooled (all, while none is)
  std::vector<Input> held_inputs_;
  std::unique_ptr<RecordSpool> spool_;  // once the batch outgrows hold_
  bool spool_failed_ = false;
};

}  // namespace xxgk::cli
