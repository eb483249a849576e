// PDF reader: poppler-cpp's text in physical layout (what `pdftotext -layout`
// prints: table columns kept apart by runs of spaces, one text line a line).
// The tokenizer reads that layout like any space-aligned plain text.
//
// Origins for PDF are all 0: page content streams are usually compressed and
// poppler does not say which bytes drew a glyph, so no byte of the file can be
// named; 0 is the one true statement (the text came from this file) and keeps
// offsets real. Pages are joined by "\n\f\n" so that later stages can still
// see page breaks.
#include <poppler-document.h>
#include <poppler-global.h>
#include <poppler-page.h>

#include <algorithm>
#include <climits>
#include <memory>
#include <mutex>

#include "base/codes.h"
#include "readers/readers.h"

namespace xxgk {
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

bool is_blank(std::string_view s) {
  return std::all_of(s.begin(), s.end(),
                     [](char c) { return c == ' ' || c == '\n' || c == '\r' || c == '\f' || c == '\t'; });
}

}  // namespace

ReadResult read_pdf(std::string_view bytes) {
  if (bytes.empty()) return refused(error_diagnostic(codes::input_empty, "input is empty"));
  if (bytes.size() > static_cast<size_t>(INT_MAX))
    return refused(error_diagnostic(codes::input_too_large, "PDF is larger than 2 GiB"));
  silence_poppler();
  std::unique_ptr<poppler::document> doc(
      poppler::document::load_from_raw_data(bytes.data(), static_cast<int>(bytes.size())));
  if (!doc) return refused(error_diagnostic(codes::pdf_corrupt, "cannot parse the PDF (damaged or not a PDF)"));
  if (doc->is_locked())
    return refused(error_diagnostic(codes::pdf_corrupt, "the PDF is encrypted with a password; cannot read it"));
  std::string text;
  for (int i = 0; i < doc->pages(); ++i) {
    if (i > 0) text.append(kPageBreak);
    text.append(page_text(*doc, i));
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
