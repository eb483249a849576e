#include "xxgk/xxgk.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>

#include "base/codes.h"

namespace xxgk {

namespace {

namespace fs = std::filesystem;

// Open temporary files, so a signal handler can remove them. A batch keeps at
// most a few open at once (the dataset, its database, one record).
constexpr int kSlots = 64;
constexpr size_t kPathMax = 4096;
std::atomic<bool> g_used[kSlots];
char g_paths[kSlots][kPathMax];

int register_temp(const std::string& path) {
  if (path.size() >= kPathMax) return -1;
  for (int i = 0; i < kSlots; ++i) {
    bool expected = false;
    if (g_used[i].load() || !g_used[i].compare_exchange_strong(expected, true)) continue;
    std::memcpy(g_paths[i], path.c_str(), path.size() + 1);
    std::atomic_signal_fence(std::memory_order_seq_cst);
    return i;
  }
  return -1;  // not removed on a second signal; still removed on failure and exit
}

void unregister_temp(int slot) {
  if (slot >= 0) g_used[slot].store(false);
}

std::string cause(int err) {
  return std::strerror(err);
}

// 0666 less the umask, as open(2) would give. Read once: umask() can only be
// read by setting it.
mode_t file_mode() {
  static const mode_t mode = [] {
    const mode_t mask = ::umask(022);
    ::umask(mask);
    return static_cast<mode_t>(0666 & ~mask);
  }();
  return mode;
}

// Makes the rename itself durable.
void sync_folder(const fs::path& folder) {
  const int fd = ::open(folder.empty() ? "." : folder.c_str(), O_RDONLY | O_DIRECTORY);
  if (fd < 0) return;
  ::fsync(fd);
  ::close(fd);
}

}  // namespace

AtomicFile::AtomicFile(std::string path) : path_(std::move(path)) {
  const fs::path target(path_);
  if (target.filename().empty() || path_.back() == '/') {
    fail(codes::output_create, path_, "is a folder name, not a file", 0);
    return;
  }
  const fs::path folder = target.parent_path();
  std::error_code ec;
  if (fs::is_directory(target, ec)) {  // found now, not at the rename after the whole batch
    fail(codes::output_create, path_, "is a folder, not a file", 0);
    return;
  }
  if (!folder.empty() && !fs::is_directory(folder, ec)) {
    fs::create_directories(folder, ec);
    if (ec) {
      fail(codes::output_create, folder.string(), "cannot create the folder: " + ec.message(), 0);
      return;
    }
  }
  temp_ = (folder / ("." + target.filename().string() + ".xxgk-tmp-XXXXXX")).string();
  fd_ = ::mkostemp(temp_.data(), O_CLOEXEC);
  if (fd_ < 0) {
    const int err = errno;
    temp_.clear();
    fail(codes::output_create, path_, "cannot create a file beside it", err);
    return;
  }
  ::fchmod(fd_, file_mode());  // mkstemp makes 0600; outputs are ordinary files
  slot_ = register_temp(temp_);
}

AtomicFile::~AtomicFile() {
  if (!done_) discard();
}

bool AtomicFile::fail(const char* code, const std::string& path, const std::string& what, int err) {
  if (error_.empty()) {
    code_ = code;
    error_path_ = path;
    error_ = err ? what + ": " + cause(err) : what;
  }
  return false;
}

bool AtomicFile::write(std::string_view bytes) {
  if (!ok()) return false;
  if (fd_ < 0) return fail(codes::output_write, path_, "cannot write", EBADF);
  while (!bytes.empty()) {
    const ssize_t n = ::write(fd_, bytes.data(), bytes.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return fail(codes::output_write, path_, "cannot write", n < 0 ? errno : ENOSPC);
    bytes.remove_prefix(static_cast<size_t>(n));
  }
  return true;
}

void AtomicFile::release_descriptor() {
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
}

bool AtomicFile::commit(const std::string& to) {
  if (done_) return false;
  if (ok() && fd_ < 0 && !temp_.empty()) fd_ = ::open(temp_.c_str(), O_RDONLY | O_CLOEXEC);  // written by others
  if (ok() && fd_ < 0) fail(codes::output_write, path_, "cannot reopen the finished file", errno);
  if (ok() && ::fsync(fd_) != 0 && errno != EINVAL) fail(codes::output_write, path_, "cannot flush to disk", errno);
  if (fd_ >= 0 && ::close(fd_) != 0 && ok()) fail(codes::output_write, path_, "cannot close", errno);
  fd_ = -1;
  const std::string& final_path = to.empty() ? path_ : to;
  if (ok() && std::rename(temp_.c_str(), final_path.c_str()) != 0)
    fail(codes::output_rename, final_path, "cannot put the finished file in place", errno);
  if (!ok()) {
    discard();
    return false;
  }
  unregister_temp(slot_);
  slot_ = -1;
  done_ = true;
  sync_folder(fs::path(final_path).parent_path());
  return true;
}

void AtomicFile::discard() {
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
  if (!temp_.empty() && !done_) ::unlink(temp_.c_str());
  unregister_temp(slot_);
  slot_ = -1;
  done_ = true;
}

void AtomicFile::remove_all_for_signal() {
  for (int i = 0; i < kSlots; ++i)
    if (g_used[i].load()) ::unlink(g_paths[i]);
}

bool CheckedStdout::write(std::string_view bytes) {
  if (!error_.empty()) return false;
  if (std::fwrite(bytes.data(), 1, bytes.size(), stdout) != bytes.size() || std::ferror(stdout)) {
    error_ = std::string("cannot write: ") + cause(errno ? errno : EIO);
    return false;
  }
  return true;
}

bool CheckedStdout::flush() {
  if (error_.empty() && (std::fflush(stdout) != 0 || std::ferror(stdout)))
    error_ = std::string("cannot write: ") + cause(errno ? errno : EIO);
  return error_.empty();
}

}  // namespace xxgk
