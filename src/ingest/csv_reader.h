// CSV and TSV input (RFC 4180): a header row, then one record per line, where
// a field that starts with '"' may hold delimiters, newlines and doubled
// quotes. A quote elsewhere in a field is an ordinary character, and text
// after a closing quote is kept as is (`"a"b` reads as `ab`), as most
// spreadsheet exports expect. LF and CRLF line ends both work; a UTF-8 byte
// order mark is dropped; blank lines are skipped.
//
// Thread safety: the scanner and the decoder a reader hands out are immutable;
// SplitCsvFields is pure.
#ifndef PARLEY_INGEST_CSV_READER_H_
#define PARLEY_INGEST_CSV_READER_H_

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "parley/status.h"
#include "src/env/env.h"
#include "src/ingest/record_reader.h"
#include "src/ingest/record_splitter.h"

namespace parley {

// Finds where a CSV record ends: the first newline outside quotes. A quote
// left open runs the record to the end of input, where the decoder rejects it.
class CsvScanner final : public RecordScanner {
 public:
  explicit CsvScanner(char delimiter) : delimiter_(delimiter) {}
  bool Scan(std::string_view data, bool at_eof, RecordExtent* out) const override;

 private:
  char delimiter_;
};

// Splits one record (without its line end) into `fields`, which point into
// `record` or, for quoted fields with doubled quotes, into `unescaped`.
// Returns false if a quoted field is never closed.
bool SplitCsvFields(std::string_view record, char delimiter,
                    std::vector<std::string_view>* fields, std::string* unescaped);

// The other way: appends `s` as a comma-separated field, quoted (its quotes
// doubled) when it holds a comma, a quote or a line break.
void AppendCsvField(std::string_view s, std::string* out);
// The same split, sixteen bytes at a time where SSE2 is available, which
// also sets `ascii` to whether every byte of `record` is below 0x80 (such a
// record is valid UTF-8 with no further check). The decoder's path;
// SplitCsvFields is the general one it is tested against.
bool SplitCsvFieldsAscii(std::string_view record, char delimiter,
                         std::vector<std::string_view>* fields, std::string* unescaped,
                         bool* ascii);

// The fields of `record` split at the delimiters `cuts` notes (noted by
// CsvScanner for this record), into fields[0, cuts.count + 1): the fields
// SplitCsvFields() finds in it. Returns their count. In line: the decoder
// calls it once a record.
inline size_t CutCsvFields(std::string_view record, const FieldCuts& cuts,
                           std::string_view* fields) {
  const char* p = record.data();
  size_t start = 0;
  for (size_t k = 0; k < cuts.count; ++k) {
    fields[k] = std::string_view(p + start, cuts.at[k] - start);
    start = cuts.at[k] + size_t{1};
  }
  // A quoted last field opens at `start` and closes at the record's end.
  const size_t quotes = cuts.quoted_last ? 1 : 0;
  fields[cuts.count] = std::string_view(p + start + quotes, record.size() - start - 2 * quotes);
  return cuts.count + size_t{1};
}

namespace csv_internal {
// Whether this CPU lets the scanner and SplitCsvFieldsAscii() take their
// AVX2 paths (x86-64 builds only).
bool HasAvx2();
// Makes them take the AVX2 paths (`avx2`, where HasAvx2()) or the SSE2
// ones; returns the previous choice. For tests, which run both.
bool SetAvx2(bool avx2);
}  // namespace csv_internal

// Reads the header from `file` (the decompressed contents of `path`) and
// resolves options.field_map against it. A required or overridden column
// that is missing is InvalidArgument naming the column, the field, the preset
// and the header. An input with no header at all yields no records. With no
// options.time_layout, the first records' times may give one
// (GuessTimeLayout(), RecordReader::guessed_time_format()): looked for in
// up to a MiB of them, or for a `stream` (standard input, a pipe: more may
// be long in coming) in what was read with the header.
StatusOr<std::unique_ptr<RecordReader>> NewCsvReader(const std::string& path,
                                                     std::unique_ptr<SequentialFile> file,
                                                     char delimiter, const ReaderOptions& options,
                                                     bool stream = false);

}  // namespace parley

#endif  // PARLEY_INGEST_CSV_READER_H_
