// The whole pipeline for one document:
//
//   read (sniff, decode, HTML/DOCX/PDF readers)  lib/readers, lib/decode
//   normalize                                    lib/normalize
//   layout + label scan                          lib/tokenize
//   template detection, sections, references,
//   agency and year                              lib/recognize
//   tables to canonical keys (+ recovery)        lib/extract
//   audit                                        lib/audit
//
// A Pipeline holds the grammars, compiled once; it is read-only afterwards, so
// one Pipeline serves every thread of a batch. parse() does no file I/O.
// The public xxgk::Engine (xxgk/xxgk.h) is a Pipeline behind a pointer.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "grammar/grammar.h"
#include "base/record.h"
#include "tokenize/scan.h"

namespace xxgk {

class Pipeline {
 public:
  explicit Pipeline(GrammarSet grammars);
  const GrammarSet& grammars() const { return grammars_; }
  ~Pipeline();
  Pipeline(Pipeline&&) noexcept;
  Pipeline& operator=(Pipeline&&) noexcept;
  // Built when a document of that template first needs it (thread-safe): a
  // batch of one template, or a command that reads no report, does not pay
  // for building every template's index at start-up.
  const LabelIndex& labels(size_t template_index) const;

  // Parses one document given as bytes; `name` is what the record calls it.
  // A document that takes longer than the time budget fails with
  // `input.time_budget` (nothing of it is kept); see base/budget.h.
  Record parse(std::string_view bytes, const std::string& name) const;

  // Wall-clock seconds one parse() may take; 0 or less: no limit (the
  // default: kDefaultTimeBudget, xxgk/xxgk.h). Set it before the pipeline is
  // shared by threads.
  void set_time_budget(double seconds) { time_budget_seconds_ = seconds; }
  double time_budget() const { return time_budget_seconds_; }

 private:
  GrammarSet grammars_;
  struct LazyLabels;
  std::vector<std::unique_ptr<LazyLabels>> labels_;  // one per template
  Grammar legacy_;  // sections only: what a pre-2019 report's headings are
  double time_budget_seconds_ = kDefaultTimeBudget;

  Record parse_within_budget(std::string_view bytes, const std::string& name) const;
};

// What the public Engine hides.
struct Engine::Impl {
  Impl(GrammarSet grammars, const EngineOptions& options) : pipeline(std::move(grammars)) {
    pipeline.set_time_budget(options.time_budget);
  }
  Pipeline pipeline;
};

inline const GrammarSet& grammars_of(const Engine& engine) {
  return engine.impl().pipeline.grammars();
}

// Which template the labels of a normalized text belong to: the index into
// grammars.templates with the most detection markers present, or -1 when no
// marker is present or when several grammars tie (listed in `tied`: a tie is
// a diagnostic, never settled by the order of the grammar files).
struct TemplateChoice {
  int index = -1;
  std::vector<int> tied;
};
TemplateChoice choose_template(const GrammarSet& grammars, std::string_view normalized_text);
int detect_template(const GrammarSet& grammars, std::string_view normalized_text);

// The agency_key of one report on its own: the agency's name as a label key
// (NFKC, white space removed; a report in Traditional characters is already
// read as Simplified). A batch may fold it further (see link_reports).
std::string agency_key(std::string_view agency);

}  // namespace xxgk
