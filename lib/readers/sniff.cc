// Input kind from content: magic bytes first, then markup; the file name only
// breaks ties (a .txt holding HTML is HTML, an .html holding no tag is text).
#include <algorithm>
#include <array>
#include <optional>

#include "base/ascii.h"
#include "base/codes.h"
#include "decode/decode.h"
#include "readers/docx_archive.h"
#include "readers/readers.h"

namespace xxgk {
namespace {

// Markup is looked for in this prefix: HTML shows itself early.
constexpr size_t kMarkupWindow = 8192;
// The PDF header may follow some junk; readers accept it within 1 KiB.
constexpr size_t kPdfHeaderWindow = 1024;

bool ends_with_any(const std::string& name, std::initializer_list<std::string_view> exts) {
  return std::any_of(exts.begin(), exts.end(), [&](std::string_view e) { return name.ends_with(e); });
}

// Skips a UTF-8 BOM, whitespace, comments and an XML declaration.
std::string_view skip_preamble(std::string_view s) {
  if (s.starts_with("\xEF\xBB\xBF")) s.remove_prefix(3);
  for (;;) {
    const size_t start = s.find_first_not_of(" \t\r\n\f");
    if (start == std::string_view::npos) return {};
    s.remove_prefix(start);
    std::string_view close;
    if (s.starts_with("<!--")) {
      close = "-->";
    } else if (s.starts_with("<?")) {
      close = "?>";
    } else {
      return s;
    }
    const size_t end = s.find(close);
    if (end == std::string_view::npos) return {};
    s.remove_prefix(end + close.size());
  }
}

// `<name` followed by a delimiter, so that "<pre" is not "<p".
bool starts_with_tag(const std::string& s, std::string_view tag) {
  if (!s.starts_with(tag)) return false;
  if (s.size() == tag.size()) return true;
  const char next = s[tag.size()];
  return next == ' ' || next == '>' || next == '/' || next == '\t' || next == '\r' || next == '\n';
}

bool opens_like_html(const std::string& head) {
  static constexpr std::array<std::string_view, 11> kOpeners = {
      "<!doctype html", "<html", "<head", "<meta", "<body", "<div", "<p", "<table", "<title", "<span", "<center"};
  return std::any_of(kOpeners.begin(), kOpeners.end(), [&](std::string_view t) { return starts_with_tag(head, t); });
}

// The skeleton of a page: a document element, or a table's cells. An inline
// tag (<br>, <b>) is no evidence: markdown and text copied from a page keep
// them, and such a file has no page structure to read.
bool has_markup(const std::string& window) {
  static constexpr std::array<std::string_view, 5> kMarks = {"<html", "<body", "<table", "</td>", "</tr>"};
  return std::any_of(kMarks.begin(), kMarks.end(),
                     [&](std::string_view m) { return window.find(m) != std::string::npos; });
}

// Something that looks like a start or end tag: '<' then a letter or '/'.
bool has_any_tag(const std::string& window) {
  for (size_t i = window.find('<'); i != std::string::npos && i + 1 < window.size(); i = window.find('<', i + 1)) {
    const char c = window[i + 1];
    if ((c >= 'a' && c <= 'z') || c == '/' || c == '!') return true;
  }
  return false;
}

// ASCII view of the start of the input; UTF-16 is decoded first so that its
// markup can be seen.
std::string markup_window(std::string_view bytes) {
  const bool wide = bytes.starts_with("\xFF\xFE") || bytes.starts_with("\xFE\xFF") ||
                    bytes.substr(0, 64).find('\0') != std::string_view::npos;
  if (!wide) return ascii::lower(bytes.substr(0, kMarkupWindow));
  return ascii::lower(std::string_view(decode(bytes.substr(0, 2 * kMarkupWindow)).text.text).substr(0, kMarkupWindow));
}

// Text or HTML, from the markup seen near the start.
InputKind sniff_markup(std::string_view bytes, const std::string& name) {
  const std::string window = markup_window(bytes);
  const std::string head = std::string(skip_preamble(window));
  if (opens_like_html(head) || has_markup(window)) return InputKind::html;
  const bool html_name = ends_with_any(name, {".html", ".htm", ".shtml", ".xhtml", ".asp", ".aspx", ".jsp", ".php"});
  if (html_name && has_any_tag(window)) return InputKind::html;
  return InputKind::text;
}

// The kind, and for a zip the archive opened to decide it, so that the DOCX
// reader does not open it again.
struct Sniffed {
  InputKind kind = InputKind::unknown_binary;
  std::optional<DocxArchive> archive;
};

// A DOCX is a zip whose central directory names word/document.xml.
void sniff_zip(std::string_view bytes, const std::string& name, Sniffed& out) {
  const DocxArchive& zip = out.archive.emplace(bytes);
  if (zip.readable()) {
    out.kind = zip.has_document() ? InputKind::docx : InputKind::unknown_binary;
  } else {
    // A broken zip named .docx goes to the DOCX reader, which says what broke.
    out.kind = name.ends_with(".docx") ? InputKind::docx : InputKind::unknown_binary;
  }
}

Sniffed sniff_input(std::string_view bytes, std::string_view file_name) {
  Sniffed out;
  const std::string name = ascii::lower(file_name);
  if (bytes.substr(0, kPdfHeaderWindow).find("%PDF-") != std::string_view::npos) {
    out.kind = InputKind::pdf;
  } else if (bytes.starts_with(std::string_view("PK\x03\x04", 4))) {
    sniff_zip(bytes, name, out);
  } else if (looks_binary(bytes)) {
    out.kind = InputKind::unknown_binary;
  } else {
    out.kind = sniff_markup(bytes, name);
  }
  return out;
}

}  // namespace

const char* to_string(InputKind k) {
  switch (k) {
    case InputKind::text: return "text";
    case InputKind::html: return "html";
    case InputKind::docx: return "docx";
    case InputKind::pdf: return "pdf";
    case InputKind::unknown_binary: return "unknown_binary";
  }
  return "unknown";
}

InputKind sniff(std::string_view bytes, std::string_view file_name) {
  return sniff_input(bytes, file_name).kind;
}

ReadResult read_any(std::string_view bytes, std::string_view file_name, InputKind* kind) {
  Sniffed sniffed = sniff_input(bytes, file_name);
  if (kind != nullptr) *kind = sniffed.kind;
  switch (sniffed.kind) {
    case InputKind::text: return read_text(bytes);
    case InputKind::html: return read_sniffed_html(bytes);
    case InputKind::docx: return read_docx(*sniffed.archive);
    case InputKind::pdf: return read_pdf(bytes);
    case InputKind::unknown_binary: break;
  }
  return refused(codes::input_binary, "input is binary and not a PDF or DOCX; cannot read it");
}

}  // namespace xxgk
