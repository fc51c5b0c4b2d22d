#include "src/storage/sqlite_memory.h"

#include <sys/mman.h>

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <cstring>
#include <mutex>

namespace parley::internal {
namespace {

// Every block starts with a header (16 bytes, so that what SQLite gets stays
// 16-byte aligned): the size SQLite asked for and where the block came from.
enum class Kind : uint64_t { kHeap, kPage, kMapped };
struct Header {
  uint64_t size;
  Kind kind;
};
constexpr size_t kHeader = 16;
static_assert(sizeof(Header) <= kHeader);

// The database page size parley creates files with (sqlite_schema.cc).
constexpr size_t kPageSize = 8192;
// Blocks of at least this many bytes get a mapping of their own.
constexpr size_t kMappedMin = kHugePageArrayMin;
// Page blocks are carved from arenas of this size (reserved, not touched).
constexpr size_t kArenaBytes = size_t{64} << 20;
// Mappings are whole huge pages: the kernel then places them on a huge-page
// boundary, and a block growing within its last huge page needs no mremap.
constexpr size_t kHugePage = size_t{2} << 20;

size_t RoundUp(size_t n, size_t to) { return (n + to - 1) / to * to; }

Header ReadHeader(const void* p) {
  Header h;
  std::memcpy(&h, static_cast<const char*>(p) - kHeader, sizeof h);
  return h;
}
void* WriteHeader(void* block, uint64_t size, Kind kind) {
  Header h{size, kind};
  std::memcpy(block, &h, sizeof h);
  return static_cast<char*>(block) + kHeader;
}
void* BlockOf(void* p) { return static_cast<char*>(p) - kHeader; }

// A private anonymous mapping of `bytes`, asked to be backed by huge pages.
void* MapHuge(size_t bytes) {
  void* p = mmap(nullptr, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (p == MAP_FAILED) return nullptr;
  (void)madvise(p, bytes, MADV_HUGEPAGE);  // advice: without THP, plain pages
  return p;
}
size_t MappedBytes(size_t size) { return RoundUp(size + kHeader, kHugePage); }

// Fixed-size blocks for page-cache entries: bump-allocated from arenas,
// recycled through a free list (linked through the blocks' first bytes).
class PageBlocks {
 public:
  void SetPayload(size_t payload) { stride_ = RoundUp(payload + kHeader, 64); }
  size_t payload() const { return stride_ ? stride_ - kHeader : 0; }

  void* Take() {
    std::lock_guard<std::mutex> lock(mu_);
    void* block = free_;
    if (block) {
      std::memcpy(&free_, block, sizeof free_);
    } else {
      if (static_cast<size_t>(end_ - next_) < stride_) {
        char* arena = static_cast<char*>(MapHuge(kArenaBytes));
        if (!arena) return nullptr;
        next_ = arena;
        end_ = arena + kArenaBytes;
      }
      block = next_;
      next_ += stride_;
    }
    ++in_use_;
    return block;
  }
  void Give(void* block) {
    std::lock_guard<std::mutex> lock(mu_);
    std::memcpy(block, &free_, sizeof free_);
    free_ = block;
    --in_use_;
  }
  uint64_t in_use() {
    std::lock_guard<std::mutex> lock(mu_);
    return in_use_;
  }

 private:
  std::mutex mu_;
  size_t stride_ = 0;
  void* free_ = nullptr;
  char* next_ = nullptr;
  char* end_ = nullptr;
  uint64_t in_use_ = 0;
};

PageBlocks& Pages() {
  static PageBlocks* pages = new PageBlocks();  // never destroyed: SQLite may free at exit
  return *pages;
}
std::atomic<uint64_t> mapped_in_use{0};

// Where a block of `size` bytes comes from.
Kind KindFor(size_t size) {
  if (size >= kPageSize && size <= Pages().payload()) return Kind::kPage;
  if (size >= kMappedMin) return Kind::kMapped;
  return Kind::kHeap;
}

void* Malloc(int n) {
  if (n <= 0) return nullptr;
  const size_t size = RoundUp(static_cast<size_t>(n), 8);
  const Kind kind = KindFor(size);
  void* block = nullptr;
  switch (kind) {
    case Kind::kPage:
      block = Pages().Take();
      break;
    case Kind::kMapped:
      block = MapHuge(MappedBytes(size));
      if (block) mapped_in_use.fetch_add(1, std::memory_order_relaxed);
      break;
    case Kind::kHeap:
      block = std::malloc(size + kHeader);
      break;
  }
  return block ? WriteHeader(block, size, kind) : nullptr;
}

void Free(void* p) {
  if (!p) return;
  const Header h = ReadHeader(p);
  switch (h.kind) {
    case Kind::kPage:
      Pages().Give(BlockOf(p));
      break;
    case Kind::kMapped:
      munmap(BlockOf(p), MappedBytes(h.size));
      mapped_in_use.fetch_sub(1, std::memory_order_relaxed);
      break;
    case Kind::kHeap:
      std::free(BlockOf(p));
      break;
  }
}

int Size(void* p) { return p ? static_cast<int>(ReadHeader(p).size) : 0; }

// In place where the kind stays (malloc's realloc, mremap, the same page
// block); else a new block, a copy, and the old one freed. On failure the
// old block is intact, as SQLite requires.
void* Realloc(void* p, int n) {
  if (!p) return Malloc(n);
  if (n <= 0) return nullptr;
  const Header h = ReadHeader(p);
  const size_t size = RoundUp(static_cast<size_t>(n), 8);
  if (KindFor(size) == h.kind) {
    void* block = BlockOf(p);
    if (h.kind == Kind::kHeap) {
      block = std::realloc(block, size + kHeader);
    } else if (h.kind == Kind::kMapped && MappedBytes(size) != MappedBytes(h.size)) {
      block = mremap(block, MappedBytes(h.size), MappedBytes(size), MREMAP_MAYMOVE);
      if (block == MAP_FAILED) block = nullptr;
    }
    return block ? WriteHeader(block, size, h.kind) : nullptr;
  }
  void* q = Malloc(n);
  if (!q) return nullptr;
  std::memcpy(q, p, std::min<size_t>(h.size, size));
  Free(p);
  return q;
}

int Roundup(int n) { return static_cast<int>(RoundUp(static_cast<size_t>(n), 8)); }
int Init(void*) { return SQLITE_OK; }
void Shutdown(void*) {}

const sqlite3_mem_methods kMethods = {Malloc, Free, Realloc, Size, Roundup, Init, Shutdown,
                                      nullptr};

}  // namespace

const sqlite3_mem_methods& SqliteMemoryMethods() {
  static const bool sized = [] {
    // A page-cache entry is the page plus SQLite's headers for it.
    int header = 0;
    if (sqlite3_config(SQLITE_CONFIG_PCACHE_HDRSZ, &header) != SQLITE_OK) header = 0;
    Pages().SetPayload(kPageSize + static_cast<size_t>(std::max(header, 0)));
    return true;
  }();
  (void)sized;
  return kMethods;
}

namespace {
std::atomic<bool> installed{false};
}  // namespace

bool InstallSqliteMemory() {
  if (sqlite3_config(SQLITE_CONFIG_MALLOC, &SqliteMemoryMethods()) != SQLITE_OK) return false;
  installed.store(true);
  return true;
}

bool SqliteMemoryInstalled() { return installed.load(); }

void* MapHugePages(size_t bytes) { return MapHuge(MappedBytes(bytes)); }

void UnmapHugePages(void* p, size_t bytes) {
  if (p) munmap(p, MappedBytes(bytes));
}

SqliteMemoryStats GetSqliteMemoryStats() {
  SqliteMemoryStats s;
  s.page_blocks = Pages().in_use();
  s.mapped_blocks = mapped_in_use.load(std::memory_order_relaxed);
  return s;
}

}  // namespace parley::internal
