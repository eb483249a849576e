// HTML reader: decoded bytes -> gumbo (an HTML5 parser, so tag soup and bare
// fragments parse as a browser would) -> the canonical text layout of readers.h.
//
// Origins compose two maps: gumbo reports byte offsets into the UTF-8 buffer we
// gave it, and decode() maps that buffer back to the file's bytes. A page of
// one piece is given to gumbo with its runs of CJK characters squeezed
// (html_squeeze.h), a third map, undone as the text is read.
//
// Tables: only innermost tables with more than one cell are data tables and
// become rows. Old government sites lay whole pages out with tables (the
// report sits in a <td> of a layout table, its statistics in a nested table);
// a table holding other tables, a lone wrapper cell, or a cell holding many
// paragraphs is layout, and its rows and cells are just block boundaries.
#include <gumbo.h>
#include <strings.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cstring>
#include <optional>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "base/ascii.h"
#include "base/codes.h"
#include "decode/decode.h"
#include "readers/gumbo_arena.h"
#include "readers/html_chunks.h"
#include "readers/html_squeeze.h"
#include "readers/layout_builder.h"
#include "readers/readers.h"

namespace xxgk {
namespace {

// The charset is looked for in the first bytes, as browsers do (HTML5 prescan).
constexpr size_t kCharsetScanWindow = 4096;
// A cell with this many paragraphs or more is page layout, not data.
constexpr int kLayoutCellBlocks = 5;
// Gumbo's tree construction is quadratic in nesting depth (scope checks walk
// the stack of open elements): 20,000 nested <div>s take a second, 200,000 six
// minutes. Real pages nest a few dozen deep; deeper input is refused.
constexpr size_t kMaxNestingDepth = 5000;
// Pages longer than this are parsed in pieces of about this size where they
// can be (html_chunks.h): gumbo's tree takes 3-4 bytes a byte of page.
constexpr size_t kPieceBytes = size_t{256} << 10;

// ---- charset ---------------------------------------------------------------

bool is_charset_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == ':' || c == '.';
}

// `<meta charset=x>` or `<meta http-equiv=... content="...; charset=x">`.
std::string find_meta_charset(std::string_view bytes) {
  const std::string head = ascii::lower(bytes.substr(0, kCharsetScanWindow));
  for (size_t at = head.find("<meta"); at != std::string::npos; at = head.find("<meta", at + 5)) {
    const size_t end = std::min(head.find('>', at), head.size());
    const std::string_view tag = std::string_view(head).substr(at, end - at);
    for (size_t cs = tag.find("charset"); cs != std::string_view::npos; cs = tag.find("charset", cs + 7)) {
      size_t i = tag.find_first_not_of(" \t\r\n", cs + 7);
      if (i == std::string_view::npos || tag[i] != '=') continue;
      i = tag.find_first_not_of(" \t\r\n\"'", i + 1);
      if (i == std::string_view::npos) break;
      size_t j = i;
      while (j < tag.size() && is_charset_char(tag[j])) ++j;
      if (j > i) return std::string(tag.substr(i, j - i));
    }
  }
  return {};
}

bool has_code(const Diagnostics& ds, std::string_view code) {
  return std::any_of(ds.begin(), ds.end(), [&](const Diagnostic& d) { return d.code == code; });
}

bool has_non_ascii(std::string_view s) {
  return std::any_of(s.begin(), s.end(), [](char c) { return static_cast<unsigned char>(c) >= 0x80; });
}

// Labels that saved Chinese pages misuse: a Latin label on GBK bytes is a
// server default, not a statement about the page.
bool is_latin_label(const std::string& label) {
  static constexpr std::array<std::string_view, 6> kLatin = {"iso-8859-1", "latin1",       "us-ascii",
                                                             "ascii",      "windows-1252", "cp1252"};
  return std::find(kLatin.begin(), kLatin.end(), label) != kLatin.end();
}

// The UTF-8 text gumbo parses, and where each of its bytes is in the file.
// Valid UTF-8 is parsed where it lies (no copy, no origin table: byte i is at
// i + shift); other bytes are decoded, their origins an OffsetMap.
struct HtmlText {
  std::string encoding;
  Diagnostics diagnostics;
  bool in_place = false;
  std::string_view bytes;  // in place: the file's bytes after any BOM
  uint32_t shift = 0;      // in place: the BOM's length
  // Otherwise; on the heap, so that `cursor` (lookups come mostly in order)
  // still points at its origins when the HtmlText is moved.
  std::unique_ptr<SourceText> decoded;
  mutable std::optional<OffsetMap::Cursor> cursor;

  std::string_view html() const { return in_place ? bytes : std::string_view(decoded->text); }
  uint32_t file_offset(size_t i) const {
    if (in_place) return static_cast<uint32_t>(std::min(i, bytes.size())) + shift;
    return cursor->at(std::min(i, decoded->origin.size() - 1));
  }
  // file_offset(from + k) for k < n, into out[k].
  void file_offsets(size_t from, size_t n, uint32_t* out) const {
    if (in_place && from + n <= bytes.size()) {
      for (size_t k = 0; k < n; ++k) out[k] = static_cast<uint32_t>(from + k) + shift;
    } else if (!in_place && from + n <= decoded->origin.size()) {
      decoded->origin.read(from, n, out);
    } else {
      for (size_t k = 0; k < n; ++k) out[k] = file_offset(from + k);
    }
  }
};

HtmlText from_decoded(Decoded d) {
  HtmlText t;
  t.encoding = std::move(d.encoding);
  t.diagnostics = std::move(d.diagnostics);
  t.decoded = std::make_unique<SourceText>(std::move(d.text));
  t.cursor.emplace(t.decoded->origin);
  return t;
}

// Bytes that are valid UTF-8 are read as UTF-8 whatever the meta tag says:
// crawlers re-encode pages to UTF-8 and keep the old `charset=gb2312` tag, while
// real GBK text is practically never valid UTF-8.
HtmlText decode_html(std::string_view bytes) {
  const std::string declared = find_meta_charset(bytes);
  if (bytes.find('\0') == std::string_view::npos) {  // NULs: UTF-16, left to detection
    if (const std::optional<Utf8InPlace> utf8 = utf8_in_place(bytes)) {
      HtmlText t;
      t.in_place = true;
      t.bytes = utf8->text;
      t.shift = utf8->shift;
      t.encoding = "UTF-8";
      const bool other = !declared.empty() && declared != "utf-8" && declared != "utf8";
      if (other && has_non_ascii(t.bytes)) {
        Diagnostic d;
        d.code = codes::html_charset_mismatch;
        d.severity = Severity::info;
        d.message = "page declares charset '" + declared + "' but its bytes are UTF-8; read as UTF-8";
        t.diagnostics.push_back(std::move(d));
      }
      return t;
    }
  }
  if (!declared.empty() && !is_latin_label(declared) && declared != "utf-8" && declared != "utf8") {
    return from_decoded(decode(bytes, declared));
  }
  return from_decoded(decode(bytes));
}

// ---- nesting depth ---------------------------------------------------------

bool is_name_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

// Elements that never nest (void) or that the parser closes on its own when a
// sibling starts, so they do not deepen the tree however often they appear.
bool never_deepens(GumboTag t) {
  static constexpr std::array<GumboTag, 32> kFlat = {
      GUMBO_TAG_AREA,     GUMBO_TAG_BASE,     GUMBO_TAG_BODY,   GUMBO_TAG_BR,     GUMBO_TAG_CAPTION, GUMBO_TAG_COL,
      GUMBO_TAG_COLGROUP, GUMBO_TAG_DD,       GUMBO_TAG_DT,     GUMBO_TAG_EMBED,  GUMBO_TAG_HEAD,    GUMBO_TAG_HR,
      GUMBO_TAG_HTML,     GUMBO_TAG_IMG,      GUMBO_TAG_INPUT,  GUMBO_TAG_KEYGEN, GUMBO_TAG_LI,      GUMBO_TAG_LINK,
      GUMBO_TAG_META,     GUMBO_TAG_OPTGROUP, GUMBO_TAG_OPTION, GUMBO_TAG_P,      GUMBO_TAG_PARAM,   GUMBO_TAG_SOURCE,
      GUMBO_TAG_TBODY,    GUMBO_TAG_TD,       GUMBO_TAG_TFOOT,  GUMBO_TAG_TH,     GUMBO_TAG_THEAD,   GUMBO_TAG_TR,
      GUMBO_TAG_TRACK,    GUMBO_TAG_WBR};
  return std::find(kFlat.begin(), kFlat.end(), t) != kFlat.end();
}

// Open elements as the HTML5 tree builder keeps them, roughly: an end tag
// closes only an element that is open (gumbo ignores a stray `</i>`, so
// `<div></i>` still nests), and `<div/>` opens a div like `<div>` (the slash
// means nothing on an HTML element; it does close an element inside <svg> or
// <math>). A misnested formatting end tag (`<b><div></b>`) closes nothing
// opened inside it: the adoption agency moves the div out and opens a copy
// of the b inside it, so the depth stays. Counting open elements by name
// keeps this linear in the input. A name is its GumboTag, or for a name
// gumbo does not know, a number after them.
class OpenElements {
 public:
  size_t deepest() const { return deepest_; }

  // The name of a tag name (letters and digits, in any case).
  uint32_t name_of(std::string_view name) {
    const GumboTag t = gumbo_tagn_enum(name.data(), static_cast<unsigned>(name.size()));
    if (t != GUMBO_TAG_UNKNOWN) return t;
    const auto [it, added] = unknown_.try_emplace(ascii::lower(name), kFirstUnknown + unknown_.size());
    return it->second;
  }

  void start(uint32_t name, bool self_closing) {
    if (is_known(name) && never_deepens(static_cast<GumboTag>(name))) return;
    if (self_closing && foreign_ > 0) return;
    if (is_foreign(name)) ++foreign_;
    ++count(open_, name);
    stack_.push_back(name);
    deepest_ = std::max(deepest_, stack_.size());
  }

  // Closes `name` and everything opened inside it, if it is open at all.
  void end(uint32_t name) {
    if (name >= open_.size() || open_[name] == 0) return;
    if (is_known(name) && is_formatting_element(static_cast<GumboTag>(name)) && stack_.back() != name) {
      --open_[name];  // its place in the stack goes to the copy
      ++count(moved_, name);
      return;
    }
    while (!stack_.empty()) {
      const uint32_t top = stack_.back();
      stack_.pop_back();
      if (top < moved_.size() && moved_[top] > 0)
        --moved_[top];
      else
        --open_[top];
      if (is_foreign(top)) --foreign_;
      if (top == name) break;
    }
  }

 private:
  static constexpr uint32_t kFirstUnknown = GUMBO_TAG_LAST + 1;
  static bool is_known(uint32_t name) { return name < kFirstUnknown; }
  static bool is_foreign(uint32_t name) { return name == GUMBO_TAG_SVG || name == GUMBO_TAG_MATH; }
  static size_t& count(std::vector<size_t>& counts, uint32_t name) {
    if (name >= counts.size()) counts.resize(name + 1);
    return counts[name];
  }

  std::vector<uint32_t> stack_;
  std::vector<size_t> open_, moved_;  // by name
  std::unordered_map<std::string, uint32_t> unknown_;
  size_t foreign_ = 0, deepest_ = 0;
};

// Whether `c` occurs more than `n` times in `s`. memchr jumps from one to the
// next (a page has a '<' every dozen bytes or so: std::count, a byte at a time,
// cost seven instructions a byte) and the count stops once past `n`.
bool has_more_than(std::string_view s, char c, size_t n) {
  const char* p = s.data();
  const char* const end = p + s.size();
  for (size_t seen = 0; p != end; ++p) {
    p = static_cast<const char*>(std::memchr(p, c, static_cast<size_t>(end - p)));
    if (p == nullptr) return false;
    if (++seen > n) return true;
  }
  return false;
}

// An estimate, from above for ordinary markup, of how deep the parser will
// nest elements, skipping comments, script and style bodies; 0 for a page
// with no more than `enough` tags, which cannot nest deeper (most pages: not
// scanned).
size_t nesting_depth(std::string_view html, size_t enough) {
  if (!has_more_than(html, '<', enough)) return 0;
  OpenElements open;
  for (size_t i = html.find('<'); i != std::string_view::npos; i = html.find('<', i + 1)) {
    if (html.substr(i, 4) == "<!--") {
      i = html.find("-->", i);
      if (i == std::string_view::npos) break;
      continue;
    }
    const bool end_tag = i + 1 < html.size() && html[i + 1] == '/';
    size_t j = i + (end_tag ? 2 : 1);
    const size_t name_start = j;
    while (j < html.size() && is_name_char(html[j])) ++j;
    if (j == name_start) continue;
    const uint32_t name = open.name_of(html.substr(name_start, j - name_start));
    const size_t close = html.find('>', j);
    if (close == std::string_view::npos) break;
    if (!end_tag && (name == GUMBO_TAG_SCRIPT || name == GUMBO_TAG_STYLE)) {
      i = html.find("</", close);  // approximate: raw text ends at the next end tag
      if (i == std::string_view::npos) break;
      --i;
      continue;
    }
    if (end_tag)
      open.end(name);
    else
      open.start(name, html[close - 1] == '/');
  }
  return open.deepest();
}

// ---- tree walking ----------------------------------------------------------

const GumboVector* children_of(const GumboNode* n) {
  switch (n->type) {
    case GUMBO_NODE_DOCUMENT: return &n->v.document.children;
    case GUMBO_NODE_ELEMENT:
    case GUMBO_NODE_TEMPLATE: return &n->v.element.children;
    default: return nullptr;
  }
}

bool is_element(const GumboNode* n) {
  return n->type == GUMBO_NODE_ELEMENT || n->type == GUMBO_NODE_TEMPLATE;
}

GumboTag tag_of(const GumboNode* n) {
  return is_element(n) ? n->v.element.tag : GUMBO_TAG_UNKNOWN;
}

// Depth-first walk with an explicit stack (deeply nested markup must not
// overflow ours). `enter` returns whether to go inside; `leave` is called for
// every node gone inside.
template <class Enter, class Leave>
void walk(const GumboNode* root, Enter&& enter, Leave&& leave) {
  struct Frame {
    const GumboNode* node;
    unsigned next;
  };
  std::vector<Frame> stack;
  if (enter(root)) stack.push_back({root, 0});
  while (!stack.empty()) {
    const GumboNode* node = stack.back().node;
    const GumboVector* kids = children_of(node);
    if (kids != nullptr && stack.back().next < kids->length) {
      const auto* child = static_cast<const GumboNode*>(kids->data[stack.back().next++]);
      if (enter(child)) stack.push_back({child, 0});
    } else {
      stack.pop_back();
      leave(node);
    }
  }
}

bool is_cell(GumboTag t) {
  return t == GUMBO_TAG_TD || t == GUMBO_TAG_TH;
}

// Paragraph-sized blocks, counted to tell a layout cell from a data cell.
bool is_paragraph_level(GumboTag t) {
  switch (t) {
    case GUMBO_TAG_P:
    case GUMBO_TAG_DIV:
    case GUMBO_TAG_H1:
    case GUMBO_TAG_H2:
    case GUMBO_TAG_H3:
    case GUMBO_TAG_H4:
    case GUMBO_TAG_H5:
    case GUMBO_TAG_H6:
    case GUMBO_TAG_UL:
    case GUMBO_TAG_OL:
    case GUMBO_TAG_BLOCKQUOTE:
    case GUMBO_TAG_PRE:
    case GUMBO_TAG_SECTION:
    case GUMBO_TAG_ARTICLE: return true;
    default: return false;
  }
}

// Elements that end the line before and after them.
bool is_block(GumboTag t) {
  if (is_paragraph_level(t)) return true;
  switch (t) {
    case GUMBO_TAG_HTML:
    case GUMBO_TAG_BODY:
    case GUMBO_TAG_TITLE:
    case GUMBO_TAG_ADDRESS:
    case GUMBO_TAG_ASIDE:
    case GUMBO_TAG_NAV:
    case GUMBO_TAG_HEADER:
    case GUMBO_TAG_FOOTER:
    case GUMBO_TAG_MAIN:
    case GUMBO_TAG_HGROUP:
    case GUMBO_TAG_HR:
    case GUMBO_TAG_LI:
    case GUMBO_TAG_DL:
    case GUMBO_TAG_DT:
    case GUMBO_TAG_DD:
    case GUMBO_TAG_FIGURE:
    case GUMBO_TAG_FIGCAPTION:
    case GUMBO_TAG_CENTER:
    case GUMBO_TAG_FORM:
    case GUMBO_TAG_FIELDSET:
    case GUMBO_TAG_LEGEND:
    case GUMBO_TAG_DETAILS:
    case GUMBO_TAG_SUMMARY:
    case GUMBO_TAG_MENU:
    case GUMBO_TAG_DIR:
    case GUMBO_TAG_TABLE:
    case GUMBO_TAG_CAPTION:
    case GUMBO_TAG_TBODY:
    case GUMBO_TAG_THEAD:
    case GUMBO_TAG_TFOOT:
    case GUMBO_TAG_TR:
    case GUMBO_TAG_TD:
    case GUMBO_TAG_TH:
    case GUMBO_TAG_BR:
    case GUMBO_TAG_OPTION:
    case GUMBO_TAG_LISTING:
    case GUMBO_TAG_XMP:
    case GUMBO_TAG_PLAINTEXT: return true;
    default: return false;
  }
}

// Content never shown as text.
bool is_invisible(GumboTag t) {
  switch (t) {
    case GUMBO_TAG_SCRIPT:
    case GUMBO_TAG_STYLE:
    case GUMBO_TAG_NOSCRIPT:
    case GUMBO_TAG_TEMPLATE:
    case GUMBO_TAG_IFRAME:
    case GUMBO_TAG_OBJECT:
    case GUMBO_TAG_EMBED:
    case GUMBO_TAG_SVG:
    case GUMBO_TAG_MATH:
    case GUMBO_TAG_CANVAS:
    case GUMBO_TAG_NOFRAMES:
    case GUMBO_TAG_BASE:
    case GUMBO_TAG_LINK:
    case GUMBO_TAG_META: return true;
    default: return false;
  }
}

// `hidden` or an inline display:none / visibility:hidden style.
bool is_hidden(const GumboNode* n) {
  const GumboVector* attrs = &n->v.element.attributes;
  if (attrs->length == 0) return false;
  // One pass for both names (gumbo_get_attribute walks all the attributes
  // for each): any `hidden`, the first `style`.
  const GumboAttribute* style = nullptr;
  for (unsigned i = 0; i < attrs->length; ++i) {
    const auto* a = static_cast<const GumboAttribute*>(attrs->data[i]);
    const char first = a->name[0];
    if ((first == 'h' || first == 'H') && strcasecmp(a->name, "hidden") == 0) return true;
    if (style == nullptr && (first == 's' || first == 'S') && strcasecmp(a->name, "style") == 0) style = a;
  }
  if (style == nullptr) return false;
  std::string css;
  for (const char* p = style->value; *p != '\0'; ++p) {
    if (*p != ' ' && *p != '\t') css.push_back(*p >= 'A' && *p <= 'Z' ? static_cast<char>(*p - 'A' + 'a') : *p);
  }
  return css.find("display:none") != std::string::npos || css.find("visibility:hidden") != std::string::npos;
}

bool is_skipped(const GumboNode* n) {
  const GumboTag t = n->v.element.tag;
  if (is_invisible(t) || is_hidden(n)) return true;
  // Of the head, only the title is text: it often holds the report's title.
  const GumboNode* parent = n->parent;
  return parent != nullptr && parent->type == GUMBO_NODE_ELEMENT && parent->v.element.tag == GUMBO_TAG_HEAD &&
         t != GUMBO_TAG_TITLE;
}

// Tables laid out as page structure rather than data (see the file comment).
std::unordered_set<const GumboNode*> find_layout_tables(const GumboNode* root) {
  struct OpenTable {
    const GumboNode* node;
    size_t cells = 0;
    bool layout = false;
  };
  std::vector<OpenTable> tables;
  std::vector<int> cell_blocks;  // paragraphs in each open cell
  std::unordered_set<const GumboNode*> layout;
  auto enter = [&](const GumboNode* n) {
    if (n->type == GUMBO_NODE_DOCUMENT) return true;
    if (!is_element(n)) return false;
    const GumboTag t = tag_of(n);
    if (t == GUMBO_TAG_TABLE) {
      if (!tables.empty()) tables.back().layout = true;
      tables.push_back({n});
    } else if (is_cell(t) && !tables.empty()) {
      ++tables.back().cells;
      cell_blocks.push_back(0);
    } else if (is_paragraph_level(t) && !cell_blocks.empty() && ++cell_blocks.back() >= kLayoutCellBlocks) {
      tables.back().layout = true;
    }
    return true;
  };
  auto leave = [&](const GumboNode* n) {
    const GumboTag t = tag_of(n);
    if (t == GUMBO_TAG_TABLE) {
      if (tables.back().layout || tables.back().cells <= 1) layout.insert(n);
      tables.pop_back();
    } else if (is_cell(t) && !tables.empty()) {
      cell_blocks.pop_back();
    }
  };
  walk(root, enter, leave);
  return layout;
}

// ---- text with origins -------------------------------------------------------

size_t utf8_length(char lead) {
  const auto c = static_cast<unsigned char>(lead);
  if (c < 0x80) return 1;
  if (c >= 0xF0) return 4;
  if (c >= 0xE0) return 3;
  if (c >= 0xC0) return 2;
  return 1;
}

// Past the character reference (raw[r] == '&') or the CR or CRLF (raw[r] ==
// '\r') at raw[r], as gumbo reads them, roughly.
size_t past_reference_or_cr(std::string_view raw, size_t r) {
  if (raw[r] == '\r') return r + ((r + 1 < raw.size() && raw[r + 1] == '\n') ? 2 : 1);
  size_t e = r + 1;
  while (e < raw.size() && e - r < 40 && (std::isalnum(static_cast<unsigned char>(raw[e])) || raw[e] == '#')) ++e;
  return (e < raw.size() && raw[e] == ';') ? e + 1 : e;
}

// Gumbo hands back text with entities decoded and CR / CRLF folded to LF; walk
// the text and its original slice together to find each byte's offset in the
// buffer. A character that came from an entity maps to the entity's '&'.
void align(std::string_view text, std::string_view raw, uint32_t raw_off, std::vector<uint32_t>& out) {
  out.clear();
  out.reserve(text.size());
  size_t r = 0;
  for (size_t t = 0; t < text.size();) {
    const size_t n = std::min(utf8_length(text[t]), text.size() - t);
    const auto at = static_cast<uint32_t>(raw_off + std::min(r, raw.empty() ? size_t{0} : raw.size() - 1));
    if (raw.substr(r, n) == text.substr(t, n)) {
      for (size_t k = 0; k < n; ++k) out.push_back(static_cast<uint32_t>(raw_off + r + k));
      r += n;
    } else {
      out.insert(out.end(), n, at);
      if (r < raw.size() && (raw[r] == '&' || raw[r] == '\r')) {
        r = past_reference_or_cr(raw, r);
      } else if (r < raw.size()) {
        r += utf8_length(raw[r]);
      }
    }
    t += n;
  }
}

// Turns the gumbo tree into the canonical layout (layout_builder.h), element
// by element.
class PageReader {
 public:
  explicit PageReader(const HtmlText& text) : text_(text) {
    // The text of a page is rarely longer than its markup.
    out_.reserve(text.html().size() + 1);
  }

  // The tree about to be walked: parsed from `buffer`, whose byte i is byte
  // i + shift of the page's text past its first `prefix` bytes (html_chunks.h:
  // the doctype and the containers opened again, which stand for no byte of
  // the piece).
  // `squeezed`: the buffer is the whole page's squeezed text (html_squeeze.h).
  void start_piece(const char* buffer, size_t prefix, ptrdiff_t shift,
                   std::unordered_set<const GumboNode*> layout_tables, const SqueezedHtml* squeezed) {
    buffer_ = buffer;
    prefix_ = prefix;
    shift_ = shift;
    layout_tables_ = std::move(layout_tables);
    squeezed_ = squeezed;
  }

  // False when a squeezed text could not be put back with certainty: the
  // page is then read again, not squeezed.
  bool unsqueezed_all() const { return !unsqueeze_failed_; }

  bool enter(const GumboNode* n) {
    if (n->type == GUMBO_NODE_TEXT || n->type == GUMBO_NODE_WHITESPACE || n->type == GUMBO_NODE_CDATA) {
      add_text(n->v.text);
      return false;
    }
    if (n->type == GUMBO_NODE_DOCUMENT) return true;
    if (!is_element(n) || is_skipped(n)) return false;
    open(n);
    return true;
  }

  void leave(const GumboNode* n) {
    if (is_element(n)) close(n);
  }

  SourceText finish(uint32_t end) { return out_.finish(end); }

 private:
  bool in_data_table() const { return !tables_.empty() && tables_.back(); }

  void open(const GumboNode* n) {
    const GumboTag t = n->v.element.tag;
    const uint32_t at = origin_of(n);
    if (t == GUMBO_TAG_PRE || t == GUMBO_TAG_LISTING || t == GUMBO_TAG_XMP) ++pre_depth_;
    if (t == GUMBO_TAG_TABLE) tables_.push_back(!layout_tables_.contains(n));
    if (in_data_table() && t == GUMBO_TAG_TR) {
      out_.open_row(at);
    } else if (in_data_table() && is_cell(t) && out_.in_row()) {
      out_.open_cell(at);
    } else if (is_block(t)) {
      out_.block_break(at);
    }
  }

  void close(const GumboNode* n) {
    const GumboTag t = n->v.element.tag;
    const uint32_t at = last_origin_;
    if (in_data_table() && t == GUMBO_TAG_TR && out_.in_row()) {
      out_.close_row(last_origin_);
    } else if (in_data_table() && is_cell(t) && out_.in_cell() && out_.in_row()) {
      out_.close_cell();
    } else if (is_block(t) && t != GUMBO_TAG_BR) {
      out_.block_break(at);
    }
    if (t == GUMBO_TAG_TABLE) tables_.pop_back();
    if (t == GUMBO_TAG_PRE || t == GUMBO_TAG_LISTING || t == GUMBO_TAG_XMP) --pre_depth_;
  }

  // Where an element starts in the file; parser-inserted elements (an implied
  // <tbody>) have no source and take the last position seen.
  uint32_t origin_of(const GumboNode* n) {
    const GumboStringPiece& tag = n->v.element.original_tag;
    const bool in_prefix = tag.data >= buffer_ && tag.data < buffer_ + prefix_;
    if (tag.data != nullptr && tag.length > 0 && !in_prefix) last_origin_ = file_offset(html_offset(tag.data));
    return last_origin_;
  }

  size_t html_offset(const char* p) const { return page_offset(static_cast<size_t>(p - buffer_)); }
  // The page's offset of byte `at` of the buffer.
  size_t page_offset(size_t at) const {
    return static_cast<size_t>(static_cast<ptrdiff_t>(squeezed_ != nullptr ? squeezed_->page_offset(at) : at) + shift_);
  }
  uint32_t file_offset(size_t html_offset) const { return text_.file_offset(html_offset); }

  void add_text(const GumboText& t) {
    std::string_view text(t.text);
    std::string_view raw(t.original_text.data, t.original_text.data != nullptr ? t.original_text.length : 0);
    const size_t at = raw.data() != nullptr ? static_cast<size_t>(raw.data() - buffer_) : t.start_pos.offset;
    const auto raw_off = static_cast<uint32_t>(page_offset(at));
    if (squeezed_ != nullptr && squeezed_->has_run(at, at + raw.size())) {
      // The text and its source as the page has them: the page's own bytes
      // when the text is its source (no reference, no CR).
      const std::string_view page = text_.html().substr(raw_off, page_offset(at + raw.size()) - raw_off);
      if (raw != text) {
        if (!unsqueeze(text, raw, at)) {
          unsqueeze_failed_ = true;
          return;
        }
      }
      text = raw == text ? page : std::string_view(unsqueezed_);
      raw = page;
    }
    // Most text has no entity and no CR: byte i is then at raw_off + i.
    origins_.resize(text.size());
    if (raw == text) {
      text_.file_offsets(raw_off, text.size(), origins_.data());
    } else {
      align(text, raw, raw_off, aligned_);
      for (size_t i = 0; i < text.size(); ++i) origins_[i] = file_offset(aligned_[i]);
    }
    // Words go to the layout whole; each blank between them on its own.
    const bool pre_lines = pre_depth_ > 0 && !out_.in_cell();
    size_t word = 0;  // start of the word being read
    for (size_t i = 0; i < text.size();) {
      const size_t n = std::min(utf8_length(text[i]), text.size() - i);
      const bool blank = n == 1 ? is_ascii_blank(text[i]) : (n == 2 && text[i] == '\xC2' && text[i + 1] == '\xA0');
      last_origin_ = origins_[i];
      if (blank) {
        if (word < i) out_.add_word(text.substr(word, i - word), origins_.data() + word);
        if (pre_lines && text[i] == '\n')
          out_.end_line(origins_[i]);
        else
          out_.add_space(origins_[i]);
        word = i + n;
      }
      i += n;
    }
    if (word < text.size()) out_.add_word(text.substr(word), origins_.data() + word);
  }

  // Gumbo's text of a squeezed buffer with each squeezed run put back, into
  // unsqueezed_. The text is walked with its source as align() walks them; a
  // character that is a run's there stands for the run. False where the two
  // part otherwise than at a character reference or a CR (a NUL dropped, an
  // end tag ignored inside the text ...): which characters are runs' is then
  // not certain.
  bool unsqueeze(std::string_view text, std::string_view raw, size_t at) {
    unsqueezed_.clear();
    size_t r = 0;
    for (size_t t = 0; t < text.size();) {
      const size_t n = std::min(utf8_length(text[t]), text.size() - t);
      if (raw.substr(r, n) == text.substr(t, n)) {
        const std::string_view run = squeezed_->run_at(at + r);
        unsqueezed_.append(run.empty() ? text.substr(t, n) : run);
        r += n;
      } else if (r < raw.size() && (raw[r] == '&' || raw[r] == '\r')) {
        unsqueezed_.append(text.substr(t, n));
        r = past_reference_or_cr(raw, r);
      } else if (!may_be_squeezed(text.substr(t, n)) && (r >= raw.size() || squeezed_->run_at(at + r).empty())) {
        unsqueezed_.append(text.substr(t, n));  // align() takes a character of each: no run on either side
        if (r < raw.size()) r += utf8_length(raw[r]);
      } else {
        return false;
      }
      t += n;
    }
    return true;
  }

  // Whether a character of gumbo's text may be a run's (html_squeeze.h).
  static bool may_be_squeezed(std::string_view c) {
    const auto b0 = static_cast<unsigned char>(c[0]);
    return c.size() == 3 && b0 >= 0xE2 && b0 <= 0xEF;
  }

  // HTML white space, of one byte (U+00A0 is the other).
  static bool is_ascii_blank(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }

  const HtmlText& text_;
  const char* buffer_ = nullptr;
  size_t prefix_ = 0;
  ptrdiff_t shift_ = 0;
  std::unordered_set<const GumboNode*> layout_tables_;
  const SqueezedHtml* squeezed_ = nullptr;
  bool unsqueeze_failed_ = false;
  std::string unsqueezed_;  // unsqueeze()'s output, reused
  LayoutBuilder out_{LayoutBuilder::Spaces::collapse};
  std::vector<uint32_t> aligned_;  // align()'s output, reused from one text to the next
  std::vector<uint32_t> origins_;  // the file offset of each byte of the text being added
  std::vector<bool> tables_;       // open tables, innermost last: true for data tables
  int pre_depth_ = 0;
  uint32_t last_origin_ = 0;
};

// Gumbo's options for a parse whose memory is `arena`'s. Parse errors are not
// kept: none is read, and recording one copies the stack of open elements.
GumboOptions gumbo_options(GumboArena& arena) {
  GumboOptions o = kGumboDefaultOptions;
  o.allocator = &GumboArena::allocate;
  o.deallocator = &GumboArena::deallocate;
  o.userdata = &arena;
  o.max_errors = 0;
  return o;
}

// Parses html[from, to) and walks it into `layout`. A piece after the first
// is parsed after the page's doctype and the containers open at its start.
bool read_piece(std::string_view html, size_t from, size_t to, std::string_view doctype,
                const std::vector<std::string_view>& reopen, PageReader& layout,
                const SqueezedHtml* squeezed = nullptr) {
  std::string buffer;
  std::string_view piece = squeezed != nullptr ? squeezed->text() : html.substr(from, to - from);
  size_t prefix = 0;
  if (from > 0) {
    buffer.append(doctype);
    for (const std::string_view tag : reopen) buffer.append(tag);
    prefix = buffer.size();
    buffer.append(piece);
    piece = buffer;
  }
  // The tree lives in the arena and goes with it: no gumbo_destroy_output().
  GumboArena arena;
  const GumboOptions options = gumbo_options(arena);
  const GumboOutput* parsed = gumbo_parse_with_options(&options, piece.data(), piece.size());
  if (parsed == nullptr) return false;
  layout.start_piece(piece.data(), prefix, static_cast<ptrdiff_t>(from) - static_cast<ptrdiff_t>(prefix),
                     find_layout_tables(parsed->document), squeezed);
  walk(
      parsed->document, [&](const GumboNode* n) { return layout.enter(n); },
      [&](const GumboNode* n) { layout.leave(n); });
  return true;
}

// The page piece by piece (html_chunks.h): one gumbo tree alive at a time.
bool read_pieces(std::string_view html, const HtmlCuts& cuts, PageReader& layout) {
  size_t from = 0;
  const std::vector<std::string_view> none;
  const std::vector<std::string_view>* reopen = &none;
  for (const HtmlCut& cut : cuts.at) {
    if (!read_piece(html, from, cut.at, cuts.doctype, *reopen, layout)) return false;
    from = cut.at;
    reopen = &cut.reopen;
  }
  return read_piece(html, from, html.size(), cuts.doctype, *reopen, layout);
}

// A page of one piece, squeezed (html_squeeze.h) when `squeeze` and it has
// runs to squeeze; read again as it is if a text could not be put back.
bool read_whole(std::string_view html, const HtmlText& decoded, bool squeeze, std::optional<PageReader>& layout) {
  if (squeeze) {
    const SqueezedHtml squeezed(html);
    if (!squeezed.empty()) {
      if (!read_piece(html, 0, html.size(), {}, {}, layout.emplace(decoded), &squeezed)) return false;
      if (layout->unsqueezed_all()) return true;
    }
  }
  return read_piece(html, 0, html.size(), {}, {}, layout.emplace(decoded));
}

// read_html_in_pieces() but for the check that the bytes are not binary.
ReadResult read_page(std::string_view bytes, size_t min_piece, bool squeeze = true) {
  if (bytes.empty()) return refused(codes::input_empty, "input is empty");
  HtmlText decoded = decode_html(bytes);
  ReadResult r;
  r.encoding = decoded.encoding;
  r.diagnostics = std::move(decoded.diagnostics);
  if (has_code(r.diagnostics, codes::input_too_large)) {
    r.text.finish(0);
    return r;
  }
  const std::string_view html = decoded.html();
  if (const size_t depth = nesting_depth(html, kMaxNestingDepth); depth > kMaxNestingDepth) {
    return refused(codes::html_too_deep, "HTML nests elements about " + std::to_string(depth) +
                                             " deep, over the limit of " + std::to_string(kMaxNestingDepth) +
                                             "; refusing it");
  }
  const HtmlCuts cuts = find_html_cuts(html, min_piece);
  std::optional<PageReader> layout;
  const bool parsed =
      cuts.at.empty() ? read_whole(html, decoded, squeeze, layout) : read_pieces(html, cuts, layout.emplace(decoded));
  if (!parsed) return refused(codes::html_parse, "the HTML parser failed");
  r.text = layout->finish(static_cast<uint32_t>(bytes.size()));
  r.ok = true;
  return r;
}

}  // namespace

ReadResult read_html(std::string_view bytes) {
  return read_html_in_pieces(bytes, kPieceBytes);
}

ReadResult read_sniffed_html(std::string_view bytes) {
  return read_page(bytes, kPieceBytes);
}

ReadResult read_html_unsqueezed(std::string_view bytes) {
  return read_page(bytes, kPieceBytes, false);
}

ReadResult read_html_in_pieces(std::string_view bytes, size_t min_piece) {
  if (!bytes.empty() && looks_binary(bytes)) return refused(codes::input_binary, "input looks binary, not HTML");
  return read_page(bytes, min_piece);
}

}  // namespace xxgk
