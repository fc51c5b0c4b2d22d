// Memory for large arrays that a run fills once at start-up or reuses all
// along (the lexicon's table, an output batch's buffer): whole 2 MiB-aligned
// 2 MiB blocks that the kernel is asked (madvise) to back with transparent
// huge pages. A 512 KiB table is then one page fault rather than 128, at
// ~20 us each on the VM (bench/README.md, an21). Where the kernel does not
// (THP off, no free huge page), they are ordinary pages.
//
// Thread safety: the functions are; an allocator is a stateless value.
#ifndef PARLEY_CORE_HUGE_PAGES_H_
#define PARLEY_CORE_HUGE_PAGES_H_

#include <sys/mman.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <new>

namespace parley {

inline constexpr size_t kHugePage = size_t{2} << 20;
// Smaller arrays come from the ordinary allocator: a huge page for them
// would be mostly waste.
inline constexpr size_t kHugePageMinBytes = size_t{256} << 10;

// `bytes` rounded up to whole huge pages.
inline size_t HugePageRound(size_t bytes) {
  size_t rounded = (bytes + kHugePage - 1) & ~(kHugePage - 1);
  if (rounded < bytes) throw std::bad_alloc();
  return rounded;
}

// HugePageRound(bytes) bytes, 2 MiB-aligned; free with std::free. Throws
// std::bad_alloc.
inline void* AllocateHugePages(size_t bytes) {
  size_t rounded = HugePageRound(bytes);
  void* p = std::aligned_alloc(kHugePage, rounded);
  if (p == nullptr) throw std::bad_alloc();
#ifdef MADV_HUGEPAGE
  ::madvise(p, rounded, MADV_HUGEPAGE);  // advice: refused, the pages are 4 KiB ones
#endif
  return p;
}

// A std::vector allocator: AllocateHugePages() from kHugePageMinBytes up.
template <typename T>
struct HugePageAllocator {
  using value_type = T;
  HugePageAllocator() = default;
  template <typename U>
  HugePageAllocator(const HugePageAllocator<U>&) noexcept {}
  T* allocate(size_t n) {
    if (n < kHugePageMinBytes / sizeof(T)) return std::allocator<T>().allocate(n);
    if (n > SIZE_MAX / sizeof(T)) throw std::bad_array_new_length();
    return static_cast<T*>(AllocateHugePages(n * sizeof(T)));
  }
  void deallocate(T* p, size_t n) noexcept {
    if (n < kHugePageMinBytes / sizeof(T)) {
      std::allocator<T>().deallocate(p, n);
    } else {
      std::free(p);
    }
  }
  friend bool operator==(const HugePageAllocator&, const HugePageAllocator&) { return true; }
};

}  // namespace parley

#endif  // PARLEY_CORE_HUGE_PAGES_H_
