// The DOCX container: a zip read from memory, opened once per document.
// sniff() opens it to see whether it names word/document.xml; read_any() hands
// that same archive to the DOCX reader, which inflates the part within the
// limits below.
//
// The zip is read here, over zlib's inflate, rather than with libzip: a DOCX
// needs one entry, stored or deflated, and libzip brought libcrypto, libbz2,
// liblzma and libzstd into every process, which the dynamic loader relocated
// at each start-up (more than half of it; issue #9), PDF-free batches included.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "base/diagnostic.h"
#include "readers/readers.h"

namespace xxgk {

// word/document.xml inflated, or why it could not be.
struct DocxPart {
  std::string bytes;
  std::optional<Diagnostic> failure;
};

// What the zip's central directory says of one entry.
struct ZipEntry {
  uint16_t flags = 0;   // general purpose bits; bit 0: encrypted
  uint16_t method = 0;  // 0 stored, 8 deflated
  uint32_t crc = 0;
  uint64_t compressed = 0;
  uint64_t size = 0;
  uint64_t local_header = 0;  // offset of the entry's local header
};

class DocxArchive {
 public:
  // Reads the central directory of `bytes`, which must outlive the archive.
  explicit DocxArchive(std::string_view bytes);

  bool readable() const { return why_.empty(); }
  // The zip names word/document.xml: it is a Word document.
  bool has_document() const { return document_.has_value(); }
  // word/document.xml, refused when the zip is broken, lacks it, or declares it
  // too large or compressed beyond a plausible ratio (a zip bomb).
  DocxPart read_document() const;

  // Archives opened on this thread so far; lets tests check "once a document".
  static size_t opened_on_this_thread();

 private:
  std::string_view bytes_;
  std::optional<ZipEntry> document_;
  std::string why_;  // why the archive is unreadable; empty when it is readable
};

// The DOCX reader on an archive already opened (by sniffing).
ReadResult read_docx(const DocxArchive& archive);

}  // namespace xxgk
