// Where a long HTML page can be cut into pieces that gumbo parses one at a
// time, each tree freed before the next is built, with the same result as one
// parse of the whole page (issue #7: gumbo's tree is several times the page).
//
// A cut is taken only where the page so far is plain enough to be sure of the
// parser's state: after an explicit <body>, every element opened since closed
// by its own end tag in order (no implied or stray end tag, no self-closed
// element, no <svg>/<math>, <form>, <frameset>, <template>, <select>, no comment
// or script whose end is in doubt), nothing open but <html>, <body> and plain
// containers (<div>, <center>, <section> ...: no table, no formatting element);
// and just before a block start tag (<p>, <div>, <table> ...) that ends the line
// anyway. There the open elements, the list of active formatting elements and
// the form pointer are those of a fresh document's body once the containers
// are opened again; a page that is not that plain is simply not cut past its
// first irregularity. Each later piece is parsed after the page's own doctype
// (quirks mode is the same) and the start tags of the containers open at the
// cut, copied from the page.
#pragma once

#include <cstddef>
#include <string_view>
#include <vector>

#include "readers/readers.h"

namespace xxgk {

struct HtmlCut {
  size_t at = 0;                         // byte offset of the piece's first byte
  std::vector<std::string_view> reopen;  // start tags of the containers open there, outermost first
};

struct HtmlCuts {
  std::vector<HtmlCut> at;   // increasing offsets, each > 0 and < html.size()
  std::string_view doctype;  // the page's leading <!DOCTYPE ...>, or empty
};

// Cuts at least `min_piece` bytes apart.
HtmlCuts find_html_cuts(std::string_view html, size_t min_piece);

// read_html() with pieces of at least `min_piece` bytes (SIZE_MAX: one parse);
// the result is the same for any size, which the tests check.
ReadResult read_html_in_pieces(std::string_view bytes, size_t min_piece);

}  // namespace xxgk
