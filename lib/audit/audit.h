// Stage 6: audit. Checks every instance of the grammar's rules on the cells of
// one report, and the narrative figures against their cells.
//
// Blank cells count as 0 and each finding lists them. Where one side of a rule
// is blank altogether (a total column left empty) the finding is a warning that
// the total was left blank, not an error. A rule instance that touches a
// missing, ambiguous or suspect cell cannot be checked and is counted as unchecked.
#pragma once

#include <memory_resource>
#include <optional>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "base/record.h"
#include "grammar/grammar.h"
#include "normalize/normalize.h"

namespace xxgk {

// A report's cells by key (the last of a key given twice), for the rules'
// lookups, which are thousands a report. A parsed report's cells are its
// grammar's keys in order: then the index builds nothing, finds a key by the
// grammar's own index of its keys, and a rule's term by its number
// (RuleInstance::lhs_ids). Other cells are hashed, with the nodes in one pool
// (a node's malloc and free cost more than its lookups). Keys are views: the
// strings must outlive the index.
class CellIndex {
 public:
  explicit CellIndex(const std::vector<CellValue>& cells);
  CellIndex(const std::vector<CellValue>& cells, const Grammar& grammar);
  CellIndex(const CellIndex&) = delete;
  CellIndex& operator=(const CellIndex&) = delete;
  // The cell of `key`, or null.
  const CellValue* find(std::string_view key) const {
    if (in_order_) {
      auto it = keys_->ids.find(key);
      return it == keys_->ids.end() ? nullptr : &(*cells_)[it->second];
    }
    auto it = map_.find(key);
    return it == map_.end() ? nullptr : it->second;
  }
  // The same for `key` numbered `id` among the grammar's keys (-1: none).
  const CellValue* find(int32_t id, std::string_view key) const {
    if (in_order_ && id >= 0 && static_cast<size_t>(id) < cells_->size() &&
        (*cells_)[static_cast<size_t>(id)].key == key)
      return &(*cells_)[static_cast<size_t>(id)];
    return find(key);
  }
  void set(std::string_view key, const CellValue* cell);
  // `index`, or one of `cells` built in `own` when `index` is null.
  static const CellIndex& of(const std::vector<CellValue>& cells, const Grammar& grammar, const CellIndex* index,
                             std::optional<CellIndex>& own) {
    return index ? *index : own.emplace(cells, grammar);
  }

 private:
  void hash_cells();
  const std::vector<CellValue>* cells_;
  const KeyIndex* keys_ = nullptr;
  bool in_order_ = false;  // cells_ are keys_->order, one each
  std::pmr::monotonic_buffer_resource pool_;
  std::pmr::unordered_map<std::string_view, const CellValue*, ViewHash> map_{&pool_};
};

// The term `i` of a side of a rule instance, by its number when it has one.
inline const CellValue* find_term(const CellIndex& index, const std::vector<std::string>& terms,
                                  const std::vector<int32_t>& ids, size_t i) {
  return index.find(i < ids.size() ? ids[i] : -1, terms[i]);
}

struct AuditResult {
  std::vector<Finding> findings;
  size_t checked = 0, unchecked = 0;
};

// Each of the functions below over one report's cells takes the index of
// those cells when the caller has one (the pipeline builds it once a report);
// null: it builds its own.
AuditResult audit_cells(const Grammar& grammar, const std::vector<CellValue>& cells, const CellIndex* index = nullptr);

std::vector<Finding> audit_narratives(const Grammar& grammar, const std::vector<CellValue>& cells,
                                      const Normalized& text, const CellIndex* index = nullptr);

// Cross-report rules (cross.carry_over, cross.in_force) between `current` and
// the same agency's report of the year before, with the grammar of `current`.
// A key absent from either report (another template) leaves its rule unchecked.
std::vector<Finding> audit_cross(const Grammar& grammar, const Record& current, const Record& previous);

// The keys the cross rules of `grammar` read, so a batch can keep only those.
std::vector<std::string> cross_keys(const Grammar& grammar);

// Diagnosis: the cells whose change to one value would make every broken
// rule of `findings` hold without breaking one that holds (the crossing of a
// row total, a column total and the balance); else the pairs of cells that
// do, up to kMaxPairs; else none. Sets each finding's `suspects`. Cells that
// were not read (missing, ambiguous, suspect) are never suspects; the rule
// instances they kept from being checked are listed as unchecked.
inline constexpr size_t kMaxPairs = 8;
// Cells tried in pairs: a report whose broken rules touch more cells than this
// is not explained by two of them in any readable way (and the search is
// quadratic).
inline constexpr size_t kMaxPairCandidates = 160;
Diagnosis diagnose(const Grammar& grammar, const std::vector<CellValue>& cells, std::vector<Finding>& findings,
                   const CellIndex* index = nullptr);

// The grammar's indicators on one report's cells; `previous` (the same
// agency's report of the year before, or null) feeds previous.m.* terms.
std::vector<Metric> compute_metrics(const Grammar& grammar, const std::vector<CellValue>& cells,
                                    const std::vector<Metric>* previous, const CellIndex* index = nullptr);

// One sentence for a reader: "予以公开/自然人 printed 7; 4 would make
// t3.row_total[granted], t3.results_total[natural] hold".
std::string describe(const Diagnosis& d);

}  // namespace xxgk
