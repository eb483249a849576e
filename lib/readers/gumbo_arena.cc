#include "readers/gumbo_arena.h"

#include <cstring>
#include <new>

namespace xxgk {
namespace {

// Each block is preceded by one word saying what it is: its size class, or
// kLarge plus its index among the large blocks. Blocks are thus 8-byte
// aligned, all that gumbo's structs (pointers, sizes, ints) need.
using Header = uint64_t;
constexpr Header kLarge = Header{1} << 63;

}  // namespace

void* GumboArena::allocate(void* self, size_t size) {
  return static_cast<GumboArena*>(self)->allocate(size);
}

void GumboArena::deallocate(void* self, void* block) {
  if (block != nullptr) static_cast<GumboArena*>(self)->deallocate(block);
}

// The common case, kept short: the chunk refill and large blocks are calls.
void* GumboArena::allocate(size_t size) {
  if (size > kSmallMax) [[unlikely]]
    return allocate_large(size);
  const size_t c = size == 0 ? 0 : (size - 1) / kGranule;
  if (FreeBlock* b = free_[c]) {
    free_[c] = b->next;
    return b;
  }
  const size_t bytes = sizeof(Header) + (c + 1) * kGranule;
  if (static_cast<size_t>(end_ - next_) < bytes) [[unlikely]]
    new_chunk();
  std::byte* at = next_;
  next_ += bytes;
  const Header h = c;
  std::memcpy(at, &h, sizeof h);
  return at + sizeof h;
}

void* GumboArena::allocate_large(size_t size) {
  size_t index = large_.size();
  if (!free_large_.empty()) {
    index = free_large_.back();
    free_large_.pop_back();
  } else {
    large_.emplace_back();
  }
  large_[index] = std::make_unique_for_overwrite<std::byte[]>(sizeof(Header) + size);
  const Header h = kLarge | index;
  std::memcpy(large_[index].get(), &h, sizeof h);
  return large_[index].get() + sizeof h;
}

void GumboArena::deallocate(void* block) {
  Header h;
  std::memcpy(&h, static_cast<std::byte*>(block) - sizeof h, sizeof h);
  if ((h & kLarge) != 0) [[unlikely]] {
    release_large(static_cast<size_t>(h & ~kLarge));
    return;
  }
  free_[h] = new (block) FreeBlock{free_[h]};
}

void GumboArena::release_large(size_t index) {
  large_[index].reset();
  free_large_.push_back(index);
}

void GumboArena::new_chunk() {
  chunks_.push_back(std::make_unique_for_overwrite<std::byte[]>(kChunk));
  next_ = chunks_.back().get();
  end_ = next_ + kChunk;
}

}  // namespace xxgk
