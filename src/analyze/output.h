// Writers for enriched records: NDJSON (one object per line, the format in
// design.md) and CSV (RFC 4180, a header row). Both append to a caller-owned
// buffer so a worker thread can format a whole batch without locking.
#ifndef PARLEY_ANALYZE_OUTPUT_H_
#define PARLEY_ANALYZE_OUTPUT_H_

#include <string>
#include <string_view>

#include "parley/engine.h"
#include "parley/post.h"
#include "parley/status.h"
#include "src/analyze/byte_buffer.h"

namespace parley {

enum class OutputFormat { kNdjson, kCsv };
// "ndjson" (also "jsonl", "json") or "csv".
StatusOr<OutputFormat> ParseOutputFormat(std::string_view name);

struct OutputOptions {
  OutputFormat format = OutputFormat::kNdjson;
  bool extra = true;  // include unmapped source columns ("extra") in NDJSON
  // A taxonomy is loaded: NDJSON gets brands, topics, intents, aspects and
  // prices after hashtags; CSV gets brands, topics and intents before text.
  bool taxonomy = false;
  // Languages are detected (AnalyzerOptions::detect_language): CSV gets a
  // lang column before text (NDJSON has `lang` whenever it is known).
  bool language = false;
  std::string model_name = "lexicon";
};

// Appends `s` as a JSON string literal (quotes included).
void AppendJsonString(std::string_view s, std::string* out);

// The CSV header line (with its newline); empty for NDJSON.
std::string OutputHeader(const OutputOptions& options);
// Appends one enriched record, newline-terminated.
void AppendRecord(const Post& post, const Analysis& analysis, const OutputOptions& options,
                  ByteBuffer* out);
void AppendRecord(const Post& post, const Analysis& analysis, const OutputOptions& options,
                  std::string* out);

namespace output_internal {
// Whether this CPU and build can copy a post's text into NDJSON 32 bytes at a
// time (AVX2), the path AppendRecord takes by default where they can.
bool HasCopyAvx2();
// Makes AppendRecord take the AVX2 path (`avx2`, where HasCopyAvx2()) or
// the SSE2 one, and returns the previous choice: for tests, which run both.
// Not thread-safe: set it before records are written.
bool SetCopyAvx2(bool avx2);
}  // namespace output_internal

}  // namespace parley

#endif  // PARLEY_ANALYZE_OUTPUT_H_
