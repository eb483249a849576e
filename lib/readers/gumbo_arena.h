// The memory of one gumbo parse (issue #9). Gumbo allocates every node,
// attribute, text and vector of its tree on its own, and tears the tree down
// again node by node: for a 17 KB page about 13,000 calls to malloc and as
// many to free, a quarter of the parse's instructions. Through this arena an
// allocation is a pop from a free list or a bump of a pointer, a free a push,
// and the tree is released at once with the arena, without the walk of
// gumbo_destroy_output().
//
// Blocks freed during the parse (gumbo's string buffers grow by copying) are
// reused by size class, so the arena holds about what gumbo has live, not
// everything it ever asked for: a long page parsed in one piece must not cost
// more memory than with malloc (issue #7).
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

namespace xxgk {

class GumboArena {
 public:
  GumboArena() = default;
  GumboArena(const GumboArena&) = delete;
  GumboArena& operator=(const GumboArena&) = delete;

  // The functions of GumboOptions (allocator, deallocator), `self` the arena.
  static void* allocate(void* self, size_t size);
  static void deallocate(void* self, void* block);

 private:
  // Small blocks come in classes of kGranule bytes up to kSmallMax; larger
  // ones are allocated one by one.
  static constexpr size_t kGranule = 16;
  static constexpr size_t kSmallMax = 1024;
  static constexpr size_t kClasses = kSmallMax / kGranule;
  static constexpr size_t kChunk = size_t{64} << 10;

  struct FreeBlock {
    FreeBlock* next;
  };

  void* allocate(size_t size);
  void deallocate(void* block);
  [[gnu::noinline]] void* allocate_large(size_t size);
  [[gnu::noinline]] void release_large(size_t index);
  [[gnu::noinline]] void new_chunk();

  std::vector<std::unique_ptr<std::byte[]>> chunks_;
  std::byte* next_ = nullptr;  // free space of the last chunk
  std::byte* end_ = nullptr;
  FreeBlock* free_[kClasses] = {};
  std::vector<std::unique_ptr<std::byte[]>> large_;  // null where freed
  std::vector<uint64_t> free_large_;                 // indices of large_ that are null
};

}  // namespace xxgk
