#include "xxgk/regex_cache.h"

#include <map>
#include <memory>
#include <mutex>

namespace xxgk {

const RE2& compiled(const std::string& pattern) {
  static std::mutex mutex;
  static std::map<std::string, std::unique_ptr<const RE2>> cache;
  std::lock_guard lock(mutex);
  auto& slot = cache[pattern];
  if (!slot) slot = std::make_unique<const RE2>(pattern, RE2::Quiet);
  return *slot;  // entries are never erased, so the reference stays valid
}

}  // namespace xxgk
