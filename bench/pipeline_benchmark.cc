// The whole `parley analyze` pipeline on one thread, in memory: split the CSV
// into records, decode each into a Post, tokenize and score it, format the
// enriched record and write it. An in-memory Env keeps disk speed out of the
// numbers, so they show what the code costs. Reports posts/s and input B/s.
#include <benchmark/benchmark.h>

#include <memory>
#include <string>
#include <vector>

#include "bench/tweet_texts.h"
#include "parley/engine.h"
#include "src/analyze/pipeline.h"
#include "src/env/env.h"
#include "src/ingest/field_map.h"

namespace parley::bench {
namespace {

constexpr char kInput[] = "posts.csv";

// Everything a run needs, built outside the timed loop.
struct Setup {
  std::unique_ptr<Env> env = NewMemEnv();
  std::unique_ptr<Analyzer> analyzer;
  AnalyzeJob job;
  uint64_t input_bytes = 0;
};

Status Prepare(size_t posts, OutputFormat format, Setup* setup) {
  std::string csv = PostsCsv(TweetTexts(posts));
  setup->input_bytes = csv.size();
  PARLEY_RETURN_IF_ERROR(WriteStringToFile(setup->env.get(), csv, kInput));
  PARLEY_ASSIGN_OR_RETURN(setup->analyzer, Analyzer::Create(AnalyzerOptions()));
  AnalyzeJob& job = setup->job;
  job.inputs = {kInput};
  PARLEY_ASSIGN_OR_RETURN(job.reader.field_map, MakeFieldMap("generic", {}));
  job.output.format = format;
  job.output_path = format == OutputFormat::kCsv ? "out.csv" : "out.ndjson";
  job.rejects_path = "rejects.ndjson";
  job.threads = 1;
  return Status::OK();
}

// One iteration analyzes range(0) posts; range(1) is the output format
// (0 = NDJSON, 1 = CSV).
void BM_AnalyzePipeline(benchmark::State& state) {
  const auto posts = static_cast<size_t>(state.range(0));
  Setup setup;
  Status s = Prepare(posts, state.range(1) ? OutputFormat::kCsv : OutputFormat::kNdjson, &setup);
  if (!s.ok()) {
    state.SkipWithError(s.ToString().c_str());
    return;
  }
  for (auto _ : state) {
    StatusOr<RunSummary> summary = RunAnalyze(setup.env.get(), *setup.analyzer, setup.job);
    if (!summary.ok() || summary->accepted != posts) {
      state.SkipWithError(summary.ok() ? "some posts were rejected"
                                       : summary.status().ToString().c_str());
      return;
    }
  }
  const auto items = static_cast<int64_t>(state.iterations() * posts);
  state.SetItemsProcessed(items);
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * setup.input_bytes));
  state.counters["posts_per_s"] =
      benchmark::Counter(static_cast<double>(items), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_AnalyzePipeline)
    ->ArgNames({"posts", "csv_out"})
    ->Args({20000, 0})
    ->Args({20000, 1})
    ->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace parley::bench
