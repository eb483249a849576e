// PDF reader. The text comes from poppler, in the plugin xxgk-pdf.so
// (plugins/pdf_poppler.cc, interface in pdf_plugin.h), loaded when the first
// PDF arrives: linking poppler into xxgk made every start-up pay for
// relocating it and its twenty libraries. The tokenizer reads poppler's
// physical layout like any space-aligned plain text.
//
// Where the plugin is looked for, first found wins:
//   1. $XXGK_PDF_PLUGIN, the path of the plugin itself;
//   2. beside the object that holds this code (the xxgk binary, the Python
//      module), then up to four folders up, each as DIR/xxgk-pdf.so (a build
//      tree) and DIR/LIBDIR/xxgk/xxgk-pdf.so (an installed prefix, moved or
//      not), as the grammars are found (lib/engine/locate.cc);
//   3. the configured install folder, LIBDIR/xxgk of the install prefix.
//
// Origins for PDF are all 0: page content streams are usually compressed and
// poppler does not say which bytes drew a glyph, so no byte of the file can be
// named; 0 is the one true statement (the text came from this file) and keeps
// offsets real. Pages are joined by "\n\f\n" so that later stages can still
// see page breaks.
#include <dlfcn.h>

#include <algorithm>
#include <climits>
#include <cstdlib>
#include <filesystem>
#include <mutex>

#include "base/codes.h"
#include "readers/pdf_plugin.h"
#include "readers/readers.h"

#ifndef XXGK_PLUGIN_LIBDIR
#define XXGK_PLUGIN_LIBDIR "lib"
#endif
#ifndef XXGK_PLUGIN_INSTALL_DIR
#define XXGK_PLUGIN_INSTALL_DIR "/usr/local/lib/xxgk"
#endif

namespace xxgk {
namespace {

namespace fs = std::filesystem;

constexpr const char* kPluginName = "xxgk-pdf.so";
// As for the grammars: prefix/lib/python3.X/dist-packages/xxgk/_xxgk.so is four levels down.
constexpr int kMaxPrefixDepth = 4;

// The folder of the binary or shared object this code was linked into.
fs::path own_folder() {
  Dl_info info{};
  if (dladdr(reinterpret_cast<void*>(&own_folder), &info) == 0 || !info.dli_fname) return {};
  std::error_code ec;
  return fs::weakly_canonical(fs::absolute(info.dli_fname, ec), ec).parent_path();
}

// $XXGK_PDF_PLUGIN, or "" when not set.
std::string plugin_from_environment() {
  const char* env = std::getenv("XXGK_PDF_PLUGIN");
  return env ? env : "";
}

std::vector<fs::path> candidates() {
  if (const std::string env = plugin_from_environment(); !env.empty()) return {env};
  std::vector<fs::path> out;
  fs::path dir = own_folder();
  for (int up = 0; up <= kMaxPrefixDepth && !dir.empty(); ++up) {
    out.push_back(dir / kPluginName);
    out.push_back(dir / XXGK_PLUGIN_LIBDIR / "xxgk" / kPluginName);
    if (dir == dir.root_path()) break;
    dir = dir.parent_path();
  }
  out.push_back(fs::path(XXGK_PLUGIN_INSTALL_DIR) / kPluginName);
  return out;
}

// The plugin, loaded once per process and never unloaded: any thread may be
// reading a PDF with it until the process ends.
struct Plugin {
  XxgkPdfText text = nullptr;
  std::string error;  // why there is none
};

Plugin load_plugin() {
  Plugin p;
  std::error_code ec;
  for (auto& path : candidates()) {
    if (!fs::is_regular_file(path, ec)) continue;
    void* handle = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (!handle) {
      p.error = "cannot load the PDF reader " + path.string() + ": " + dlerror();
      return p;
    }
    auto abi = reinterpret_cast<XxgkPdfAbi>(dlsym(handle, "xxgk_pdf_abi"));
    auto text = reinterpret_cast<XxgkPdfText>(dlsym(handle, "xxgk_pdf_text"));
    if (!abi || !text || abi() != XXGK_PDF_PLUGIN_ABI) {
      p.error = "the PDF reader " + path.string() + " belongs to another version of xxgk";
      return p;
    }
    p.text = text;
    return p;
  }
  const std::string env = plugin_from_environment();
  p.error = std::string("the PDF reader ") + kPluginName +
            (env.empty() ? " is not installed: not beside xxgk nor in " XXGK_PLUGIN_LIBDIR
                           "/xxgk of its prefix (install it, or set XXGK_PDF_PLUGIN to its path)"
                         : " is not at $XXGK_PDF_PLUGIN (" + env + ")");
  return p;
}

const Plugin& plugin() {
  static const Plugin p = load_plugin();  // thread-safe once
  return p;
}

void append_to(void* sink, const char* text, size_t size) {
  static_cast<std::string*>(sink)->append(text, size);
}

bool is_blank(std::string_view s) {
  return std::all_of(s.begin(), s.end(),
                     [](char c) { return c == ' ' || c == '\n' || c == '\r' || c == '\f' || c == '\t'; });
}

}  // namespace

ReadResult read_pdf(std::string_view bytes) {
  if (bytes.empty()) return refused(error_diagnostic(codes::input_empty, "input is empty"));
  if (bytes.size() > static_cast<size_t>(INT_MAX))
    return refused(error_diagnostic(codes::input_too_large, "PDF is larger than 2 GiB"));
  const Plugin& reader = plugin();
  if (!reader.text) return refused(error_diagnostic(codes::pdf_unavailable, "cannot read PDF: " + reader.error));
  std::string text;
  switch (reader.text(bytes.data(), bytes.size(), append_to, &text)) {
    case XXGK_PDF_OK: break;
    case XXGK_PDF_LOCKED:
      return refused(error_diagnostic(codes::pdf_corrupt, "the PDF is encrypted with a password; cannot read it"));
    default: return refused(error_diagnostic(codes::pdf_corrupt, "cannot parse the PDF (damaged or not a PDF)"));
  }
  if (is_blank(text)) {
    return refused(
        error_diagnostic(codes::pdf_no_text_layer, "PDF has no text layer (scanned image?); OCR is not supported"));
  }
  if (text.back() != '\n') text.push_back('\n');
  ReadResult r;
  r.text.append(text, 0, /*contiguous=*/false);
  r.text.finish(static_cast<uint32_t>(bytes.size()));
  r.ok = true;
  return r;
}

}  // namespace xxgk
