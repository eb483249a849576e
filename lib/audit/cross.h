// Cross-report work over one batch of records: the same agency across years.
//
//  1. agency_key: each report's agency name as a label key, Traditional folded
//     to Simplified, then folded across the batch: a short form
//     (南山区人民政府) joins the full signature form (鹤岗市南山区人民政府) that
//     ends with it, where the rest is a region prefix (ends with a region
//     suffix of common.xml: 鹤岗市) or the two come from the same folder, and
//     only where one full form is possible;
//  2. each report is linked to the same key's report of the year before
//     (Record::previous, saying why);
//  3. m.yoy.* are computed against the linked report's indicators;
//  4. the cross rules run on each linked pair: the grammar's <cross> rules
//     (cross.carry_over, cross.in_force), cross.copied_table,
//     cross.copied_text and cross.jump (thresholds in <cross-checks>); their
//     findings, warnings that name the previous file, are appended to the
//     later report's findings.
//
// link_batch does it all on records held in memory. A batch too large to hold
// goes through a Linker: each record's agency, folder and year are kept as it
// is added; plan() folds and links; link() then takes each report and the one
// it is linked to, read back one pair at a time. The previous report is
// always taken as parsed (its own indicators), so the result does not depend
// on the order in which records are linked.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "grammar/grammar.h"
#include "base/record.h"

namespace xxgk {

void link_batch(const GrammarSet& grammars, std::vector<Record>& records);

// BatchLinker's work (the public class forwards here), over a GrammarSet.
class Linker {
 public:
  explicit Linker(const GrammarSet& grammars) : grammars_(grammars) {}
  void add(const Record& r);
  void plan();
  std::optional<size_t> previous(size_t i) const;
  void link(size_t i, Record& r, const Record* previous) const;

 private:
  // What is kept of each record: 16 bytes, whatever the batch's size.
  struct Entry {
    uint32_t agency = kNone;  // id of its own key (agency, Traditional folded, as a label key)
    uint32_t folder = 0;      // id of its folder
    uint32_t previous = kNone;
    int16_t year = 0;         // 0: none
    bool linkable = false;    // not failed, an agency, a year, a known template
  };
  static constexpr uint32_t kNone = UINT32_MAX;
  static uint32_t intern(std::map<std::string, uint32_t>& table, std::string s, std::vector<const std::string*>* text);

  const GrammarSet& grammars_;
  std::vector<Entry> entries_;
  // Per distinct name, a few dozen bytes: its text (in key_ids_), the name it
  // folds into, and why (only for those folded).
  std::map<std::string, uint32_t> key_ids_, folder_ids_;
  std::vector<const std::string*> key_text_;  // id -> the key in key_ids_
  std::vector<uint32_t> folded_;
  std::map<uint32_t, std::string> why_;
};

// The pieces, for tests.
std::vector<Finding> copied_tables(const Grammar& g, const Record& current, const Record& previous);
std::vector<Finding> copied_texts(const Grammar& g, const Record& current, const Record& previous);
std::vector<Finding> jumps(const Grammar& g, const Record& current, const Record& previous);

}  // namespace xxgk
