// parse_file (xxgk/xxgk.h): a report read from a file or standard input for
// the engine, which itself does no I/O. What the CLI and the Python module
// share: a file that cannot be read is a failed record, never an exception.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <new>

#include "base/diagnostic.h"
#include "xxgk/xxgk.h"

namespace xxgk {

namespace {

Record failure(const std::string& path, const char* code, std::string message) {
  Record r;
  r.file = path;
  r.failed = true;
  r.diagnostics.push_back(error_diagnostic(code, std::move(message)));
  return r;
}

// The bytes of `fd`, at most kMaxReportBytes + 1 (to tell that it is too
// large). A regular file is read in one go into a buffer of its size (grown
// by appends, a 10 MB report would leave a 16 MB buffer, its old 8 MB one
// alive beside it at the last doubling); a pipe a block at a time. Returns
// errno, or 0.
int read_bytes(int fd, std::string& out) {
  struct stat st {};
  if (::fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0) {
    out.reserve(static_cast<size_t>(std::min<uintmax_t>(static_cast<uintmax_t>(st.st_size), kMaxReportBytes)) + 1);
  }
  char buf[1 << 16];
  while (out.size() <= kMaxReportBytes) {
    // Into the reserved room while there is some (the + 1 sees the end of
    // the file without growing); else through buf.
    const size_t at = out.size();
    const size_t room = std::min<size_t>(out.capacity() - at, kMaxReportBytes + 1 - at);
    if (room > 1) out.resize(at + room);
    char* const into = room > 1 ? out.data() + at : buf;
    const ssize_t n = ::read(fd, into, room > 1 ? room : sizeof buf);
    const int err = errno;
    if (room > 1) out.resize(at + static_cast<size_t>(std::max<ssize_t>(n, 0)));
    if (n < 0 && err == EINTR) continue;
    if (n < 0) return err;
    if (n == 0) break;
    if (room <= 1) out.append(buf, static_cast<size_t>(n));
  }
  return 0;
}

Record read_and_parse(const Engine& engine, const std::string& path) {
  std::string bytes;
  if (path == kStdinName) {
    if (read_bytes(STDIN_FILENO, bytes)) return failure(path, codes::input_unreadable, "cannot read standard input");
  } else {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return failure(path, codes::input_unreadable, std::string("cannot read: ") + std::strerror(errno));
    const int err = read_bytes(fd, bytes);
    ::close(fd);
    if (err) return failure(path, codes::input_unreadable, std::string("cannot read: ") + std::strerror(err));
  }
  if (bytes.size() > kMaxReportBytes)
    return failure(path, codes::input_too_large,
                   "over " + std::to_string(kMaxReportBytes >> 20) + " MiB: too large for a report; not read");
  return engine.parse(bytes, path);
}

}  // namespace

Record parse_file(const Engine& engine, const std::string& path) {
  try {
    return read_and_parse(engine, path);
  } catch (const std::bad_alloc&) {
    return failure(path, codes::input_internal, "out of memory while reading this file");
  } catch (const std::exception& e) {
    return failure(path, codes::input_internal, std::string("unexpected failure: ") + e.what());
  } catch (...) {
    return failure(path, codes::input_internal, "unexpected failure");
  }
}

}  // namespace xxgk
