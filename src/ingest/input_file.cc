#include "src/ingest/input_file.h"

#include <unicode/ustring.h>
#include <unicode/utf16.h>
#include <zlib.h>
#include <zstd.h>

#include <algorithm>
#include <cstring>

namespace parley {
namespace {

constexpr size_t kCompressedChunk = 128 * 1024;
constexpr size_t kMagicBytes = 4;
// zlib counts in 32-bit uInt; larger reads are simply served in parts.
constexpr size_t kMaxZlibRead = size_t{1} << 30;

class PrefixedFile final : public SequentialFile {
 public:
  PrefixedFile(std::string prefix, std::unique_ptr<SequentialFile> rest)
      : prefix_(std::move(prefix)), rest_(std::move(rest)) {}

  StatusOr<size_t> Read(char* buf, size_t n) override {
    if (offset_ < prefix_.size()) {
      size_t count = prefix_.copy(buf, n, offset_);
      offset_ += count;
      return count;
    }
    return rest_->Read(buf, n);
  }

 private:
  std::string prefix_;
  size_t offset_ = 0;
  std::unique_ptr<SequentialFile> rest_;
};

class Utf16File final : public SequentialFile {
 public:
  Utf16File(std::unique_ptr<SequentialFile> in, bool big_endian)
      : in_(std::move(in)), big_endian_(big_endian) {}

  StatusOr<size_t> Read(char* buf, size_t n) override {
    while (pos_ == out_.size()) {
      if (done_) return size_t{0};
      PARLEY_RETURN_IF_ERROR(Refill());
    }
    const size_t count = std::min(n, out_.size() - pos_);
    std::memcpy(buf, out_.data() + pos_, count);
    pos_ += count;
    return count;
  }

 private:
  static constexpr size_t kBlock = 128 * 1024;

  // Converts the next block of `in_`. A block may end inside a unit (an
  // odd byte, kept in raw_) or between a pair's two units (the first kept
  // in held_), which the next block completes.
  Status Refill() {
    const size_t kept = raw_.size();
    raw_.resize(kept + kBlock);
    PARLEY_ASSIGN_OR_RETURN(size_t got, in_->Read(raw_.data() + kept, kBlock));
    raw_.resize(kept + got);
    const bool eof = got == 0;
    units_.assign(held_.begin(), held_.end());
    held_.clear();
    const size_t whole = raw_.size() / 2;
    for (size_t i = 0; i < whole; ++i) {
      const auto b0 = static_cast<unsigned char>(raw_[2 * i]);
      const auto b1 = static_cast<unsigned char>(raw_[2 * i + 1]);
      units_.push_back(static_cast<char16_t>(big_endian_ ? b0 << 8 | b1 : b1 << 8 | b0));
    }
    raw_.erase(0, 2 * whole);
    if (eof) {
      done_ = true;
      if (!raw_.empty()) units_.push_back(0xFFFD);  // half a unit at the end
      raw_.clear();
    } else if (!units_.empty() && U16_IS_LEAD(units_.back())) {
      held_.push_back(units_.back());
      units_.pop_back();
    }
    // Three bytes a unit at most (a pair's two make four).
    out_.resize(3 * units_.size());
    pos_ = 0;
    int32_t length = 0;
    UErrorCode error = U_ZERO_ERROR;
    u_strToUTF8WithSub(out_.data(), static_cast<int32_t>(out_.size()), &length, units_.data(),
                       static_cast<int32_t>(units_.size()), 0xFFFD, nullptr, &error);
    if (U_FAILURE(error)) {
      return DataLossError(std::string("converting UTF-16 text: ") + u_errorName(error));
    }
    out_.resize(static_cast<size_t>(length));
    return Status::OK();
  }

  std::unique_ptr<SequentialFile> in_;
  const bool big_endian_;
  std::string raw_;
  std::u16string units_, held_;
  std::string out_;
  size_t pos_ = 0;
  bool done_ = false;
};

// Holds the compressed side of a decompressor: the underlying file and a
// block of its bytes, starting with those already read to detect the format.
class CompressedInput {
 public:
  CompressedInput(std::unique_ptr<SequentialFile> file, const std::string& head)
      : file_(std::move(file)), buffer_(std::max(kCompressedChunk, head.size()), '\0') {
    head.copy(buffer_.data(), head.size());
    size_ = head.size();
  }

  // Replaces the consumed block with the next one; sets eof() at the end.
  Status Refill() {
    PARLEY_ASSIGN_OR_RETURN(size_t got, file_->Read(buffer_.data(), buffer_.size()));
    size_ = got;
    eof_ = got == 0;
    return Status::OK();
  }

  char* data() { return buffer_.data(); }
  size_t size() const { return size_; }
  bool eof() const { return eof_; }

 private:
  std::unique_ptr<SequentialFile> file_;
  std::string buffer_;
  size_t size_ = 0;
  bool eof_ = false;
};

class GzipFile final : public SequentialFile {
 public:
  GzipFile(std::string path, std::unique_ptr<SequentialFile> file, const std::string& head)
      : path_(std::move(path)), input_(std::move(file), head) {
    // 16 + MAX_WBITS: expect a gzip header and trailer, not a zlib one.
    init_status_ = inflateInit2(&stream_, 16 + MAX_WBITS);
    stream_.next_in = reinterpret_cast<Bytef*>(input_.data());
    stream_.avail_in = static_cast<uInt>(input_.size());
  }
  ~GzipFile() override {
    if (init_status_ == Z_OK) inflateEnd(&stream_);
  }

  StatusOr<size_t> Read(char* buf, size_t n) override;

 private:
  Status Refill() {
    PARLEY_RETURN_IF_ERROR(input_.Refill());
    stream_.next_in = reinterpret_cast<Bytef*>(input_.data());
    stream_.avail_in = static_cast<uInt>(input_.size());
    return Status::OK();
  }
  // Zero bytes after a member are padding (a tape or block device's, or a
  // tool's that writes whole blocks), which gzip ignores too. No member
  // starts with a zero byte (its magic is 1f 8b), so only zeros may follow.
  void SkipZeroPadding() {
    while (stream_.avail_in > 0 && *stream_.next_in == 0) {
      ++stream_.next_in;
      --stream_.avail_in;
      padded_ = true;
    }
  }
  Status Corrupt(int rc) const {
    const char* detail = stream_.msg != nullptr ? stream_.msg : zError(rc);
    return DataLossError("corrupt gzip data in '" + DisplayName(path_) + "': " + detail);
  }

  std::string path_;
  CompressedInput input_;
  z_stream stream_{};
  int init_status_ = Z_OK;
  bool in_member_ = false;  // inside a gzip member: its end has not been seen
  bool padded_ = false;     // zero padding seen after a member
};

StatusOr<size_t> GzipFile::Read(char* buf, size_t n) {
  if (init_status_ != Z_OK) return Corrupt(init_status_);
  n = std::min(n, kMaxZlibRead);
  stream_.next_out = reinterpret_cast<Bytef*>(buf);
  stream_.avail_out = static_cast<uInt>(n);
  while (true) {
    if (stream_.avail_in == 0 && !input_.eof()) PARLEY_RETURN_IF_ERROR(Refill());
    if (!in_member_) {
      SkipZeroPadding();
      if (stream_.avail_in == 0) {
        if (input_.eof()) return size_t{0};  // input ended between members
        continue;
      }
      if (padded_) {
        return DataLossError("corrupt gzip data in '" + DisplayName(path_) +
                             "': bytes other than zeros after the zero padding at its end");
      }
      // Another member follows (concatenated .gz files): start afresh.
      inflateReset(&stream_);
      in_member_ = true;
    }
    int rc = inflate(&stream_, Z_NO_FLUSH);
    if (rc == Z_STREAM_END) {
      in_member_ = false;
    } else if (rc != Z_OK && !(rc == Z_BUF_ERROR && stream_.avail_in == 0)) {
      // Z_BUF_ERROR only means "feed me" when the input is used up; with
      // input left it could never progress, so treat it as corruption.
      return Corrupt(rc);
    }
    size_t produced = n - stream_.avail_out;
    if (produced > 0) return produced;
    if (in_member_ && stream_.avail_in == 0 && input_.eof()) {
      return DataLossError("truncated gzip data in '" + DisplayName(path_) + "'");
    }
  }
}

class ZstdFile final : public SequentialFile {
 public:
  ZstdFile(std::string path, std::unique_ptr<SequentialFile> file, const std::string& head)
      : path_(std::move(path)), input_(std::move(file), head), stream_(ZSTD_createDStream()) {
    in_ = {input_.data(), input_.size(), 0};
  }
  ~ZstdFile() override { ZSTD_freeDStream(stream_); }

  StatusOr<size_t> Read(char* buf, size_t n) override;

 private:
  Status Refill() {
    PARLEY_RETURN_IF_ERROR(input_.Refill());
    in_ = {input_.data(), input_.size(), 0};
    return Status::OK();
  }

  std::string path_;
  CompressedInput input_;
  ZSTD_DStream* stream_;
  ZSTD_inBuffer in_{};
  bool in_frame_ = false;  // a frame has begun and not been completed
};

StatusOr<size_t> ZstdFile::Read(char* buf, size_t n) {
  if (stream_ == nullptr) return InternalError("cannot allocate a zstd stream");
  ZSTD_outBuffer out = {buf, n, 0};
  while (true) {
    if (in_.pos == in_.size && !input_.eof()) PARLEY_RETURN_IF_ERROR(Refill());
    // Called even without new input: the stream may still hold output.
    size_t in_before = in_.pos;
    size_t rc = ZSTD_decompressStream(stream_, &out, &in_);
    if (ZSTD_isError(rc)) {
      return DataLossError("corrupt zstd data in '" + DisplayName(path_) +
                           "': " + ZSTD_getErrorName(rc));
    }
    // 0 means a frame just ended. A call that moved nothing returns a hint
    // for the next frame's header instead, which says nothing about this one.
    if (in_.pos != in_before || out.pos > 0) in_frame_ = rc != 0;
    if (out.pos > 0) return out.pos;
    if (in_.pos == in_.size && input_.eof()) {
      if (in_frame_) return DataLossError("truncated zstd data in '" + DisplayName(path_) + "'");
      return size_t{0};
    }
  }
}

// Reads up to `n` bytes, looping over short reads (pipes return what they have).
StatusOr<std::string> ReadHead(SequentialFile* file, size_t n) {
  std::string head(n, '\0');
  size_t have = 0;
  while (have < n) {
    PARLEY_ASSIGN_OR_RETURN(size_t got, file->Read(head.data() + have, n - have));
    if (got == 0) break;
    have += got;
  }
  head.resize(have);
  return head;
}

}  // namespace

Compression DetectCompression(std::string_view head) {
  if (head.size() >= 2 && head[0] == '\x1f' && head[1] == '\x8b') return Compression::kGzip;
  if (head.size() >= 4 && head.substr(0, 4) == std::string_view("\x28\xb5\x2f\xfd", 4)) {
    return Compression::kZstd;
  }
  return Compression::kNone;
}

StatusOr<std::unique_ptr<SequentialFile>> OpenInputFile(Env* env, const std::string& path) {
  PARLEY_ASSIGN_OR_RETURN(std::unique_ptr<SequentialFile> file, env->NewSequentialFile(path));
  PARLEY_ASSIGN_OR_RETURN(std::string head, ReadHead(file.get(), kMagicBytes));
  switch (DetectCompression(head)) {
    case Compression::kGzip:
      return {std::make_unique<GzipFile>(path, std::move(file), head)};
    case Compression::kZstd:
      return {std::make_unique<ZstdFile>(path, std::move(file), head)};
    case Compression::kNone:
      break;
  }
  return NewPrefixedFile(std::move(head), std::move(file));
}

std::unique_ptr<SequentialFile> NewPrefixedFile(std::string prefix,
                                                std::unique_ptr<SequentialFile> rest) {
  return std::make_unique<PrefixedFile>(std::move(prefix), std::move(rest));
}

std::unique_ptr<SequentialFile> NewUtf16File(std::unique_ptr<SequentialFile> in, bool big_endian) {
  return std::make_unique<Utf16File>(std::move(in), big_endian);
}

std::string DisplayName(const std::string& path) { return path == "-" ? "stdin" : path; }

}  // namespace parley
