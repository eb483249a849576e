#include "base/files.h"

#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>

namespace xxgk {

namespace {

Record failure(const std::string& path, std::string code, std::string message) {
  Record r;
  r.file = path;
  r.failed = true;
  r.diagnostics.push_back(error_diagnostic(std::move(code), std::move(message)));
  return r;
}

std::string too_large(uintmax_t size) {
  return "file of " + std::to_string(size) + " bytes is too large for a report";
}

}  // namespace

Record parse_file(const Engine& engine, const std::string& path) {
  if (path == kStdinName) {
    // Read in blocks, stopping at the cap: standard input has no size to ask.
    std::string bytes;
    char block[1 << 16];
    while (std::cin.read(block, sizeof block) || std::cin.gcount() > 0) {
      bytes.append(block, static_cast<size_t>(std::cin.gcount()));
      if (bytes.size() > kMaxReportBytes) return failure(path, "input.too_large", too_large(bytes.size()));
    }
    if (std::cin.bad()) return failure(path, "input.unreadable", "cannot read standard input");
    return engine.parse(bytes, path);
  }
  std::error_code ec;
  auto size = std::filesystem::file_size(path, ec);
  if (ec) return failure(path, "input.unreadable", "cannot read: " + ec.message());
  if (size > kMaxReportBytes) return failure(path, "input.too_large", too_large(size));
  std::ifstream in(path, std::ios::binary);
  if (!in) return failure(path, "input.unreadable", "cannot open the file");
  std::ostringstream buf;
  buf << in.rdbuf();
  return engine.parse(buf.str(), path);
}

}  // namespace xxgk
