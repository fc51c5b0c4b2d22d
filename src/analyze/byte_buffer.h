// ByteBuffer: a growable byte array whose spare room is left uninitialized,
// so writers can reserve a worst-case size, write with raw pointers and
// commit what they used. (std::string would zero-fill the reserve first.)
//
// Thread safety: a value; one thread at a time.
#ifndef PARLEY_ANALYZE_BYTE_BUFFER_H_
#define PARLEY_ANALYZE_BYTE_BUFFER_H_

#include <algorithm>
#include <cstring>
#include <memory>
#include <string_view>

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
    auto data = std::make_unique_for_overwrite<char[]>(capacity);
    if (size_) std::memcpy(data.get(), data_.get(), size_);
    data_ = std::move(data);
    capacity_ = capacity;
  }

  std::unique_ptr<char[]> data_;
  size_t size_ = 0;
  size_t capacity_ = 0;
};

}  // namespace parley

#endif  // PARLEY_ANALYZE_BYTE_BUFFER_H_
