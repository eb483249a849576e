// The public Engine (xxgk/xxgk.h): the Pipeline behind a pointer, and the
// public functions that need its grammars, forwarded to the stages.
#include <memory>

#include "audit/cross.h"
#include "engine/pipeline.h"
#include "write/writers.h"
#include "xxgk/xxgk.h"

namespace xxgk {

Engine::Engine(const std::string& grammar_dir, const EngineOptions& options)
    : impl_(std::make_unique<const Impl>(load_grammars(grammar_dir), options)) {}
Engine::~Engine() = default;
Engine::Engine(Engine&&) noexcept = default;
Engine& Engine::operator=(Engine&&) noexcept = default;

Record Engine::parse(std::string_view bytes, const std::string& name) const {
  return impl_->pipeline.parse(bytes, name);
}

std::vector<TemplateInfo> Engine::templates() const {
  std::vector<TemplateInfo> out;
  for (const Grammar& g : grammars_of(*this).templates)
    out.push_back({g.id, g.version, g.file, g.keys().size(), g.instances().size()});
  return out;
}

std::string Engine::common_version() const {
  return grammars_of(*this).common.version;
}

void link_batch(const Engine& engine, std::vector<Record>& records) {
  link_batch(grammars_of(engine), records);
}

struct BatchLinker::State {
  explicit State(const GrammarSet& g) : linker(g) {}
  Linker linker;
};

BatchLinker::BatchLinker(const Engine& engine) : state_(std::make_unique<State>(grammars_of(engine))) {}
BatchLinker::~BatchLinker() = default;

void BatchLinker::add(const Record& r) {
  state_->linker.add(r);
}

void BatchLinker::plan() {
  state_->linker.plan();
}

std::optional<size_t> BatchLinker::previous(size_t i) const {
  return state_->linker.previous(i);
}

void BatchLinker::link(size_t i, Record& r, const Record* previous) const {
  state_->linker.link(i, r, previous);
}

std::string dataset_header(const Engine& engine) {
  return dataset_header(grammars_of(engine));
}

std::string dataset_row(const Record& r, const Engine& engine) {
  return dataset_row(r, grammars_of(engine));
}

std::string audit_html(const std::vector<Record>& records, const Engine& engine) {
  return audit_html(records, grammars_of(engine));
}

}  // namespace xxgk
