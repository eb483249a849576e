// Every diagnostic code xxgk emits, in one list (README, "Diagnostic codes").
// A code is part of the output contract: records, the SQLite table and stderr
// carry it, and researchers filter on it, so codes are never spelled as string
// literals elsewhere. To add one: a line here and a line in the README table.
#pragma once

#include <string_view>

namespace xxgk {

// X(identifier, "code", "when it is emitted")
#define XXGK_DIAGNOSTIC_CODES(X)                                                                                \
  X(input_missing, "input.missing", "a path given on the command line does not exist")                          \
  X(input_unreadable, "input.unreadable", "a file or folder cannot be opened or read (permissions, ELOOP)")     \
  X(input_empty, "input.empty", "the file is empty")                                                            \
  X(input_too_large, "input.too_large", "the file is larger than any report")                                   \
  X(input_binary, "input.binary", "the bytes are not text, HTML, DOCX or PDF")                                  \
  X(input_not_a_report, "input.not_a_report", "no template labels, title or report markers")                    \
  X(input_duplicate, "input.duplicate", "the same file was given twice; processed once")                        \
  X(input_symlink_dir, "input.symlink_dir", "a symbolic link to a folder inside a walked folder: not followed") \
  X(input_internal, "input.internal_error", "reading the file failed unexpectedly (a bug: please report)")      \
  X(input_interrupted, "input.interrupted", "the batch was stopped by SIGINT/SIGTERM before this file")         \
  X(output_create, "output.create", "an output file or folder cannot be created")                               \
  X(output_write, "output.write", "writing, flushing or closing an output failed (disk full, I/O error)")       \
  X(output_rename, "output.rename", "the finished output cannot be moved to its path")                          \
  X(output_database, "output.database", "SQLite refused a statement while building the database")               \
  X(output_invalid_utf8, "output.invalid_utf8", "invalid UTF-8 bytes in strings were replaced by U+FFFD")       \
  X(grammar_invalid, "grammar.invalid", "a grammar file is malformed or breaks the grammar format (file:line)") \
  X(decode_invalid, "decode.invalid", "bytes invalid in the detected encoding were replaced")                   \
  X(decode_unknown_charset, "decode.unknown_charset", "a declared charset is unknown; detected instead")        \
  X(html_charset_mismatch, "html.charset_mismatch", "a page declares one charset but is UTF-8")                 \
  X(html_too_deep, "html.too_deep", "HTML nests elements deeper than the parser can afford")                    \
  X(html_parse, "html.parse", "the HTML parser failed")                                                         \
  X(docx_corrupt, "docx.corrupt", "the DOCX zip or its XML is damaged")                                         \
  X(docx_no_document, "docx.no_document", "the zip has no word/document.xml body")                              \
  X(docx_too_large, "docx.too_large", "word/document.xml inflates beyond the limit")                            \
  X(docx_zip_bomb, "docx.zip_bomb", "word/document.xml is compressed beyond a plausible ratio")                 \
  X(pdf_corrupt, "pdf.corrupt", "the PDF cannot be parsed or is encrypted")                                     \
  X(pdf_no_text_layer, "pdf.no_text_layer", "the PDF has no text layer (scanned)")                              \
  X(pdf_unavailable, "pdf.unavailable", "the PDF reader plugin xxgk-pdf.so is missing or cannot be loaded")      \
  X(template_unknown, "template.unknown", "a report after 2018 matches no template; read as legacy")            \
  X(template_tie, "template.tie", "two grammars match a report equally well; none is chosen")                   \
  X(table_none, "table.none", "template labels but no table of the template")                                   \
  X(table_row_long, "table.row_long", "a table row has more figures than columns")                              \
  X(table_row_short, "table.row_short", "a table row has fewer figures than columns")                           \
  X(table_suspect, "table.suspect", "a row printed with a figure too many or too few: its cells are suspect")   \
  X(label_loose, "label.loose", "a printed label read as the closest row label (add it as an alias if right)")  \
  X(label_unsure, "label.unsure", "a printed label about as close to two rows: its figures are left unplaced")  \
  X(value_negative, "value.negative", "a count is printed negative")                                            \
  X(recover_relaxed, "recover.relaxed", "glued digits split with some rules set aside")                         \
  X(recover_ambiguous, "recover.ambiguous", "glued digits admit several splits")                                \
  X(recover_no_solution, "recover.no_solution", "glued digits admit no split under the rules")                  \
  X(recover_gave_up, "recover.gave_up", "the search for a split of glued digits hit its bound")                 \
  X(recover_too_long, "recover.too_long", "a run of glued digits is too long to split")                         \
  X(report_cells_missing, "report.cells_missing", "cells of the template were not found")                       \
  X(audit_unchecked, "audit.unchecked", "rule checks skipped over missing or ambiguous cells")

namespace codes {
#define XXGK_CODE_CONSTANT(id, code, why) inline constexpr const char* id = code;
XXGK_DIAGNOSTIC_CODES(XXGK_CODE_CONSTANT)
#undef XXGK_CODE_CONSTANT
}  // namespace codes

struct CodeInfo {
  std::string_view code, why;
};

// All codes with their one-line explanation, in the order above.
inline constexpr CodeInfo kAllCodes[] = {
#define XXGK_CODE_INFO(id, code, why) {code, why},
    XXGK_DIAGNOSTIC_CODES(XXGK_CODE_INFO)
#undef XXGK_CODE_INFO
};

}  // namespace xxgk
