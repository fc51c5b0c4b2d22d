// A std::allocator alternative for large, long-lived arrays of the store
// (the bulk load's author deltas): arrays of 1 MiB or more live in
// mappings marked for transparent huge pages, so filling them takes one
// page fault per 2 MiB instead of one per 4 KiB (about 10 us each on the
// VMs parley runs on; see sqlite_memory.h). Smaller arrays use operator
// new. Stateless: any two compare equal. Internal to src/storage.
#ifndef PARLEY_STORAGE_HUGE_PAGE_ALLOCATOR_H_
#define PARLEY_STORAGE_HUGE_PAGE_ALLOCATOR_H_

#include <cstddef>
#include <new>

#include "src/storage/sqlite_memory.h"

namespace parley::internal {

template <typename T>
class HugePageAllocator {
 public:
  using value_type = T;

  HugePageAllocator() = default;
  template <typename U>
  HugePageAllocator(const HugePageAllocator<U>&) {}  // NOLINT: allocators convert implicitly

  T* allocate(size_t n) {
    const size_t bytes = n * sizeof(T);
    if (bytes < kHugePageArrayMin) {
      return static_cast<T*>(::operator new(bytes, std::align_val_t{alignof(T)}));
    }
    void* p = MapHugePages(bytes);
    if (!p) throw std::bad_alloc();
    return static_cast<T*>(p);
  }
  void deallocate(T* p, size_t n) {
    const size_t bytes = n * sizeof(T);
    if (bytes < kHugePageArrayMin) {
      ::operator delete(p, std::align_val_t{alignof(T)});
    } else {
      UnmapHugePages(p, bytes);
    }
  }

  template <typename U>
  bool operator==(const HugePageAllocator<U>&) const {
    return true;
  }
};

}  // namespace parley::internal

#endif  // PARLEY_STORAGE_HUGE_PAGE_ALLOCATOR_H_
