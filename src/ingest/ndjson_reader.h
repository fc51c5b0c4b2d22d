// NDJSON (JSON Lines) input: one JSON object per line, blank lines skipped;
// and JSON arrays of such objects, each element a record.
//
// Column specs in the field map name top-level keys or dotted paths into
// nested objects ("user.screen_name"); '|' separates alternatives, the first
// present one winning. Values may be strings or any other JSON: numbers keep
// their exact digits for integers (ids such as 570306133677760513 survive),
// booleans read as "true"/"false", objects and arrays as minified JSON. A null
// value counts as absent. Top-level keys that no column spec mentions go to
// Post::extra (null and empty strings are dropped, as empty CSV cells are).
//
// A record is rejected, with simdjson's message, if it is malformed JSON,
// not an object or not UTF-8, and when a required field is missing.
//
// Thread safety: the decoder a reader hands out is immutable.
#ifndef PARLEY_INGEST_NDJSON_READER_H_
#define PARLEY_INGEST_NDJSON_READER_H_

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "parley/status.h"
#include "src/env/env.h"
#include "src/ingest/post_builder.h"
#include "src/ingest/record_reader.h"

namespace parley {

// Returns a reader over `file` (the decompressed contents of `path`). With an
// "auto" field map the preset is chosen from the keys of the first
// kAutoSampleRecords records that are JSON objects (ObjectKeySample); when
// none of them is one, InvalidArgument asks for --preset. With no
// options.time_layout, the first records' times may give one, as for CSV
// (NewCsvReader(), GuessTimeLayout()): looked for in up to a MiB of
// records, or for a `stream` (standard input, a pipe) in what was read
// while choosing the map.
StatusOr<std::unique_ptr<RecordReader>> NewNdjsonReader(const std::string& path,
                                                        std::unique_ptr<SequentialFile> file,
                                                        const ReaderOptions& options,
                                                        bool stream = false);

// Returns a reader of the elements of a JSON array, `[ {...}, {...} ]`: each
// element is one record, decoded as an NDJSON line is, whose line is the
// one where the element starts (so elements written on one line share it).
// `file` must start after the array's opening '[' (the caller, which has
// sniffed it, blanks it out). Elements are found as the file streams in, so
// memory stays that of one batch whatever the array's size. The bytes
// between elements are not checked: a missing ']' or a second array after
// the first is read as more elements, not refused.
StatusOr<std::unique_ptr<RecordReader>> NewJsonArrayReader(const std::string& path,
                                                           std::unique_ptr<SequentialFile> file,
                                                           const ReaderOptions& options,
                                                           bool stream = false);

// What "auto" chooses an NDJSON preset from, wherever records come from (a
// file, an HTTP body, the Python binding's items): the top-level keys of the
// first kAutoSampleRecords records that are JSON objects, each key once, in
// order of first appearance, so that a key the first record leaves out (a
// null or optional one, as exports do) still maps for every record. Records
// that are not objects are passed over (they become rejects when decoded).
inline constexpr size_t kAutoSampleRecords = 100;
class ObjectKeySample {
 public:
  ObjectKeySample();
  ~ObjectKeySample();
  // Adds the keys of `record` when it is a JSON object and returns true;
  // else false, with simdjson's message in *error (may be null).
  bool Add(std::string_view record, std::string* error = nullptr);
  // Whether kAutoSampleRecords records have been added.
  bool full() const { return added_ >= kAutoSampleRecords; }
  const std::vector<std::string>& keys() const { return keys_; }
  std::vector<std::string_view> views() const { return {keys_.begin(), keys_.end()}; }

 private:
  struct Parser;
  std::unique_ptr<Parser> parser_;
  std::vector<std::string> keys_;
  size_t added_ = 0;
};

// The decoder a reader uses, for records that come without a file (the
// Python binding's dicts, written as JSON objects). `map` must be resolved
// (not "auto"); a required field it leaves unmapped is InvalidArgument
// (text always, created_at when `require_identity`, as in ReaderOptions; a
// post without an id gets one from FillMissingId()); times by
// `time_layout` when not null, as ReaderOptions::time_layout.
StatusOr<std::shared_ptr<const RecordDecoder>> NewNdjsonDecoder(
    const FieldMap& map, RecordPolicy policy, bool require_identity = true,
    std::shared_ptr<const TimeLayout> time_layout = nullptr);

}  // namespace parley

#endif  // PARLEY_INGEST_NDJSON_READER_H_
