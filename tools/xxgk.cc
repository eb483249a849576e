// xxgk: the command-line tool. Subcommands parse, audit and dataset; exit codes
// 0 ok, 1 findings (audit), 2 bad usage or an input that could not be read.
#include <boost/program_options.hpp>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <set>
#include <thread>

#include "batch.h"
#include "xxgk/audit.h"
#include "xxgk/cross.h"
#include "xxgk/html.h"
#include "xxgk/sqlite_writer.h"
#include "xxgk/writers.h"

namespace po = boost::program_options;
namespace fs = std::filesystem;
using namespace xxgk;
using xxgk::cli::expand_inputs;
using xxgk::cli::run_batch;

namespace {

constexpr int kOk = 0, kFindings = 1, kBadInput = 2;

const char* kOverview = R"(xxgk - read Chinese government information-disclosure annual reports
(政府信息公开工作年度报告) into normalized records, and audit their arithmetic.

Usage:
  xxgk parse   FILE|DIR... [-o OUT] [--format json|jsonl|xml]
  xxgk audit   FILE|DIR... [--format text|jsonl] [--fail-on error|warning] [--html PAGE]
  xxgk dataset FILE|DIR... -o OUT.csv|OUT.sqlite [--records DIR]
  xxgk grammars [--grammars DIR]        check the grammars and list them

Inputs may be plain text (UTF-8, GB18030/GBK, UTF-16), HTML pages, DOCX or PDF
files; the kind and the encoding are found from the content. Directories are
walked recursively. Each report gives one record: template (gov-2019, gov-2021,
legacy), agency, year, sections, statutory references, every cell of tables
2-4 under its canonical key (t3.granted.natural ...), arithmetic findings,
figures that could not be placed, and diagnostics.

Examples:
  xxgk parse report.html                       record as JSON on stdout
  xxgk parse archive/ -o records/              one JSON file per report
  xxgk audit archive/                          broken sums, readable
  xxgk audit archive/ --format jsonl | jq .    the same, for machines
  xxgk audit archive/ --html audit.html        and a page to look at
  xxgk dataset archive/ -o dataset.csv         one CSV row per report
  xxgk dataset archive/ -o archive.sqlite      reports, cells, findings as SQL tables

Common options:
  --grammars DIR   template grammars (default: $XXGK_GRAMMARS, else the
                   grammars/ folder of the source tree)
  -j, --jobs N     threads (default: all cores); output order never changes
  -q, --quiet      no diagnostics on stderr

Exit status: 0 ok; 1 audit found findings; 2 bad usage, or some input could
not be read as a report (the other inputs are still processed and written).
Run 'xxgk COMMAND --help' for the options of one command.
)";

struct Common {
  std::string grammars;
  unsigned jobs = 0;
  bool quiet = false;
  std::vector<std::string> inputs;
};

po::options_description common_options(Common& c) {
  po::options_description o("Common options");
  o.add_options()("help,h", "this help")("grammars", po::value(&c.grammars), "grammar directory")(
      "jobs,j", po::value(&c.jobs), "threads (0: all cores)")(
      "quiet,q", po::bool_switch(&c.quiet), "no diagnostics on stderr")("input", po::value(&c.inputs)->composing(),
                                                                        "input files or directories");
  return o;
}

std::string grammar_dir(const Common& c) {
  if (!c.grammars.empty()) return c.grammars;
  if (const char* env = std::getenv("XXGK_GRAMMARS"); env && *env) return env;
  return XXGK_DEFAULT_GRAMMARS;
}

// Parses a subcommand's options; returns false (after printing) on --help or error.
bool parse_options(int argc, char** argv, po::options_description& opts, po::variables_map& vm, const char* usage,
                   int& exit_code) {
  po::positional_options_description pos;
  pos.add("input", -1);
  try {
    po::store(po::command_line_parser(argc, argv).options(opts).positional(pos).run(), vm);
    po::notify(vm);
  } catch (const po::error& e) {
    std::cerr << "xxgk: " << e.what() << "\n" << usage << "\nTry 'xxgk --help'.\n";
    exit_code = kBadInput;
    return false;
  }
  if (vm.count("help")) {
    std::cout << usage << "\n" << opts << "\n";
    exit_code = kOk;
    return false;
  }
  return true;
}

std::unique_ptr<Engine> load_engine(const Common& c) {
  try {
    return std::make_unique<Engine>(load_grammars(grammar_dir(c)));
  } catch (const GrammarError& e) {
    std::cerr << e.what() << "\nxxgk: cannot load grammars\n";
    return nullptr;
  }
}

std::vector<std::string> inputs_or_complain(const Common& c, bool& bad) {
  std::vector<std::string> missing;
  auto files = expand_inputs(c.inputs, missing);
  for (auto& m : missing) std::cerr << m << ": error: no such file or directory\n";
  bad = !missing.empty();
  return files;
}

unsigned jobs_of(const Common& c) {
  return c.jobs ? c.jobs : std::max(1u, std::thread::hardware_concurrency());
}

// An input that could not be read is always named, even with --quiet: a batch
// never drops a file silently.
void report_diagnostics(const Common& c, const Record& r) {
  if (r.failed)
    std::cerr << diagnostics_text(r, Severity::error);
  else if (!c.quiet)
    std::cerr << diagnostics_text(r, Severity::warning);
}

// Every record of the batch, in input order, linked across years (agency_key,
// previous report, m.yoy.*, cross.* findings): the cross-report checks need
// the whole batch, so the records are kept until it is read.
std::vector<Record> read_linked(const Engine& engine, const std::vector<std::string>& files, const Common& c) {
  std::vector<Record> records;
  records.reserve(files.size());
  run_batch(engine, files, jobs_of(c), [&](Record& r) { records.push_back(std::move(r)); });
  link_batch(engine.grammars(), records);
  return records;
}

bool write_html(const std::string& path, const std::vector<Record>& records, const GrammarSet& grammars) {
  std::ofstream out(path, std::ios::binary);
  out << audit_html(records, grammars);
  if (!out) std::cerr << path << ": error: cannot write\n";
  return static_cast<bool>(out);
}

std::string record_file_name(const std::string& input, const std::string& ext) {
  // archive/a/b.html -> a_b.html.json would lose nothing but is ugly; keep the
  // file name and disambiguate duplicates by the caller's directory layout.
  return fs::path(input).filename().string() + ext;
}

int cmd_parse(int argc, char** argv) {
  Common c;
  std::string output, format = "json";
  auto opts = common_options(c);
  opts.add_options()("output,o", po::value(&output), "output file, or directory for one file per report")(
      "format,f", po::value(&format), "json (default), jsonl or xml");
  po::variables_map vm;
  int code = kOk;
  if (!parse_options(argc, argv, opts, vm, "Usage: xxgk parse FILE|DIR... [-o OUT] [--format json|jsonl|xml]", code))
    return code;
  if (format != "json" && format != "jsonl" && format != "xml") {
    std::cerr << "xxgk parse: unknown format '" << format << "' (json, jsonl, xml)\n";
    return kBadInput;
  }
  if (c.inputs.empty()) {
    std::cerr << "xxgk parse: no input files\n";
    return kBadInput;
  }
  auto engine = load_engine(c);
  if (!engine) return kBadInput;
  bool bad = false;
  auto files = inputs_or_complain(c, bad);
  const bool to_dir = !output.empty() && (fs::is_directory(output) || output.back() == '/' || files.size() > 1);
  if (to_dir) fs::create_directories(output);
  std::ofstream out_file;
  if (!output.empty() && !to_dir) out_file.open(output, std::ios::binary);
  std::ostream& out = (!output.empty() && !to_dir) ? out_file : std::cout;
  std::vector<Record> xml_records;
  for (Record& r : read_linked(*engine, files, c)) {
    bad |= r.failed;
    report_diagnostics(c, r);
    if (to_dir) {
      std::string ext = format == "xml" ? ".xml" : ".json";
      std::ofstream f(fs::path(output) / record_file_name(r.file, ext), std::ios::binary);
      f << (format == "xml" ? records_xml({&r}) : record_json(r, format == "json"));
    } else if (format == "xml") {
      xml_records.push_back(std::move(r));
    } else {
      out << record_json(r, format == "json");
    }
  }
  if (format == "xml" && !to_dir) {
    std::vector<const Record*> ptrs;
    for (auto& r : xml_records) ptrs.push_back(&r);
    out << records_xml(ptrs);
  }
  return bad ? kBadInput : kOk;
}

int cmd_audit(int argc, char** argv) {
  Common c;
  std::string format = "text", fail_on = "warning", html;
  auto opts = common_options(c);
  opts.add_options()("format,f", po::value(&format), "text (default) or jsonl")(
      "html", po::value(&html), "also write the audit as one self-contained HTML page")(
      "fail-on", po::value(&fail_on), "lowest severity that makes the exit status 1: error or warning (default)");
  po::variables_map vm;
  int code = kOk;
  if (!parse_options(argc, argv, opts, vm, "Usage: xxgk audit FILE|DIR... [--format text|jsonl] [--html PAGE.html]", code)) return code;
  if ((format != "text" && format != "jsonl") || (fail_on != "error" && fail_on != "warning")) {
    std::cerr << "xxgk audit: --format is text or jsonl, --fail-on is error or warning\n";
    return kBadInput;
  }
  if (c.inputs.empty()) {
    std::cerr << "xxgk audit: no input files\n";
    return kBadInput;
  }
  auto engine = load_engine(c);
  if (!engine) return kBadInput;
  bool bad = false, findings = false;
  size_t reports = 0, with_findings = 0, total = 0;
  const Severity threshold = fail_on == "error" ? Severity::error : Severity::warning;
  auto files = inputs_or_complain(c, bad);
  auto records = read_linked(*engine, files, c);
  for (Record& r : records) {
    bad |= r.failed;
    report_diagnostics(c, r);
    ++reports;
    bool counts = false;
    for (auto& f : r.findings) counts |= static_cast<int>(f.severity) >= static_cast<int>(threshold);
    findings |= counts;
    with_findings += !r.findings.empty();
    total += r.findings.size();
    std::cout << (format == "jsonl" ? findings_jsonl(r) : findings_text(r));
  }
  if (!html.empty() && !write_html(html, records, engine->grammars())) bad = true;
  if (format == "text" && !c.quiet)
    std::cerr << "xxgk audit: " << reports << " report(s), " << total << " finding(s) in " << with_findings << "\n";
  if (bad) return kBadInput;
  return findings ? kFindings : kOk;
}

int cmd_dataset(int argc, char** argv) {
  Common c;
  std::string output, records;
  auto opts = common_options(c);
  opts.add_options()("output,o", po::value(&output),
                     "CSV file to write (required; - for stdout; .sqlite or .db: a SQLite database)")(
      "records", po::value(&records), "also write each report's JSON record into this directory");
  po::variables_map vm;
  int code = kOk;
  if (!parse_options(argc, argv, opts, vm, "Usage: xxgk dataset FILE|DIR... -o OUT.csv [--records DIR]", code))
    return code;
  if (output.empty() || c.inputs.empty()) {
    std::cerr << "xxgk dataset: needs inputs and -o OUT.csv\n";
    return kBadInput;
  }
  auto engine = load_engine(c);
  if (!engine) return kBadInput;
  bool bad = false;
  auto files = inputs_or_complain(c, bad);
  // -o x.sqlite (or .db): the whole batch as one SQLite database instead of CSV.
  const bool sqlite = output.ends_with(".sqlite") || output.ends_with(".db");
  std::unique_ptr<SqliteWriter> db;
  if (sqlite) {
    try {
      if (fs::path(output).has_parent_path()) fs::create_directories(fs::path(output).parent_path());
      db = std::make_unique<SqliteWriter>(output);
    } catch (const std::exception& e) {
      std::cerr << e.what() << "\n";
      return kBadInput;
    }
  }
  std::ofstream file;
  if (output != "-" && !sqlite) {
    if (fs::path(output).has_parent_path()) fs::create_directories(fs::path(output).parent_path());
    file.open(output, std::ios::binary);
    if (!file) {
      std::cerr << output << ": error: cannot write\n";
      return kBadInput;
    }
  }
  std::ostream& out = output == "-" ? std::cout : file;
  if (!records.empty()) fs::create_directories(records);
  if (!sqlite) out << dataset_header(engine->grammars());
  size_t rows = 0, failed = 0, cells = 0, findings = 0, recovered = 0, ambiguous = 0, explained = 0;
  std::map<std::string, size_t> by_template;
  auto started = std::chrono::steady_clock::now();
  for (Record& r : read_linked(*engine, files, c)) {
    report_diagnostics(c, r);
    if (r.failed) {
      ++failed;
      bad = true;
      continue;
    }
    explained += r.diagnosis.verdict == "single";
    if (db)
      db->add(r);
    else
      out << dataset_row(r, engine->grammars());
    if (!records.empty())
      std::ofstream(fs::path(records) / record_file_name(r.file, ".json"), std::ios::binary) << record_json(r, true);
    ++rows;
    ++by_template[r.template_id];
    size_t read = r.count(CellStatus::read) + r.count(CellStatus::blank) + r.count(CellStatus::recovered);
    cells += read;
    findings += r.findings.size();
    recovered += r.count(CellStatus::recovered);
    ambiguous += r.count(CellStatus::ambiguous);
    if (!c.quiet)
      std::cerr << "  " << r.file << ": " << r.template_id << ", " << (r.agency.empty() ? "?" : r.agency) << " "
                << (r.year ? std::to_string(*r.year) : "?") << ", " << read << "/" << r.cells.size() << " cells, "
                << r.findings.size() << " finding(s)\n";
  }
  if (db) db->close();
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  if (!c.quiet) {
    std::cerr << "xxgk dataset: " << files.size() << " file(s): " << rows << " report(s) written to " << output;
    for (auto& [t, n] : by_template) std::cerr << ", " << n << " " << t;
    std::cerr << "; " << failed << " unreadable; " << cells << " cells extracted (" << recovered << " recovered, "
              << ambiguous << " ambiguous); " << findings << " finding(s); " << explained
              << " report(s) with a single-cell explanation; " << seconds << " s\n";
  }
  return bad ? kBadInput : kOk;
}

int cmd_grammars(int argc, char** argv) {
  Common c;
  auto opts = common_options(c);
  po::variables_map vm;
  int code = kOk;
  if (!parse_options(argc, argv, opts, vm, "Usage: xxgk grammars [--grammars DIR]", code)) return code;
  auto engine = load_engine(c);
  if (!engine) return kBadInput;
  for (auto& g : engine->grammars().templates)
    std::cout << g.id << "\t" << g.keys().size() << " cells\t" << g.instances().size() << " rule checks\t" << g.file
              << "\n";
  return kOk;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << kOverview;
    return kBadInput;
  }
  std::string cmd = argv[1];
  if (cmd == "--help" || cmd == "-h" || cmd == "help") {
    std::cout << kOverview;
    return kOk;
  }
  if (cmd == "--version") {
    std::cout << "xxgk 0.1.0 (record schema xxgk/2)\n";
    return kOk;
  }
  // Subcommand options follow the subcommand: shift it off.
  argv[1] = argv[0];
  if (cmd == "parse") return cmd_parse(argc - 1, argv + 1);
  if (cmd == "audit") return cmd_audit(argc - 1, argv + 1);
  if (cmd == "dataset") return cmd_dataset(argc - 1, argv + 1);
  if (cmd == "grammars") return cmd_grammars(argc - 1, argv + 1);
  std::cerr << "xxgk: unknown command '" << cmd << "'\n\n" << kOverview;
  return kBadInput;
}
