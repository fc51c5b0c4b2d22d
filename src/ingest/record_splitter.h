// Splitting a byte stream into raw records, shared by the CSV and NDJSON
// readers. A RecordScanner knows where one record ends (a newline, or for CSV
// a newline outside quotes); the RecordSplitter does the rest: buffering,
// skipping blank lines, counting lines and packing records into batches.
//
// Thread safety: a splitter is used by one thread at a time.
#ifndef PARLEY_INGEST_RECORD_SPLITTER_H_
#define PARLEY_INGEST_RECORD_SPLITTER_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "parley/status.h"
#include "src/env/env.h"
#include "src/ingest/record_reader.h"

namespace parley {

// Whether a record's content (its terminator taken off) is blank: only
// spaces, tabs and CRs. Blank lines are no records: readers skip them, as
// serve's POST and the Python binding do.
inline bool IsBlankRecord(std::string_view s) {
  // Most records start with a byte above ' ', which no blank line has: one
  // compare where the loop's first step took three.
  if (!s.empty() && static_cast<unsigned char>(s.front()) > ' ') return false;
  for (char c : s) {
    if (c != ' ' && c != '\t' && c != '\r') return false;
  }
  return true;
}

// Where one record lies at the start of some bytes.
struct RecordExtent {
  size_t size = 0;        // content, without the line terminator ("\n" or "\r\n")
  size_t consumed = 0;    // content plus terminator
  uint64_t newlines = 0;  // '\n' bytes in the consumed part
  FieldCuts cuts;         // CSV: the content's field ends, when noted

  // The counts of `e` (a MakeExtent()), keeping these cuts: the scanner
  // notes them on the pass that finds the end.
  void TakeCounts(const RecordExtent& e) {
    size = e.size;
    consumed = e.consumed;
    newlines = e.newlines;
  }
  // No content, the cuts left as they are.
  void ClearCounts() {
    size = 0;
    consumed = 0;
    newlines = 0;
  }
};

// The extent of a record whose content ends at data[end] (a '\n' when
// `terminated`), dropping a '\r' before it. `inner_newlines` counts '\n'
// bytes within the content (quoted CSV fields). Its cuts are not noted.
// In line: the scanners call it once a record.
inline RecordExtent MakeExtent(std::string_view data, size_t end, bool terminated,
                               uint64_t inner_newlines) {
  RecordExtent extent;
  extent.size = (end > 0 && data[end - 1] == '\r') ? end - 1 : end;
  extent.consumed = terminated ? end + 1 : end;
  extent.newlines = inner_newlines + (terminated ? 1 : 0);
  return extent;
}

class RecordScanner {
 public:
  virtual ~RecordScanner() = default;
  // Finds the record at the start of non-empty `data`. Returns false when
  // `data` ends before the record does and more input may follow; with
  // `at_eof` the record instead runs to the end of `data`.
  virtual bool Scan(std::string_view data, bool at_eof, RecordExtent* out) const = 0;
  // Once the input is read: what is wrong with how it ended, when its
  // format says it may not end so (a JSON array with no closing ']');
  // empty when nothing is.
  virtual std::string EndError() const { return {}; }
};

// Finds records line by line: the NDJSON scanner.
class LineScanner final : public RecordScanner {
 public:
  bool Scan(std::string_view data, bool at_eof, RecordExtent* out) const override;
};

class RecordSplitter {
 public:
  // A record longer than this is an error rather than unbounded memory: in
  // CSV it is almost always a quote left open.
  static constexpr size_t kDefaultMaxRecordBytes = size_t{64} << 20;

  RecordSplitter(std::string path, std::unique_ptr<SequentialFile> file,
                 std::unique_ptr<RecordScanner> scanner,
                 size_t max_record_bytes = kDefaultMaxRecordBytes);

  // Finds the next record that is not blank (only spaces, tabs and CRs),
  // reading more input as needed; false at end of input (DataLoss when the
  // scanner says the input may not end so: EndError()). `*record` stays
  // valid until the next call to Peek() or NextBatch(). A UTF-8 byte order
  // mark at the start of the input is dropped.
  StatusOr<bool> Peek(std::string_view* record, uint64_t* line);
  // Where PeekAhead() has got to: bytes past the next unconsumed record, and
  // the newlines in them.
  struct Cursor {
    size_t offset = 0;
    uint64_t newlines = 0;
  };
  // Looks past the next record without consuming anything (to choose a field
  // map from more than one record): finds the first record at or after
  // `*cursor` that is not blank and moves the cursor past it; false at end of
  // input. A fresh cursor starts at Peek()'s record. `*record` stays valid
  // until the next call to any of these methods. The caller bounds how far it
  // looks (the buffer holds everything up to the cursor). With `may_read`
  // false, only what has been read already is looked at: false where the
  // next record is not all there yet.
  StatusOr<bool> PeekAhead(Cursor* cursor, std::string_view* record, uint64_t* line,
                           bool may_read = true);
  // Consumes the record Peek() last returned, without counting it as read
  // (the CSV header).
  void Skip() {  // in line: once a record
    begin_ += peeked_.consumed;
    line_ += peeked_.newlines;
    // A second Skip() consumes nothing. Only the counts are reset (the cuts,
    // written by every Scan(), are left), as the whole extent took ~8
    // instructions a record.
    peeked_.ClearCounts();
  }

  // Moves the next records into `batch` (replacing its bytes and records):
  // at least one, and more while the bytes stay within `max_bytes`. Returns
  // false at end of input. Records are never split across batches. When
  // reading fails after some records were gathered, those are returned and
  // the error comes with the next call, so no good record is lost.
  StatusOr<bool> NextBatch(size_t max_bytes, RecordBatch* batch);

  uint64_t records_read() const { return records_read_; }
  const std::string& path() const { return path_; }

 private:
  Status Fill();
  // What Peek() and PeekAhead() return at the end of the input: false, or
  // the scanner's EndError() as DataLoss naming the input.
  StatusOr<bool> AtEnd() const;
  // NextBatch's loop over the records that are whole in the buffer, as it
  // runs with Peek() but without a StatusOr per record. True when `batch`
  // is full; false when the buffer is used up or ends inside a record.
  bool TakeBuffered(size_t max_bytes, RecordBatch* batch);

  std::string path_;
  std::unique_ptr<SequentialFile> file_;
  std::unique_ptr<RecordScanner> scanner_;
  size_t max_record_bytes_;
  // Input bytes; [begin_, end_) not yet consumed. Not zeroed when it grows
  // (std::string's resize would write every byte of a whole read block, a
  // page fault each 4 KiB even for a tiny input): only [0, end_) is ever
  // read.
  std::unique_ptr<char[]> buffer_;
  size_t capacity_ = 0;
  uint64_t bytes_in_ = 0;  // read from file_ so far
  size_t begin_ = 0;
  size_t end_ = 0;
  bool eof_ = false;
  bool started_ = false;  // the BOM check has been done
  uint64_t line_ = 1;     // line at begin_
  RecordExtent peeked_;
  uint64_t records_read_ = 0;
  Status deferred_error_;  // a read error held back for the next NextBatch()
};

// A RecordReader made of a splitter and the decoder for its records.
class SplitRecordReader final : public RecordReader {
 public:
  // `decoder` may be null for an input without records (an empty CSV).
  // `guessed`: RecordReader::guessed_columns(); `guessed_time`:
  // guessed_time_format(); `header_line`: header_line().
  SplitRecordReader(std::unique_ptr<RecordSplitter> splitter,
                    std::shared_ptr<const RecordDecoder> decoder, std::string guessed = "",
                    std::string guessed_time = "", uint64_t header_line = 0)
      : splitter_(std::move(splitter)),
        decoder_(std::move(decoder)),
        guessed_(std::move(guessed)),
        guessed_time_(std::move(guessed_time)),
        header_line_(header_line) {}

  StatusOr<bool> NextBatch(size_t max_bytes, RecordBatch* batch) override;
  uint64_t records_read() const override { return splitter_->records_read(); }
  const std::vector<std::string>* ExtraColumns() const override {
    return decoder_ ? decoder_->ExtraColumns() : nullptr;
  }
  const std::string& guessed_columns() const override { return guessed_; }
  const std::string& guessed_time_format() const override { return guessed_time_; }
  uint64_t header_line() const override { return header_line_; }

 private:
  std::unique_ptr<RecordSplitter> splitter_;
  std::shared_ptr<const RecordDecoder> decoder_;
  std::string guessed_, guessed_time_;
  uint64_t header_line_;
};

}  // namespace parley

#endif  // PARLEY_INGEST_RECORD_SPLITTER_H_
