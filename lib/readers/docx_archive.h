// The DOCX container: a zip read from memory (libzip), opened once per
// document. sniff() opens it to see whether it names word/document.xml;
// read_any() hands that same archive to the DOCX reader, which inflates the
// part within the limits below.
#pragma once

#include <zip.h>

#include <memory>
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

class DocxArchive {
 public:
  // Opens the central directory of `bytes`, which must outlive the archive.
  explicit DocxArchive(std::string_view bytes);

  bool readable() const { return archive_ != nullptr; }
  // The zip names word/document.xml: it is a Word document.
  bool has_document() const { return index_ >= 0; }
  // word/document.xml, refused when the zip is broken, lacks it, or declares it
  // too large or compressed beyond a plausible ratio (a zip bomb).
  DocxPart read_document();

  // Archives opened on this thread so far; lets tests check "once a document".
  static size_t opened_on_this_thread();

 private:
  struct Closer {
    void operator()(zip_t* z) const { zip_discard(z); }
  };
  std::unique_ptr<zip_t, Closer> archive_;
  zip_int64_t index_ = -1;
  std::string why_;  // libzip's reason when the archive is unreadable
};

// The DOCX reader on an archive already opened (by sniffing).
ReadResult read_docx(DocxArchive& archive);

}  // namespace xxgk
