// The DOCX zip: opened from memory once, its document part checked against
// the size and ratio limits before anything is inflated.
#include "readers/docx_archive.h"

#include "base/codes.h"

namespace xxgk {
namespace {

// document.xml of real reports is well under 10 MiB; a larger part is not a
// report and inflating it would only cost memory.
constexpr zip_uint64_t kMaxDocumentBytes = zip_uint64_t{64} << 20;
// Deflated XML compresses ~10:1; 200:1 is a crafted zip bomb.
constexpr zip_uint64_t kMaxCompressionRatio = 200;

constexpr const char* kDocumentPart = "word/document.xml";

thread_local size_t opened_count = 0;

struct ZipSourceDeleter {
  void operator()(zip_source_t* s) const { zip_source_free(s); }
};
struct ZipFileDeleter {
  void operator()(zip_file_t* f) const { zip_fclose(f); }
};

DocxPart fail(std::string code, std::string message) {
  return DocxPart{{}, error_diagnostic(std::move(code), std::move(message))};
}

// Checks the sizes the central directory declares before inflating anything;
// the read itself stops at the declared size, so a lying directory gains
// nothing (libzip then fails the CRC check).
std::optional<Diagnostic> check_sizes(const zip_stat_t& st) {
  if ((st.valid & ZIP_STAT_SIZE) == 0 || (st.valid & ZIP_STAT_COMP_SIZE) == 0) {
    return error_diagnostic(codes::docx_corrupt, "the DOCX does not give the size of word/document.xml");
  }
  if (st.size > kMaxDocumentBytes) {
    return error_diagnostic(codes::docx_too_large, "word/document.xml inflates to " + std::to_string(st.size) +
                                                       " bytes, over the limit of " +
                                                       std::to_string(kMaxDocumentBytes));
  }
  if (st.size > st.comp_size * kMaxCompressionRatio) {
    return error_diagnostic(codes::docx_zip_bomb, "word/document.xml compresses " + std::to_string(st.comp_size) +
                                                      " -> " + std::to_string(st.size) + " bytes, beyond a " +
                                                      std::to_string(kMaxCompressionRatio) +
                                                      ":1 ratio; refusing a zip bomb");
  }
  return std::nullopt;
}

}  // namespace

DocxArchive::DocxArchive(std::string_view bytes) {
  ++opened_count;
  zip_error_t err;
  zip_error_init(&err);
  std::unique_ptr<zip_source_t, ZipSourceDeleter> src(zip_source_buffer_create(bytes.data(), bytes.size(), 0, &err));
  if (src) archive_.reset(zip_open_from_source(src.get(), ZIP_RDONLY, &err));
  if (archive_) {
    src.release();  // the archive owns the source now
    index_ = zip_name_locate(archive_.get(), kDocumentPart, 0);
  } else {
    why_ = zip_error_strerror(&err);
  }
  zip_error_fini(&err);
}

size_t DocxArchive::opened_on_this_thread() {
  return opened_count;
}

DocxPart DocxArchive::read_document() {
  if (!archive_) return fail(codes::docx_corrupt, "not a readable zip archive: " + why_);
  if (index_ < 0) return fail(codes::docx_no_document, "the archive has no word/document.xml; not a Word document");
  const auto index = static_cast<zip_uint64_t>(index_);
  zip_stat_t st;
  zip_stat_init(&st);
  if (zip_stat_index(archive_.get(), index, 0, &st) != 0) {
    return fail(codes::docx_corrupt, std::string("cannot stat word/document.xml: ") + zip_strerror(archive_.get()));
  }
  if (auto refused = check_sizes(st)) return DocxPart{{}, std::move(refused)};
  std::unique_ptr<zip_file_t, ZipFileDeleter> file(zip_fopen_index(archive_.get(), index, 0));
  if (!file) {
    return fail(codes::docx_corrupt, std::string("cannot open word/document.xml: ") + zip_strerror(archive_.get()));
  }
  DocxPart part;
  part.bytes.resize(st.size);
  zip_uint64_t got = 0;
  while (got < st.size) {
    const zip_int64_t n = zip_fread(file.get(), part.bytes.data() + got, st.size - got);
    if (n < 0) {
      return fail(codes::docx_corrupt, std::string("cannot inflate word/document.xml: ") +
                                           zip_error_strerror(zip_file_get_error(file.get())));
    }
    if (n == 0) break;
    got += static_cast<zip_uint64_t>(n);
  }
  part.bytes.resize(got);
  return part;
}

}  // namespace xxgk
