#include "src/ingest/input_file.h"

#include <unicode/ucnv.h>
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

// Text in another encoding, as UTF-8: ICU's converter turns each block into
// UTF-16 (keeping a character cut by the block's end for the next), which
// is then written as UTF-8.
class TranscodingFile final : public ConvertingFile {
 public:
  TranscodingFile(std::unique_ptr<SequentialFile> in, UConverter* converter)
      : in_(std::move(in)), converter_(converter) {}
  ~TranscodingFile() override { ucnv_close(converter_); }
  TranscodingFile(const TranscodingFile&) = delete;
  TranscodingFile& operator=(const TranscodingFile&) = delete;

 private:
  static constexpr size_t kBlock = 128 * 1024;

  StatusOr<bool> NextBlock(std::string* out) override {
    raw_.resize(kBlock);
    PARLEY_ASSIGN_OR_RETURN(size_t got, in_->Read(raw_.data(), kBlock));
    const bool flush = got == 0;  // the end: what the converter holds is cut short
    units_.assign(held_.begin(), held_.end());
    held_.clear();
    size_t used = units_.size();
    units_.resize(used + got + 16);
    const char* source = raw_.data();
    const char* const limit = source + got;
    while (true) {
      char16_t* target = units_.data() + used;
      UErrorCode error = U_ZERO_ERROR;
      ucnv_toUnicode(converter_, &target, units_.data() + units_.size(), &source, limit, nullptr,
                     flush, &error);
      used = static_cast<size_t>(target - units_.data());
      if (error == U_BUFFER_OVERFLOW_ERROR) {
        units_.resize(2 * units_.size());
        continue;
      }
      if (U_FAILURE(error)) {
        return DataLossError(std::string("converting the input's text: ") + u_errorName(error));
      }
      break;
    }
    units_.resize(used);
    if (!flush && !units_.empty() && U16_IS_LEAD(units_.back())) {
      held_.push_back(units_.back());  // its trail comes with the next block
      units_.pop_back();
    }
    // Three bytes a unit at most (a pair's two make four).
    out->resize(3 * units_.size());
    int32_t length = 0;
    UErrorCode error = U_ZERO_ERROR;
    u_strToUTF8WithSub(out->data(), static_cast<int32_t>(out->size()), &length, units_.data(),
                       static_cast<int32_t>(units_.size()), 0xFFFD, nullptr, &error);
    if (U_FAILURE(error)) {
      return DataLossError(std::string("converting the input's text: ") + u_errorName(error));
    }
    out->resize(static_cast<size_t>(length));
    return flush;
  }

  std::unique_ptr<SequentialFile> in_;
  UConverter* const converter_;
  std::string raw_;
  std::u16string units_, held_;
};

// ICU's converter for `encoding` (the caller closes it), null for "auto" or
// an empty name, or InvalidArgument when ICU knows no such name.
StatusOr<UConverter*> OpenConverter(std::string_view encoding) {
  if (encoding.empty() || encoding == "auto") return static_cast<UConverter*>(nullptr);
  const std::string name(encoding);
  UErrorCode error = U_ZERO_ERROR;
  UConverter* converter = ucnv_open(name.c_str(), &error);
  if (U_FAILURE(error)) {
    return InvalidArgumentError(
        "unknown encoding '" + name +
        "'; name one such as utf-8, utf-16, windows-1252 (Excel's CSV on Windows), latin1, "
        "shift_jis or gb18030, or auto (UTF-8, or UTF-16 by its byte order mark)");
  }
  return converter;
}

// The name ICU gives `converter`'s encoding ("ISO-8859-1").
std::string ConverterName(UConverter* converter) {
  UErrorCode error = U_ZERO_ERROR;
  return ucnv_getName(converter, &error);
}

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

StatusOr<size_t> ConvertingFile::Read(char* buf, size_t n) {
  while (pos_ == out_.size()) {
    if (done_) return size_t{0};
    out_.clear();
    pos_ = 0;
    PARLEY_ASSIGN_OR_RETURN(done_, NextBlock(&out_));
  }
  const size_t count = std::min(n, out_.size() - pos_);
  std::memcpy(buf, out_.data() + pos_, count);
  pos_ += count;
  return count;
}

std::unique_ptr<SequentialFile> NewPrefixedFile(std::string prefix,
                                                std::unique_ptr<SequentialFile> rest) {
  return std::make_unique<PrefixedFile>(std::move(prefix), std::move(rest));
}

StatusOr<std::string> CanonicalEncoding(std::string_view encoding) {
  PARLEY_ASSIGN_OR_RETURN(UConverter * converter, OpenConverter(encoding));
  if (converter == nullptr) return std::string();
  std::string name = ConverterName(converter);
  ucnv_close(converter);
  return name;
}

StatusOr<std::unique_ptr<SequentialFile>> NewTranscodingFile(std::unique_ptr<SequentialFile> in,
                                                             std::string_view encoding) {
  PARLEY_ASSIGN_OR_RETURN(UConverter * converter, OpenConverter(encoding));
  if (converter == nullptr) return in;
  if (ConverterName(converter) == "UTF-8") {
    ucnv_close(converter);
    return in;
  }
  return std::unique_ptr<SequentialFile>(
      std::make_unique<TranscodingFile>(std::move(in), converter));
}

std::string DisplayName(const std::string& path) { return path == "-" ? "stdin" : path; }

}  // namespace parley
