// Readers split an input stream into raw records (cheap, one thread) and a
// decoder turns each raw record into a Post (pure, any number of threads).
// Splitting and decoding are separate so decoding scales with the analyzer.
//
// Errors: a problem with the whole input (missing file, unreadable header,
// missing required column) is a Status from the reader, and ends the run. A
// problem with one record (bad UTF-8, wrong column count, unparseable time,
// empty text or id, malformed JSON) makes Decode() return false with a reason;
// the caller writes it to the rejects file and goes on.
#ifndef PARLEY_INGEST_RECORD_READER_H_
#define PARLEY_INGEST_RECORD_READER_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "parley/post.h"
#include "parley/status.h"
#include "src/core/time_layout.h"
#include "src/env/env.h"
#include "src/ingest/field_map.h"

namespace parley {

// kTsv is CSV with tabs between fields, as kCsv is for a file named .tsv.
// kJson is a JSON array whose elements are records, decoded as NDJSON lines.
enum class InputFormat { kAuto, kCsv, kTsv, kNdjson, kJson };
// "auto", "csv", "tsv", "ndjson" (also "jsonl"), "json".
StatusOr<InputFormat> ParseInputFormat(std::string_view name);

// Per-thread scratch space a decoder may use (e.g. a JSON parser). Create one
// per worker thread with RecordDecoder::NewScratch().
class DecodeScratch {
 public:
  virtual ~DecodeScratch() = default;
};

// Where the fields of a CSV record end, noted by the scanner on the pass
// that finds the record's end, so that the decoder need not walk the record
// again to split it: for a record with no quote, or whose last field alone
// is quoted (no doubled quote, nothing after its closing quote). Not noted
// (count kNotNoted) for other quoted records, records with more than kMax
// delimiters or one past a 16-bit offset, records the scanner walked in
// steps below 32 bytes, and every NDJSON record.
struct FieldCuts {
  static constexpr uint8_t kNotNoted = 0xFF;
  static constexpr size_t kMax = 6;
  uint16_t at[kMax] = {};     // the delimiters' offsets in the record, ascending
  uint8_t count = kNotNoted;  // delimiters in the record, or kNotNoted
  bool ascii = false;         // every byte of the record is below 0x80
  bool quoted_last = false;   // the last field is quoted: its value is within the quotes

  bool noted() const { return count != kNotNoted; }
};

struct RawRecord;
struct RecordBatch;

// Turns raw records into posts. Immutable and thread-safe once built.
class RecordDecoder {
 public:
  virtual ~RecordDecoder() = default;
  virtual std::unique_ptr<DecodeScratch> NewScratch() const = 0;
  // Decodes `raw` (one record, without its line terminator) into `post`, which
  // the caller has cleared. Returns false and sets `reason` for a reject.
  virtual bool Decode(std::string_view raw, DecodeScratch* scratch, Post* post,
                      std::string* reason) const = 0;
  // Decode() of record `rec` of `batch` (DecodeRecord()'s call): a decoder
  // that splits records takes the field ends the scanner noted (rec.cuts)
  // instead of splitting again; the result is Decode()'s.
  virtual bool DecodeAt(const RecordBatch& batch, const RawRecord& rec, DecodeScratch* scratch,
                        Post* post, std::string* reason) const = 0;
  // The unmapped columns every record has, in input order, when the input
  // declares them (a CSV header); a post's `extra` holds those whose value
  // is not empty. Null when each record names its own keys (NDJSON).
  virtual const std::vector<std::string>* ExtraColumns() const { return nullptr; }
  // The columns "auto" took by another case or spelling or by a name
  // exports use (GuessedColumnsNote(): "author=User, text=Message"), which
  // a run tells the user; empty when there are none.
  virtual const std::string& guessed_columns() const {
    static const std::string kNone;
    return kNone;
  }
};

// One record's place in a batch's bytes.
struct RawRecord {
  uint64_t line = 0;    // 1-based line of the input where the record starts
  uint32_t offset = 0;  // into RecordBatch::bytes
  uint32_t size = 0;
  FieldCuts cuts;
};

// A run of consecutive records from one input. `bytes` is followed by at
// least kBatchPadding readable bytes (for SIMD parsers).
struct RecordBatch {
  static constexpr size_t kBatchPadding = 64;
  std::string input;  // the path as given, "-" for stdin
  std::string bytes;
  std::vector<RawRecord> records;
  std::shared_ptr<const RecordDecoder> decoder;

  std::string_view raw(const RawRecord& r) const {
    return std::string_view(bytes).substr(r.offset, r.size);
  }
  void Clear() {
    bytes.clear();
    records.clear();
  }
};

class RecordReader {
 public:
  virtual ~RecordReader() = default;
  // Fills `batch` with the next records (up to about `max_bytes` of them, at
  // least one). Returns false at end of input with `batch` empty.
  virtual StatusOr<bool> NextBatch(size_t max_bytes, RecordBatch* batch) = 0;
  // Records read so far, including ones Decode() will reject. Blank lines and
  // the CSV header are not records.
  virtual uint64_t records_read() const = 0;
  // The decoder's ExtraColumns(): the unmapped columns the input declares
  // (a CSV header's), or null (NDJSON, or an input with no header).
  virtual const std::vector<std::string>* ExtraColumns() const { return nullptr; }
  // The columns "auto" took by another case or spelling or by a name
  // exports use (GuessedColumnsNote(): "author=User, text=Message"), which
  // a run tells the user; empty when there are none.
  virtual const std::string& guessed_columns() const {
    static const std::string kNone;
    return kNone;
  }
  // The layout a CSV input's times were taken to have, with no
  // ReaderOptions::time_layout, when the usual forms read none of its first
  // ones (GuessTimeLayout(): "%d/%m/%Y %H:%M"), which a run tells the user;
  // empty when none was guessed.
  virtual const std::string& guessed_time_format() const {
    static const std::string kNone;
    return kNone;
  }
  // The line of a CSV input's header row when lines came before it (a
  // report's preamble, skipped: NewCsvReader()), which a run tells the
  // user; 0 when the header is the input's first line or there is none.
  virtual uint64_t header_line() const { return 0; }
};

struct ReaderOptions {
  InputFormat format = InputFormat::kAuto;  // auto: by extension, else sniffed
  // CSV's delimiter; '\0': a tab for TSV (kTsv, or a file named .tsv with
  // kAuto), else SniffCsvDelimiter() of the input's header.
  char delimiter = '\0';
  // The inputs' text encoding, as CanonicalEncoding() (input_file.h) names
  // it ("windows-1252", "UTF-16LE"): each input is converted to UTF-8 as it
  // is read. Empty: UTF-8, or UTF-16 by its byte order mark (else by the NUL
  // its ASCII characters leave every other byte).
  std::string encoding;
  // An Excel workbook's sheet to read, by name (XlsxToCsv()); empty: the
  // first. Other inputs have none to choose.
  std::string sheet;
  FieldMap field_map;
  std::vector<std::string> map_overrides;  // kept for auto presets
  std::string source;  // overrides every post's source when not empty
  // How created_at is written, when none of ParseTimestamp()'s forms reads
  // it ("%d/%m/%Y %H:%M"): every value must then fit it. Null: those forms,
  // or with `guess_time_layout` the layout the input's first times share
  // when those forms read none of them (GuessTimeLayout()).
  std::shared_ptr<const TimeLayout> time_layout;
  // False for the HTTP API's request bodies: each is a few records, and a
  // layout guessed from each could read "05/03" one way in one request and
  // the other way in the next.
  bool guess_time_layout = true;
  // Whether every post needs a time, as the store does. When false, a map
  // without one (the "text" preset) is accepted: such posts have no time
  // (Post::has_time false) and DecodeRecord numbers them by line. When true,
  // such a map is an InvalidArgument error naming the missing column. A map
  // without an id is accepted either way (FillMissingId()).
  bool require_identity = true;
  // Columns no optional field may take, whatever the map says, so that
  // they stay in Post::extra: the label column `parley train`/`eval` are
  // told to read, which "auto" would otherwise take as the rating
  // (LeaveColumnsUnmapped()).
  std::vector<std::string> keep_columns;
  // A CSV or TSV input's columns, for files with no header row (as
  // Sentiment140's): every record is data, read under these names. Empty:
  // the first record is the header. Not for NDJSON or JSON inputs, whose
  // records name their keys (OpenRecordReader() says so).
  std::vector<std::string> columns;
};

// The delimiter of a CSV input whose first bytes are `head`: of a comma, a
// tab, a semicolon and a pipe, the one its header line holds most of
// outside double quotes (after any blank lines and byte order mark); on a
// tie the first of that order, and a comma when it holds none of them (a
// file of one column). Semicolons are what spreadsheets write in locales
// whose decimal mark is a comma.
char SniffCsvDelimiter(std::string_view head);
// --delimiter's value: "auto" ('\0'), "comma" or ",", "semicolon" or ";",
// "tab" or "\t", "pipe" or "|".
StatusOr<char> ParseDelimiter(std::string_view name);

// The id of a post from an input without an id column (its id empty): with
// a time, 16 hex digits of the FNV-1a hash of its author, time (epoch ms)
// and text, separated by 0x1F, so that the same post read again (another
// export of the same reviews, a file ingested twice) is the same post in
// the store; without one, `line` (its record's line number), so (source,
// id) stays unique within a run.
void FillMissingId(uint64_t line, Post* post);

// Decodes `rec` of `batch` with the batch's decoder (see RecordDecoder::Decode),
// and gives a post from an input without an id column its id (FillMissingId()).
bool DecodeRecord(const RecordBatch& batch, const RawRecord& rec, DecodeScratch* scratch,
                  Post* post, std::string* reason);

// Opens `path` ("-" = stdin) through `env`, decompressing .gz and .zst inputs
// (detected by magic bytes), and returns a reader for it. Errors name the path.
StatusOr<std::unique_ptr<RecordReader>> OpenRecordReader(Env* env, const std::string& path,
                                                         const ReaderOptions& options);

// A record that did not decode: where it starts, why, and its raw bytes.
// The views live until the callback returns.
struct RejectedRecord {
  uint64_t line = 0;
  std::string_view reason;
  std::string_view raw;
};

using PostCallback = std::function<Status(const Post&)>;
using RejectCallback = std::function<void(const RejectedRecord&)>;

// Reads and decodes every record of `records` on the calling thread, for tools
// that need the posts one by one rather than the pipeline (labeled files for
// training and validation, a request body). `on_post` gets each post; a non-OK
// Status from it stops the read and is returned. `on_reject`, when set, gets
// each record that does not decode. Read errors are returned.
Status ForEachPost(RecordReader* records, const PostCallback& on_post,
                   const RejectCallback& on_reject = nullptr);
// The same over `path`, opened as OpenRecordReader does (whose errors it returns).
Status ForEachPost(Env* env, const std::string& path, const ReaderOptions& options,
                   const PostCallback& on_post, const RejectCallback& on_reject = nullptr);

// Expands arguments into input paths: files as given, folders recursively
// (sorted, keeping .csv/.tsv/.ndjson/.jsonl/.json and their .gz/.zst forms),
// "-" as is. A missing path is NotFound naming it.
StatusOr<std::vector<std::string>> ExpandInputs(Env* env, const std::vector<std::string>& args);

}  // namespace parley

#endif  // PARLEY_INGEST_RECORD_READER_H_
