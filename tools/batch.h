// Batch processing for the CLI: walking inputs, reading files, parsing them on
// several threads, and handing records back *in input order* so output is the
// same byte for byte whatever the thread count.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "xxgk/pipeline.h"

namespace xxgk::cli {

// Files named, and files under directories named (recursively, sorted, hidden
// files skipped). Missing paths are reported in `missing`.
std::vector<std::string> expand_inputs(const std::vector<std::string>& paths, std::vector<std::string>& missing);

// Parses every file with `jobs` threads; calls `sink` once per file, in order.
// Works in chunks so that memory stays bounded on a whole archive.
void run_batch(const Engine& engine, const std::vector<std::string>& files, unsigned jobs,
               const std::function<void(Record&)>& sink);

}  // namespace xxgk::cli
