// Input readers: each published form of a report (plain text, HTML page, DOCX,
// PDF with a text layer) becomes one SourceText in the *canonical text layout*
// that the tokenizer reads:
//
//   - a paragraph or heading is one line;
//   - a table row is one line that starts with kRowMark and has its cells
//     separated by kCellMark: "\x1E规章\x1F0\x1F\x1F5". Each cell appears once
//     (colspan/rowspan are not repeated: labels of merged cells are simply
//     absent from later rows, as in the published text layouts); a blank cell is
//     an empty string between two marks; newlines and <br> inside a cell become
//     a single space;
//   - the origin of every byte points into the original file.
//
// Plain text needs no reader: it is decoded and used as it is (its own layouts
// are recognized by the tokenizer).
#pragma once

#include <string>
#include <string_view>

#include "base/diagnostic.h"
#include "base/source_text.h"

namespace xxgk {

inline constexpr char kRowMark = '\x1E';
inline constexpr char kCellMark = '\x1F';

enum class InputKind { text, html, docx, pdf, unknown_binary };
const char* to_string(InputKind k);

// Decides from content (magic bytes, markup), using the file name only as a tie
// breaker: a .txt holding HTML is read as HTML.
InputKind sniff(std::string_view bytes, std::string_view file_name);

struct ReadResult {
  bool ok = false;          // false: nothing usable; diagnostics say why
  SourceText text;          // canonical text layout, UTF-8
  std::string encoding;     // of the text inside (for HTML/text), "" for docx/pdf
  Diagnostics diagnostics;  // errors and warnings met while reading
  // When offsets point into other bytes than the file's (a DOCX: the inflated
  // word/document.xml, UTF-8), those bytes, so lines and columns are counted
  // where the offsets are. Empty: offsets are into the file.
  std::string located_bytes;
};

ReadResult read_text(std::string_view bytes);
ReadResult read_html(std::string_view bytes);
// read_html() of bytes sniff() has found not to be binary (read_any): the
// check, a pass over the first 64 KB, is not made again.
ReadResult read_sniffed_html(std::string_view bytes);
ReadResult read_docx(std::string_view bytes);
ReadResult read_pdf(std::string_view bytes);

// A failed read: nothing usable, one error diagnostic saying why.
ReadResult refused(Diagnostic why);
ReadResult refused(std::string code, std::string message);

// sniff + the matching reader.
ReadResult read_any(std::string_view bytes, std::string_view file_name, InputKind* kind = nullptr);

}  // namespace xxgk
