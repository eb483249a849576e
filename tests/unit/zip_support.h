// A zip archive built in memory with libzip, for DOCX fixtures made at test
// time (nothing binary is kept in the repository).
#pragma once

#include <doctest/doctest.h>
#include <zip.h>

#include <cstdio>
#include <memory>
#include <string>
#include <vector>

namespace xxgk::test {

struct SourceFree {
  void operator()(zip_source_t* s) const { zip_source_free(s); }
};

struct Entry {
  std::string name;
  std::string data;
  bool store = false;  // no compression
};

inline std::string make_zip(const std::vector<Entry>& entries) {
  zip_error_t err;
  zip_error_init(&err);
  std::unique_ptr<zip_source_t, SourceFree> src(zip_source_buffer_create(nullptr, 0, 0, &err));
  REQUIRE(src);
  zip_t* archive = zip_open_from_source(src.get(), ZIP_TRUNCATE, &err);
  REQUIRE(archive != nullptr);
  zip_source_keep(src.get());  // keep the buffer past zip_close to read it back
  for (const Entry& e : entries) {
    zip_source_t* data = zip_source_buffer(archive, e.data.data(), e.data.size(), 0);
    const zip_int64_t index = zip_file_add(archive, e.name.c_str(), data, ZIP_FL_ENC_UTF_8);
    REQUIRE(index >= 0);
    if (e.store) zip_set_file_compression(archive, static_cast<zip_uint64_t>(index), ZIP_CM_STORE, 0);
  }
  REQUIRE(zip_close(archive) == 0);
  REQUIRE(zip_source_open(src.get()) == 0);
  zip_source_seek(src.get(), 0, SEEK_END);
  const zip_int64_t size = zip_source_tell(src.get());
  zip_source_seek(src.get(), 0, SEEK_SET);
  std::string out(static_cast<size_t>(size), '\0');
  REQUIRE(zip_source_read(src.get(), out.data(), out.size()) == size);
  zip_source_close(src.get());
  zip_error_fini(&err);
  return out;
}

}  // namespace xxgk::test
