// The interface between the PDF reader (lib/readers/pdf.cc) and its poppler
// half, the plugin xxgk-pdf.so (plugins/pdf_poppler.cc). Poppler and the
// twenty libraries it needs (NSS, freetype, lcms, libtiff, ...) cost more than
// half of xxgk's start-up for the dynamic loader to relocate, and most batches
// hold no PDF; so they are loaded with the plugin when the first PDF arrives.
// A C interface: the two sides share no C++ object, only bytes and text.
#pragma once

#include <stddef.h>

extern "C" {

// Raised when the functions below change; the reader refuses another.
#define XXGK_PDF_PLUGIN_ABI 1

enum XxgkPdfStatus { XXGK_PDF_OK = 0, XXGK_PDF_CORRUPT = 1, XXGK_PDF_LOCKED = 2, XXGK_PDF_FAILED = 3 };

// Receives the text in pieces, in order.
typedef void (*XxgkPdfAppend)(void* sink, const char* text, size_t size);

// XXGK_PDF_PLUGIN_ABI of the plugin.
typedef int (*XxgkPdfAbi)(void);
// The text of every page in physical layout, pages joined by "\n\f\n", each
// page's trailing line ends, form feeds and spaces dropped; an XxgkPdfStatus.
typedef int (*XxgkPdfText)(const char* bytes, size_t size, XxgkPdfAppend append, void* sink);

}  // extern "C"
