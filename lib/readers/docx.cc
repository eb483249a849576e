// DOCX reader: the zip (docx_archive.h, from memory) -> word/document.xml (pugixml) ->
// the canonical text layout of readers.h.
//
// Origins for DOCX are byte offsets into the *uncompressed* word/document.xml,
// not into the .docx file: the part is deflated, so no byte of the file holds
// our text. A paragraph's text maps to its <w:t> runs (byte for byte where the
// XML text has no escapes), a tab or break to its element. Diagnostics about a
// DOCX therefore point into document.xml (what `unzip -p f.docx
// word/document.xml` prints), which is the closest real place there is.
//
// Tables: a table with at least two cells and no nested table is data, one row
// a line; any other table (a one-cell frame, a table holding tables) is page
// layout, and its cells' paragraphs become ordinary lines.
#include <algorithm>
#include <memory>
#include <optional>
#include <pugixml.hpp>
#include <unordered_set>
#include <vector>

#include "base/codes.h"
#include "readers/docx_archive.h"
#include "readers/layout_builder.h"
#include "readers/readers.h"

namespace xxgk {
namespace {

// ---- the XML part ----------------------------------------------------------

// WordprocessingML is matched by local name: the `w:` prefix is a convention.
std::string_view local(const pugi::xml_node& n) {
  const std::string_view name(n.name());
  const size_t colon = name.find(':');
  return colon == std::string_view::npos ? name : name.substr(colon + 1);
}

pugi::xml_node child_named(const pugi::xml_node& n, std::string_view name) {
  for (pugi::xml_node c = n.first_child(); c; c = c.next_sibling()) {
    if (local(c) == name) return c;
  }
  return {};
}

std::string_view attribute(const pugi::xml_node& n, std::string_view name) {
  for (pugi::xml_attribute a = n.first_attribute(); a; a = a.next_attribute()) {
    std::string_view an(a.name());
    const size_t colon = an.find(':');
    if ((colon == std::string_view::npos ? an : an.substr(colon + 1)) == name) return a.value();
  }
  return {};
}

// Depth-first walk without recursion or a stack, using the tree's parent links.
// `enter` returns whether to go inside; `leave` is called for every node gone
// inside.
template <class Enter, class Leave>
void walk(const pugi::xml_node& root, Enter&& enter, Leave&& leave) {
  for (pugi::xml_node n = root.first_child(); n;) {
    if (enter(n)) {
      if (n.first_child()) {
        n = n.first_child();
        continue;
      }
      leave(n);
    }
    while (!n.next_sibling()) {
      n = n.parent();
      if (!n || n == root) return;
      leave(n);
    }
    n = n.next_sibling();
  }
}

// Subtrees that hold no visible body text: properties, deleted or moved-away
// text, field instructions, and the VML fallback that repeats a drawing's text.
bool is_skipped(std::string_view name) {
  return name == "pPr" || name == "rPr" || name == "tblPr" || name == "tblGrid" || name == "trPr" || name == "tcPr" ||
         name == "sectPr" || name == "del" || name == "moveFrom" || name == "instrText" || name == "delText" ||
         name == "Fallback" || name == "tblPrEx";
}

// A cell continuing a vertical merge repeats nothing: it is omitted.
bool continues_vertical_merge(const pugi::xml_node& tc) {
  const pugi::xml_node merge = child_named(child_named(tc, "tcPr"), "vMerge");
  return merge && attribute(merge, "val") != "restart";
}

using NodeSet = std::unordered_set<const void*>;

// Tables that are page layout rather than data (see the file comment).
NodeSet find_layout_tables(const pugi::xml_node& body) {
  struct OpenTable {
    pugi::xml_node node;
    size_t cells = 0;
    bool layout = false;
  };
  std::vector<OpenTable> tables;
  NodeSet layout;
  auto enter = [&](const pugi::xml_node& n) {
    if (n.type() != pugi::node_element || is_skipped(local(n))) return false;
    if (local(n) == "tbl") {
      if (!tables.empty()) tables.back().layout = true;
      tables.push_back({n});
    } else if (local(n) == "tc" && !tables.empty()) {
      ++tables.back().cells;
    }
    return true;
  };
  auto leave = [&](const pugi::xml_node& n) {
    if (local(n) != "tbl") return;
    if (tables.back().layout || tables.back().cells <= 1) layout.insert(n.internal_object());
    tables.pop_back();
  };
  walk(body, enter, leave);
  return layout;
}

// Turns document.xml's body into the canonical layout (layout_builder.h),
// element by element.
class BodyReader {
 public:
  BodyReader(std::string_view xml, NodeSet layout_tables) : xml_(xml), layout_tables_(std::move(layout_tables)) {}

  bool enter(const pugi::xml_node& n) {
    if (n.type() != pugi::node_element) return false;
    const std::string_view name = local(n);
    if (is_skipped(name)) return false;
    const uint32_t at = offset(n);
    if (name == "t") {
      add_text(n);
      return false;
    }
    if (name == "tab") add(out_.in_cell() ? " " : "\t", at, false);  // a cell is one line of words
    if (name == "noBreakHyphen") add(std::string_view("-"), at, false);
    if (name == "br" || name == "cr") line_break(at);
    if (name == "p") line_break(at);
    if (name == "tbl") tables_.push_back(!layout_tables_.contains(n.internal_object()));
    if (name == "tr") return open_row(at);
    if (name == "tc") return open_cell(n, at);
    return true;
  }

  void leave(const pugi::xml_node& n) {
    const std::string_view name = local(n);
    const uint32_t at = offset(n);
    if (name == "p") line_break(at);
    if (name == "tbl") tables_.pop_back();
    if (in_data_table() && name == "tc" && out_.in_cell() && out_.in_row()) {
      out_.close_cell();
    } else if (in_data_table() && name == "tr" && out_.in_row()) {
      out_.close_row(std::nullopt);
    } else if (name == "tc" || name == "tr") {
      line_break(at);
    }
  }

  SourceText finish(uint32_t end) { return out_.finish(end); }

 private:
  bool in_data_table() const { return !tables_.empty() && tables_.back(); }

  uint32_t offset(const pugi::xml_node& n) const {
    const ptrdiff_t off = n.offset_debug();
    return off < 0 ? 0 : static_cast<uint32_t>(off);
  }

  bool open_row(uint32_t at) {
    if (in_data_table()) {
      out_.open_row(at);
    } else {
      line_break(at);
    }
    return true;
  }

  bool open_cell(const pugi::xml_node& tc, uint32_t at) {
    if (!in_data_table() || !out_.in_row()) {
      line_break(at);
      return true;
    }
    if (continues_vertical_merge(tc)) return false;
    out_.open_cell(at);
    return true;
  }

  // Text of a <w:t>: byte for byte when the XML holds it unescaped, else all of
  // it at the text's start.
  void add_text(const pugi::xml_node& t) {
    for (pugi::xml_node c = t.first_child(); c; c = c.next_sibling()) {
      if (c.type() != pugi::node_pcdata && c.type() != pugi::node_cdata) continue;
      const std::string_view s(c.value());
      const uint32_t at = offset(c);
      add(s, at, xml_.substr(at, s.size()) == s);
    }
  }

  void add(std::string_view s, uint32_t at, bool contiguous) { out_.add(s, at, contiguous); }

  // End of a paragraph or a break: a new line, or a space inside a cell.
  void line_break(uint32_t at) { out_.block_break(at); }

  std::string_view xml_;
  NodeSet layout_tables_;
  LayoutBuilder out_{LayoutBuilder::Spaces::keep};
  std::vector<bool> tables_;  // open tables, innermost last: true for data tables
};

}  // namespace

ReadResult read_docx(std::string_view bytes) {
  if (bytes.empty()) return refused(error_diagnostic(codes::input_empty, "input is empty"));
  DocxArchive archive(bytes);
  return read_docx(archive);
}

ReadResult read_docx(const DocxArchive& archive) {
  DocxPart part = archive.read_document();
  if (part.failure) return refused(std::move(*part.failure));
  pugi::xml_document doc;
  // parse_ws_pcdata_single keeps <w:t xml:space="preserve"> </w:t>: a space is text.
  const pugi::xml_parse_result parsed =
      doc.load_buffer(part.bytes.data(), part.bytes.size(), pugi::parse_default | pugi::parse_ws_pcdata_single);
  if (!parsed) {
    Diagnostic d = error_diagnostic(codes::docx_corrupt,
                                    std::string("word/document.xml is not well-formed XML: ") + parsed.description());
    d.offset = static_cast<uint32_t>(std::max<ptrdiff_t>(parsed.offset, 0));
    ReadResult r = refused(std::move(d));
    r.located_bytes = std::move(part.bytes);  // the offset is into document.xml
    return r;
  }
  const pugi::xml_node body = child_named(doc.document_element(), "body");
  if (!body) return refused(error_diagnostic(codes::docx_no_document, "word/document.xml has no <w:body>"));
  BodyReader layout(part.bytes, find_layout_tables(body));
  walk(
      body, [&](const pugi::xml_node& n) { return layout.enter(n); },
      [&](const pugi::xml_node& n) { layout.leave(n); });
  ReadResult r;
  r.text = layout.finish(static_cast<uint32_t>(part.bytes.size()));
  r.located_bytes = std::move(part.bytes);  // offsets are into document.xml
  r.ok = true;
  return r;
}

}  // namespace xxgk
