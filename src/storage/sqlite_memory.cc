#include "src/storage/sqlite_memory.h"

#include <sys/mman.h>

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <utility>

namespace parley::internal {
namespace {

// Every block starts with a header (16 bytes, so that what SQLite gets stays
// 16-byte aligned): the size SQLite asked for, where the block came from,
// and for a mapping how many huge pages long it is (it can be longer than
// the size needs: see Spare).
enum class Kind : uint32_t { kHeap, kPage, kMapped };
struct Header {
  uint64_t size;
  Kind kind;
  uint32_t huge_pages;
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
void* WriteHeader(void* block, uint64_t size, Kind kind, size_t mapped_bytes = 0) {
  Header h{size, kind, static_cast<uint32_t>(mapped_bytes / kHugePage)};
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
size_t MappingOf(const Header& h) { return size_t{h.huge_pages} * kHugePage; }

// The last freed mapping of at most kSpareMax bytes, kept for the next
// large block instead of unmapped. A bulk load's end builds its reader
// indexes one after the other, each in a sorter buffer of tens of MB that
// it frees: without the spare, the kernel zeroes fresh pages for every
// build (81 MB over the four of a 400,000-post load); with it only for the
// part of a build's buffer beyond the largest one before it (35 MB). The
// process keeps at most kSpareMax bytes it is not using.
constexpr size_t kSpareMax = size_t{64} << 20;
class Spare {
 public:
  // The spare mapping and its length, or null.
  void* Take(size_t* bytes) {
    std::lock_guard<std::mutex> lock(mu_);
    void* p = block_;
    *bytes = bytes_;
    block_ = nullptr;
    bytes_ = 0;
    return p;
  }
  // Keeps the larger of `p` and the spare (up to kSpareMax); unmaps the other.
  void Give(void* p, size_t bytes) {
    if (bytes <= kSpareMax) {
      std::lock_guard<std::mutex> lock(mu_);
      if (bytes > bytes_) {
        std::swap(p, block_);
        std::swap(bytes, bytes_);
      }
    }
    if (p) munmap(p, bytes);
  }
  size_t bytes() {
    std::lock_guard<std::mutex> lock(mu_);
    return bytes_;
  }

 private:
  std::mutex mu_;
  void* block_ = nullptr;
  size_t bytes_ = 0;
};
Spare& TheSpare() {
  static Spare* spare = new Spare();  // never destroyed: SQLite may free at exit
  return *spare;
}

// A mapping of at least `bytes` (a multiple of kHugePage): the spare, grown
// when too short, else a new one. Its length goes to `*mapped`.
void* MapBlock(size_t bytes, size_t* mapped) {
  size_t have = 0;
  void* p = TheSpare().Take(&have);
  if (p && have < bytes) {
    void* q = mremap(p, have, bytes, MREMAP_MAYMOVE);
    if (q == MAP_FAILED) {
      munmap(p, have);
      p = nullptr;
    } else {
      p = q;
      have = bytes;
    }
  }
  if (!p) {
    p = MapHuge(bytes);
    have = bytes;
  }
  *mapped = p ? have : 0;
  return p;
}

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
  size_t mapped = 0;
  switch (kind) {
    case Kind::kPage:
      block = Pages().Take();
      break;
    case Kind::kMapped:
      block = MapBlock(MappedBytes(size), &mapped);
      if (block) mapped_in_use.fetch_add(1, std::memory_order_relaxed);
      break;
    case Kind::kHeap:
      block = std::malloc(size + kHeader);
      break;
  }
  return block ? WriteHeader(block, size, kind, mapped) : nullptr;
}

void Free(void* p) {
  if (!p) return;
  const Header h = ReadHeader(p);
  switch (h.kind) {
    case Kind::kPage:
      Pages().Give(BlockOf(p));
      break;
    case Kind::kMapped:
      TheSpare().Give(BlockOf(p), MappingOf(h));
      mapped_in_use.fetch_sub(1, std::memory_order_relaxed);
      break;
    case Kind::kHeap:
      std::free(BlockOf(p));
      break;
  }
}

int Size(void* p) { return p ? static_cast<int>(ReadHeader(p).size) : 0; }

// In place where the kind stays (malloc's realloc, the same page block, a
// mapping that is long enough or grown by mremap; a mapping never shrinks,
// so one taken from the spare keeps its length for the growth to come);
// else a new block, a copy, and the old one freed. On failure the old block
// is intact, as SQLite requires.
void* Realloc(void* p, int n) {
  if (!p) return Malloc(n);
  if (n <= 0) return nullptr;
  const Header h = ReadHeader(p);
  const size_t size = RoundUp(static_cast<size_t>(n), 8);
  if (KindFor(size) == h.kind) {
    void* block = BlockOf(p);
    size_t mapped = MappingOf(h);
    if (h.kind == Kind::kHeap) {
      block = std::realloc(block, size + kHeader);
    } else if (h.kind == Kind::kMapped && MappedBytes(size) > mapped) {
      block = mremap(block, mapped, MappedBytes(size), MREMAP_MAYMOVE);
      if (block == MAP_FAILED) block = nullptr;
      mapped = MappedBytes(size);
    }
    return block ? WriteHeader(block, size, h.kind, mapped) : nullptr;
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
  s.spare_bytes = TheSpare().bytes();
  return s;
}

}  // namespace parley::internal
