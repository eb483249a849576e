// Where a long HTML page can be cut into pieces that gumbo parses one at a
// time, each tree freed before the next is built, with the same result as one
// parse of the whole page (issue #7: gumbo's tree is several times the page).
//
// A cut is taken only where the parser's state is known to be that of a
// fresh document's body once the containers open there are opened again:
// after an explicit <body>, outside any table, with nothing open but plain
// containers (<div>, <center>, <section> ...: no formatting element, no form),
// and just before a block start tag (<p>, <div>, <h2> ...) that ends the line
// anyway. The scan follows gumbo's tree builder through what gumbo repairs
// without reaching back past such a point (issue #7): implied end tags (an
// unclosed <p>, <li>, <dd>, <td>, <tr>, <tbody>), end tags that close what
// was opened inside, end tags that close nothing, a table's structure
// whatever its cells hold. It stops at the first construct whose effect is
// not followed (a formatting element closed by a block, foster-parented
// formatting, forms in tables, <svg>/<math>, <select>, <template>, a comment
// or script whose end is in doubt ...): the rest of the page is one piece.
// Each later piece is parsed after the page's own doctype (quirks mode is the
// same) and the start tags of the containers open at the cut, copied from the
// page.
#pragma once

#include <gumbo.h>

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

// The HTML5 formatting elements (a, b, font ...: the parser keeps them in its
// list of active formatting elements and opens them again where misnested).
bool is_formatting_element(GumboTag t);

// Cuts at least `min_piece` bytes apart.
HtmlCuts find_html_cuts(std::string_view html, size_t min_piece);

// read_html() with pieces of at least `min_piece` bytes (SIZE_MAX: one parse);
// the result is the same for any size, which the tests check.
ReadResult read_html_in_pieces(std::string_view bytes, size_t min_piece);

}  // namespace xxgk
