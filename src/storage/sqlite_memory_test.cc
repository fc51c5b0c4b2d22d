#include "src/storage/sqlite_memory.h"

#include "src/storage/huge_page_allocator.h"

#include <gtest/gtest.h>

#include <cstring>
#include <filesystem>
#include <string>
#include <vector>

#include "src/core/timestamp.h"
#include "src/storage/store.h"
#include "tests/testutil/files.h"
#include "tests/testutil/status_matchers.h"

namespace parley::internal {
namespace {

const sqlite3_mem_methods& M() { return SqliteMemoryMethods(); }

// Fills `n` bytes at `p` with a pattern that depends on `seed`.
void Fill(void* p, int n, int seed) {
  auto* b = static_cast<unsigned char*>(p);
  for (int i = 0; i < n; ++i) b[i] = static_cast<unsigned char>(i * 31 + seed);
}
bool Holds(const void* p, int n, int seed) {
  const auto* b = static_cast<const unsigned char*>(p);
  for (int i = 0; i < n; ++i) {
    if (b[i] != static_cast<unsigned char>(i * 31 + seed)) return false;
  }
  return true;
}

// Sizes that land in each kind of block: heap, one page-cache entry (a
// database page plus SQLite's headers), a mapping of its own.
constexpr int kSmall = 100;
int PageEntry() {
  int header = 0;
  EXPECT_EQ(sqlite3_config(SQLITE_CONFIG_PCACHE_HDRSZ, &header), SQLITE_OK);
  return 8192 + header;
}
constexpr int kLarge = 3 << 20;

TEST(SqliteMemoryTest, BlocksAreAlignedAndKnowTheirSize) {
  for (int n : {1, kSmall, 8192, PageEntry(), kLarge}) {
    void* p = M().xMalloc(n);
    ASSERT_NE(p, nullptr) << n;
    EXPECT_EQ(reinterpret_cast<uintptr_t>(p) % 16, 0u) << n;
    EXPECT_GE(M().xSize(p), n);
    EXPECT_EQ(M().xSize(p), M().xRoundup(n));
    Fill(p, n, 7);
    EXPECT_TRUE(Holds(p, n, 7));
    M().xFree(p);
  }
}

TEST(SqliteMemoryTest, PageEntriesComeFromArenasAndAreReused) {
  const uint64_t before = GetSqliteMemoryStats().page_blocks;
  void* a = M().xMalloc(PageEntry());
  void* b = M().xMalloc(PageEntry());
  EXPECT_EQ(GetSqliteMemoryStats().page_blocks, before + 2);
  M().xFree(b);
  EXPECT_EQ(GetSqliteMemoryStats().page_blocks, before + 1);
  void* c = M().xMalloc(PageEntry());
  EXPECT_EQ(c, b);  // the free list hands back the last block freed
  M().xFree(a);
  M().xFree(c);
  EXPECT_EQ(GetSqliteMemoryStats().page_blocks, before);
}

TEST(SqliteMemoryTest, LargeBlocksGetTheirOwnMapping) {
  const uint64_t before = GetSqliteMemoryStats().mapped_blocks;
  void* p = M().xMalloc(kLarge);
  EXPECT_EQ(GetSqliteMemoryStats().mapped_blocks, before + 1);
  M().xFree(p);
  EXPECT_EQ(GetSqliteMemoryStats().mapped_blocks, before);
}

TEST(SqliteMemoryTest, AFreedMappingIsKeptForTheNextLargeBlock) {
  // An index build's sorter buffer, freed, then the next build's, which
  // starts small and grows: it gets the first one's mapping, in place.
  void* first = M().xMalloc(3 * kLarge);
  ASSERT_NE(first, nullptr);
  Fill(first, 3 * kLarge, 5);
  M().xFree(first);
  EXPECT_GE(GetSqliteMemoryStats().spare_bytes, uint64_t{3} * kLarge);
  void* next = M().xMalloc(kLarge);
  EXPECT_EQ(next, first);
  EXPECT_EQ(GetSqliteMemoryStats().spare_bytes, 0u);
  EXPECT_EQ(M().xSize(next), kLarge);
  void* grown = M().xRealloc(next, 3 * kLarge);
  EXPECT_EQ(grown, next);  // no mremap: the mapping is long enough
  Fill(grown, 3 * kLarge, 6);
  EXPECT_TRUE(Holds(grown, 3 * kLarge, 6));

  // A smaller freed mapping does not replace a larger spare, and one past
  // the spare's limit (64 MiB) is unmapped.
  void* small = M().xMalloc(kLarge);
  M().xFree(grown);
  const uint64_t spare = GetSqliteMemoryStats().spare_bytes;
  EXPECT_GE(spare, uint64_t{3} * kLarge);
  M().xFree(small);
  EXPECT_EQ(GetSqliteMemoryStats().spare_bytes, spare);
  void* huge = M().xMalloc(80 << 20);  // takes the spare and grows it
  ASSERT_NE(huge, nullptr);
  EXPECT_EQ(GetSqliteMemoryStats().spare_bytes, 0u);
  M().xFree(huge);
  EXPECT_EQ(GetSqliteMemoryStats().spare_bytes, 0u);
}

TEST(SqliteMemoryTest, ReallocKeepsTheBytesAcrossEveryKindOfBlock) {
  // heap -> page entry -> heap -> mapped -> larger mapped -> smaller mapped -> heap
  const std::vector<int> sizes = {kSmall, PageEntry(), 9000 + PageEntry(), kLarge,
                                  3 * kLarge, kLarge + 5, kSmall / 2};
  void* p = M().xMalloc(sizes[0]);
  ASSERT_NE(p, nullptr);
  Fill(p, sizes[0], 3);
  for (size_t i = 1; i < sizes.size(); ++i) {
    const int kept = std::min(sizes[i - 1], sizes[i]);
    p = M().xRealloc(p, sizes[i]);
    ASSERT_NE(p, nullptr) << sizes[i];
    EXPECT_EQ(M().xSize(p), M().xRoundup(sizes[i]));
    EXPECT_TRUE(Holds(p, kept, 3)) << "to " << sizes[i];
    Fill(p, sizes[i], 3);
  }
  M().xFree(p);
  EXPECT_EQ(M().xRealloc(nullptr, 0), nullptr);
  M().xFree(nullptr);
}

TEST(HugePageAllocatorTest, AVectorKeepsItsElementsAsItGrowsPastAMappingsSize) {
  struct alignas(64) Wide {
    uint64_t v[8];
  };
  std::vector<Wide, HugePageAllocator<Wide>> wides;
  const size_t n = 3 * kHugePageArrayMin / sizeof(Wide);  // several mappings as it doubles
  for (size_t i = 0; i < n; ++i) {
    wides.push_back(Wide{{i, i * 3, 0, 0, 0, 0, 0, i * 7}});
    ASSERT_EQ(reinterpret_cast<uintptr_t>(&wides.back()) % 64, 0u);
  }
  for (size_t i = 0; i < n; ++i) {
    ASSERT_EQ(wides[i].v[0], i);
    ASSERT_EQ(wides[i].v[7], i * 7);
  }
  std::vector<int, HugePageAllocator<int>> small = {1, 2, 3};  // operator new
  EXPECT_EQ(small[2], 3);
}

// The page cache of a store's connection lives in the arenas.
TEST(SqliteMemoryTest, AStoreKeepsItsPageCacheInTheArenas) {
  // Configuring works only before SQLite initializes: under ctest each test
  // is a process of its own, and this is its first use of SQLite.
  if (sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0) != SQLITE_OK) {
    GTEST_SKIP() << "SQLite was initialized before this test (run it on its own)";
  }
  auto dir = ::parley::testing::FreshTestDir("sqlite_memory");
  StoreOptions options;
  options.path = (dir / "test.db").string();
  options.bulk_load = true;
  auto store = OpenStore(options);
  ASSERT_OK(store);
  EXPECT_TRUE(SqliteMemoryInstalled());
  std::vector<Post> posts(2000);
  std::vector<Analysis> analyses(posts.size());
  for (size_t i = 0; i < posts.size(); ++i) {
    posts[i].source = "twitter";
    posts[i].id = "p" + std::to_string(i);
    posts[i].author = "user" + std::to_string(i % 97);
    posts[i].created_at_ms = 1700000000000 + static_cast<int64_t>(i) * 1000;
    posts[i].text = std::string(200, 'x');
  }
  ASSERT_OK((*store)->WriteBatch(posts, analyses, nullptr));
  // 2,000 posts of 200+ bytes fill dozens of 8 KiB pages.
  EXPECT_GT(GetSqliteMemoryStats().page_blocks, 40u);
  ASSERT_OK((*store)->Close());
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace parley::internal
