// xxgk-pdf.so: the PDF reader's poppler half (see lib/readers/pdf_plugin.h),
// loaded by lib/readers/pdf.cc on the first PDF. poppler-cpp's text in
// physical layout, what `pdftotext -layout` prints: table columns kept apart
// by runs of spaces, one text line a line.
#include <poppler-document.h>
#include <poppler-global.h>
#include <poppler-page.h>

#include <climits>
#include <memory>
#include <mutex>
#include <string>

#include "readers/pdf_plugin.h"

namespace {

constexpr std::string_view kPageBreak = "\n\f\n";

// Poppler prints its complaints about damaged files on stderr; a library must
// not write there. The handler is process-wide, so it is installed once.
void silence_poppler() {
  static std::once_flag once;
  std::call_once(once, [] { poppler::set_debug_error_function([](const std::string&, void*) {}, nullptr); });
}

std::string page_text(const poppler::document& doc, int index) {
  std::unique_ptr<poppler::page> page(doc.create_page(index));
  if (!page) return {};
  // An empty rectangle means the whole page.
  const poppler::byte_array utf8 = page->text(poppler::rectf(), poppler::page::physical_layout).to_utf8();
  std::string text(utf8.begin(), utf8.end());
  while (!text.empty() && (text.back() == '\n' || text.back() == '\f' || text.back() == ' ')) text.pop_back();
  return text;
}

int pdf_text(const char* bytes, size_t size, XxgkPdfAppend append, void* sink) {
  if (size > static_cast<size_t>(INT_MAX)) return XXGK_PDF_CORRUPT;
  silence_poppler();
  std::unique_ptr<poppler::document> doc(poppler::document::load_from_raw_data(bytes, static_cast<int>(size)));
  if (!doc) return XXGK_PDF_CORRUPT;
  if (doc->is_locked()) return XXGK_PDF_LOCKED;
  for (int i = 0; i < doc->pages(); ++i) {
    if (i > 0) append(sink, kPageBreak.data(), kPageBreak.size());
    const std::string text = page_text(*doc, i);
    append(sink, text.data(), text.size());
  }
  return XXGK_PDF_OK;
}

}  // namespace

extern "C" {

__attribute__((visibility("default"))) int xxgk_pdf_abi(void) {
  return XXGK_PDF_PLUGIN_ABI;
}

// No exception may cross into the reader: a C caller cannot catch it.
__attribute__((visibility("default"))) int xxgk_pdf_text(const char* bytes, size_t size, XxgkPdfAppend append,
                                                         void* sink) {
  try {
    return pdf_text(bytes, size, append, sink);
  } catch (...) {
    return XXGK_PDF_FAILED;
  }
}

}  // extern "C"
