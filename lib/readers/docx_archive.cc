// The DOCX zip, read from memory: the end record, the central directory (for
// word/document.xml), then that one entry's local header and data, stored or
// deflated (zlib's raw inflate), checked against its CRC-32. The size and ratio
// limits are checked on what the directory declares, before anything is
// inflated, and the inflate stops one byte past the declared size, so a lying
// directory gains nothing. Zip64 end records and extra fields are read (a
// writer may use them for any size); encrypted entries, multi-disk archives
// and methods other than stored and deflated are refused as corrupt: Word
// writes none of them.
#include "readers/docx_archive.h"

// zlib's next_in is const with ZLIB_CONST: the input is never written.
#define ZLIB_CONST
#include <zlib.h>

#include <algorithm>
#include <climits>
#include <memory>

#include "base/codes.h"

namespace xxgk {
namespace {

// document.xml of real reports is well under 10 MiB; a larger part is not a
// report and inflating it would only cost memory.
constexpr uint64_t kMaxDocumentBytes = uint64_t{64} << 20;
// Deflated XML compresses ~10:1; 200:1 is a crafted zip bomb.
constexpr uint64_t kMaxCompressionRatio = 200;

constexpr std::string_view kDocumentPart = "word/document.xml";

// The zip format's records (APPNOTE.TXT 4.3): signatures and fixed sizes.
constexpr uint32_t kLocalHeader = 0x04034b50;
constexpr uint32_t kCentralHeader = 0x02014b50;
constexpr uint32_t kEndRecord = 0x06054b50;
constexpr uint32_t kZip64EndRecord = 0x06064b50;
constexpr uint32_t kZip64Locator = 0x07064b50;
constexpr size_t kLocalHeaderSize = 30;
constexpr size_t kCentralHeaderSize = 46;
constexpr size_t kEndRecordSize = 22;
constexpr size_t kZip64LocatorSize = 20;
constexpr size_t kZip64EndRecordSize = 56;
constexpr size_t kMaxComment = 0xffff;  // the end record's comment follows it
constexpr uint16_t kZip64Extra = 0x0001;
constexpr uint16_t kEncrypted = 0x0001;
constexpr uint16_t kStored = 0;
constexpr uint16_t kDeflated = 8;

thread_local size_t opened_count = 0;

// `n` bytes at `at`, or nothing when they run past the end.
std::optional<std::string_view> slice(std::string_view bytes, uint64_t at, uint64_t n) {
  if (at > bytes.size() || n > bytes.size() - at) return std::nullopt;
  return bytes.substr(static_cast<size_t>(at), static_cast<size_t>(n));
}

// A little-endian integer of N bytes at `at` of a slice known to hold it.
template <size_t N>
uint64_t le(std::string_view s, size_t at) {
  uint64_t v = 0;
  for (size_t i = N; i-- > 0;) v = (v << 8) | static_cast<unsigned char>(s[at + i]);
  return v;
}
uint16_t le16(std::string_view s, size_t at) { return static_cast<uint16_t>(le<2>(s, at)); }
uint32_t le32(std::string_view s, size_t at) { return static_cast<uint32_t>(le<4>(s, at)); }

// Where the central directory is and how many entries it holds.
struct Directory {
  uint64_t entries = 0;
  uint64_t size = 0;
  uint64_t offset = 0;
  uint64_t end = 0;  // where the end records begin: the directory lies before
};

// The zip64 end record that the locator just before the end record points at.
std::optional<Directory> zip64_directory(std::string_view bytes, uint64_t end_at, std::string& why) {
  const auto locator = end_at >= kZip64LocatorSize ? slice(bytes, end_at - kZip64LocatorSize, kZip64LocatorSize)
                                                   : std::nullopt;
  if (!locator || le32(*locator, 0) != kZip64Locator) {
    why = "the end record needs a zip64 record that is not there";
    return std::nullopt;
  }
  const uint64_t at = le<8>(*locator, 8);
  const auto record = slice(bytes, at, kZip64EndRecordSize);
  if (!record || le32(*record, 0) != kZip64EndRecord || at + kZip64EndRecordSize > end_at - kZip64LocatorSize) {
    why = "the zip64 end record is missing or damaged";
    return std::nullopt;
  }
  return Directory{le<8>(*record, 32), le<8>(*record, 40), le<8>(*record, 48), at};
}

// The directory an end record at `at` describes.
std::optional<Directory> directory_at(std::string_view bytes, uint64_t at, std::string& why) {
  const std::string_view end = *slice(bytes, at, kEndRecordSize);
  const uint16_t disk = le16(end, 4), directory_disk = le16(end, 6);
  Directory d{le16(end, 10), le32(end, 12), le32(end, 16), at};
  if (d.entries == 0xffff || d.size == 0xffffffff || d.offset == 0xffffffff) {
    auto wide = zip64_directory(bytes, at, why);
    if (!wide) return std::nullopt;
    d = *wide;
  } else if (disk != 0 || directory_disk != 0) {
    why = "a multi-disk zip archive is not supported";
    return std::nullopt;
  }
  if (d.offset > d.end || d.size > d.end - d.offset) {
    why = "the central directory lies outside the archive";
    return std::nullopt;
  }
  return d;
}

// The last end record whose directory lies inside the archive: it is within
// the last 22 + 65,535 bytes (its comment may follow it).
std::optional<Directory> find_directory(std::string_view bytes, std::string& why) {
  why = "no end of central directory record: not a zip archive, or a truncated one";
  if (bytes.size() < kEndRecordSize) return std::nullopt;
  const size_t last = bytes.size() - kEndRecordSize;
  const size_t first = last > kMaxComment ? last - kMaxComment : 0;
  for (size_t at = last + 1; at-- > first;) {
    if (le32(bytes, at) != kEndRecord) continue;
    if (auto d = directory_at(bytes, at, why)) return d;
  }
  return std::nullopt;
}

// A zip64 extra field holds, in this order, the 64-bit values of those fields
// whose 32-bit field is all ones.
void apply_zip64_extra(std::string_view extra, ZipEntry& e) {
  for (size_t at = 0; at + 4 <= extra.size();) {
    const uint16_t id = le16(extra, at), size = le16(extra, at + 2);
    const std::string_view field = extra.substr(at + 4, std::min<size_t>(size, extra.size() - at - 4));
    at += 4 + size;
    if (id != kZip64Extra) continue;
    size_t next = 0;
    for (uint64_t* value : {&e.size, &e.compressed, &e.local_header}) {
      if (*value != 0xffffffff || next + 8 > field.size()) continue;
      *value = le<8>(field, next);
      next += 8;
    }
    return;
  }
}

// One central directory header at `at`: its entry and name, and where the next
// one begins; nothing when it is damaged.
struct CentralHeader {
  ZipEntry entry;
  std::string_view name;
  uint64_t next = 0;
};

std::optional<CentralHeader> central_header(std::string_view directory, uint64_t at) {
  const auto fixed = slice(directory, at, kCentralHeaderSize);
  if (!fixed || le32(*fixed, 0) != kCentralHeader) return std::nullopt;
  const uint16_t name_size = le16(*fixed, 28), extra_size = le16(*fixed, 30), comment_size = le16(*fixed, 32);
  const auto name = slice(directory, at + kCentralHeaderSize, name_size);
  const auto extra = slice(directory, at + kCentralHeaderSize + name_size, extra_size);
  if (!name || !extra || !slice(directory, at + kCentralHeaderSize + name_size + extra_size, comment_size)) {
    return std::nullopt;
  }
  CentralHeader h;
  h.entry = ZipEntry{le16(*fixed, 8), le16(*fixed, 10), le32(*fixed, 16), le32(*fixed, 20), le32(*fixed, 24),
                     le32(*fixed, 42)};
  apply_zip64_extra(*extra, h.entry);
  h.name = *name;
  h.next = at + kCentralHeaderSize + name_size + extra_size + comment_size;
  return h;
}

DocxPart fail(std::string code, std::string message) {
  return DocxPart{{}, error_diagnostic(std::move(code), std::move(message))};
}

// Checks the sizes the central directory declares before inflating anything.
std::optional<Diagnostic> check_sizes(const ZipEntry& e) {
  if (e.size > kMaxDocumentBytes) {
    return error_diagnostic(codes::docx_too_large, "word/document.xml inflates to " + std::to_string(e.size) +
                                                       " bytes, over the limit of " +
                                                       std::to_string(kMaxDocumentBytes));
  }
  if (e.size > e.compressed * kMaxCompressionRatio) {
    return error_diagnostic(codes::docx_zip_bomb, "word/document.xml compresses " + std::to_string(e.compressed) +
                                                      " -> " + std::to_string(e.size) + " bytes, beyond a " +
                                                      std::to_string(kMaxCompressionRatio) +
                                                      ":1 ratio; refusing a zip bomb");
  }
  return std::nullopt;
}

// The entry's data, after its local header (whose name and extra field may
// differ in length from the central directory's).
std::optional<std::string_view> entry_data(std::string_view bytes, const ZipEntry& e) {
  const auto local = slice(bytes, e.local_header, kLocalHeaderSize);
  if (!local || le32(*local, 0) != kLocalHeader) return std::nullopt;
  return slice(bytes, e.local_header + kLocalHeaderSize + le16(*local, 26) + le16(*local, 28), e.compressed);
}

struct InflateEnd {
  void operator()(z_stream* z) const { inflateEnd(z); }
};

// Raw deflate data inflated to at most `size` + 1 bytes (one more shows a
// stream longer than declared); nothing when the stream is damaged.
std::optional<std::string> inflate_raw(std::string_view in, uint64_t size) {
  z_stream z{};
  if (inflateInit2(&z, -MAX_WBITS) != Z_OK) return std::nullopt;
  const std::unique_ptr<z_stream, InflateEnd> end(&z);
  std::string out(static_cast<size_t>(size) + 1, '\0');
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());  // at most 64 MiB + 1 (check_sizes)
  size_t fed = 0;
  for (;;) {
    if (z.avail_in == 0 && fed < in.size()) {  // avail_in is 32 bits: feed a large part in pieces
      const size_t piece = std::min<size_t>(in.size() - fed, UINT_MAX);
      z.next_in = reinterpret_cast<const Bytef*>(in.data() + fed);
      z.avail_in = static_cast<uInt>(piece);
      fed += piece;
    }
    const int status = inflate(&z, Z_NO_FLUSH);
    if (status == Z_STREAM_END) break;
    if (status != Z_OK) return std::nullopt;  // damaged, cut short, or longer than declared
  }
  out.resize(z.total_out);
  return out;
}

// The entry's bytes, stored or inflated, checked against its size and CRC-32.
DocxPart read_entry(std::string_view data, const ZipEntry& e) {
  DocxPart part;
  if (e.method == kStored) {
    part.bytes.assign(data);
  } else if (auto inflated = inflate_raw(data, e.size)) {
    part.bytes = std::move(*inflated);
  } else {
    return fail(codes::docx_corrupt, "cannot inflate word/document.xml: the deflated data is damaged");
  }
  if (part.bytes.size() != e.size) {
    return fail(codes::docx_corrupt, "word/document.xml holds " + std::to_string(part.bytes.size()) +
                                         " bytes, not the " + std::to_string(e.size) + " its directory declares");
  }
  const auto* p = reinterpret_cast<const Bytef*>(part.bytes.data());
  if (crc32_z(crc32_z(0, nullptr, 0), p, part.bytes.size()) != e.crc) {
    return fail(codes::docx_corrupt, "word/document.xml fails its CRC-32 check: the archive is damaged");
  }
  return part;
}

}  // namespace

DocxArchive::DocxArchive(std::string_view bytes) : bytes_(bytes) {
  ++opened_count;
  const auto d = find_directory(bytes, why_);
  if (!d) return;
  const std::string_view directory = *slice(bytes, d->offset, d->size);
  uint64_t at = 0;
  for (uint64_t i = 0; i < d->entries; ++i) {
    const auto header = central_header(directory, at);
    if (!header) {
      why_ = "the central directory is damaged or shorter than its " + std::to_string(d->entries) + " entries";
      document_.reset();
      return;
    }
    if (header->name == kDocumentPart && !document_) document_ = header->entry;
    at = header->next;
  }
  why_.clear();
}

size_t DocxArchive::opened_on_this_thread() {
  return opened_count;
}

DocxPart DocxArchive::read_document() const {
  if (!readable()) return fail(codes::docx_corrupt, "not a readable zip archive: " + why_);
  if (!document_) return fail(codes::docx_no_document, "the archive has no word/document.xml; not a Word document");
  const ZipEntry& e = *document_;
  if (e.flags & kEncrypted) return fail(codes::docx_corrupt, "word/document.xml is encrypted; cannot read it");
  if (e.method != kStored && e.method != kDeflated) {
    return fail(codes::docx_corrupt,
                "word/document.xml uses compression method " + std::to_string(e.method) + ", not stored or deflated");
  }
  if (auto refused = check_sizes(e)) return DocxPart{{}, std::move(refused)};
  const auto data = entry_data(bytes_, e);
  if (!data) return fail(codes::docx_corrupt, "word/document.xml's local header or data lies outside the archive");
  return read_entry(*data, e);
}

}  // namespace xxgk
