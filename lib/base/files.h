// Reading a report from a file (or standard input) for the engine, which
// itself does no I/O: what the CLI's streams and the Python module share.
#pragma once

#include <cstdint>
#include <string>

#include "engine/pipeline.h"

namespace xxgk {

// Reports are a few hundred KB at most; a bigger file is not one, and reading
// it whole would only cost memory.
inline constexpr uintmax_t kMaxReportBytes = 64u << 20;

// The record name of a document read from standard input.
inline constexpr const char* kStdinName = "-";

// Reads `path` whole ("-": standard input) and parses it. A file that cannot
// be read gives a failed record (input.unreadable, input.too_large), never an
// exception.
Record parse_file(const Engine& engine, const std::string& path);

}  // namespace xxgk
