// Robustness (issue #7): the UTF-8 sanitizer, the locator, atomic output
// files, the HTML nesting limit, and the diagnostic code list.
#include <doctest/doctest.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <csignal>
#include <filesystem>
#include <fstream>
#include <random>
#include <set>
#include <thread>

#include "base/swar.h"
#include "support.h"
#include "xxgk/xxgk.h"
#include "base/budget.h"
#include "base/codes.h"
#include "engine/pipeline.h"
#include "base/locator.h"
#include "readers/readers.h"
#include "base/utf8.h"
#include "write/writers.h"

using namespace xxgk;
namespace fs = std::filesystem;

namespace {

// A scratch folder, removed at the end of the test.
struct Scratch {
  fs::path dir = fs::temp_directory_path() / ("xxgk-robust-" + std::to_string(::getpid()));
  Scratch() { fs::create_directories(dir); }
  ~Scratch() { fs::remove_all(dir); }
  std::string operator/(const std::string& name) const { return (dir / name).string(); }
  size_t entries() const {
    return static_cast<size_t>(std::distance(fs::directory_iterator(dir), fs::directory_iterator()));
  }
};

std::string contents(const std::string& path) {
  return xxgk::test::read_file(path);
}

// Writes fail with EFBIG past `bytes` while alive, as on a full disk.
struct FileSizeLimit {
  rlimit before{};
  explicit FileSizeLimit(rlim_t bytes) {
    std::signal(SIGXFSZ, SIG_IGN);
    getrlimit(RLIMIT_FSIZE, &before);
    rlimit small = before;
    small.rlim_cur = bytes;
    setrlimit(RLIMIT_FSIZE, &small);
  }
  ~FileSizeLimit() { setrlimit(RLIMIT_FSIZE, &before); }
};

std::string repeat(std::string_view s, size_t n) {
  std::string out;
  out.reserve(s.size() * n);
  for (size_t i = 0; i < n; ++i) out += s;
  return out;
}

}  // namespace

TEST_CASE("utf8: valid text is kept, each invalid byte becomes U+FFFD and is counted") {
  CHECK(utf8::is_valid("自然人 abc"));
  size_t n = 0;
  CHECK(utf8::sanitize("自然人", &n) == "自然人");
  CHECK(n == 0);
  CHECK(utf8::sanitize("r\xFF\xFE.txt", &n) == "r\uFFFD\uFFFD.txt");
  CHECK(n == 2);
  // Overlong, surrogate, beyond U+10FFFF, truncated: all invalid.
  for (std::string bad : {"\xC0\xAF", "\xED\xA0\x80", "\xF4\x90\x80\x80", "\xE4\xB8"}) {
    CAPTURE(bad.size());
    CHECK_FALSE(utf8::is_valid(bad));
    CHECK(utf8::is_valid(utf8::sanitize(bad)));
  }
  std::string s = "a\x80";
  CHECK(utf8::sanitize_in_place(s) == 1);
  CHECK(s == "a\uFFFD");
}

TEST_CASE("utf8: is_valid's fast paths agree with a check of every sequence") {
  std::mt19937 rng(5);
  const std::vector<std::string> pieces = {"abcdefgh", "\u4E00", "\uFFFF", "\u0800", "\uD7FF", "\U0010FFFF", "\u00E9",
                                           "\xE0\x80\x80", "\xED\xA0\x80", "\xE4\xB8", "\xC0\xAF", "\xF4\x90\x80\x80",
                                           "\xFF", "\x80", "\xEF\xBB\xBF", "\xE1\x80\x80", "\xED\x9F\xBF"};
  const auto reference = [](std::string_view s) {
    for (size_t i = 0; i < s.size();) {
      const size_t n = xxgk::utf8::sequence_length(s, i);
      if (n == 0) return false;
      i += n;
    }
    return true;
  };
  for (int round = 0; round < 2000; ++round) {
    std::string s;
    const size_t n = rng() % 12;
    for (size_t k = 0; k < n; ++k) s += pieces[rng() % (round % 2 ? 7 : pieces.size())];
    CHECK_MESSAGE(xxgk::utf8::is_valid(s) == reference(s), "round ", round);
  }
}

TEST_CASE("swar: each word test says what a loop over its eight bytes says") {
  xxgk::test::Lcg next{17};
  const unsigned char kinds[] = {0x00, 0x09, 0x1F, 0x20, '/', '0', '5', '9', ':', 0x7E, 0x7F, 0x80, 0xB0, 0xFF};
  for (int round = 0; round < 20000; ++round) {
    unsigned char b[8];
    for (auto& c : b) c = next(3) ? kinds[next(sizeof kinds)] : static_cast<unsigned char>(next(256));
    const uint64_t w = xxgk::swar::load(b);
    bool non_ascii = false, below_space = false, del = false, digit = false;
    for (unsigned char c : b) {
      non_ascii |= c >= 0x80;
      below_space |= c < 0x20;
      del |= c == 0x7F;
      digit |= c >= '0' && c <= '9';
    }
    CHECK(xxgk::swar::has_non_ascii(w) == non_ascii);
    CHECK(xxgk::swar::has_less(w, 0x20) == below_space);
    CHECK(xxgk::swar::has_byte(w, 0x7F) == del);
    CHECK(xxgk::swar::has_between(w, '0' - 1, '9' + 1) == digit);
  }
}

TEST_CASE("utf8: floor_boundary never cuts a character") {
  const std::string s = "a\u4E00b\U0001F600";  // 1 + 3 + 1 + 4 bytes
  const std::vector<size_t> floor{0, 1, 1, 1, 4, 5, 5, 5, 5, 9, 9};
  for (size_t at = 0; at < floor.size(); ++at) CHECK(xxgk::utf8::floor_boundary(s, at) == floor[at]);
  CHECK(xxgk::utf8::floor_boundary("", 3) == 0);
}

TEST_CASE("utf8: every writer gives valid UTF-8 for a file name that is not") {
  Record r = xxgk::test::parse("", "bad\xFF name.txt");
  const std::vector<const Record*> one{&r};
  CHECK(utf8::is_valid(record_json(r, true)));
  CHECK(utf8::is_valid(records_xml(one)));
  CHECK(utf8::is_valid(diagnostics_text(r, Severity::info)));
  CHECK(utf8::is_valid(dataset_row(r, xxgk::test::engine().grammars())));
  bool noted = false;
  for (auto& d : r.diagnostics) noted |= d.code == codes::output_invalid_utf8;
  CHECK(noted);
}

TEST_CASE("locator: lines and columns in characters, for UTF-8, GB18030 and UTF-16") {
  const std::string utf8 = "ab\n自然人x";
  Locator l(utf8);
  CHECK(l.locate(0).line == 1);
  CHECK(l.locate(3).line == 2);
  CHECK(l.locate(3 + 6).column == 3);             // after 自然: column 3
  const std::string gb = "a\n\xD7\xD4\xC8\xBBx";  // a \n 自然 x in GB18030
  Position p = Locator(gb, "GB18030").locate(6);
  CHECK(p.line == 2);
  CHECK(p.column == 3);
  const std::string le("a\0\n\0b\0", 6);
  p = Locator(le, "UTF-16LE").locate(4);
  CHECK(p.line == 2);
  CHECK(p.column == 1);
  CHECK(Locator("").locate(10).line == 1);  // past the end: clamped
}

TEST_CASE("atomic file: nothing at the path until commit, then the whole file") {
  Scratch s;
  {
    AtomicFile f(s / "out.csv");
    REQUIRE(f.ok());
    CHECK(f.write("a,b\n"));
    CHECK_FALSE(fs::exists(s / "out.csv"));
    CHECK(fs::exists(f.temp_path()));
    CHECK(fs::path(f.temp_path()).parent_path() == s.dir);
    REQUIRE(f.commit());
  }
  CHECK(contents(s / "out.csv") == "a,b\n");
  CHECK(s.entries() == 1);  // no temporary file left
}

TEST_CASE("atomic file: a discarded or abandoned file leaves the previous one untouched") {
  Scratch s;
  std::ofstream(s / "out.csv") << "previous\n";
  {
    AtomicFile f(s / "out.csv");
    f.write("new, unfinished");
  }  // destroyed without commit: a failure or a signal
  CHECK(contents(s / "out.csv") == "previous\n");
  CHECK(s.entries() == 1);
}

TEST_CASE("atomic file: a full disk fails the write, and the previous file stays") {
  Scratch s;
  std::ofstream(s / "out.csv") << "previous\n";
  AtomicFile f(s / "out.csv");
  REQUIRE(f.ok());
  {
    FileSizeLimit full(4096);
    CHECK_FALSE(f.write(std::string(10000, 'x')));
  }
  CHECK_FALSE(f.ok());
  CHECK(std::string(f.code()) == codes::output_write);
  CHECK(f.error().find("cannot write") != std::string::npos);
  CHECK_FALSE(f.commit());
  CHECK(contents(s / "out.csv") == "previous\n");
  CHECK(s.entries() == 1);
}

TEST_CASE("atomic file: a parent that is a file, or a folder name, is output.create") {
  Scratch s;
  std::ofstream(s / "afile") << "x";
  AtomicFile under_file(s / "afile/x.csv");
  CHECK_FALSE(under_file.ok());
  CHECK(std::string(under_file.code()) == codes::output_create);
  AtomicFile folder_name(s / "dir/");
  CHECK_FALSE(folder_name.ok());
  fs::create_directories(s / "existing");
  AtomicFile a_folder(s / "existing");
  CHECK_FALSE(a_folder.ok());
  CHECK(a_folder.error().find("is a folder") != std::string::npos);
  AtomicFile nested(s / "new/deeper/x.json");  // missing parents are made
  CHECK(nested.ok());
  CHECK(nested.commit());
  CHECK(fs::exists(s / "new/deeper/x.json"));
}

TEST_CASE("atomic file: commit to another name keeps a partial batch apart") {
  Scratch s;
  std::ofstream(s / "out.csv") << "previous\n";
  AtomicFile f(s / "out.csv");
  f.write("half\n");
  REQUIRE(f.commit(s / "out.csv.partial"));
  CHECK(contents(s / "out.csv") == "previous\n");
  CHECK(contents(s / "out.csv.partial") == "half\n");
}

TEST_CASE("atomic file: a pipe or device at the path is written in place, never replaced") {
  Scratch s;
  const std::string fifo = s / "out.fifo";
  REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
  std::string received;
  std::thread reader([&] { received = contents(fifo); });
  {
    AtomicFile f(fifo);
    CHECK(f.ok());
    CHECK(f.direct());
    CHECK(f.temp_path().empty());
    CHECK(f.write("row 1\nrow 2\n"));
    CHECK(f.commit());
  }
  reader.join();
  CHECK(received == "row 1\nrow 2\n");
  CHECK(fs::is_fifo(fifo));  // a rename over it would have left a regular file
  CHECK(s.entries() == 1);   // and no temporary file beside it
}

TEST_CASE("html: stray end tags and self-closed divs do not hide nesting from the limit") {
  for (const char* piece : {"<div></i>", "<div/>", "<b><div></b>", "<table><tr><td>", "<span></div>"}) {
    CAPTURE(piece);
    const ReadResult r = read_html("<html><body>" + repeat(piece, 20000));
    CHECK_FALSE(r.ok);
    REQUIRE(r.diagnostics.size() == 1);
    CHECK(r.diagnostics[0].code == codes::html_too_deep);
  }
}

TEST_CASE("html: flat markup, however long, is read") {
  // Closed divs, paragraphs, list items and self-closed SVG paths do not nest.
  for (const char* piece : {"<div>x</div>", "<p>x", "<li>x", "<br/>", "<i>x</i>"}) {
    CAPTURE(piece);
    CHECK(read_html("<html><body>" + repeat(piece, 20000)).ok);
  }
  CHECK(read_html("<html><body><svg>" + repeat("<path d=\"M0\"/>", 20000) + "</svg><p>x").ok);
}

TEST_CASE("codes: each code once, and each documented in the README") {
  const std::string readme = xxgk::test::read_file(xxgk::test::source_path("README.md"));
  std::set<std::string_view> seen;
  for (auto& c : kAllCodes) {
    CAPTURE(c.code);
    CHECK(seen.insert(c.code).second);
    CHECK(readme.find("`" + std::string(c.code) + "`") != std::string::npos);
  }
}

TEST_CASE("time budget: a spent budget stops the parse, fails only that file, and is lifted after it") {
  check_budget();  // outside any budget: never throws
  {
    TimeBudget none(0);
    check_budget();
  }
  {
    TimeBudget tiny(1e-9);
    usleep(1000);
    CHECK_THROWS_AS(check_budget(), BudgetSpent);
    {
      TimeBudget inner(0);  // the innermost budget is in force
      check_budget();
    }
    CHECK_THROWS_AS(check_budget(), BudgetSpent);
  }
  check_budget();  // the budget ended with its scope

  Pipeline engine(load_grammars(xxgk::test::source_path("grammars")));
  const std::string seed = xxgk::test::read_file(xxgk::test::shared_corpus("seed/000_3b10d53d6ce3f43f.txt"));
  engine.set_time_budget(1e-9);
  const Record spent = engine.parse(seed, "slow.txt");
  CHECK(spent.failed);
  REQUIRE(spent.diagnostics.size() == 1);
  CHECK(spent.diagnostics[0].code == codes::input_time_budget);
  CHECK(spent.diagnostics[0].severity == Severity::error);
  CHECK(spent.cells.empty());
  CHECK(spent.file == "slow.txt");
  engine.set_time_budget(kDefaultTimeBudget);
  const Record next = engine.parse(seed, "next.txt");
  CHECK_FALSE(next.failed);
  CHECK(next.count(CellStatus::read) > 100);
  check_budget();
}
