// xxgk: the command-line tool. Subcommands parse, audit and dataset; exit codes
// 0 ok, 1 findings (audit), 2 bad usage or an input that could not be read.
#include <malloc.h>
#include <unistd.h>

#include <boost/program_options.hpp>
#include <algorithm>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <set>
#include <thread>

#include <xxgk/xxgk.h>

#include "batch.h"
#include "held_batch.h"
#include "progress.h"
#include "streams.h"

namespace po = boost::program_options;
namespace fs = std::filesystem;
using namespace xxgk;
using xxgk::cli::HeldBatch;
using xxgk::cli::Input;
using xxgk::cli::PathSource;
using xxgk::cli::Problem;
using xxgk::cli::Progress;
using xxgk::cli::run_stream;

namespace {

constexpr int kOk = 0, kFindings = 1, kBadInput = 2;

const char* kOverview = R"(xxgk - read Chinese government information-disclosure annual reports
(政府信息公开工作年度报告) into normalized records, and audit their arithmetic.

Usage:
  xxgk parse   FILE|DIR|-... [-o OUT] [--format json|jsonl|xml]
  xxgk audit   FILE|DIR|-... [--format text|jsonl] [--fail-on error|warning] [--html PAGE]
  xxgk dataset FILE|DIR|-... -o OUT.csv|OUT.sqlite|- [--records DIR]
  xxgk grammars [--grammars DIR]        check the grammars and list them
  xxgk --version                        version, and the grammars in use

Inputs may be plain text (UTF-8, GB18030/GBK, UTF-16), HTML pages, DOCX or PDF
files; the kind and the encoding are found from the content. Directories are
walked recursively; - reads one document from standard input, and
--paths-from FILE|- reads more paths, one a line, as the batch goes. Records
are written as they are parsed, in input order. Each report gives one record:
template (gov-2019, gov-2021, legacy), agency, year, sections, statutory
references, every cell of tables 2-4 under its canonical key
(t3.granted.natural ...), arithmetic findings, figures that could not be
placed, and diagnostics.

Examples:
  xxgk parse report.html                       record as JSON on stdout
  xxgk parse archive/ -o records/              one JSON file per report
  xxgk audit archive/                          broken sums, readable
  xxgk audit archive/ --format jsonl | jq .    the same, for machines
  xxgk audit archive/ --html audit.html        and a page to look at
  xxgk dataset archive/ -o dataset.csv         one CSV row per report
  xxgk dataset archive/ -o archive.sqlite      reports, cells, findings as SQL tables
  find archive -type f | xxgk dataset --paths-from - -o -    a streaming mapper
  xxgk parse - --format jsonl < report.html    one document from stdin

Common options:
  --grammars DIR   template grammars (default: $XXGK_GRAMMARS, else
                   share/xxgk/grammars of the prefix xxgk is installed in,
                   else the grammars/ folder of the source tree)
  -j, --jobs N     threads (default: all cores); output order never changes
  --paths-from F   also read input paths from F, one a line (-: stdin)
  -q, --quiet      no warnings and no progress bar on stderr (errors are
                   always shown; the bar is only drawn on a terminal)
  --keep-partial   on SIGINT/SIGTERM, keep the reports finished so far in
                   OUT.partial beside each output file (default: write nothing)

Outputs are written to a hidden temporary file beside their path and renamed
into place only when complete: the file at an output path is the previous one
or the whole new one, never a part. Records under an output folder mirror the
inputs' paths below the folder holding them all (archive/a/r.html given as
archive/ -> OUT/a/r.html.json); a file given twice is read once.

Every failure is a line on stderr, `file:line:column: error: message [code]`
(line and column where there is a place in the file).

Exit status: 0 ok; 1 audit found findings; 2 bad usage, or some input could
not be read as a report, or an output could not be written (the other inputs
are still processed and written); 130 or 143 stopped by SIGINT or SIGTERM.
Run 'xxgk COMMAND --help' for the options of one command.
)";

struct Common {
  std::string grammars;
  std::string paths_from;  // --paths-from FILE|-
  unsigned jobs = 0;
  bool quiet = false;
  bool keep_partial = false;
  double time_budget = kDefaultTimeBudget;
  std::vector<std::string> inputs;
};

po::options_description common_options(Common& c) {
  po::options_description o("Common options");
  o.add_options()("help,h", "this help")("grammars", po::value(&c.grammars), "grammar directory")(
      "jobs,j", po::value(&c.jobs), "threads (0: all cores)")("quiet,q", po::bool_switch(&c.quiet),
                                                              "no warnings on stderr (errors are always shown)")(
      "keep-partial", po::bool_switch(&c.keep_partial),
      "on SIGINT/SIGTERM keep finished reports in OUT.partial (default: nothing is written)")(
      "input", po::value(&c.inputs)->composing(), "input files or directories");
  o.add_options()("paths-from", po::value(&c.paths_from),
                  "also read input paths from FILE, one a line, as the batch goes (- for stdin)");
  o.add_options()("time-budget", po::value(&c.time_budget)->value_name("SECONDS"),
                  "give up on a file after SECONDS of work (input.time_budget; default 60, 0: no limit)");
  return o;
}

// --grammars, else $XXGK_GRAMMARS, else share/xxgk/grammars of the prefix the
// binary sits in (so an installed or moved binary works), else the source tree.
std::string grammar_dir(const Common& c) {
  return locate_grammars(c.grammars, self_executable());
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

// One failure or warning that belongs to no record: `path: error: message [code]`.
void report(const std::string& path, Severity severity, const std::string& message, const char* code) {
  std::cerr << path << ": " << to_string(severity) << ": " << message << " [" << code << "]\n";
}

std::unique_ptr<Engine> load_engine(const Common& c) {
  try {
    return std::make_unique<Engine>(grammar_dir(c), EngineOptions{c.time_budget});
  } catch (const GrammarError& e) {
    const std::string where = e.file + (e.line ? ":" + std::to_string(e.line) : std::string());
    report(where, Severity::error, e.message, codes::grammar_invalid);
    std::cerr << "xxgk: cannot load grammars\n";
    return nullptr;
  }
}

// The batch's inputs: those named ("-": a document on stdin), then those of
// --paths-from, read as the batch goes (see streams.h). Problems are reported
// as they are met; errors make `bad` (after the batch: files->failed()).
std::unique_ptr<PathSource> inputs_or_complain(const Common& c, bool& bad) {
  const bool quiet = c.quiet;
  auto source = std::make_unique<PathSource>(c.inputs, c.paths_from, [quiet](const Problem& p) {
    if (p.diagnostic.severity == Severity::error || !quiet)
      report(p.path, p.diagnostic.severity, p.diagnostic.message, p.diagnostic.code.c_str());
  });
  bad = source->failed() || !source->ok();
  return source;
}

// False (after saying why) when a command has no inputs, or reads stdin twice.
bool inputs_usable(const Common& c, const char* command) {
  if (c.inputs.empty() && c.paths_from.empty()) {
    std::cerr << "xxgk " << command << ": no input files\n";
    return false;
  }
  if (c.paths_from == "-" && std::find(c.inputs.begin(), c.inputs.end(), "-") != c.inputs.end()) {
    std::cerr << "xxgk " << command << ": standard input cannot be both a document (-) and --paths-from -\n";
    return false;
  }
  return true;
}

// Called when no record is ready: a pipe sees each record as it is written.
void flush_stdout() {
  std::cout.flush();
}

// The cross-report fields (agency_key folded across the batch, the previous
// report, m.yoy.*, cross.* findings) need the whole batch. Inputs named on
// the command line (files and folders) are read whole, linked, then handed
// on in input order; a stream of paths (--paths-from, or a document on
// stdin) is handed on as each report finishes, in input order with memory
// flat, each record on its own (a cluster mapper sees one shard anyway).
unsigned jobs_of(const Common& c);

bool streamed(const Common& c) {
  return !c.paths_from.empty() || std::find(c.inputs.begin(), c.inputs.end(), "-") != c.inputs.end();
}

bool read_records(const Engine& engine, PathSource& files, const Common& c, Progress& progress,
                  const std::function<void(Record&, const Input&)>& handle) {
  if (streamed(c)) return run_stream(engine, files, jobs_of(c), handle, flush_stdout, &progress);
  HeldBatch batch(engine, HeldBatch::default_hold());
  const bool complete = run_stream(
      engine, files, jobs_of(c), [&](Record& r, const Input& in) { batch.add(std::move(r), in); }, {}, &progress);
  batch.hand_on(handle);
  return complete;
}

// ---- signals ---------------------------------------------------------------

volatile std::sig_atomic_t g_signal = 0;

// The first SIGINT/SIGTERM stops the batch after the files being parsed, so
// outputs are discarded (or kept as .partial) in order; a second one gives up
// at once, removing the temporary files.
extern "C" void on_signal(int sig) {
  if (g_signal != 0) {
    AtomicFile::remove_all_for_signal();
    _exit(128 + sig);
  }
  g_signal = sig;
  xxgk::cli::request_stop();
}

void install_signal_handlers() {
  struct sigaction sa {};
  sa.sa_handler = on_signal;
  sa.sa_flags = SA_RESTART;  // a write in progress goes on: no spurious EINTR failure
  sigemptyset(&sa.sa_mask);
  sigaction(SIGINT, &sa, nullptr);
  sigaction(SIGTERM, &sa, nullptr);
}

int interrupted_status() {
  return 128 + static_cast<int>(g_signal);
}

// ---- outputs ---------------------------------------------------------------

// SQLite needs a file it can seek in: not stdout, a device or a pipe (asked
// before the output is opened: opening a FIFO waits for its reader).
bool can_hold_database(const std::string& path) {
  std::error_code ec;
  const fs::file_status st = fs::status(path, ec);
  return path != "-" && (!fs::exists(st) || fs::is_regular_file(st));
}

// One output: a file written atomically, or standard output ("-" or none).
class Output {
 public:
  explicit Output(const std::string& path) : path_(path) {
    if (!to_stdout()) file_ = std::make_unique<AtomicFile>(path);
    if (file_ && !file_->ok()) fail_now();
  }
  bool to_stdout() const { return path_.empty() || path_ == "-"; }
  bool ok() const { return !failed_; }
  AtomicFile* file() { return file_.get(); }

  void write(std::string_view bytes) {
    if (failed_) return;
    if (file_ ? !file_->write(bytes) : !out_.write(bytes)) fail_now();
  }
  void fail(const std::string& path, const std::string& message, const char* code) {
    if (failed_) return;
    failed_ = true;
    report(path, Severity::error, message, code);
    xxgk::cli::request_stop();  // nothing more can be written: stop parsing
  }
  // Puts the output in place; on an interrupted batch, only with
  // --keep-partial and under PATH.partial. False if it failed.
  bool finish(bool interrupted, bool keep_partial) {
    if (!file_) {
      if (!failed_ && !out_.flush()) fail_now();
      return !failed_;
    }
    if (failed_ || (interrupted && !keep_partial)) {
      file_->discard();
      if (!failed_)
        std::cerr << "xxgk: interrupted: " << path_ << " left as it was (--keep-partial keeps the finished reports)\n";
      return !failed_;
    }
    const std::string to = interrupted ? path_ + ".partial" : std::string();
    if (!file_->commit(to)) fail_now();
    if (!failed_ && interrupted) std::cerr << "xxgk: the reports finished so far are in " << to << "\n";
    return !failed_;
  }

 private:
  void fail_now() {
    if (file_)
      fail(file_->error_path(), file_->error(), file_->code());
    else
      fail("<stdout>", out_.error(), codes::output_write);
  }

  std::string path_;
  std::unique_ptr<AtomicFile> file_;
  CheckedStdout out_;
  bool failed_ = false;
};

// One file per record under a folder (parse -o DIR/, dataset --records DIR),
// each written atomically as soon as its report is done.
class RecordFolder {
 public:
  RecordFolder(std::string folder, std::string ext) : folder_(std::move(folder)), ext_(std::move(ext)) {
    std::error_code ec;
    if (fs::exists(folder_, ec) && !fs::is_directory(folder_, ec)) {
      fail("a file is in the way");
      return;
    }
    fs::create_directories(folder_, ec);
    if (ec) fail("cannot create the folder: " + ec.message());
  }
  bool ok() const { return ok_; }

  // False (reported) when the record could not be written.
  bool write(const Input& in, std::string_view bytes) {
    AtomicFile f((fs::path(folder_) / (in.record_name + ext_)).string());
    if (f.write(bytes) && f.commit()) return true;
    report(f.error_path(), Severity::error, f.error(), f.code());
    return false;
  }

 private:
  void fail(const std::string& why) {
    ok_ = false;
    report(folder_, Severity::error, why, codes::output_create);
  }

  std::string folder_, ext_;
  bool ok_ = true;
};

unsigned jobs_of(const Common& c) {
  return c.jobs ? c.jobs : std::max(1u, std::thread::hardware_concurrency());
}

// An input that could not be read is always named, even with --quiet: a batch
// never drops a file silently.
// The warnings come with it (a decoding problem often says why it failed).
void report_diagnostics(const Common& c, const Record& r) {
  std::cerr << diagnostics_text(r, c.quiet ? Severity::error : Severity::warning);
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
  if (!inputs_usable(c, "parse")) return kBadInput;
  auto engine = load_engine(c);
  if (!engine) return kBadInput;
  bool bad = false;
  auto files = inputs_or_complain(c, bad);
  std::error_code ec;
  const bool to_dir =
      !output.empty() && output != "-" && (fs::is_directory(output, ec) || output.back() == '/' || files->total().value_or(2) > 1);
  const std::string ext = format == "xml" ? ".xml" : ".json";
  std::unique_ptr<RecordFolder> folder;
  std::unique_ptr<Output> out;
  if (to_dir) {
    folder = std::make_unique<RecordFolder>(output, ext);
    if (!folder->ok()) return kBadInput;
  } else {
    out = std::make_unique<Output>(output);
    if (!out->ok()) return kBadInput;
  }
  // XML to one output: one document, written record by record as they come.
  bool any_xml = false;
  if (out && format == "xml") out->write(records_xml_head());
  Progress progress(!c.quiet);
  const bool complete = read_records(*engine, *files, c, progress, [&](Record& r, const Input& in) {
    bad |= r.failed;
    report_diagnostics(c, r);
    if (folder) {
      bad |= !folder->write(in, format == "xml" ? records_xml({&r}) : record_json(r, format == "json"));
    } else if (format == "xml") {
      out->write(records_xml_element(r, !any_xml));
      any_xml = true;
    } else {
      out->write(record_json(r, format == "json"));
    }
  });
  bad |= files->failed();
  if (out && format == "xml") out->write(records_xml_tail(any_xml));
  if (out) bad |= !out->finish(!complete, c.keep_partial);
  if (!complete && g_signal) return interrupted_status();
  return bad || !complete ? kBadInput : kOk;
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
  if (!inputs_usable(c, "audit")) return kBadInput;
  auto engine = load_engine(c);
  if (!engine) return kBadInput;
  bool bad = false, findings = false;
  size_t reports = 0, with_findings = 0, total = 0;
  const Severity threshold = fail_on == "error" ? Severity::error : Severity::warning;
  auto files = inputs_or_complain(c, bad);
  Output out("-");
  Progress progress(!c.quiet);
  std::vector<Record> page_records;  // only for --html: the page draws every report
  const bool complete = read_records(*engine, *files, c, progress, [&](Record& r, const Input&) {
    bad |= r.failed;
    report_diagnostics(c, r);
    if (!html.empty()) page_records.push_back(r);
    ++reports;
    bool counts = false;
    for (auto& f : r.findings) counts |= static_cast<int>(f.severity) >= static_cast<int>(threshold);
    findings |= counts;
    with_findings += !r.findings.empty();
    total += r.findings.size();
    out.write(format == "jsonl" ? findings_jsonl(r) : findings_text(r));
  });
  bad |= files->failed();
  if (!complete) {
    out.finish(true, false);
    return g_signal ? interrupted_status() : kBadInput;
  }
  bad |= !out.finish(false, false);
  if (!html.empty()) {
    AtomicFile page(html);
    if (!page.write(audit_html(page_records, *engine)) || !page.commit()) {
      report(page.error_path(), Severity::error, page.error(), page.code());
      bad = true;
    }
  }
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
  if (output.empty()) {
    std::cerr << "xxgk dataset: needs inputs and -o OUT.csv\n";
    return kBadInput;
  }
  if (!inputs_usable(c, "dataset")) return kBadInput;
  auto engine = load_engine(c);
  if (!engine) return kBadInput;
  bool bad = false;
  auto files = inputs_or_complain(c, bad);
  // -o x.sqlite (or .db): the whole batch as one SQLite database instead of
  // CSV, built in the temporary file and renamed like any other output.
  const bool sqlite = output.ends_with(".sqlite") || output.ends_with(".db");
  if (sqlite && !can_hold_database(output)) {
    std::cerr << output << ": error: a SQLite database must be a regular file, not standard output, a device or a pipe ["
              << codes::output_create << "]\n";
    return kBadInput;
  }
  Output out(output);
  if (!out.ok()) return kBadInput;
  std::unique_ptr<SqliteWriter> db;
  if (sqlite) {
    out.file()->release_descriptor();
    try {
      db = std::make_unique<SqliteWriter>(out.file()->temp_path(), *engine);
    } catch (const std::exception& e) {
      out.fail(output, e.what(), codes::output_database);
      out.finish(false, false);
      return kBadInput;
    }
  }
  std::unique_ptr<RecordFolder> folder;
  if (!records.empty()) {
    folder = std::make_unique<RecordFolder>(records, ".json");
    if (!folder->ok()) return kBadInput;
  }
  if (!sqlite) out.write(dataset_header(*engine));
  size_t rows = 0, failed = 0, cells = 0, findings = 0, recovered = 0, ambiguous = 0, explained = 0;
  std::map<std::string, size_t> by_template;
  auto started = std::chrono::steady_clock::now();
  Progress progress(!c.quiet);
  const bool complete = read_records(*engine, *files, c, progress, [&](Record& r, const Input& in) {
    report_diagnostics(c, r);
    if (r.failed) {
      ++failed;
      bad = true;
      return;
    }
    explained += r.diagnosis.verdict == "single";
    if (db && out.ok()) {
      try {
        db->add(r);
      } catch (const std::exception& e) {
        out.fail(output, std::string(e.what()) + " (adding " + r.file + ")", codes::output_database);
      }
    } else {
      out.write(dataset_row(r, *engine));
    }
    if (folder) bad |= !folder->write(in, record_json(r, true));
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
  });
  bad |= files->failed();
  if (db) {
    try {
      db->close();
    } catch (const std::exception& e) {
      out.fail(output, e.what(), codes::output_database);
    }
    db.reset();  // closes the database file before it is renamed or removed
  }
  bad |= !out.finish(!complete, c.keep_partial);
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  if (!c.quiet) {
    std::cerr << "xxgk dataset: " << files->given() << " file(s): " << rows << " report(s) "
              << (out.ok() && complete ? "written to " + output : std::string("read, nothing written"));
    for (auto& [t, n] : by_template) std::cerr << ", " << n << " " << t;
    std::cerr << "; " << failed << " unreadable; " << cells << " cells extracted (" << recovered << " recovered, "
              << ambiguous << " ambiguous); " << findings << " finding(s); " << explained
              << " report(s) with a single-cell explanation; " << seconds << " s\n";
  }
  if (!complete && g_signal) return interrupted_status();
  return bad || !complete ? kBadInput : kOk;
}

int cmd_grammars(int argc, char** argv) {
  Common c;
  auto opts = common_options(c);
  po::variables_map vm;
  int code = kOk;
  if (!parse_options(argc, argv, opts, vm, "Usage: xxgk grammars [--grammars DIR]", code)) return code;
  auto engine = load_engine(c);
  if (!engine) return kBadInput;
  for (auto& t : engine->templates())
    std::cout << t.id << "\t" << t.cells << " cells\t" << t.rule_checks << " rule checks\t" << t.file << "\n";
  return std::cout.flush() ? kOk : kBadInput;
}

// The version, and which grammars this binary would use (ids and versions).
int print_version() {
  std::cout << "xxgk " << xxgk::version() << " (record schema " << kRecordSchema << ")\n";
  Common c;
  const std::string dir = grammar_dir(c);
  try {
    const Engine engine(dir);
    std::cout << "grammars: " << dir << "\n";
    std::cout << "  common version " << engine.common_version() << "\n";
    for (auto& t : engine.templates()) std::cout << "  " << t.id << " version " << t.version << "\n";
  } catch (const GrammarError& e) {
    std::cerr << e.what() << "\nxxgk: cannot load grammars\n";
    return kBadInput;
  }
  return std::cout.flush() ? kOk : kBadInput;
}

int run(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << kOverview;
    return kBadInput;
  }
  std::string cmd = argv[1];
  if (cmd == "--help" || cmd == "-h" || cmd == "help") {
    std::cout << kOverview;
    return std::cout.flush() ? kOk : kBadInput;
  }
  if (cmd == "--version" || cmd == "version") return print_version();
  // Subcommand options follow the subcommand: shift it off.
  argv[1] = argv[0];
  if (cmd == "parse") return cmd_parse(argc - 1, argv + 1);
  if (cmd == "audit") return cmd_audit(argc - 1, argv + 1);
  if (cmd == "dataset") return cmd_dataset(argc - 1, argv + 1);
  if (cmd == "grammars") return cmd_grammars(argc - 1, argv + 1);
  std::cerr << "xxgk: unknown command '" << cmd << "'\n\n" << kOverview;
  return kBadInput;
}

}  // namespace

// Nothing escapes: an unexpected exception is a message and exit 2, after the
// outputs' destructors have removed their temporary files.
int main(int argc, char** argv) {
  // A large report's buffers (its bytes, texts and maps of megabytes) are
  // mapped and unmapped whole. Left to itself glibc raises this threshold
  // after the first such free and serves the next ones from the heap, which
  // it seldom gives back: peak RSS of a 10 MB GB18030 report 9.6x -> 8x.
  mallopt(M_MMAP_THRESHOLD, 256 << 10);
  install_signal_handlers();
  try {
    return run(argc, argv);
  } catch (const std::bad_alloc&) {
    std::cerr << "xxgk: error: out of memory [" << codes::input_internal << "]\n";
  } catch (const std::exception& e) {
    std::cerr << "xxgk: error: " << e.what() << " [" << codes::input_internal << "]\n";
  } catch (...) {
    std::cerr << "xxgk: error: unexpected failure [" << codes::input_internal << "]\n";
  }
  return kBadInput;
}
