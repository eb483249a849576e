// tools/streams.cc and tools/progress.cc: the CLI's ordered stream of records
// and its progress line (end to end in tests/cli/streams.sh).
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <stdexcept>

#include <unistd.h>

#include "progress.h"
#include "streams.h"
#include "support.h"

using namespace xxgk;
using xxgk::test::public_engine;

namespace {

struct TempDir {
  std::filesystem::path path = std::filesystem::temp_directory_path() /
                               ("xxgk-streams-" + std::to_string(::getpid()) + "-" + std::to_string(rand()));
  TempDir() { std::filesystem::create_directories(path); }
  ~TempDir() { std::filesystem::remove_all(path); }
};

// n small reports, and a list naming them in reverse order.
std::vector<std::string> make_reports(const TempDir& dir, int n) {
  std::vector<std::string> paths;
  for (int i = n; i-- > 0;) {
    auto p = (dir.path / ("r" + std::to_string(i) + ".txt")).string();
    std::ofstream(p) << "测试" << i << "县人民政府2020年政府信息公开工作年度报告\n本年新收政府信息公开申请数量 " << i
                     << "\n";
    paths.push_back(p);
  }
  std::ofstream list(dir.path / "list");
  for (auto& p : paths) list << p << "\n";
  return paths;
}

}  // namespace

TEST_CASE("run_stream hands every record on once, in input order, whatever the threads") {
  TempDir dir;
  auto paths = make_reports(dir, 300);
  for (unsigned jobs : {1u, 2u, 5u}) {
    CAPTURE(jobs);
    cli::PathSource source({}, (dir.path / "list").string(), {});
    std::vector<std::string> seen;
    cli::run_stream(public_engine(), source, jobs, [&](Record& r, const cli::Input&) { seen.push_back(r.file); });
    CHECK(seen == paths);
    CHECK(source.given() == paths.size());
  }
}

TEST_CASE("run_stream: named inputs first, then the list, and a missing path is noted") {
  TempDir dir;
  auto paths = make_reports(dir, 5);
  size_t problems = 0;
  cli::PathSource source({paths[4], (dir.path / "missing.txt").string()}, (dir.path / "list").string(),
                         [&](const cli::Problem&) { ++problems; });
  CHECK(source.failed());
  CHECK(problems == 1);
  CHECK_FALSE(source.total());  // a list has no total in advance
  std::vector<std::string> seen;
  cli::run_stream(public_engine(), source, 2, [&](Record& r, const cli::Input&) { seen.push_back(r.file); });
  std::vector<std::string> want{paths[4]};
  want.insert(want.end(), paths.begin(), paths.end());
  CHECK(seen == want);
}

TEST_CASE("run_stream: a sink that throws stops the batch, and the exception comes out") {
  TempDir dir;
  make_reports(dir, 200);
  cli::PathSource source({}, (dir.path / "list").string(), {});
  size_t calls = 0;
  CHECK_THROWS_AS(cli::run_stream(public_engine(), source, 2,
                                  [&](Record&, const cli::Input&) {
                                    if (++calls == 3) throw std::runtime_error("disk full");
                                  }),
                  std::runtime_error);
  CHECK(calls == 3);
  CHECK(source.given() < 200);  // it stopped reading the list
}

TEST_CASE("progress line: done of total, rate, findings, time left, within the width") {
  auto line = cli::Progress::line(50, 100, 10.0, 3, 80);
  CHECK(line.find("50/100") != std::string::npos);
  CHECK(line.find("5 reports/s") != std::string::npos);
  CHECK(line.find("3 findings") != std::string::npos);
  CHECK(line.find("0:10 left") != std::string::npos);
  CHECK(line.find("[###############...............]") == 0);
  CHECK(line.size() <= 80);
  CHECK(cli::Progress::line(7, std::nullopt, 2.0, 1, 80) == "7  4 reports/s  1 finding");
  CHECK(cli::Progress::line(100, 100, 0.0, 0, 30).size() <= 30);
  CHECK(cli::Progress::line(3600, 7200, 3600.0, 0, 80).find("1:00:00 left") != std::string::npos);
}
