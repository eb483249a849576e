// _xxgk: the C++ side of the Python module `xxgk` (python/xxgk/__init__.py is
// the Python side). Documents are parsed with the GIL released, a batch on
// several threads and then linked across years as the CLI links the inputs
// it names; records come back as the JSON writer's text and dataset rows as
// the CSV writer's, so Python sees exactly what the CLI writes. Only the
// public header is used, as any embedding program would.
#include <dlfcn.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <algorithm>
#include <atomic>
#include <map>
#include <memory>
#include <mutex>
#include <thread>

#include <xxgk/xxgk.h>

namespace py = pybind11;

namespace {

std::string module_file() {
  Dl_info info{};
  if (dladdr(reinterpret_cast<void*>(&module_file), &info) && info.dli_fname) return info.dli_fname;
  return {};
}

// One engine per grammar directory and time budget, loaded on first use and
// kept: grammars are compiled once per process, never per call.
const xxgk::Engine& engine(const std::string& grammars, double time_budget) {
  static std::mutex mutex;
  static std::map<std::pair<std::string, double>, std::unique_ptr<xxgk::Engine>> engines;
  const std::string dir = xxgk::locate_grammars(grammars, module_file());
  std::lock_guard lock(mutex);
  auto& slot = engines[{dir, time_budget}];
  if (!slot) {
    try {
      slot = std::make_unique<xxgk::Engine>(dir, xxgk::EngineOptions{time_budget});
    } catch (const xxgk::GrammarError& e) {
      throw std::runtime_error(e.what() + "\nxxgk: cannot load grammars");
    }
  }
  return *slot;
}

// Calls work(i) for i in [0, n) on `jobs` threads (the caller's among them).
template <class F>
void parallel_for(size_t n, unsigned jobs, F work) {
  if (jobs == 0) jobs = std::max(1u, std::thread::hardware_concurrency());
  std::atomic<size_t> next{0};
  auto run = [&] {
    for (size_t i; (i = next.fetch_add(1)) < n;) work(i);
  };
  std::vector<std::jthread> threads;
  for (unsigned t = 1; t < jobs && t < n; ++t) threads.emplace_back(run);
  run();
}

// The records of a batch, parsed on `jobs` threads and linked across years
// (agency_key, previous, m.yoy.*, cross.* findings), in input order.
std::vector<xxgk::Record> parse_batch(const xxgk::Engine& e, const std::vector<std::string>& paths, unsigned jobs) {
  std::vector<xxgk::Record> records(paths.size());
  parallel_for(paths.size(), jobs, [&](size_t i) { records[i] = xxgk::parse_file(e, paths[i]); });
  xxgk::link_batch(e, records);
  return records;
}

std::string failed_text(const xxgk::Record& r) {
  return r.failed ? xxgk::diagnostics_text(r, xxgk::Severity::error) : std::string();
}

}  // namespace

PYBIND11_MODULE(_xxgk, m) {
  m.doc() = "xxgk's C++ engine; use the xxgk package";
  m.attr("__version__") = xxgk::version();

  m.def("grammars_dir", [](const std::string& grammars) { return xxgk::locate_grammars(grammars, module_file()); },
        py::arg("grammars") = "");

  // (record JSON, error text or "") of one document given as bytes.
  m.def(
      "parse_bytes",
      [](py::bytes data, const std::string& name, const std::string& grammars, double time_budget) {
        const auto& e = engine(grammars, time_budget);
        std::string bytes = data;
        py::gil_scoped_release release;
        auto r = e.parse(bytes, name);
        return std::make_pair(xxgk::record_json(r, false), failed_text(r));
      },
      py::arg("data"), py::arg("name"), py::arg("grammars") = "", py::arg("time_budget") = xxgk::kDefaultTimeBudget);

  // (record JSON, error text or "") of one file.
  m.def(
      "parse_path",
      [](const std::string& path, const std::string& grammars, double time_budget) {
        const auto& e = engine(grammars, time_budget);
        py::gil_scoped_release release;
        auto r = xxgk::parse_file(e, path);
        return std::make_pair(xxgk::record_json(r, false), failed_text(r));
      },
      py::arg("path"), py::arg("grammars") = "", py::arg("time_budget") = xxgk::kDefaultTimeBudget);

  // Per file, in order: (findings as JSON lines, error text or ""), the
  // batch linked across years first (the cross.* findings).
  m.def(
      "audit_paths",
      [](const std::vector<std::string>& paths, unsigned jobs, const std::string& grammars, double time_budget) {
        const auto& e = engine(grammars, time_budget);
        std::vector<std::pair<std::string, std::string>> out;
        py::gil_scoped_release release;
        for (auto& r : parse_batch(e, paths, jobs)) out.emplace_back(xxgk::findings_jsonl(r), failed_text(r));
        return out;
      },
      py::arg("paths"), py::arg("jobs") = 0, py::arg("grammars") = "", py::arg("time_budget") = xxgk::kDefaultTimeBudget);

  // The dataset as CSV text (header, then one row per readable report, in
  // order, the batch linked across years), and the error text of the files
  // that could not be read.
  m.def(
      "dataset_paths",
      [](const std::vector<std::string>& paths, unsigned jobs, const std::string& grammars, double time_budget) {
        const auto& e = engine(grammars, time_budget);
        py::gil_scoped_release release;
        std::string csv = xxgk::dataset_header(e), err;
        for (auto& r : parse_batch(e, paths, jobs)) {
          if (r.failed)
            err += failed_text(r);
          else
            csv += xxgk::dataset_row(r, e);
        }
        return std::make_pair(csv, err);
      },
      py::arg("paths"), py::arg("jobs") = 0, py::arg("grammars") = "", py::arg("time_budget") = xxgk::kDefaultTimeBudget);
}
