// A real PDF with Chinese text, made at test time with cairo and a CJK font
// from Debian (embedded subset + ToUnicode, like the PDFs agencies publish):
// the tab-row sample is typeset cell by cell, then read back through poppler,
// and must give the same cells and findings as the text.
#include <cairo-pdf.h>
#include <cairo.h>
#include <doctest/doctest.h>

#include <memory>
#include <sstream>

#include "support.h"
#include "readers/readers.h"

using namespace xxgk;
using namespace xxgk::test;

namespace {

struct CairoSurfaceFree {
  void operator()(cairo_surface_t* s) const { cairo_surface_destroy(s); }
};
struct CairoFree {
  void operator()(cairo_t* c) const { cairo_destroy(c); }
};

cairo_status_t append(void* closure, const unsigned char* data, unsigned int length) {
  static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
  return CAIRO_STATUS_SUCCESS;
}

// Each line of the report on its own baseline; the cells of a tab row placed
// left to right with a gap wider than two spaces, as a table prints.
std::string typeset(const std::string& text) {
  constexpr double kWidth = 1600, kHeight = 2400, kLine = 13, kGap = 28, kSize = 9;
  std::string pdf;
  std::unique_ptr<cairo_surface_t, CairoSurfaceFree> surface(
      cairo_pdf_surface_create_for_stream(append, &pdf, kWidth, kHeight));
  std::unique_ptr<cairo_t, CairoFree> cr(cairo_create(surface.get()));
  cairo_select_font_face(cr.get(), "WenQuanYi Micro Hei", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
  cairo_set_font_size(cr.get(), kSize);
  double y = 30;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.rfind("\xEF\xBB\xBF", 0) == 0) line.erase(0, 3);
    double x = 20;
    std::istringstream cells(line);
    for (std::string cell; std::getline(cells, cell, '\t');) {
      cairo_move_to(cr.get(), x, y);
      cairo_show_text(cr.get(), cell.c_str());
      cairo_text_extents_t ext;
      cairo_text_extents(cr.get(), cell.c_str(), &ext);
      x += ext.x_advance + kGap;
    }
    y += kLine;
    if (y > kHeight - 30) {
      cairo_show_page(cr.get());
      y = 30;
    }
  }
  cr.reset();
  cairo_surface_finish(surface.get());
  return pdf;
}

}  // namespace

TEST_CASE("pdf: a Chinese report typeset by cairo reads back with the same cells and findings") {
  for (std::string sample : {"gov2021-tab-rows.txt", "gov2021-broken-sums.txt"}) {
    CAPTURE(sample);
    std::string text = read_file(source_path("corpus/reports/" + sample));
    std::string pdf = typeset(text);
    REQUIRE(pdf.rfind("%PDF-", 0) == 0);
    InputKind kind = InputKind::text;
    ReadResult read = read_any(pdf, "report.pdf", &kind);
    CHECK(kind == InputKind::pdf);
    REQUIRE(read.ok);
    Record original = parse(text, sample);
    Record fromPdf = parse(pdf, "report.pdf");
    CHECK(fromPdf.kind == "pdf");
    CHECK(fromPdf.template_id == original.template_id);
    CHECK(fromPdf.agency == original.agency);
    CHECK(fromPdf.year == original.year);
    REQUIRE(fromPdf.cells.size() == original.cells.size());
    size_t same = 0;
    for (size_t i = 0; i < original.cells.size(); ++i) {
      if (fromPdf.cells[i].value == original.cells[i].value && fromPdf.cells[i].status == original.cells[i].status)
        ++same;
      else
        CHECK_MESSAGE(false, original.cells[i].key << ": " << value_of(fromPdf, original.cells[i].key) << " vs "
                                                   << value_of(original, original.cells[i].key));
    }
    CHECK(same == original.cells.size());
    CHECK(fromPdf.findings.size() == original.findings.size());
    CHECK(fromPdf.unplaced.empty());
  }
}
