// Recovery of glued digit runs: a constraint search over a whole table.
//
// Pipeline (see recover.h for the contract):
//   1. prepare each run: too long? can its text be split into keys.size()
//      cells at all? (a DP over cells x positions; it also prunes every
//      partial split that cannot be completed, so enumeration never dead-ends)
//   2. bind keys to run cells or known constants, compile the equations into
//      integer terms over (run, cell), and classify them: local (one run),
//      cross (several runs), unchecked (mentions a cell nobody knows) or
//      trivial (no run cell at all).
//   3. enumerate each run's splits, filtered by its local equations as soon as
//      their cells are placed (table-4 groups prune after five cells).
//   4. group runs linked by cross equations into components and search each
//      exhaustively (explicit-stack DFS with interval bounds), recording every
//      distinct split of every run that takes part in a solution.
//   5. no solution: localize by dropping one equation, or one figure, at a
//      time (else two equations), and keep what the least relaxation fixes.
//
// Independent components are searched separately: the joint solution set is
// their product, so table 4's ambiguity never multiplies table 3's search.
//
// Budgets: Solution::nodes counts search steps (the main search and every
// localization trial) against Limits::max_nodes; enumerating one run's splits
// has its own caps (kMaxCandidatesPerRun, kMaxEnumerationSteps).
//
// Values: CellAnswer::value is the cell's mantissa. For an integer cell that
// is the number; for a cell printed with a point ("1.25") it is 125 and
// `raw` carries the point, as do the run's candidates (the header has no
// scale field). Ambiguous candidates are listed as mantissas too.
#include "extract/recover.h"

#include "base/budget.h"

#include <algorithm>
#include <array>
#include <deque>
#include <map>
#include <numeric>
#include <string_view>
#include <tuple>
#include <unordered_map>
#include <utility>

namespace xxgk::recover {

namespace {

// Sums must be exact. A cell holds at most kMaxCellDigits digits (< 10^18),
// a known value or constant fits int64 (< 10^19), and every value is aligned
// to the problem's largest number of decimals (< 18 places): a term stays
// below 10^36, and an equation of at most kMaxEquationTerms keys (repeats
// included) sums below 10^38 < 2^127. (__extension__: GCC and Clang only.)
__extension__ typedef __int128 Wide;

// Named caps: a pathological run must not hang a batch.
constexpr size_t kMaxCandidatesPerRun = 200'000;      // splits kept per run
constexpr uint64_t kMaxEnumerationSteps = 4'000'000;  // cells placed while enumerating one run
constexpr int kMaxCellDigits = 18;                    // longer figures are not counts of anything
constexpr int kMaxDecimals = kMaxCellDigits - 1;
constexpr size_t kMaxEquationTerms = 100;  // keys per equation; larger ones are left unchecked
constexpr size_t kMaxPosition = 65535;     // positions are stored as uint16_t
constexpr size_t kMaxNamedCulprits = 8;    // equations or figures listed in a no-solution note
// Each localization trial rebuilds a search (cost grows with the splits, not
// only with nodes), so their number is capped too.
constexpr size_t kMaxLocalizationTrials = 2000;
constexpr uint32_t kNone = UINT32_MAX;

Wide pow10(int e) {
  static const auto table = [] {
    std::array<Wide, kMaxDecimals + 1> t{};
    t[0] = 1;
    for (size_t i = 1; i < t.size(); ++i) t[i] = t[i - 1] * 10;
    return t;
  }();
  return table[static_cast<size_t>(e)];
}

bool flag(const std::vector<bool>& v, size_t i) {
  return i < v.size() && v[i];
}

// ---- step 1: the split graph of one run ------------------------------------

// One way to read cell i starting at some position.
struct Option {
  uint16_t end = 0;
  uint8_t decimals = 0;
  int64_t mantissa = 0;
};

// For each (cell, start) the readings of that cell whose remainder can still
// be split into the remaining cells: every path through it is a full split.
struct SplitGraph {
  size_t width = 0, length = 0;
  bool splittable = false;
  int max_decimals = 0;
  std::vector<uint16_t> next_start;                 // first non-space at or after p, p in [0, length]
  std::vector<std::pair<uint32_t, uint32_t>> slot;  // [cell * (length+1) + start] -> range in options
  std::vector<Option> options;

  const Option* begin_of(size_t cell, size_t start) const {
    return options.data() + slot[cell * (length + 1) + start].first;
  }
  size_t count_of(size_t cell, size_t start) const { return slot[cell * (length + 1) + start].second; }
};

// Every reading of one cell that starts at b: an optional sign (only where the
// key may be signed), digits with at most one inner '.', no leading zero
// unless the whole integer part is 0. Readings end at or before `limit`.
// Appends to `out` in increasing end order.
void scan_cell(std::string_view text, size_t b, size_t limit, bool sign_ok, bool decimal_ok, std::vector<Option>& out) {
  size_t p = b;
  if (text[p] == kBlankCell) {  // a blank marker is exactly one cell
    if (b + 1 <= limit) out.push_back({static_cast<uint16_t>(b + 1), 0, 0});
    return;
  }
  if (text[p] == kMaybeBlank) {  // a blank cell, or a boundary before the figure that follows
    if (b + 1 <= limit) out.push_back({static_cast<uint16_t>(b + 1), 0, 0});
    ++p;
    while (p < limit && text[p] == ' ') ++p;
    if (p >= limit || text[p] == kMaybeBlank) return;
    if (text[p] == kBlankCell) {  // only a boundary before a printed blank marker
      out.push_back({static_cast<uint16_t>(p + 1), 0, 0});
      return;
    }
  }
  bool negative = false;
  if (p < text.size() && (text[p] == '+' || text[p] == '-')) {
    if (!sign_ok) return;
    negative = text[p] == '-';
    ++p;
  }
  int int_digits = 0, frac_digits = 0;
  bool dot = false, leading_zero = false;
  int64_t m = 0;
  for (size_t q = p; q < limit; ++q) {
    char c = text[q];
    if (c == '.') {
      if (!decimal_ok || dot || int_digits == 0) return;
      dot = true;  // a cell never ends on the point: nothing to emit here
      continue;
    }
    if (c < '0' || c > '9') return;  // a space or a sign ends every reading
    if (!dot) {
      if (leading_zero) return;  // "05" is no number, nor is anything longer
      leading_zero = int_digits == 0 && c == '0';
      ++int_digits;
    } else {
      ++frac_digits;
    }
    if (int_digits + frac_digits > kMaxCellDigits) return;
    m = m * 10 + (c - '0');
    out.push_back({static_cast<uint16_t>(q + 1), static_cast<uint8_t>(frac_digits), negative ? -m : m});
  }
}

SplitGraph build_graph(const Run& run) {
  SplitGraph g;
  g.width = run.keys.size();
  g.length = run.text.size();
  const size_t L = g.length, W = L + 1;
  g.next_start.assign(W, static_cast<uint16_t>(L));
  for (size_t p = L; p-- > 0;) g.next_start[p] = run.text[p] == ' ' ? g.next_start[p + 1] : static_cast<uint16_t>(p);
  // feasible[cell * W + start]: cells cell.. can exactly cover text[start..].
  std::vector<char> feasible((g.width + 1) * W, 0);
  feasible[g.width * W + L] = 1;
  g.slot.assign(g.width * W, {0, 0});
  std::vector<Option> scratch;
  for (size_t cell = g.width; cell-- > 0;) {
    // Every cell takes at least one character: cell i starts at or after i
    // and leaves room for the width - i - 1 cells after it.
    for (size_t b = cell; b + (g.width - cell) <= L; ++b) {
      if (run.text[b] == ' ') continue;
      scratch.clear();
      size_t limit = L - (g.width - cell - 1);
      scan_cell(run.text, b, limit, flag(run.signed_ok, cell), flag(run.decimal_ok, cell), scratch);
      auto& s = g.slot[cell * W + b];
      s.first = static_cast<uint32_t>(g.options.size());
      for (const Option& o : scratch) {
        if (!feasible[(cell + 1) * W + g.next_start[o.end]]) continue;
        g.options.push_back(o);
        g.max_decimals = std::max<int>(g.max_decimals, o.decimals);
      }
      s.second = static_cast<uint32_t>(g.options.size()) - s.first;
      feasible[cell * W + b] = s.second > 0;
    }
  }
  g.splittable = feasible[g.next_start[0]] != 0;
  return g;
}

// ---- step 2: equations ---------------------------------------------------------

struct Term {
  uint32_t run = 0, cell = 0;
  int64_t coef = 0;
};

enum class EqKind { unchecked, trivial, local, cross };

// sum(coef * cell) == target, all values scaled to the problem's decimals.
struct Compiled {
  std::vector<Term> terms;              // sorted by (run, cell), merged, no zero coefficients
  std::vector<std::string> known_keys;  // folded into target; named when localizing
  Wide target = 0;
  EqKind kind = EqKind::unchecked;
  // Names the equation in notes (built only when a note needs it).
  const std::string* rule = nullptr;
  const std::string* scope = nullptr;

  std::string label() const {
    static const std::string same_key = "same_key";
    const std::string& r = rule ? *rule : same_key;
    return !scope || scope->empty() ? r : r + " (" + *scope + ")";
  }
};

// Where a key's value comes from.
struct Binding {
  bool in_run = false;
  uint32_t run = 0, cell = 0;
  int64_t known = 0;
};

void merge_terms(std::vector<Term>& terms) {
  std::sort(terms.begin(), terms.end(),
            [](const Term& a, const Term& b) { return std::tie(a.run, a.cell) < std::tie(b.run, b.cell); });
  size_t out = 0;  // merge in place: terms[0, out) are done
  for (size_t i = 0; i < terms.size(); ++i) {
    if (out > 0 && terms[out - 1].run == terms[i].run && terms[out - 1].cell == terms[i].cell)
      terms[out - 1].coef += terms[i].coef;
    else
      terms[out++] = terms[i];
  }
  terms.resize(out);
  std::erase_if(terms, [](const Term& t) { return t.coef == 0; });
}

// The kind once terms are final: an equation with no run cell cannot help
// recovery (the auditor reports it), so it is "trivial" and ignored here.
EqKind kind_of(const std::vector<Term>& terms) {
  if (terms.empty()) return EqKind::trivial;
  for (const Term& t : terms)
    if (t.run != terms.front().run) return EqKind::cross;
  return EqKind::local;
}

// ---- step 3: the splits of one run -------------------------------------------

// One cell of one split.
struct Piece {
  int64_t mantissa = 0;
  uint16_t begin = 0, end = 0;
  uint8_t decimals = 0;
};

// Every kept split of one run, flat: cell i of split k at [k * width + i].
struct Splits {
  enum class Outcome { ok, too_many, too_long_search };
  size_t width = 0, count = 0;
  std::vector<Piece> pieces;
  Outcome outcome = Outcome::ok;
  uint32_t last_reject = kNone;  // local equation that rejected last, for notes

  const Piece& at(size_t k, size_t cell) const { return pieces[k * width + cell]; }
  Wide value(size_t k, size_t cell, int scale) const {
    const Piece& p = at(k, cell);
    return Wide(p.mantissa) * pow10(scale - p.decimals);
  }
};

class Enumerator {
 public:
  Enumerator(const SplitGraph& g, const std::vector<Compiled>& eqs, const std::vector<uint32_t>& local, int scale)
      : g_(g), eqs_(eqs), scale_(scale), checks_at_(g.width) {
    // A local equation is checked as soon as its last cell is placed.
    for (uint32_t e : local) checks_at_[eqs[e].terms.back().cell].push_back(e);
    cur_.resize(g.width);
    cur_begin_.resize(g.width);
  }

  Splits run() {
    out_.width = g_.width;
    if (!g_.splittable) return std::move(out_);
    if (g_.width == 0) {
      out_.count = 1;  // the empty split of a blank run
      return std::move(out_);
    }
    walk();
    return std::move(out_);
  }

 private:
  // Depth-first over cells with an explicit stack: pick[i] is the option of
  // cell i being tried, at[i] where cell i starts.
  void walk() {
    const size_t n = g_.width;
    std::vector<uint32_t> pick(n, 0);
    std::vector<uint16_t> at(n + 1, 0);
    at[0] = g_.next_start[0];
    size_t i = 0;
    uint64_t steps = 0;
    for (;;) {
      if (i == n) {
        if (!emit()) return;
        --i;
        ++pick[i];
        continue;
      }
      if (pick[i] >= g_.count_of(i, at[i])) {
        if (i == 0) return;
        --i;
        ++pick[i];
        continue;
      }
      if (++steps > kMaxEnumerationSteps) {
        out_.outcome = Splits::Outcome::too_long_search;
        return;
      }
      cur_[i] = g_.begin_of(i, at[i])[pick[i]];
      cur_begin_[i] = at[i];
      if (!checks_pass(i)) {
        ++pick[i];
        continue;
      }
      at[i + 1] = g_.next_start[cur_[i].end];
      ++i;
      if (i < n) pick[i] = 0;
    }
  }

  bool checks_pass(size_t cell) {
    for (uint32_t e : checks_at_[cell]) {
      Wide sum = 0;
      for (const Term& t : eqs_[e].terms)
        sum += Wide(t.coef) * Wide(cur_[t.cell].mantissa) * pow10(scale_ - cur_[t.cell].decimals);
      if (sum != eqs_[e].target) {
        out_.last_reject = e;
        return false;
      }
    }
    return true;
  }

  bool emit() {
    if (out_.count == kMaxCandidatesPerRun) {
      out_.outcome = Splits::Outcome::too_many;
      return false;
    }
    for (size_t i = 0; i < g_.width; ++i)
      out_.pieces.push_back({cur_[i].mantissa, cur_begin_[i], cur_[i].end, cur_[i].decimals});
    ++out_.count;
    return true;
  }

  const SplitGraph& g_;
  const std::vector<Compiled>& eqs_;
  int scale_;
  std::vector<std::vector<uint32_t>> checks_at_;
  std::vector<Option> cur_;
  std::vector<uint16_t> cur_begin_;
  Splits out_;
};

// ---- step 4: the joint search ------------------------------------------------

struct Budget {
  uint64_t used = 0, max = 0;
  bool spent() const { return used >= max; }
};

// What one search sees: some runs with their splits, the cross equations in force.
struct Space {
  std::vector<uint32_t> runs;  // problem run indices
  std::vector<const Splits*> splits;
  std::vector<uint32_t> eqs;
};

struct Outcome {
  bool truncated = false;
  uint64_t solutions = 0;
  std::vector<std::vector<uint32_t>> seen;  // parallel to Space::runs: distinct split ids in solutions
  uint32_t deepest = kNone;                 // equation that failed at the deepest level, last
};

class Search {
 public:
  Search(const Space& space, const std::vector<Compiled>& eqs, int scale) : space_(space) {
    order_runs();
    build_links(eqs, scale);
  }

  // `off`, indexed by equation id, switches equations off for this run (a
  // localization trial); the search can be run again with another mask.
  Outcome run(Budget& budget, bool first_only, const std::vector<char>* off = nullptr) {
    Outcome out;
    out.seen.resize(space_.runs.size());
    seen_flag_.resize(space_.runs.size());
    for (size_t p = 0; p < space_.runs.size(); ++p) seen_flag_[p].assign(space_.splits[p]->count, false);
    for (EqState& st : state_) {
      st.sum = 0;
      st.lo = st.lo0;
      st.hi = st.hi0;
      st.off = off && (*off)[st.id];
    }
    for (size_t d = 0; d < order_.size(); ++d)
      if (count(d) == 0) return out;  // a run none of whose splits passes its own equations
    dfs(budget, first_only, out);
    return out;
  }

 private:
  // A run's share in one equation: its contribution for each of its splits,
  // at contrib_[offset + k].
  struct Link {
    uint32_t eq = 0;  // index into state_
    size_t offset = 0;
    Wide lo = 0, hi = 0;
  };
  // sum (assigned) + [lo, hi] (still free) must contain target.
  struct EqState {
    uint32_t id = 0;
    bool off = false;                   // not checked in this run
    Wide target = 0, lo0 = 0, hi0 = 0;  // as built: nothing assigned
    Wide sum = 0, lo = 0, hi = 0;
  };

  size_t count(size_t depth) const { return space_.splits[order_[depth]]->count; }

  // Fewest splits first: single-split runs fix their columns before anything
  // branches, so the interval bounds bite early.
  void order_runs() {
    order_.resize(space_.runs.size());
    std::iota(order_.begin(), order_.end(), 0u);
    std::stable_sort(order_.begin(), order_.end(),
                     [&](uint32_t a, uint32_t b) { return space_.splits[a]->count < space_.splits[b]->count; });
  }

  void build_links(const std::vector<Compiled>& eqs, int scale) {
    // Problem run -> depth; component runs are sorted, so a binary search finds them.
    std::vector<uint32_t> depth_of(order_.size());
    for (size_t d = 0; d < order_.size(); ++d) depth_of[order_[d]] = static_cast<uint32_t>(d);
    auto depth = [&](uint32_t run) {
      auto pos = std::lower_bound(space_.runs.begin(), space_.runs.end(), run) - space_.runs.begin();
      return depth_of[static_cast<size_t>(pos)];
    };
    links_.resize(order_.size());
    for (uint32_t id : space_.eqs) {
      EqState st;
      st.id = id;
      st.target = eqs[id].target;
      const auto& terms = eqs[id].terms;
      for (size_t a = 0; a < terms.size();) {
        size_t b = a;
        while (b < terms.size() && terms[b].run == terms[a].run) ++b;
        uint32_t d = depth(terms[a].run);
        Link link = make_link(*space_.splits[order_[d]], terms, a, b, scale);
        link.eq = static_cast<uint32_t>(state_.size());
        st.lo0 += link.lo;
        st.hi0 += link.hi;
        links_[d].push_back(link);
        a = b;
      }
      state_.push_back(st);
    }
  }

  Link make_link(const Splits& s, const std::vector<Term>& terms, size_t a, size_t b, int scale) {
    Link link;
    link.offset = contrib_.size();
    for (size_t k = 0; k < s.count; ++k) {
      Wide c = 0;
      for (size_t t = a; t < b; ++t) c += Wide(terms[t].coef) * s.value(k, terms[t].cell, scale);
      contrib_.push_back(c);
      link.lo = k == 0 ? c : std::min(link.lo, c);
      link.hi = k == 0 ? c : std::max(link.hi, c);
    }
    return link;
  }

  // Applies split k at depth; returns the first equation now out of reach
  // (kNone if none). The update is applied even on failure: undo reverts it.
  uint32_t assign(size_t depth, uint32_t k) {
    for (const Link& l : links_[depth]) {
      EqState& st = state_[l.eq];
      st.sum += contrib_[l.offset + k];
      st.lo -= l.lo;
      st.hi -= l.hi;
    }
    for (const Link& l : links_[depth]) {
      const EqState& st = state_[l.eq];
      if (!st.off && (st.target < st.sum + st.lo || st.target > st.sum + st.hi)) return st.id;
    }
    return kNone;
  }

  void undo(size_t depth, uint32_t k) {
    for (const Link& l : links_[depth]) {
      EqState& st = state_[l.eq];
      st.sum -= contrib_[l.offset + k];
      st.lo += l.lo;
      st.hi += l.hi;
    }
  }

  void record(const std::vector<uint32_t>& next, Outcome& out) {
    ++out.solutions;
    for (size_t d = 0; d < order_.size(); ++d) {
      uint32_t p = order_[d], k = next[d] - 1;
      if (seen_flag_[p][k]) continue;
      seen_flag_[p][k] = true;
      out.seen[p].push_back(k);
    }
  }

  // Explicit-stack DFS: next[d] is the next split to try at depth d; the
  // split in force at depth d is next[d] - 1.
  void dfs(Budget& budget, bool first_only, Outcome& out) {
    const size_t n = order_.size();
    std::vector<uint32_t> next(n + 1, 0);
    size_t depth = 0, deepest = 0;
    BudgetTicker ticker;
    for (;;) {
      if (depth == n) {
        record(next, out);
        if (first_only || n == 0) return;
        --depth;
        undo(depth, next[depth] - 1);
        continue;
      }
      if (next[depth] == count(depth)) {
        if (depth == 0) return;
        next[depth] = 0;
        --depth;
        undo(depth, next[depth] - 1);
        continue;
      }
      if (budget.spent()) {
        out.truncated = true;
        return;
      }
      ++budget.used;
      ticker.tick();  // the per-file time budget, beside the node cap
      uint32_t k = next[depth]++;
      uint32_t failed = assign(depth, k);
      if (failed == kNone) {
        ++depth;
        continue;
      }
      if (depth >= deepest) {
        deepest = depth;
        out.deepest = failed;
      }
      undo(depth, k);
    }
  }

  const Space& space_;
  std::vector<uint32_t> order_;           // depth -> position in space_.runs
  std::vector<std::vector<Link>> links_;  // per depth
  std::vector<Wide> contrib_;             // every link's contributions
  std::vector<EqState> state_;
  std::vector<std::vector<bool>> seen_flag_;  // per position, per split
};

// ---- the solver ----------------------------------------------------------------

// Adds splits `ids` (distinct) of `from` to `into`, keeping `into` free of
// repeats and in lexicographic order of the cuts -- the order enumeration
// produces, so split ids already follow it.
void merge_splits(Splits& into, const Splits& from, std::vector<uint32_t> ids) {
  const size_t w = from.width;
  into.width = w;
  if (w == 0) {  // a run with no keys has one split, the empty one
    into.count = std::max(into.count, std::min<size_t>(ids.size(), 1));
    return;
  }
  std::sort(ids.begin(), ids.end());
  if (into.count == 0) {  // the common case: one search, nothing to merge
    for (uint32_t k : ids) into.pieces.insert(into.pieces.end(), &from.at(k, 0), &from.at(k, 0) + w);
    into.count = ids.size();
    return;
  }
  Splits merged;
  merged.width = w;
  auto cuts_less = [w](const Piece* a, const Piece* b) {
    for (size_t i = 0; i < w; ++i)
      if (a[i].end != b[i].end) return a[i].end < b[i].end;
    return false;
  };
  size_t i = 0, j = 0;
  while (i < into.count || j < ids.size()) {
    const Piece* a = i < into.count ? &into.at(i, 0) : nullptr;
    const Piece* b = j < ids.size() ? &from.at(ids[j], 0) : nullptr;
    const Piece* take = !b || (a && !cuts_less(b, a)) ? a : b;
    merged.pieces.insert(merged.pieces.end(), take, take + w);
    ++merged.count;
    if (take == a) {
      if (b && !cuts_less(a, b)) ++j;  // the same split on both sides
      ++i;
    } else {
      ++j;
    }
  }
  into = std::move(merged);
}

// What the search concluded about one run.
struct RunState {
  RunStatus status = RunStatus::no_solution;
  bool searchable = false;  // has splits and takes part in the search
  bool complete = false;    // `seen` holds every split of every solution
  Splits seen;              // distinct splits that take part in solutions
  std::string note;
};

class Solver {
 public:
  explicit Solver(const Problem& p) : p_(p), graphs_(p.runs.size()), splits_(p.runs.size()), state_(p.runs.size()) {
    budget_.max = p.limits.max_nodes;
  }

  Solution run() {
    prepare_runs();
    bind_keys();
    compile_equations();
    enumerate_runs();
    retire_cross_equations();
    for (const auto& comp : components()) solve_component(comp);
    return answer();
  }

 private:
  // Step 1: length limits and whether the text fits the keys at all.
  void prepare_runs() {
    size_t max_len = std::min(p_.limits.max_run_length, kMaxPosition);
    for (size_t r = 0; r < p_.runs.size(); ++r) {
      const Run& run = p_.runs[r];
      RunState& st = state_[r];
      if (run.text.size() > max_len) {
        st.status = RunStatus::too_long;
        st.note = std::to_string(run.text.size()) + " characters exceed the limit of " + std::to_string(max_len) +
                  "; not searched";
        continue;
      }
      graphs_[r] = build_graph(run);
      if (!graphs_[r].splittable) {
        st.status = RunStatus::no_solution;
        st.note = "'" + run.text + "' cannot be read as " + std::to_string(run.keys.size()) +
                  " figures (too few digits, or leading zeros, signs or points that no cell may hold)";
        continue;
      }
      st.searchable = true;
      scale_ = std::max(scale_, graphs_[r].max_decimals);
    }
  }

  // Step 2a: a key names the first run cell that holds it, else its known
  // value. Runs that are not searched bind nothing: their keys are unknown.
  // A key printed twice must read the same both times: a "same_key" equation.
  void bind_keys() {
    for (uint32_t r = 0; r < p_.runs.size(); ++r) {
      if (!state_[r].searchable) continue;
      const auto& keys = p_.runs[r].keys;
      for (uint32_t i = 0; i < keys.size(); ++i) {
        auto [it, fresh] = bind_.try_emplace(keys[i], Binding{true, r, i, 0});
        if (!fresh) same_key_.push_back({keys[i], {r, i, 1}, it->second});
      }
    }
    for (const auto& [key, value] : p_.known) {
      auto [it, fresh] = bind_.try_emplace(key, Binding{false, 0, 0, value});
      if (!fresh) same_key_.push_back({key, {it->second.run, it->second.cell, 1}, Binding{false, 0, 0, value}});
    }
  }

  // Step 2b. An equation that mentions a key bound nowhere (not in a searched
  // run, not known) constrains nothing: its unknown cell could absorb any
  // difference, so it cannot be checked and is dropped (kind unchecked).
  void compile_equations() {
    for (const Equation& e : p_.equations) {
      Compiled c;
      c.rule = &e.rule;
      c.scope = &e.scope;
      Wide known = 0;
      bool unknown = false;
      auto add = [&](const std::string& key, int64_t sign) {
        auto it = bind_.find(key);
        if (it == bind_.end())
          unknown = true;
        else if (it->second.in_run)
          c.terms.push_back({it->second.run, it->second.cell, sign});
        else {
          known += Wide(sign) * it->second.known;
          c.known_keys.push_back(key);
        }
      };
      for (const auto& k : e.lhs) add(k, 1);
      for (const auto& k : e.rhs) add(k, -1);
      // Bounded size keeps every sum inside 128 bits (see Wide).
      finish(c, Wide(e.constant) - known, unknown || e.lhs.size() + e.rhs.size() > kMaxEquationTerms);
    }
    for (const SameKey& s : same_key_) compile_same_key(s);
    local_.resize(p_.runs.size());
    for (uint32_t id = 0; id < eqs_.size(); ++id)
      if (eqs_[id].kind == EqKind::local) local_[eqs_[id].terms.front().run].push_back(id);
  }

  // A key printed twice: `cell` (in a run) must equal `other` (a run cell
  // or a known value).
  struct SameKey {
    std::string key;
    Term cell;
    Binding other;
  };

  void compile_same_key(const SameKey& s) {
    Compiled c;
    c.scope = &s.key;  // same_key_ does not change after binding
    c.terms.push_back(s.cell);
    if (s.other.in_run) {
      c.terms.push_back({s.other.run, s.other.cell, -1});
      return finish(c, 0, false);
    }
    c.known_keys.push_back(s.key);
    finish(c, s.other.known, false);
  }

  void finish(Compiled& c, Wide rhs, bool unknown) {
    merge_terms(c.terms);
    c.kind = unknown ? EqKind::unchecked : kind_of(c.terms);
    c.target = rhs * pow10(scale_);
    eqs_.push_back(std::move(c));
  }

  // Step 3.
  void enumerate_runs() {
    for (size_t r = 0; r < p_.runs.size(); ++r) {
      if (!state_[r].searchable) continue;
      splits_[r] = Enumerator(graphs_[r], eqs_, local_[r], scale_).run();
      if (splits_[r].outcome == Splits::Outcome::ok) continue;
      state_[r].searchable = false;
      state_[r].status = RunStatus::gave_up;
      state_[r].note =
          splits_[r].outcome == Splits::Outcome::too_many
              ? "more than " + std::to_string(kMaxCandidatesPerRun) + " splits; not searched"
              : "enumerating splits took more than " + std::to_string(kMaxEnumerationSteps) + " steps; not searched";
    }
  }

  // A cross equation touching a run that gave up has an unknown cell now.
  void retire_cross_equations() {
    for (Compiled& c : eqs_) {
      if (c.kind != EqKind::cross) continue;
      for (const Term& t : c.terms)
        if (!state_[t.run].searchable) c.kind = EqKind::unchecked;
    }
  }

  // Step 4: runs linked by cross equations, in order of their first run.
  std::vector<std::vector<uint32_t>> components() const {
    std::vector<uint32_t> parent(p_.runs.size());
    std::iota(parent.begin(), parent.end(), 0u);
    auto find = [&](uint32_t x) {
      while (parent[x] != x) x = parent[x] = parent[parent[x]];
      return x;
    };
    for (const Compiled& c : eqs_)
      if (c.kind == EqKind::cross)
        for (const Term& t : c.terms) parent[find(t.run)] = find(c.terms.front().run);
    std::vector<std::vector<uint32_t>> comps;
    std::vector<int64_t> index(p_.runs.size(), -1);
    for (uint32_t r = 0; r < p_.runs.size(); ++r) {
      if (!state_[r].searchable) continue;
      uint32_t root = find(r);
      if (index[root] < 0) {
        index[root] = static_cast<int64_t>(comps.size());
        comps.emplace_back();
      }
      comps[static_cast<size_t>(index[root])].push_back(r);
    }
    return comps;
  }

  Space space_of(const std::vector<uint32_t>& comp) const {
    Space s;
    s.runs = comp;
    for (uint32_t r : comp) s.splits.push_back(&splits_[r]);
    for (uint32_t id = 0; id < eqs_.size(); ++id)
      if (eqs_[id].kind == EqKind::cross && std::binary_search(comp.begin(), comp.end(), eqs_[id].terms.front().run))
        s.eqs.push_back(id);
    return s;
  }

  void solve_component(const std::vector<uint32_t>& comp) {
    Space space = space_of(comp);
    if (budget_.spent()) return settle_unsearched(comp);
    Outcome out = Search(space, eqs_, scale_).run(budget_, false);
    if (out.solutions > 0) return settle_solved(space, out);
    if (out.truncated) return settle_unsearched(comp);
    settle_broken(space, out);
  }

  void settle_unsearched(const std::vector<uint32_t>& comp) {
    for (uint32_t r : comp) {
      state_[r].status = RunStatus::gave_up;
      state_[r].note = "node budget of " + std::to_string(budget_.max) + " spent before a solution was found";
    }
  }

  // Runs with two distinct splits are ambiguous even when the search was cut
  // short (both splits belong to real solutions); a single split is only
  // "solved" when the search was exhaustive.
  void settle_solved(const Space& space, const Outcome& out) {
    for (size_t p = 0; p < space.runs.size(); ++p) {
      RunState& st = state_[space.runs[p]];
      merge_splits(st.seen, *space.splits[p], out.seen[p]);
      st.complete = !out.truncated;
      st.status = st.seen.count >= 2 ? RunStatus::ambiguous : (st.complete ? RunStatus::solved : RunStatus::gave_up);
      if (out.truncated)
        st.note = "node budget of " + std::to_string(budget_.max) + " spent after " + std::to_string(out.solutions) +
                  " solutions; the splits listed are those seen";
    }
  }

  // ---- step 5: a table whose arithmetic is broken ----

  // A trial switches some equations off; if the rest is solvable, whatever
  // the trial names is a candidate for the misprint.
  struct Trial {
    std::vector<uint32_t> drop;  // equation ids
    std::string name;
  };

  // What localization found: names for the note, and the smallest sets of
  // equations whose removal makes the table solvable.
  struct Diagnosis {
    std::vector<Trial> minimal;        // all successful trials of the smallest size
    std::vector<std::string> figures;  // single figures that would explain it
    bool complete = true;              // every trial up to that size was decided
  };

  // The component with every split its text allows and all its equations,
  // local ones included, as checks: one search that each trial re-runs with
  // a different mask, instead of re-enumerating runs per trial.
  struct Loose {
    Space space;
    std::deque<Splits> raw;  // stable addresses for space.splits
    bool ok = true;          // false if a run's splits hit a cap
  };

  void loosen(const Space& space, Loose& x) const {
    x.space.runs = space.runs;
    for (uint32_t r : space.runs) {
      x.raw.push_back(Enumerator(graphs_[r], eqs_, {}, scale_).run());
      x.ok = x.ok && x.raw.back().outcome == Splits::Outcome::ok;
      x.space.splits.push_back(&x.raw.back());
      x.space.eqs.insert(x.space.eqs.end(), local_[r].begin(), local_[r].end());
    }
    x.space.eqs.insert(x.space.eqs.end(), space.eqs.begin(), space.eqs.end());
    std::sort(x.space.eqs.begin(), x.space.eqs.end());
  }

  // No split satisfies every equation. The runs stay no_solution, but the
  // auditor still needs the figures to report *which* rule the report
  // breaks: if dropping the fewest equations (one, else two) makes the table
  // solvable, the splits of all those relaxed solutions are kept, and a cell
  // they all agree on is recovered -- it is what the report printed, under
  // the assumption that it broke as few rules as possible.
  void settle_broken(const Space& space, const Outcome& out) {
    Loose loose;
    loosen(space, loose);
    Search search(loose.space, eqs_, scale_);
    Diagnosis d;
    d.complete = loose.ok;
    if (loose.ok) diagnose(loose.space.eqs, search, d);
    std::vector<Splits> seen(space.runs.size());
    bool relaxed = d.complete && !d.minimal.empty();
    for (size_t t = 0; relaxed && t < d.minimal.size(); ++t)
      relaxed = collect_relaxed(loose.space, search, d.minimal[t].drop, seen);
    std::string note = broken_note(space, out, d, relaxed);
    for (size_t p = 0; p < space.runs.size(); ++p) {
      RunState& st = state_[space.runs[p]];
      st.status = RunStatus::no_solution;
      st.note = note;
      if (!relaxed) continue;
      st.seen = std::move(seen[p]);
      st.complete = true;
    }
  }

  // Two ways to point at the fault: equations dropped (their rules and
  // scopes), or one figure taken as unknown (every equation through it
  // dropped) -- a single misprinted cell breaks its row and its column at
  // once, which no single equation explains.
  void diagnose(const std::vector<uint32_t>& ids, Search& search, Diagnosis& d) {
    std::vector<Trial> singles, pairs;
    for (uint32_t id : ids) singles.push_back({{id}, eqs_[id].label()});
    d.minimal = run_trials(search, singles, d.complete);
    for (const Trial& t : run_trials(search, cell_trials(ids), d.complete)) d.figures.push_back(t.name);
    if (!d.minimal.empty() || !d.complete) return;
    for (size_t i = 0; i < ids.size(); ++i)
      for (size_t j = i + 1; j < ids.size(); ++j)
        pairs.push_back({{ids[i], ids[j]}, eqs_[ids[i]].label() + " and " + eqs_[ids[j]].label()});
    d.minimal = run_trials(search, pairs, d.complete);
  }

  std::string broken_note(const Space& space, const Outcome& out, const Diagnosis& d, bool relaxed) const {
    std::string note =
        "no split of these " + std::to_string(space.runs.size()) + " runs satisfies every equation together";
    uint32_t last = out.deepest;
    for (size_t p = 0; last == kNone && p < space.runs.size(); ++p)
      if (space.splits[p]->count == 0) last = space.splits[p]->last_reject;
    if (last != kNone) note += "; last failing check: " + eqs_[last].label();
    std::vector<std::string> names;
    for (const Trial& t : d.minimal) names.push_back(t.name);
    bool pairs = !d.minimal.empty() && d.minimal.front().drop.size() == 2;
    if (!names.empty())
      note += (pairs ? "; solvable without both of: " : "; solvable without any one of: ") + join(names);
    if (!d.figures.empty()) note += "; solvable if one figure is wrong: " + join(d.figures);
    if (names.empty() && d.figures.empty())
      note += d.complete ? "; neither one or two equations nor one figure explain it (several figures are off)"
                         : "; could not localize the fault within the limits";
    else if (!d.complete)
      note += " (localization incomplete: limits reached)";
    if (relaxed) note += "; figures kept are those every such relaxation agrees on";
    return note;
  }

  // One trial per figure the equations mention: run cells and known cells.
  std::vector<Trial> cell_trials(const std::vector<uint32_t>& ids) const {
    std::map<std::string, std::vector<uint32_t>> through;  // key -> equations through it
    for (uint32_t id : ids) {
      for (const Term& t : eqs_[id].terms) through[p_.runs[t.run].keys[t.cell]].push_back(id);
      for (const std::string& k : eqs_[id].known_keys) through[k].push_back(id);
    }
    std::vector<Trial> trials;
    for (auto& [key, drop] : through) trials.push_back({std::move(drop), key});
    return trials;
  }

  std::vector<char> mask_of(const std::vector<uint32_t>& drop) const {
    std::vector<char> off(eqs_.size(), 0);
    for (uint32_t e : drop) off[e] = 1;
    return off;
  }

  // The trials that make the table solvable; `complete` turns false when a
  // trial could not be decided within the limits.
  std::vector<Trial> run_trials(Search& search, const std::vector<Trial>& trials, bool& complete) {
    std::vector<Trial> hits;
    for (const Trial& t : trials) {
      if (budget_.spent() || trials_run_ == kMaxLocalizationTrials) {
        complete = false;
        break;
      }
      ++trials_run_;
      std::vector<char> off = mask_of(t.drop);
      Outcome out = search.run(budget_, true, &off);
      if (out.solutions > 0)
        hits.push_back(t);
      else if (out.truncated)
        complete = false;
    }
    return hits;
  }

  // Every solution without `drop`, merged into `seen`; false if cut short.
  bool collect_relaxed(const Space& loose, Search& search, const std::vector<uint32_t>& drop,
                       std::vector<Splits>& seen) {
    if (budget_.spent()) return false;
    std::vector<char> off = mask_of(drop);
    Outcome out = search.run(budget_, false, &off);
    if (out.truncated) return false;
    for (size_t p = 0; p < loose.runs.size(); ++p) merge_splits(seen[p], *loose.splits[p], out.seen[p]);
    return true;
  }

  static std::string join(const std::vector<std::string>& names) {
    std::string s;
    for (size_t i = 0; i < names.size() && i < kMaxNamedCulprits; ++i) s += (i ? ", " : "") + names[i];
    if (names.size() > kMaxNamedCulprits) s += ", ...";
    return s;
  }

  // ---- answers ----

  Solution answer() const {
    Solution sol;
    sol.nodes = budget_.used;
    for (size_t r = 0; r < p_.runs.size(); ++r) {
      sol.runs.push_back(run_answer(r));
      for (size_t i = 0; i < p_.runs[r].keys.size(); ++i) sol.cells.push_back(cell_answer(r, i));
    }
    return sol;
  }

  // The cell's characters as printed: a figure after a possible-blank
  // boundary starts after it.
  std::string raw_of(size_t r, size_t k, size_t cell) const {
    const Piece& piece = state_[r].seen.at(k, cell);
    return p_.runs[r].text.substr(first_char(r, piece), piece.end - first_char(r, piece));
  }

  size_t first_char(size_t r, const Piece& piece) const {
    const std::string& text = p_.runs[r].text;
    size_t b = piece.begin;
    if (piece.end - b > 1 && text[b] == kMaybeBlank) {
      ++b;
      while (b < piece.end && text[b] == ' ') ++b;
    }
    return b;
  }

  bool blank_cell(size_t r, size_t k, size_t cell) const {
    const Piece& piece = state_[r].seen.at(k, cell);
    char c = p_.runs[r].text[piece.begin];
    return piece.end - piece.begin == 1 && (c == kBlankCell || c == kMaybeBlank);
  }

  RunAnswer run_answer(size_t r) const {
    const RunState& st = state_[r];
    RunAnswer a;
    a.status = st.status;
    a.note = st.note;
    for (size_t k = 0; k < st.seen.count && k < p_.limits.max_solutions; ++k) {
      std::vector<std::string> cells;
      for (size_t i = 0; i < p_.runs[r].keys.size(); ++i) cells.push_back(raw_of(r, k, i));
      a.candidates.push_back(std::move(cells));
    }
    return a;
  }

  // Per-cell agreement over every split of the run that is part of a
  // solution: a row total can be certain while two other cells swap.
  CellAnswer cell_answer(size_t r, size_t cell) const {
    const RunState& st = state_[r];
    CellAnswer a;
    a.key = p_.runs[r].keys[cell];
    if (st.seen.count == 0) return a;
    std::vector<std::pair<Wide, int64_t>> values;            // (exact scaled value, as reported)
    bool blank_somewhere = false, figure_somewhere = false;  // a blank and a printed 0 are not the same
    for (size_t k = 0; k < st.seen.count; ++k) {
      values.emplace_back(st.seen.value(k, cell, scale_), st.seen.at(k, cell).mantissa);
      (blank_cell(r, k, cell) ? blank_somewhere : figure_somewhere) = true;
    }
    std::sort(values.begin(), values.end(), [](const auto& x, const auto& y) { return x.first < y.first; });
    values.erase(
        std::unique(values.begin(), values.end(), [](const auto& x, const auto& y) { return x.first == y.first; }),
        values.end());
    if (values.size() >= 2 || (blank_somewhere && figure_somewhere)) {
      a.status = CellStatus::ambiguous;
      for (const auto& v : values) a.candidates.push_back(v.second);
      return a;
    }
    if (!st.complete) return a;  // one value seen, but the search was cut short
    const Piece& piece = st.seen.at(0, cell);
    a.status = CellStatus::recovered;
    a.value = piece.mantissa;
    a.raw = raw_of(r, 0, cell);
    const auto& origin = p_.runs[r].origin;
    size_t first = first_char(r, piece);
    a.offset = first < origin.size() ? origin[first] : first;
    return a;
  }

  const Problem& p_;
  int scale_ = 0;  // decimals every value is aligned to
  std::vector<SplitGraph> graphs_;
  std::vector<Splits> splits_;
  std::vector<RunState> state_;
  std::unordered_map<std::string_view, Binding> bind_;
  std::vector<SameKey> same_key_;
  std::vector<Compiled> eqs_;
  std::vector<std::vector<uint32_t>> local_;  // per run: its local equations
  Budget budget_;
  size_t trials_run_ = 0;  // localization trials, over all components
};

}  // namespace

Solution solve(const Problem& problem) {
  return Solver(problem).run();
}

}  // namespace xxgk::recover
