// ByteBuffer: a growable byte array whose spare room is left uninitialized,
// so writers can reserve a worst-case size, write with raw pointers and
// commit what they used. (std::string would zero-fill the reserve first.)
// From 256 KiB up it lies on huge pages (src/core/huge_pages.h).
//
// Thread safety: a value; one thread at a time.
#ifndef PARLEY_ANALYZE_BYTE_BUFFER_H_
#define PARLEY_ANALYZE_BYTE_BUFFER_H_

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <new>
#include <string_view>

#include "src/core/huge_pages.h"

namespace parley {

class ByteBuffer {
 public:
  // Room for `n` more bytes; returns where they start. Invalidates earlier
  // pointers into the buffer.
  char* Reserve(size_t n) {
    if (size_ + n > capacity_) Grow(size_ + n);
    return data_.get() + size_;
  }
  // Marks the bytes up to `end` (inside the last Reserve) as written.
  void Commit(const char* end) { size_ = static_cast<size_t>(end - data_.get()); }
  void Append(std::string_view s) {
    std::memcpy(Reserve(s.size()), s.data(), s.size());
    size_ += s.size();
  }
  std::string_view view() const { return std::string_view(data_.get(), size_); }
  size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  void clear() { size_ = 0; }

 private:
  void Grow(size_t need) {
    size_t capacity = std::max({need, capacity_ * 2, size_t{4096}});
    // A batch's output (a MiB or two) on huge pages: written once into
    // fresh memory, it was ~260 page faults of a 200,000-post run's ~1,110
    // (bench/README.md, an21).
    std::unique_ptr<char, Free> data;
    if (capacity >= kHugePageMinBytes) {
      capacity = HugePageRound(capacity);
      data.reset(static_cast<char*>(AllocateHugePages(capacity)));
    } else {
      data.reset(static_cast<char*>(std::malloc(capacity)));
      if (data == nullptr) throw std::bad_alloc();
    }
    if (size_) std::memcpy(data.get(), data_.get(), size_);
    data_ = std::move(data);
    capacity_ = capacity;
  }

  struct Free {
    void operator()(char* p) const { std::free(p); }
  };
  std::unique_ptr<char, Free> data_;
  size_t size_ = 0;
  size_t capacity_ = 0;
};

}  // namespace parley

#endif  // PARLEY_ANALYZE_BYTE_BUFFER_H_
