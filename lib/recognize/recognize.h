// Stage 4: recognizing the report's structure in normalized text.
//
//  sections:   numbered headings at four levels (一、 > (一) > 1. > (1)), and
//              unnumbered lines (or, in crawler text, inline spans) that match
//              a template section;
//  references: statutory references, 第二十条第(五)项, 第三十三条第二款;
//  metadata:   agency and year, from the title, the opening sentence, the
//              statistics period and the signature block.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/record.h"
#include "grammar/grammar.h"
#include "normalize/normalize.h"
#include "tokenize/layout.h"
#include "tokenize/scan.h"

namespace xxgk {

std::vector<Section> find_sections(const Normalized& text, const Layout& layout, const Grammar* grammar,
                                   const LabelIndex* labels, const PrintedText& printed);

// A numbered heading line as the four patterns of the levels read it
// (一、… (一)… 1.… (1)…, the whole line): its level, its number and its
// title (the rest of the line past the white space after the number, as the
// patterns' groups read it); nothing if no level's pattern matches the line.
struct HeadingLine {
  int level = 0;
  std::string_view number, title;
};
std::optional<HeadingLine> match_heading(std::string_view line);

std::vector<Reference> find_references(const Normalized& text, const PrintedText& printed);
// The byte ranges of a reference that begins at s[at]: the whole, and its
// article, paragraph and item numerals (find_references reads them).
struct ReferenceMatch {
  size_t begin = 0, end = 0;
  std::pair<size_t, size_t> article;
  std::optional<std::pair<size_t, size_t>> paragraph, item;
};
std::optional<ReferenceMatch> match_reference(std::string_view s, size_t at);

// Chinese numerals (二十, 三十三, 一百零五, 〇/零) and Arabic digits to an int.
std::optional<int> parse_numeral(std::string_view s);

struct Metadata {
  std::string title;
  std::string agency;
  std::optional<int> year;
};

Metadata find_metadata(const Normalized& text, const Layout& layout, const CommonSpec& common);

// True if the text says it is an information-disclosure report at all.
bool looks_like_report(const Normalized& text, const CommonSpec& common);

}  // namespace xxgk
