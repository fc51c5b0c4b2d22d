#include "src/ingest/record_splitter.h"

#include <algorithm>
#include <cstring>

#include "src/ingest/input_file.h"

namespace parley {
namespace {

// Large enough that read(2) and decompression run in big steps, small enough
// to stay in L2 while the scanner walks it.
constexpr size_t kReadBlock = 64 * 1024;
// The first bytes are read in smaller steps: a reader opened to check an
// input's header (as parley analyze does for every input before it writes
// anything) needs the first records only, and each 4 KiB that read(2) writes
// into the fresh buffer is a page fault (~20 us on the development VM).
constexpr size_t kFirstRead = 16 * 1024;
// Offsets in a batch are 32-bit; keep batches well below that.
constexpr size_t kMaxBatchBytes = size_t{1} << 30;
constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";

}  // namespace

bool LineScanner::Scan(std::string_view data, bool at_eof, RecordExtent* out) const {
  const void* nl = std::memchr(data.data(), '\n', data.size());
  if (nl == nullptr) {
    if (!at_eof) return false;
    *out = MakeExtent(data, data.size(), false, 0);
    return true;
  }
  *out = MakeExtent(data, static_cast<const char*>(nl) - data.data(), true, 0);
  return true;
}

RecordSplitter::RecordSplitter(std::string path, std::unique_ptr<SequentialFile> file,
                               std::unique_ptr<RecordScanner> scanner, size_t max_record_bytes)
    : path_(std::move(path)),
      file_(std::move(file)),
      scanner_(std::move(scanner)),
      max_record_bytes_(max_record_bytes) {}

Status RecordSplitter::Fill() {
  size_t pending = end_ - begin_;
  if (pending >= max_record_bytes_) {
    return DataLossError("record at line " + std::to_string(line_) + " of '" +
                         DisplayName(path_) + "' is longer than " +
                         std::to_string(max_record_bytes_) +
                         " bytes without ending (is a quote left open?)");
  }
  if (begin_ > 0) {
    std::memmove(buffer_.get(), buffer_.get() + begin_, pending);
    begin_ = 0;
    end_ = pending;
  }
  // Reading at least as much as is pending doubles the window for a long
  // record, so scanning it again after each read stays linear overall.
  size_t want = std::max(kReadBlock, pending);
  if (capacity_ < pending + want) {
    // With room for a partial record of up to a quarter block beside a whole
    // block, the buffer is allocated once for ordinary input; a longer
    // record at least doubles it.
    const size_t grown_size = std::max(pending + want + kReadBlock / 4, 2 * capacity_);
    auto grown = std::make_unique_for_overwrite<char[]>(grown_size);
    if (pending > 0) std::memcpy(grown.get(), buffer_.get(), pending);
    buffer_ = std::move(grown);
    capacity_ = grown_size;
  }
  const size_t ask = bytes_in_ < kFirstRead ? std::min(capacity_ - end_, kFirstRead - bytes_in_)
                                             : capacity_ - end_;
  PARLEY_ASSIGN_OR_RETURN(size_t got, file_->Read(buffer_.get() + end_, ask));
  bytes_in_ += got;
  end_ += got;
  eof_ = got == 0;
  return Status::OK();
}

StatusOr<bool> RecordSplitter::AtEnd() const {
  if (std::string error = scanner_->EndError(); !error.empty()) {
    return DataLossError("'" + DisplayName(path_) + "': " + error);
  }
  return false;
}

StatusOr<bool> RecordSplitter::Peek(std::string_view* record, uint64_t* line) {
  while (!started_) {
    if (end_ - begin_ < kUtf8Bom.size() && !eof_) {
      PARLEY_RETURN_IF_ERROR(Fill());
      continue;
    }
    if (std::string_view(buffer_.get() + begin_, end_ - begin_).starts_with(kUtf8Bom)) {
      begin_ += kUtf8Bom.size();
    }
    started_ = true;
  }
  while (true) {
    std::string_view data(buffer_.get() + begin_, end_ - begin_);
    if (data.empty() && eof_) return AtEnd();
    if (data.empty() || !scanner_->Scan(data, eof_, &peeked_)) {
      PARLEY_RETURN_IF_ERROR(Fill());
      continue;
    }
    std::string_view content = data.substr(0, peeked_.size);
    if (IsBlankRecord(content)) {
      Skip();
      continue;
    }
    *record = content;
    *line = line_;
    return true;
  }
}

StatusOr<bool> RecordSplitter::PeekAhead(Cursor* cursor, std::string_view* record, uint64_t* line,
                                         bool may_read) {
  std::string_view first;
  uint64_t first_line = 0;
  // Drops a byte order mark and leading blank lines, as reading will.
  PARLEY_ASSIGN_OR_RETURN(bool any, Peek(&first, &first_line));
  if (!any) return false;
  RecordExtent extent;
  while (true) {
    const size_t at = begin_ + cursor->offset;
    std::string_view data(buffer_.get() + at, end_ - at);
    if (data.empty() && eof_) return AtEnd();
    if (data.empty() || !scanner_->Scan(data, eof_, &extent)) {
      if (!may_read) return false;
      PARLEY_RETURN_IF_ERROR(Fill());  // moves the buffer, not the cursor's offset
      continue;
    }
    *line = line_ + cursor->newlines;
    cursor->offset += extent.consumed;
    cursor->newlines += extent.newlines;
    std::string_view content = data.substr(0, extent.size);
    if (IsBlankRecord(content)) continue;
    *record = content;
    return true;
  }
}

bool RecordSplitter::TakeBuffered(size_t max_bytes, RecordBatch* batch) {
  while (begin_ < end_) {
    std::string_view data(buffer_.get() + begin_, end_ - begin_);
    if (!scanner_->Scan(data, eof_, &peeked_)) return false;
    std::string_view content = data.substr(0, peeked_.size);
    if (IsBlankRecord(content)) {
      Skip();
      continue;
    }
    size_t offset = batch->bytes.size();
    // Left for the next batch, never split: it is peeked again then.
    if (!batch->records.empty() && offset + content.size() > max_bytes) return true;
    batch->bytes.append(content);
    batch->records.push_back({line_, static_cast<uint32_t>(offset),
                              static_cast<uint32_t>(content.size()), peeked_.cuts});
    Skip();
    ++records_read_;
    if (batch->bytes.size() >= max_bytes) return true;
  }
  return false;
}

StatusOr<bool> RecordSplitter::NextBatch(size_t max_bytes, RecordBatch* batch) {
  batch->Clear();
  if (!deferred_error_.ok()) return deferred_error_;
  max_bytes = std::min(max_bytes, kMaxBatchBytes);
  // Sized once for a full batch, not doubled up to it: each doubling copies
  // into fresh memory, a page fault every 4 KiB (~20 us on the development VM).
  batch->bytes.reserve(max_bytes + RecordBatch::kBatchPadding);
  std::string_view record;
  uint64_t line = 0;
  while (true) {
    if (started_ && TakeBuffered(max_bytes, batch)) break;
    // The buffer ends inside a record (or is empty): Peek reads more.
    StatusOr<bool> found = Peek(&record, &line);
    if (!found.ok()) {
      if (batch->records.empty()) return found.status();
      deferred_error_ = found.status();
      break;
    }
    if (!*found) break;
    size_t offset = batch->bytes.size();
    // Left for the next batch, never split: it is peeked again then.
    if (!batch->records.empty() && offset + record.size() > max_bytes) break;
    batch->bytes.append(record);
    // The record Peek() found is still peeked_ (until Skip()).
    batch->records.push_back({line, static_cast<uint32_t>(offset),
                              static_cast<uint32_t>(record.size()), peeked_.cuts});
    Skip();
    ++records_read_;
    if (batch->bytes.size() >= max_bytes) break;
  }
  // The padding SIMD parsers may read past the last record: written once,
  // then hidden from size() while capacity keeps it.
  batch->bytes.append(RecordBatch::kBatchPadding, '\0');
  batch->bytes.resize(batch->bytes.size() - RecordBatch::kBatchPadding);
  return !batch->records.empty();
}

StatusOr<bool> SplitRecordReader::NextBatch(size_t max_bytes, RecordBatch* batch) {
  batch->input = splitter_->path();
  batch->decoder = decoder_;
  return splitter_->NextBatch(max_bytes, batch);
}

}  // namespace parley
