// The variation harness: every text sample of corpus/reports (and the seed) is
// mutated by each mutation class of mutations.cc, alone, in pairs and all at
// once, and must still give the cells, sections, references and findings of
// the clean sample. A cell that comes back with another value and a status
// that claims it was read (read, recovered, blank) is a *silent wrong cell*:
// there must be none, ever. A new way reports are printed is a new mutation.
//
// XXGK_VARIATION_REPORT=1 prints the figures per class.
#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <set>
#include <sstream>

#include "mutations.h"
#include "support.h"
#include "decode/decode.h"

using namespace xxgk;
using namespace xxgk::test;

namespace {

bool valid_utf8(const std::string& s) {
  size_t i = 0;
  while (i < s.size()) {
    auto c = static_cast<unsigned char>(s[i]);
    size_t n = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
    if (n == 0 || i + n > s.size()) return false;
    for (size_t k = 1; k < n; ++k)
      if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return false;
    i += n;
  }
  return true;
}

Sample::Layout layout_of(const std::string& name) {
  using L = Sample::Layout;
  if (name.find("cell-per-line") != std::string::npos || name.find("blank-totals") != std::string::npos ||
      name.find("seed") != std::string::npos)
    return L::block;
  if (name.find("tab-rows") != std::string::npos || name.find("broken-sums") != std::string::npos) return L::tab;
  if (name.find("pipe") != std::string::npos) return L::pipe;
  if (name.find("layout") != std::string::npos) return L::spaced;
  if (name.find("glued") != std::string::npos || name.find("pingtan") != std::string::npos) return L::glued;
  return L::other;
}

std::vector<Sample> load_samples() {
  std::vector<std::pair<std::string, std::string>> files;
  for (auto& e : std::filesystem::directory_iterator(source_path("corpus/reports")))
    files.push_back({e.path().filename().string(), e.path().string()});
  files.push_back({"seed.txt", shared_corpus("seed/000_3b10d53d6ce3f43f.txt")});
  // Real published reports: crawler text with glued cells, and fragments.
  for (auto dir : {"real", "fragments"})
    for (auto& e : std::filesystem::directory_iterator(shared_corpus(dir)))
      if (e.path().extension() == ".txt") files.push_back({e.path().filename().string(), e.path().string()});
  std::sort(files.begin(), files.end());
  std::vector<Sample> out;
  for (auto& [name, path] : files) {
    std::string bytes = read_file(path);
    auto ext = std::filesystem::path(name).extension();
    if (ext != ".txt" && ext != ".md") continue;
    // Mutations edit UTF-8; a GB18030 sample is mutated as the text it decodes to.
    if (!valid_utf8(bytes)) bytes = decode(bytes).text.text;
    Sample s;
    s.name = name;
    s.text = bytes;
    s.record = parse(bytes, name);
    s.grammar = engine().grammars().find(s.record.template_id);
    s.layout = layout_of(name);
    if (s.grammar) out.push_back(std::move(s));
  }
  return out;
}

struct Tally {
  size_t documents = 0, cells = 0, kept = 0, lost = 0, silent_wrong = 0;
  size_t blank_swaps = 0;  // a 0 read as printed blank or the reverse: same arithmetic, wrong status
  size_t sections_differ = 0, references_differ = 0, findings_differ = 0, metadata_differ = 0;
  std::vector<std::string> examples;  // first few problems, for the failure message

  size_t silent_examples = 0;
  void note(const std::string& what) {
    // Silent wrong cells first: they are what a reader of a failure needs.
    bool silent = what.find("(silent)") != std::string::npos;
    if (silent && silent_examples < 12)
      examples.insert(examples.begin() + static_cast<long>(silent_examples++), what);
    else if (examples.size() < 12 + silent_examples)
      examples.push_back(what);
  }
};

bool claims_read(CellStatus s) {
  return s == CellStatus::read || s == CellStatus::recovered || s == CellStatus::blank;
}

bool zero_or_blank(const CellValue& c) {
  return c.status == CellStatus::blank || (c.value && c.value->mantissa == 0);
}

std::string shown(const CellValue& c) {
  return std::string(to_string(c.status)) + " " + (c.value ? c.value->str() : "null");
}

std::multiset<std::string> finding_keys(const Record& r) {
  std::multiset<std::string> out;
  for (auto& f : r.findings) out.insert(f.rule + "[" + f.scope + "] " + f.lhs.str() + "/" + f.rhs.str());
  return out;
}

std::vector<std::string> section_keys(const Record& r) {
  std::vector<std::string> out;
  for (auto& s : r.sections) out.push_back(std::to_string(s.level) + ":" + s.number);
  return out;
}

std::multiset<std::string> reference_keys(const Record& r) {
  std::multiset<std::string> out;
  for (auto& x : r.references)
    out.insert(std::to_string(x.article) + "/" + std::to_string(x.paragraph.value_or(0)) + "/" +
               std::to_string(x.item.value_or(0)));
  return out;
}

void compare(const Sample& s, const std::string& variant, const Record& m, const std::set<std::string>& now_blank,
             Tally& t) {
  ++t.documents;
  const std::string where = s.name + " [" + variant + "] ";
  for (auto& c : s.record.cells) {
    if (!claims_read(c.status)) continue;  // the clean sample itself was not sure
    ++t.cells;
    const CellValue* mc = m.cell(c.key);
    bool blank = c.status == CellStatus::blank || now_blank.count(c.key);
    bool same =
        mc && claims_read(mc->status) && (mc->status == CellStatus::blank) == blank && (blank || mc->value == c.value);
    if (same) {
      ++t.kept;
    } else if (mc && claims_read(mc->status) && zero_or_blank(*mc) && (blank || zero_or_blank(c))) {
      ++t.blank_swaps;
      t.note(where + c.key + ": " + shown(c) + " became " + shown(*mc) + " (blank for 0)");
    } else if (mc && claims_read(mc->status)) {
      ++t.silent_wrong;
      t.note(where + c.key + ": " + shown(c) + " became " + shown(*mc) + " (silent)");
    } else {
      ++t.lost;
      t.note(where + c.key + ": " + shown(c) + " became " + (mc ? shown(*mc) : "absent"));
    }
  }
  if (section_keys(m) != section_keys(s.record)) {
    ++t.sections_differ;
    std::string a, b;
    for (auto& x : section_keys(s.record)) a += x + " ";
    for (auto& x : section_keys(m)) b += x + " ";
    t.note(where + "sections " + a + "became " + b);
  }
  if (reference_keys(m) != reference_keys(s.record)) {
    ++t.references_differ;
    t.note(where + "references: " + std::to_string(s.record.references.size()) + " became " +
           std::to_string(m.references.size()));
  }
  if (finding_keys(m) != finding_keys(s.record)) {
    ++t.findings_differ;
    std::string b;
    for (auto& x : finding_keys(m)) b += x + "; ";
    t.note(where + "findings " + std::to_string(s.record.findings.size()) + " became: " + b);
  }
  if (m.agency != s.record.agency || m.year != s.record.year || m.template_id != s.record.template_id) {
    ++t.metadata_differ;
    t.note(where + "agency/year/template " + s.record.agency + "/" + std::to_string(s.record.year.value_or(0)) +
           " became " + m.agency + "/" + std::to_string(m.year.value_or(0)) + "/" + m.template_id);
  }
}

void run_variant(const Sample& s, const std::string& variant, const std::vector<const Mutation*>& ms, Tally& t) {
  std::vector<Edit> edits;
  for (auto* m : ms) {
    auto e = m->edits(s);
    edits.insert(edits.end(), e.begin(), e.end());
  }
  if (edits.empty()) return;
  std::vector<Edit> kept;
  std::string text = apply_edits(s.text, edits, &kept);
  std::set<std::string> now_blank;
  for (auto& e : kept)
    if (!e.now_blank.empty()) now_blank.insert(e.now_blank);
  if (const char* dir = std::getenv("XXGK_VARIATION_DUMP")) {
    std::ofstream(std::string(dir) + "/" + variant + "." + s.name, std::ios::binary) << text;
  }
  Record r = parse(text, s.name);
  compare(s, variant, r, now_blank, t);
}

void report(const std::string& name, const Tally& t) {
  if (!std::getenv("XXGK_VARIATION_REPORT")) return;
  std::cout << name << "\tdocs " << t.documents << "\tcells " << t.cells << "\tkept " << t.kept << "\tlost " << t.lost
            << "\tsilent_wrong " << t.silent_wrong << "\tblank_for_0 " << t.blank_swaps << "\tsections≠ "
            << t.sections_differ << "\trefs≠ " << t.references_differ << "\tfindings≠ " << t.findings_differ
            << "\tmeta≠ " << t.metadata_differ << "\n";
  for (auto& e : t.examples) std::cout << "    " << e << "\n";
}

std::string summary(const Tally& t) {
  std::ostringstream o;
  o << t.kept << "/" << t.cells << " cells kept, " << t.silent_wrong << " silent wrong, " << t.blank_swaps
    << " blank for 0, " << t.sections_differ << " sections, " << t.references_differ << " references, "
    << t.findings_differ << " findings, " << t.metadata_differ << " metadata differ";
  for (auto& e : t.examples) o << "\n  " << e;
  return o.str();
}

const std::vector<Sample>& samples() {
  static const std::vector<Sample> s = load_samples();
  return s;
}

}  // namespace

TEST_CASE("variation harness: the samples it mutates") {
  // Our own samples, the seed, the real crawler reports and the fragments
  // (which hold a table's labels with few or no figures).
  size_t with_cells = 0;
  for (auto& s : samples()) with_cells += s.record.count(CellStatus::read) + s.record.count(CellStatus::recovered) > 0;
  CHECK(samples().size() >= 20);
  CHECK(with_cells >= 18);
}

namespace {

// Glued crawler text has no cell boundaries: there the contract asks for no
// silent wrong cell and at least 97% of the cells (issue #10).
constexpr double kGluedFloor = 0.97;

// Where a crawler dropped an empty cell to a space, xxgk reads the space as
// a possible empty cell only where the rules confirm it; the rest is left
// missing (91% of such cells come back). With blank markers in the same runs
// as well, a few zeros swap places with the blank beside them (the sums are
// the same either way): these floors are today's figures, a regression
// guard, and the gap is open (see README, "What is left").
double glued_floor(const std::string& mutation) {
  return mutation == "glued_empty_cells" ? 0.9 : kGluedFloor;
}
constexpr double kGluedPairsFloor = 0.95, kGluedAllFloor = 0.1, kBlankSwapsPerCell = 0.0005;

void check_exact(const std::string& name, const Tally& t) {
  INFO(name << ": " << summary(t));
  CHECK(t.silent_wrong == 0);
  CHECK(t.blank_swaps == 0);
  CHECK(t.kept == t.cells);
  CHECK(t.sections_differ == 0);
  CHECK(t.references_differ == 0);
  CHECK(t.findings_differ == 0);
  CHECK(t.metadata_differ == 0);
}

void check_glued(const std::string& name, const Tally& t, double floor, double swaps = 0) {
  INFO(name << " (glued): " << summary(t));
  CHECK(t.silent_wrong == 0);
  CHECK(static_cast<double>(t.blank_swaps) <= swaps * static_cast<double>(t.cells));
  CHECK(static_cast<double>(t.kept) >= floor * static_cast<double>(t.cells));
}

bool glued(const Sample& s) {
  return s.layout == Sample::Layout::glued;
}

}  // namespace

TEST_CASE("variation harness: each mutation alone keeps every cell, section, reference and finding") {
  for (auto& m : all_mutations()) {
    Tally bounded, crawled;
    for (auto& s : samples()) run_variant(s, m.name, {&m}, glued(s) ? crawled : bounded);
    report(m.name, bounded);
    report(m.name + " (glued)", crawled);
    CHECK(bounded.documents + crawled.documents > 0);  // every mutation applies somewhere
    check_exact(m.name, bounded);
    check_glued(m.name, crawled, glued_floor(m.name));
  }
}

TEST_CASE("variation harness: mutations in pairs and all at once") {
  const auto& ms = all_mutations();
  Tally pairs, all, glued_pairs, glued_all;
  for (auto& s : samples()) {
    for (size_t i = 0; i < ms.size(); ++i)
      for (size_t j = i + 1; j < ms.size(); ++j)
        run_variant(s, ms[i].name + "+" + ms[j].name, {&ms[i], &ms[j]}, glued(s) ? glued_pairs : pairs);
    std::vector<const Mutation*> every;
    for (auto& m : ms) every.push_back(&m);
    run_variant(s, "all", every, glued(s) ? glued_all : all);
  }
  report("pairs", pairs);
  report("all", all);
  report("pairs (glued)", glued_pairs);
  report("all (glued)", glued_all);
  check_exact("pairs", pairs);
  check_exact("all", all);
  check_glued("pairs", glued_pairs, kGluedPairsFloor, kBlankSwapsPerCell);
  check_glued("all", glued_all, kGluedAllFloor, 0.02);
}
