// The one UTF-8 sanitizer. Every string an output carries (file names, text
// from the report, messages) goes through it, so JSON, XML, CSV, SQLite and
// text outputs are valid UTF-8 whatever bytes a file name or a report holds.
// An invalid byte becomes U+FFFD (as cmark does); the count is reported.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace xxgk::utf8 {

// Length of the valid UTF-8 sequence at s[i] (1-4), or 0 if the byte there
// does not start one (overlong forms, surrogates and > U+10FFFF are invalid).
size_t sequence_length(std::string_view s, size_t i);

bool is_valid(std::string_view s);

// The largest n <= at (and <= s.size()) that does not fall inside a
// character: s.substr(0, n) cuts no sequence in two.
size_t floor_boundary(std::string_view s, size_t at);

// `s` with every byte that is not part of a valid sequence replaced by U+FFFD;
// adds the number replaced to *replaced when given.
std::string sanitize(std::string_view s, size_t* replaced = nullptr);

// In place; returns the number of bytes replaced.
size_t sanitize_in_place(std::string& s);

}  // namespace xxgk::utf8
