// The arena gumbo parses into (readers/gumbo_arena.h): blocks keep what is
// written to them, are aligned for gumbo's structs, and freed ones are used
// again, so the arena holds about what is live.
#include <doctest/doctest.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <set>
#include <vector>

#include "readers/gumbo_arena.h"

using xxgk::GumboArena;

namespace {

void* allocate(GumboArena& arena, size_t size) {
  return GumboArena::allocate(&arena, size);
}

void release(GumboArena& arena, void* block) {
  GumboArena::deallocate(&arena, block);
}

}  // namespace

TEST_CASE("gumbo arena: blocks of every size keep their bytes and are aligned") {
  GumboArena arena;
  std::vector<std::pair<unsigned char*, size_t>> blocks;
  for (size_t size : {0, 1, 7, 8, 15, 16, 17, 100, 1023, 1024, 1025, 4096, 100000}) {
    auto* b = static_cast<unsigned char*>(allocate(arena, size));
    REQUIRE(b != nullptr);
    CHECK(reinterpret_cast<uintptr_t>(b) % alignof(void*) == 0);
    std::memset(b, static_cast<int>(size & 0xFF), size);
    blocks.emplace_back(b, size);
  }
  for (const auto& block : blocks) {
    const size_t size = block.second;  // not a structured binding: CAPTURE takes it in a lambda
    CAPTURE(size);
    const auto fill = static_cast<unsigned char>(size & 0xFF);
    CHECK(std::all_of(block.first, block.first + size, [&](unsigned char c) { return c == fill; }));
  }
  std::set<unsigned char*> distinct;
  for (const auto& [b, size] : blocks) distinct.insert(b);
  CHECK(distinct.size() == blocks.size());
  release(arena, nullptr);  // as free(NULL)
}

TEST_CASE("gumbo arena: freed blocks are used again") {
  GumboArena arena;
  std::set<void*> first;
  std::vector<void*> live;
  for (int i = 0; i < 1000; ++i) live.push_back(allocate(arena, 40 + i % 20));
  first.insert(live.begin(), live.end());
  for (void* b : live) release(arena, b);
  live.clear();
  for (int i = 0; i < 1000; ++i) live.push_back(allocate(arena, 40 + i % 20));
  size_t reused = 0;
  for (void* b : live) reused += first.count(b);
  CHECK(reused == live.size());
  // Large blocks too: their slot is taken again once freed.
  void* big = allocate(arena, 1 << 20);
  std::memset(big, 1, 1 << 20);
  release(arena, big);
  void* again = allocate(arena, 1 << 20);
  std::memset(again, 2, 1 << 20);
  release(arena, again);
}
