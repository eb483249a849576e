// The cut finder of html_chunks.h: a strict scan of tags, stopping at the
// first construct whose effect on the HTML5 tree builder is not plain.
#include "readers/html_chunks.h"

#include <algorithm>
#include <array>
#include <optional>
#include <string>

#include "base/ascii.h"

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
// the end of the previous piece's <body> does.
bool starts_block(std::string_view name) {
  static constexpr std::array<std::string_view, 17> kBlocks = {
      "address", "article", "blockquote", "center", "div", "dl", "h1",    "h2", "h3",
      "h4",      "h5",      "h6",         "hr",     "ol",  "p",  "table", "ul"};
  static_assert(std::is_sorted(kBlocks.begin(), kBlocks.end()));
  return one_of(kBlocks, name);
}

bool is_table_part(std::string_view name) {
  return name == "table" || name == "tbody" || name == "thead" || name == "tfoot" || name == "tr";
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

class CutFinder {
 public:
  CutFinder(std::string_view html, size_t min_piece) : html_(html), min_piece_(min_piece) {}

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
    if (tag->end) return end_tag_step(*tag);
    if (!in_body_) return head_step(*tag);
    if (tag->name == "body" || tag->name == "html") {
      // Their attributes join the one <body> or <html> of the page (a style
      // there would hide it all): the page is not cut anywhere.
      cuts_.clear();
      return std::string_view::npos;
    }
    if (is_irregular(tag->name) || (tag->self_closing && !is_void(tag->name))) return std::string_view::npos;
    // A <form> sets the parser's form pointer, cleared by its </form>; in a
    // table's own content (not a cell) it is handled apart: given up on.
    if (tag->name == "form" && !open_.empty() && is_table_part(open_.back().name)) return std::string_view::npos;
    if (starts_block(tag->name) && i >= last_cut_ + min_piece_) cut(i);
    if (is_raw_text(tag->name)) return skip_raw_text(html_, tag->after, tag->name);
    if (!is_void(tag->name)) open_.push_back({tag->name, html_.substr(i, tag->after - i)});
    return tag->after;
  }

  void cut(size_t i) {
    HtmlCut c{i, {}};
    for (const Open& e : open_) {
      if (!is_container(e.name)) return;
      c.reopen.push_back(e.start_tag);
    }
    cuts_.push_back(std::move(c));
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

  size_t end_tag_step(const Tag& tag) {
    if (!in_body_) return tag.name == "head" ? tag.after : std::string_view::npos;
    if (open_.empty() || open_.back().name != tag.name) return std::string_view::npos;
    open_.pop_back();
    return tag.after;
  }

  std::string_view html_;
  size_t min_piece_;
  bool in_body_ = false;
  struct Open {
    std::string name;
    std::string_view start_tag;
  };
  std::vector<Open> open_;  // elements opened since <body>, innermost last
  std::vector<HtmlCut> cuts_;
  size_t last_cut_ = 0;
};

}  // namespace

HtmlCuts find_html_cuts(std::string_view html, size_t min_piece) {
  HtmlCuts cuts;
  if (min_piece >= html.size()) return cuts;
  cuts.at = CutFinder(html, std::max<size_t>(min_piece, 1)).run();
  if (!cuts.at.empty()) cuts.doctype = leading_doctype(html);
  return cuts;
}

}  // namespace xxgk
