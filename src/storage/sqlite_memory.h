// The memory allocator parley gives SQLite (SQLITE_CONFIG_MALLOC). Internal
// to src/storage.
//
// A bulk load touches a lot of fresh memory: the page cache grows to the
// size of the pages the load writes (hundreds of MB), and each reader index
// build sorts its keys in a buffer of tens of MB that is freed again. Each
// first touch of a 4 KiB page was a page fault, and on the paravirtualized
// VMs parley runs on a fault costs about 10 us: 63,000 faults were a fifth
// of the CPU time of a 400,000-post ingest. This allocator takes that memory
// from mappings marked for transparent huge pages (madvise MADV_HUGEPAGE),
// where one fault maps 2 MiB:
//   - blocks of the size of one page-cache entry (a database page plus
//     SQLite's page header) come from huge-page arenas, and go back to a
//     free list for the next page (never back to the system);
//   - blocks of 1 MiB or more (the sorter's buffer) get a mapping of their
//     own, grown in place by mremap; when freed, the largest up to 64 MiB
//     is kept for the next such block (its pages already zeroed and mapped:
//     the next index build reuses them), the others are unmapped;
//   - everything else is malloc's.
// Without transparent huge pages in the kernel it behaves as before, a
// fault per 4 KiB. Thread-safe.
#ifndef PARLEY_STORAGE_SQLITE_MEMORY_H_
#define PARLEY_STORAGE_SQLITE_MEMORY_H_

#include <sqlite3.h>

#include <cstddef>
#include <cstdint>

namespace parley::internal {

// Makes SQLite use the allocator. Only possible before SQLite initializes
// (the first connection of the process); returns false when it already
// had (SQLite then keeps its own allocator, which is only slower).
bool InstallSqliteMemory();
// Whether SQLite uses it (InstallSqliteMemory succeeded).
bool SqliteMemoryInstalled();

// An anonymous mapping of at least `bytes`, advised to be backed by huge
// pages (null when the system refuses); UnmapHugePages with the same
// `bytes` releases it. kHugePageArrayMin is the size from which that pays.
constexpr size_t kHugePageArrayMin = size_t{1} << 20;
void* MapHugePages(size_t bytes);
void UnmapHugePages(void* p, size_t bytes);

// The allocator's functions, for tests.
const sqlite3_mem_methods& SqliteMemoryMethods();

struct SqliteMemoryStats {
  uint64_t page_blocks = 0;    // page-cache-sized blocks in use
  uint64_t mapped_blocks = 0;  // blocks with their own mapping in use
  uint64_t spare_bytes = 0;    // a freed mapping kept for the next large block
};
SqliteMemoryStats GetSqliteMemoryStats();

}  // namespace parley::internal

#endif  // PARLEY_STORAGE_SQLITE_MEMORY_H_
