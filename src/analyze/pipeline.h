// The analyze pipeline: inputs -> readers -> decode + analyze on N threads ->
// ordered output, with rejects to their own file.
//
// Memory stays constant whatever the input size: at most about 2 batches per
// worker are in flight. Output keeps input order. A run either fails before
// writing any output (a missing input, an unknown column: every file input is
// opened and its header checked first) or writes every accepted record; an
// output file is written under a temporary name and renamed when complete.
#ifndef PARLEY_ANALYZE_PIPELINE_H_
#define PARLEY_ANALYZE_PIPELINE_H_

#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <vector>

#include "parley/engine.h"
#include "parley/status.h"
#include "src/analyze/output.h"
#include "src/env/env.h"
#include "src/ingest/record_reader.h"

namespace parley {

// Receives the accepted records of a run instead of the output file: in input
// order, a batch at a time, on the pipeline's writer thread (one call at a
// time). posts[i] was analyzed into analyses[i]. An error ends the run.
class RecordSink {
 public:
  virtual ~RecordSink() = default;
  virtual Status Write(std::span<const Post> posts, std::span<const Analysis> analyses) = 0;
};

struct AnalyzeJob {
  std::vector<std::string> inputs;  // already expanded; "-" is stdin
  ReaderOptions reader;
  OutputOptions output;
  std::string output_path = "-";  // "-" is stdout
  // When set, accepted records go here and no output is written (output and
  // output_path are ignored). Not owned; must outlive the run.
  RecordSink* sink = nullptr;
  std::string rejects_path = "parley-rejects.ndjson";  // created at the first reject
  // When not empty, only the posts whose Analysis::lang is one of these
  // (ParseLanguageList()) are written or handed to the sink; the others are
  // counted in RunSummary::skipped. Needs an analyzer that detects languages
  // (AnalyzerOptions::detect_language), or every post is left out.
  std::vector<std::string> languages;
  // When set, called before any record is read for each file input whose
  // columns "auto" took by another case or spelling or by a name exports
  // use (RecordReader::guessed_columns(): "author=User, text=Message"), or
  // whose times' layout was guessed (guessed_time_format(): "%d/%m/%Y
  // %H:%M"; either may be empty), so the user sees what was guessed (for
  // standard input and pipes, when opened, on the thread that reads the
  // inputs).
  // `header_line`: RecordReader::header_line(), the line of a header that
  // lines of a report's preamble came before (skipped), else 0.
  std::function<void(const std::string& input, const std::string& columns,
                     const std::string& time_format, uint64_t header_line)>
      on_guessed_columns;
  int threads = 1;
  // Input bytes per batch. Small enough that a batch, its output and the
  // reader's buffer stay in L2 and touch few pages (256 KiB batches were ~480
  // more page faults, ~10 ms, on 200,000 tweets on the development VM), large
  // enough that handing batches between threads costs nothing measurable.
  size_t batch_bytes = 64 * 1024;
};

struct RunSummary {
  uint64_t read = 0;  // records read, always accepted + rejected + skipped
  uint64_t accepted = 0;
  uint64_t rejected = 0;
  uint64_t skipped = 0;   // well-formed, in a language AnalyzeJob::languages leaves out
  uint64_t bytes = 0;     // record bytes read (after decompression)
  size_t inputs = 0;
  double seconds = 0;
  bool rejects_written = false;
  // The run's first reject, which a run that accepted nothing names.
  struct Reject {
    std::string input;
    uint64_t line = 0;
    std::string reason;
  };
  Reject first_reject;
};

// Called from the pipeline's output thread about every 250 ms, and once at
// the end with done = true.
using ProgressFn = std::function<void(const RunSummary& so_far, bool done)>;

StatusOr<RunSummary> RunAnalyze(Env* env, const Analyzer& analyzer, const AnalyzeJob& job,
                                const ProgressFn& progress = nullptr);

// Opens every file input of `job` once and checks its header (RunAnalyze does
// this first too), so a caller can fail before creating anything of its own.
Status CheckInputs(Env* env, const AnalyzeJob& job);

// One line of the rejects file (NDJSON, newline-terminated):
// {"input":"x.csv","line":12,"reason":"...","raw":"..."}; a record that is not
// valid UTF-8 carries "raw_base64" instead of "raw", so no byte is lost.
void AppendReject(std::string_view input, uint64_t line, std::string_view reason,
                  std::string_view raw, std::string* out);

}  // namespace parley

#endif  // PARLEY_ANALYZE_PIPELINE_H_
