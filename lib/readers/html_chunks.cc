// The cut finder of html_chunks.h: a scan of tags following gumbo's tree
// builder as far as it is sure to, stopping at the first construct it does
// not follow.
#include "readers/html_chunks.h"

#include <algorithm>
#include <array>
#include <optional>
#include <string>

#include "base/ascii.h"
#include "readers/gumbo_arena.h"

namespace xxgk {
namespace {

bool is_letter(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

template <size_t N>
bool one_of(const std::array<std::string_view, N>& sorted, std::string_view name) {
  return std::binary_search(sorted.begin(), sorted.end(), name);
}

bool is_void(std::string_view name) {
  static constexpr std::array<std::string_view, 17> kVoid = {"area",  "base", "basefont", "bgsound", "br",    "col",
                                                             "embed", "hr",   "image",    "img",     "input", "keygen",
                                                             "link",  "meta", "param",    "source",  "track"};
  static_assert(std::is_sorted(kVoid.begin(), kVoid.end()));
  return one_of(kVoid, name) || name == "wbr";
}

// Elements whose content is raw text or RCDATA: it ends at `</name`.
bool is_raw_text(std::string_view name) {
  static constexpr std::array<std::string_view, 8> kRaw = {"iframe", "noembed",  "noframes", "script",
                                                           "style",  "textarea", "title",    "xmp"};
  static_assert(std::is_sorted(kRaw.begin(), kRaw.end()));
  return one_of(kRaw, name);
}

// Start tags after which the scan gives up: they change the parser's state
// beyond the open elements (document structure, foreign content, select's
// own mode, templates, plaintext that never ends).
bool is_irregular(std::string_view name) {
  static constexpr std::array<std::string_view, 14> kIrregular = {
      "body",     "frame",    "frameset",  "head",   "html", "isindex",  "math",
      "menuitem", "noscript", "plaintext", "select", "svg",  "template", "textarea"};
  static_assert(std::is_sorted(kIrregular.begin(), kIrregular.end()));
  return one_of(kIrregular, name);
}

// Block start tags a piece may begin with: each ends the line before it, as
// the end of the previous piece's <body> does. Not <table>: what a table
// holds outside its cells is put before it, where it would join the text of
// the previous piece.
bool starts_block(std::string_view name) {
  static constexpr std::array<std::string_view, 16> kBlocks = {
      "address", "article", "blockquote", "center", "div", "dl", "h1", "h2",
      "h3",      "h4",      "h5",         "h6",     "hr",  "ol", "p",  "ul"};
  static_assert(std::is_sorted(kBlocks.begin(), kBlocks.end()));
  return one_of(kBlocks, name);
}

// Containers a cut may lie inside: plain blocks, no scope boundary, no
// formatting element, no special parsing.
bool is_container(std::string_view name) {
  static constexpr std::array<std::string_view, 10> kContainers = {"article", "aside", "center", "div",     "footer",
                                                                   "header",  "main",  "nav",    "section", "span"};
  static_assert(std::is_sorted(kContainers.begin(), kContainers.end()));
  return one_of(kContainers, name);
}

// Head content allowed before <body>: anything else leaves the scan off.
bool is_head_content(std::string_view name) {
  static constexpr std::array<std::string_view, 8> kHead = {"base", "head",   "html",  "link",
                                                            "meta", "script", "style", "title"};
  static_assert(std::is_sorted(kHead.begin(), kHead.end()));
  return one_of(kHead, name);
}

struct Tag {
  std::string name;  // lower case
  bool end = false;
  bool self_closing = false;
  size_t after = 0;  // offset just past '>'
};

// The tag at html[i] == '<' followed by a letter (or '/' and a letter), read
// as the HTML tokenizer does: attribute values may hold '>' inside quotes.
// nullopt for anything unusual (a quote or '<' in a name, no '>').
std::optional<Tag> read_tag(std::string_view html, size_t i) {
  Tag tag;
  size_t j = i + 1;
  if (html[j] == '/') {
    tag.end = true;
    ++j;
  }
  const size_t name_start = j;
  while (j < html.size() && !is_space(html[j]) && html[j] != '/' && html[j] != '>') {
    if (html[j] == '<' || html[j] == '"' || html[j] == '\'' || html[j] == '=') return std::nullopt;
    ++j;
  }
  tag.name = ascii::lower(html.substr(name_start, j - name_start));
  for (;;) {
    while (j < html.size() && is_space(html[j])) ++j;
    if (j >= html.size()) return std::nullopt;
    if (html[j] == '>') break;
    if (html[j] == '/') {
      if (j + 1 < html.size() && html[j + 1] == '>') {
        tag.self_closing = true;
        ++j;
        break;
      }
      return std::nullopt;
    }
    // An attribute: name, then optionally = value. (A name starting with '='
    // is read differently by the tokenizer: given up on.)
    if (html[j] == '=') return std::nullopt;
    while (j < html.size() && !is_space(html[j]) && html[j] != '/' && html[j] != '>' && html[j] != '=') {
      if (html[j] == '<' || html[j] == '"' || html[j] == '\'') return std::nullopt;
      ++j;
    }
    while (j < html.size() && is_space(html[j])) ++j;
    if (j >= html.size() || html[j] != '=') continue;
    ++j;
    while (j < html.size() && is_space(html[j])) ++j;
    if (j >= html.size()) return std::nullopt;
    if (html[j] == '"' || html[j] == '\'') {
      const size_t close = html.find(html[j], j + 1);
      if (close == std::string_view::npos) return std::nullopt;
      j = close + 1;
      if (j < html.size() && !is_space(html[j]) && html[j] != '/' && html[j] != '>') return std::nullopt;
    } else {
      while (j < html.size() && !is_space(html[j]) && html[j] != '>') {
        if (html[j] == '"' || html[j] == '\'' || html[j] == '<' || html[j] == '=' || html[j] == '`')
          return std::nullopt;
        ++j;
      }
    }
  }
  tag.after = j + 1;
  return tag;
}

// Past the end tag closing raw text `name` that starts at `from`, or npos.
// Script bodies holding "<!--" are given up on (their escaped states can hide
// the end tag).
size_t skip_raw_text(std::string_view html, size_t from, const std::string& name) {
  const size_t comment = name == "script" ? html.find("<!--", from) : std::string_view::npos;
  for (size_t i = html.find("</", from); i != std::string_view::npos; i = html.find("</", i + 2)) {
    if (comment < i) return std::string_view::npos;
    if (ascii::lower(html.substr(i + 2, name.size())) != name) continue;
    const size_t k = i + 2 + name.size();
    if (k >= html.size() || !(is_space(html[k]) || html[k] == '/' || html[k] == '>')) continue;
    const std::optional<Tag> end = read_tag(html, i);
    return end ? end->after : std::string_view::npos;
  }
  return std::string_view::npos;
}

// Past a comment, doctype or processing instruction at html[i] == '<', or npos
// when its end is unusual.
size_t skip_markup_declaration(std::string_view html, size_t i) {
  if (html.substr(i, 4) == "<!--") {
    if (html.substr(i, 5) == "<!-->" || html.substr(i, 6) == "<!--->") return std::string_view::npos;
    const size_t end = html.find("-->", i + 4);
    if (end == std::string_view::npos) return end;
    const std::string_view body = html.substr(i + 4, end - i - 4);
    if (body.find("--!>") != std::string_view::npos || body.ends_with("-")) return std::string_view::npos;
    return end + 3;
  }
  const size_t end = html.find('>', i);  // <!doctype ...>, <!...> and <?...> end at the first '>'
  return end == std::string_view::npos ? end : end + 1;
}

// The leading doctype: only comments and white space may precede it.
std::string_view leading_doctype(std::string_view html) {
  size_t i = 0;
  for (;;) {
    while (i < html.size() && is_space(html[i])) ++i;
    if (html.substr(i, 4) == "<!--") {
      i = skip_markup_declaration(html, i);
      if (i == std::string_view::npos) return {};
      continue;
    }
    if (ascii::lower(html.substr(i, 9)) != "<!doctype") return {};
    const size_t end = html.find('>', i);
    return end == std::string_view::npos ? std::string_view() : html.substr(i, end + 1 - i);
  }
}

bool only_spaces(std::string_view s) {
  return std::all_of(s.begin(), s.end(), is_space);
}

// ---- the parser's open elements ---------------------------------------------
//
// What gumbo's tree builder (the HTML5 "in body", "in table", "in row" and
// "in cell" insertion modes, as gumbo 0.10 implements them) does with the
// open elements, for the markup pages really have: implied end tags (an
// unclosed <p>, <li>, <td>, <tr>), stray end tags that close nothing, end
// tags that close what was opened inside. Tags are compared as gumbo compares
// them, by GumboTag (gumbo_tagn_enum). Whatever is not followed exactly here
// stops the scan (step() returns false), so a cut is never taken where the
// state might differ from a fresh body's.

template <size_t N>
bool tag_in(const std::array<GumboTag, N>& set, GumboTag t) {
  return std::find(set.begin(), set.end(), t) != set.end();
}

bool is_heading(GumboTag t) {
  return t == GUMBO_TAG_H1 || t == GUMBO_TAG_H2 || t == GUMBO_TAG_H3 || t == GUMBO_TAG_H4 || t == GUMBO_TAG_H5 ||
         t == GUMBO_TAG_H6;
}

// Popped by "generate implied end tags".
bool has_implied_end(GumboTag t) {
  static constexpr std::array<GumboTag, 10> kImplied = {GUMBO_TAG_DD,     GUMBO_TAG_DT, GUMBO_TAG_LI, GUMBO_TAG_OPTION,
                                                        GUMBO_TAG_OPTGROUP, GUMBO_TAG_P, GUMBO_TAG_RB, GUMBO_TAG_RP,
                                                        GUMBO_TAG_RT,     GUMBO_TAG_RTC};
  return tag_in(kImplied, t);
}

// Gumbo's "special" category, of which the elements met here.
bool is_special(GumboTag t) {
  static constexpr std::array<GumboTag, 41> kSpecial = {
      GUMBO_TAG_ADDRESS, GUMBO_TAG_APPLET,   GUMBO_TAG_ARTICLE, GUMBO_TAG_ASIDE,    GUMBO_TAG_BLOCKQUOTE,
      GUMBO_TAG_BODY,    GUMBO_TAG_BUTTON,   GUMBO_TAG_CAPTION, GUMBO_TAG_CENTER,   GUMBO_TAG_COLGROUP,
      GUMBO_TAG_DD,      GUMBO_TAG_DETAILS,  GUMBO_TAG_DIR,     GUMBO_TAG_DIV,      GUMBO_TAG_DL,
      GUMBO_TAG_DT,      GUMBO_TAG_FIELDSET, GUMBO_TAG_FIGCAPTION, GUMBO_TAG_FIGURE, GUMBO_TAG_FOOTER,
      GUMBO_TAG_FORM,    GUMBO_TAG_HEADER,   GUMBO_TAG_HGROUP,  GUMBO_TAG_HTML,     GUMBO_TAG_LI,
      GUMBO_TAG_LISTING, GUMBO_TAG_MAIN,     GUMBO_TAG_MARQUEE, GUMBO_TAG_MENU,     GUMBO_TAG_NAV,
      GUMBO_TAG_OBJECT,  GUMBO_TAG_OL,       GUMBO_TAG_P,       GUMBO_TAG_PRE,      GUMBO_TAG_SECTION,
      GUMBO_TAG_SUMMARY, GUMBO_TAG_TABLE,    GUMBO_TAG_TD,      GUMBO_TAG_TH,       GUMBO_TAG_TR,
      GUMBO_TAG_UL};
  return is_heading(t) || tag_in(kSpecial, t);
}

// Start tags that close an open <p> (in button scope) and open an element.
bool closes_p(GumboTag t) {
  static constexpr std::array<GumboTag, 25> kClosesP = {
      GUMBO_TAG_ADDRESS, GUMBO_TAG_ARTICLE, GUMBO_TAG_ASIDE,  GUMBO_TAG_BLOCKQUOTE, GUMBO_TAG_CENTER,
      GUMBO_TAG_DETAILS, GUMBO_TAG_DIR,     GUMBO_TAG_DIV,    GUMBO_TAG_DL,         GUMBO_TAG_FIELDSET,
      GUMBO_TAG_FIGCAPTION, GUMBO_TAG_FIGURE, GUMBO_TAG_FOOTER, GUMBO_TAG_HEADER,   GUMBO_TAG_HGROUP,
      GUMBO_TAG_MENU,    GUMBO_TAG_MAIN,    GUMBO_TAG_NAV,    GUMBO_TAG_OL,         GUMBO_TAG_P,
      GUMBO_TAG_SECTION, GUMBO_TAG_SUMMARY, GUMBO_TAG_UL,     GUMBO_TAG_PRE,        GUMBO_TAG_LISTING};
  return tag_in(kClosesP, t);
}

// End tags closing the element of that name in scope, with whatever is open
// inside it.
bool is_block_end(GumboTag t) {
  static constexpr std::array<GumboTag, 24> kBlockEnd = {
      GUMBO_TAG_ADDRESS, GUMBO_TAG_ARTICLE, GUMBO_TAG_ASIDE,  GUMBO_TAG_BLOCKQUOTE, GUMBO_TAG_CENTER,
      GUMBO_TAG_DETAILS, GUMBO_TAG_DIR,     GUMBO_TAG_DIV,    GUMBO_TAG_DL,         GUMBO_TAG_FIELDSET,
      GUMBO_TAG_FIGCAPTION, GUMBO_TAG_FIGURE, GUMBO_TAG_FOOTER, GUMBO_TAG_HEADER,   GUMBO_TAG_HGROUP,
      GUMBO_TAG_LISTING, GUMBO_TAG_MAIN,    GUMBO_TAG_MENU,   GUMBO_TAG_NAV,        GUMBO_TAG_OL,
      GUMBO_TAG_PRE,     GUMBO_TAG_SECTION, GUMBO_TAG_SUMMARY, GUMBO_TAG_UL};
  return tag_in(kBlockEnd, t);
}

// Void elements of the body: inserted and popped at once.
bool is_void_tag(GumboTag t) {
  static constexpr std::array<GumboTag, 17> kVoid = {
      GUMBO_TAG_AREA,  GUMBO_TAG_BR,   GUMBO_TAG_EMBED, GUMBO_TAG_IMG,      GUMBO_TAG_IMAGE,   GUMBO_TAG_KEYGEN,
      GUMBO_TAG_WBR,   GUMBO_TAG_INPUT, GUMBO_TAG_PARAM, GUMBO_TAG_SOURCE,  GUMBO_TAG_TRACK,   GUMBO_TAG_BASE,
      GUMBO_TAG_BASEFONT, GUMBO_TAG_BGSOUND, GUMBO_TAG_LINK, GUMBO_TAG_META, GUMBO_TAG_COL};
  return tag_in(kVoid, t);
}

// Start tags with an insertion rule of their own that is not followed here.
bool is_unfollowed_start(GumboTag t) {
  static constexpr std::array<GumboTag, 21> kUnfollowed = {
      GUMBO_TAG_BUTTON, GUMBO_TAG_NOBR,   GUMBO_TAG_APPLET,   GUMBO_TAG_MARQUEE, GUMBO_TAG_OBJECT, GUMBO_TAG_OPTION,
      GUMBO_TAG_OPTGROUP, GUMBO_TAG_RB,   GUMBO_TAG_RP,       GUMBO_TAG_RT,      GUMBO_TAG_RTC,    GUMBO_TAG_CAPTION,
      GUMBO_TAG_COLGROUP, GUMBO_TAG_FRAME, GUMBO_TAG_TBODY,   GUMBO_TAG_TD,      GUMBO_TAG_TFOOT,  GUMBO_TAG_TH,
      GUMBO_TAG_THEAD,  GUMBO_TAG_TR,     GUMBO_TAG_COL};
  return tag_in(kUnfollowed, t);
}

class OpenElements {
 public:
  explicit OpenElements(bool quirks) : quirks_(quirks) {}

  // Nothing but plain containers open, no table, no form: a cut may be made.
  bool plain() const {
    return tables_.empty() && std::all_of(open_.begin(), open_.end(), [](const Open& e) { return is_container(e.name); });
  }
  // The start tags of the open elements, outermost first.
  std::vector<std::string_view> start_tags() const {
    std::vector<std::string_view> tags;
    for (const Open& e : open_) tags.push_back(e.start_tag);
    return tags;
  }

  // A start tag: the elements it closes (its implied end tags), then, with
  // `before_insert` called at that point, itself. False: not followed.
  // `raw`: an element of raw text, whose end tag the scan skips to: it is
  // never left open (and only <xmp> closes a <p>).
  template <class BeforeInsert>
  bool start(GumboTag t, const std::string& name, std::string_view start_tag, bool raw,
             BeforeInsert&& before_insert) {
    if (!tables_.empty()) return table_start(t);
    if (raw) return t != GUMBO_TAG_XMP || !in_scope(GUMBO_TAG_P, Scope::button) || close(GUMBO_TAG_P, GUMBO_TAG_P);
    if (is_unfollowed_start(t) || (t == GUMBO_TAG_A && open_formatting(GUMBO_TAG_A))) return false;
    if (t == GUMBO_TAG_FORM && form_open_) return false;
    if (t == GUMBO_TAG_LI || t == GUMBO_TAG_DD || t == GUMBO_TAG_DT) {
      if (!close_list_item(t)) return false;
    }
    const bool closing_p = closes_p(t) || is_heading(t) || t == GUMBO_TAG_FORM || t == GUMBO_TAG_LI ||
                           t == GUMBO_TAG_DD || t == GUMBO_TAG_DT || t == GUMBO_TAG_HR ||
                           (t == GUMBO_TAG_TABLE && !quirks_);
    if (closing_p && in_scope(GUMBO_TAG_P, Scope::button) && !close(GUMBO_TAG_P, GUMBO_TAG_P)) return false;
    if (is_heading(t) && !open_.empty() && is_heading(open_.back().tag)) open_.pop_back();
    before_insert();
    if (t == GUMBO_TAG_TABLE) {
      tables_.push_back({});
    } else if (!is_void_tag(t) && t != GUMBO_TAG_HR) {
      if (t == GUMBO_TAG_FORM) form_open_ = true;
      open_.push_back({t, name, start_tag});
    }
    return true;
  }

  bool end(GumboTag t, const std::string& name) {
    if (!tables_.empty()) return table_end(t);
    if (t == GUMBO_TAG_BODY || t == GUMBO_TAG_HTML || t == GUMBO_TAG_APPLET || t == GUMBO_TAG_MARQUEE ||
        t == GUMBO_TAG_OBJECT || t == GUMBO_TAG_TEMPLATE) {
      return false;
    }
    if (t == GUMBO_TAG_BR) return true;  // read as <br>
    if (t == GUMBO_TAG_P) {
      // With no <p> open, gumbo inserts an empty one and closes it.
      return !in_scope(GUMBO_TAG_P, Scope::button) || close(GUMBO_TAG_P, GUMBO_TAG_P);
    }
    if (t == GUMBO_TAG_LI) return !in_scope(t, Scope::list_item) || close(t, t);
    if (t == GUMBO_TAG_DD || t == GUMBO_TAG_DT || is_block_end(t)) {
      return !in_scope(t, Scope::plain) || close(t, t == GUMBO_TAG_DD || t == GUMBO_TAG_DT ? t : GUMBO_TAG_LAST);
    }
    if (t == GUMBO_TAG_FORM) return end_form();
    if (is_heading(t)) return end_heading();
    if (is_formatting_element(t) && open_formatting(t)) return end_formatting(t);
    return any_other_end(t, name);
  }

 private:
  enum class Scope { plain, button, list_item };
  struct Open {
    GumboTag tag;
    std::string name;
    std::string_view start_tag;
  };
  // An open table, as far as its own structure goes: where its next tags go.
  enum class Mode { table, section, row, cell, column_group };
  struct Table {
    Mode mode = Mode::table;
    GumboTag section = GUMBO_TAG_TBODY;  // the open <tbody>, <thead> or <tfoot>
    GumboTag cell = GUMBO_TAG_TD;        // the open <td> or <th>
  };

  static bool is_boundary(GumboTag t, Scope s) {
    if (t == GUMBO_TAG_APPLET || t == GUMBO_TAG_CAPTION || t == GUMBO_TAG_HTML || t == GUMBO_TAG_TABLE ||
        t == GUMBO_TAG_TD || t == GUMBO_TAG_TH || t == GUMBO_TAG_MARQUEE || t == GUMBO_TAG_OBJECT ||
        t == GUMBO_TAG_TEMPLATE) {
      return true;
    }
    if (s == Scope::button) return t == GUMBO_TAG_BUTTON;
    if (s == Scope::list_item) return t == GUMBO_TAG_OL || t == GUMBO_TAG_UL;
    return false;
  }

  // Whether `t` is open, looking down from the current node to a boundary of
  // the scope (<html> and <body> below everything: html is one).
  bool in_scope(GumboTag t, Scope s) const {
    for (auto e = open_.rbegin(); e != open_.rend(); ++e) {
      if (e->tag == t) return true;
      if (is_boundary(e->tag, s)) return false;
    }
    return false;
  }

  bool open_formatting(GumboTag t) const {
    return std::any_of(open_.begin(), open_.end(), [&](const Open& e) { return e.tag == t; });
  }

  // Pops one element closed without its own end tag: a formatting element
  // stays in the list of active formatting elements (to be opened again), a
  // form in the form pointer: not followed.
  bool pop_implied() {
    const GumboTag t = open_.back().tag;
    if (is_formatting_element(t) || t == GUMBO_TAG_FORM) return false;
    open_.pop_back();
    return true;
  }

  // Gumbo's implicitly_close_tags(t): the implied end tags but `except`, then
  // everything up to and including the `t` known to be open.
  bool close(GumboTag t, GumboTag except) {
    while (!open_.empty() && has_implied_end(open_.back().tag) && open_.back().tag != except) open_.pop_back();
    while (!open_.empty() && open_.back().tag != t) {
      if (!pop_implied()) return false;
    }
    if (open_.empty()) return false;
    if (t == GUMBO_TAG_FORM) form_open_ = false;
    open_.pop_back();
    return true;
  }

  // <li> closes an open <li> (<dd>/<dt> one of those) unless a special
  // element other than address, div and p lies in between.
  bool close_list_item(GumboTag t) {
    for (auto e = open_.rbegin(); e != open_.rend(); ++e) {
      const bool match = t == GUMBO_TAG_LI ? e->tag == GUMBO_TAG_LI : (e->tag == GUMBO_TAG_DD || e->tag == GUMBO_TAG_DT);
      if (match) return close(e->tag, e->tag);
      if (is_special(e->tag) && e->tag != GUMBO_TAG_ADDRESS && e->tag != GUMBO_TAG_DIV && e->tag != GUMBO_TAG_P) break;
    }
    return true;
  }

  bool end_form() {
    if (!form_open_) return true;  // the form pointer is null: ignored
    while (!open_.empty() && has_implied_end(open_.back().tag)) open_.pop_back();
    if (open_.empty() || open_.back().tag != GUMBO_TAG_FORM) return false;  // removed from the middle
    form_open_ = false;
    open_.pop_back();
    return true;
  }

  bool end_heading() {
    bool open = false;
    for (auto e = open_.rbegin(); e != open_.rend() && !open; ++e) {
      if (is_heading(e->tag)) open = true;
      else if (is_boundary(e->tag, Scope::plain)) break;
    }
    if (!open) return true;
    while (!open_.empty() && has_implied_end(open_.back().tag)) open_.pop_back();
    while (!open_.empty() && !is_heading(open_.back().tag)) {
      if (!pop_implied()) return false;
    }
    open_.pop_back();
    return true;
  }

  // The adoption agency, where it is simple: the formatting element in scope
  // with only ordinary elements opened inside it, which it closes.
  bool end_formatting(GumboTag t) {
    if (!in_scope(t, Scope::plain)) return true;  // not in scope: ignored
    while (open_.back().tag != t) {
      if (is_special(open_.back().tag) || !pop_implied()) return false;
    }
    open_.pop_back();
    return true;
  }

  // "Any other end tag": closes the nearest open element of its tag unless a
  // special element comes first (then it is ignored). Unknown tags are all
  // GUMBO_TAG_UNKNOWN to gumbo: one unknown end tag may close another unknown
  // element, which is given up on.
  bool any_other_end(GumboTag t, const std::string& name) {
    for (auto e = open_.rbegin(); e != open_.rend(); ++e) {
      if (e->tag == t) {
        if (t == GUMBO_TAG_UNKNOWN && e->name != name) return false;
        const auto keep = static_cast<size_t>(open_.rend() - e) - 1;
        while (open_.size() > keep + 1 && has_implied_end(open_.back().tag) && open_.back().tag != t) open_.pop_back();
        while (open_.size() > keep + 1) {
          if (!pop_implied()) return false;
        }
        open_.pop_back();
        return true;
      }
      if (is_special(e->tag)) return true;
    }
    return true;
  }

  // Inside a table only its structure is followed: what a cell holds is
  // closed with the cell (markers keep its formatting elements in), and a
  // table closes at its </table> whatever was left open in it.
  bool table_start(GumboTag t) {
    Table& table = tables_.back();
    if (t == GUMBO_TAG_FORM || t == GUMBO_TAG_CAPTION) return false;
    // They push a marker of their own in the list of active formatting
    // elements, which the end of the cell would stop at.
    if (t == GUMBO_TAG_APPLET || t == GUMBO_TAG_MARQUEE || t == GUMBO_TAG_OBJECT) return false;
    if (table.mode == Mode::column_group) {
      if (t == GUMBO_TAG_COL) return true;
      table.mode = Mode::table;  // anything else closes the <colgroup>
    }
    switch (t) {
      case GUMBO_TAG_COLGROUP:
      case GUMBO_TAG_COL:
        if (table.mode != Mode::table) return false;
        table.mode = Mode::column_group;
        return true;
      case GUMBO_TAG_TBODY:
      case GUMBO_TAG_THEAD:
      case GUMBO_TAG_TFOOT:
        table.mode = Mode::section;
        table.section = t;
        return true;
      case GUMBO_TAG_TR:
        if (table.mode == Mode::table) table.section = GUMBO_TAG_TBODY;  // implied
        table.mode = Mode::row;
        return true;
      case GUMBO_TAG_TD:
      case GUMBO_TAG_TH:
        if (table.mode == Mode::table) table.section = GUMBO_TAG_TBODY;
        table.mode = Mode::cell;
        table.cell = t;
        return true;
      case GUMBO_TAG_TABLE:
        if (table.mode != Mode::cell) return false;  // closes the open table
        tables_.push_back({});
        return true;
      default:
        // Outside a cell an element is put before the table, and a
        // formatting one stays active after it.
        return table.mode == Mode::cell || !(is_formatting_element(t) || is_unfollowed_start(t));
    }
  }

  bool table_end(GumboTag t) {
    Table& table = tables_.back();
    if (t == GUMBO_TAG_FORM) return false;  // clears the form pointer even where it closes nothing
    if (table.mode == Mode::column_group && t != GUMBO_TAG_COL) table.mode = Mode::table;
    switch (t) {
      case GUMBO_TAG_TABLE: tables_.pop_back(); return true;
      case GUMBO_TAG_TBODY:
      case GUMBO_TAG_THEAD:
      case GUMBO_TAG_TFOOT:
        if (table.mode != Mode::table && table.section == t) table.mode = Mode::table;
        return true;
      case GUMBO_TAG_TR:
        if (table.mode == Mode::row || table.mode == Mode::cell) table.mode = Mode::section;
        return true;
      case GUMBO_TAG_TD:
      case GUMBO_TAG_TH:
        if (table.mode == Mode::cell && table.cell == t) table.mode = Mode::row;
        return true;
      default: return true;  // within a cell or ignored, inside the table
    }
  }

  bool quirks_;
  bool form_open_ = false;  // gumbo's form pointer is set
  std::vector<Open> open_;  // elements opened since <body>, innermost last, outside any table
  std::vector<Table> tables_;
};

class CutFinder {
 public:
  CutFinder(std::string_view html, size_t min_piece, bool quirks)
      : html_(html), min_piece_(min_piece), open_(quirks) {}

  std::vector<HtmlCut> run() {
    size_t text_from = 0;
    for (size_t i = html_.find('<'); i != std::string_view::npos; i = html_.find('<', i)) {
      if (!in_body_ && !only_spaces(html_.substr(text_from, i - text_from))) break;  // text before <body>
      const size_t next = step(i);
      if (next == std::string_view::npos) break;
      i = text_from = next;
    }
    return std::move(cuts_);
  }

 private:
  // Reads the markup at html_[i] == '<'; the offset to go on from, or npos to
  // stop cutting.
  size_t step(size_t i) {
    if (i + 1 >= html_.size()) return std::string_view::npos;
    const char c = html_[i + 1];
    if (c == '!' || c == '?') return skip_markup_declaration(html_, i);
    const bool end_tag = c == '/';
    if (!is_letter(end_tag ? (i + 2 < html_.size() ? html_[i + 2] : ' ') : c)) {
      return end_tag ? std::string_view::npos : i + 1;  // "</ " is a bogus comment; "< " is text
    }
    const std::optional<Tag> tag = read_tag(html_, i);
    if (!tag) return std::string_view::npos;
    const GumboTag t = gumbo_tagn_enum(tag->name.data(), static_cast<unsigned>(tag->name.size()));
    if (tag->end) return end_tag_step(*tag, t);
    if (!in_body_) return head_step(*tag);
    if (tag->name == "body" || tag->name == "html") {
      // Their attributes join the one <body> or <html> of the page (a style
      // there would hide it all): the page is not cut anywhere.
      cuts_.clear();
      return std::string_view::npos;
    }
    if (is_irregular(tag->name) || (tag->self_closing && !is_void(tag->name))) return std::string_view::npos;
    const auto at_insert = [&] {
      if (starts_block(tag->name) && i >= last_cut_ + min_piece_) cut(i);
    };
    const bool raw = is_raw_text(tag->name);
    if (!open_.start(t, tag->name, html_.substr(i, tag->after - i), raw, at_insert)) return std::string_view::npos;
    if (raw) return skip_raw_text(html_, tag->after, tag->name);
    return tag->after;
  }

  // A cut just before the block start tag at i, once the elements it closes
  // are closed: the previous piece ends with them open, which its end closes
  // the same way.
  void cut(size_t i) {
    if (!open_.plain()) return;
    cuts_.push_back({i, open_.start_tags()});
    last_cut_ = i;
  }

  size_t head_step(const Tag& tag) {
    if (tag.name == "body") {
      in_body_ = true;
      return tag.after;
    }
    if (!is_head_content(tag.name)) return std::string_view::npos;
    if (is_raw_text(tag.name)) return skip_raw_text(html_, tag.after, tag.name);
    return tag.after;
  }

  size_t end_tag_step(const Tag& tag, GumboTag t) {
    if (!in_body_) return tag.name == "head" ? tag.after : std::string_view::npos;
    return open_.end(t, tag.name) ? tag.after : std::string_view::npos;
  }

  std::string_view html_;
  size_t min_piece_;
  bool in_body_ = false;
  OpenElements open_;
  std::vector<HtmlCut> cuts_;
  size_t last_cut_ = 0;
};

// Whether gumbo parses a page starting with `doctype` in quirks mode (where a
// <table> does not close an open <p>). Asked of gumbo itself: its table of
// public identifiers decides.
bool quirks_mode(std::string_view doctype) {
  GumboArena arena;
  GumboOptions options = kGumboDefaultOptions;
  options.allocator = &GumboArena::allocate;
  options.deallocator = &GumboArena::deallocate;
  options.userdata = &arena;
  options.max_errors = 0;
  const GumboOutput* out = gumbo_parse_with_options(&options, doctype.data(), doctype.size());
  return out == nullptr || out->document->v.document.doc_type_quirks_mode == GUMBO_DOCTYPE_QUIRKS;
}

}  // namespace

bool is_formatting_element(GumboTag t) {
  static constexpr std::array<GumboTag, 14> kFormatting = {
      GUMBO_TAG_A,     GUMBO_TAG_B,      GUMBO_TAG_BIG,    GUMBO_TAG_CODE, GUMBO_TAG_EM, GUMBO_TAG_FONT, GUMBO_TAG_I,
      GUMBO_TAG_NOBR, GUMBO_TAG_S, GUMBO_TAG_SMALL, GUMBO_TAG_STRIKE, GUMBO_TAG_STRONG, GUMBO_TAG_TT, GUMBO_TAG_U};
  return std::find(kFormatting.begin(), kFormatting.end(), t) != kFormatting.end();
}

HtmlCuts find_html_cuts(std::string_view html, size_t min_piece) {
  HtmlCuts cuts;
  if (min_piece >= html.size()) return cuts;
  const std::string_view doctype = leading_doctype(html);
  // A doctype after something leading_doctype() does not expect: whether
  // gumbo reads the page in quirks mode is not known.
  if (doctype.empty() && ascii::lower(html.substr(0, 4096)).find("<!doctype") != std::string::npos) return cuts;
  cuts.at = CutFinder(html, std::max<size_t>(min_piece, 1), quirks_mode(doctype)).run();
  if (!cuts.at.empty()) cuts.doctype = doctype;
  return cuts;
}

}  // namespace xxgk
