// Throughput of ingest: splitting alone, and splitting plus decoding into
// posts, for CSV and NDJSON inputs of tweet-sized records held in a MemEnv
// (so the file system is not measured). Reports bytes/s and posts/s.
#include <benchmark/benchmark.h>

#include <cstdint>
#include <string>

#include "src/env/env.h"
#include "src/ingest/record_reader.h"

namespace parley {
namespace {

constexpr int kPosts = 50000;
constexpr size_t kBatchBytes = 1 << 20;

constexpr const char* kWords[] = {
    "flight", "delayed", "again", "@united", "thanks", "crew", "gate",   "bag",   "lost",
    "#fail",  "great",   "service", "why",   "hours", "seat",  "refund", "love", "never",
    "the",    "a",       "to",      "my",    "is",    "on",    "for",    "and",  "you"};

// A deterministic generator so every run measures the same bytes.
class Rng {
 public:
  uint32_t Next() {
    state_ = state_ * 6364136223846793005ull + 1442695040888963407ull;
    return static_cast<uint32_t>(state_ >> 33);
  }

 private:
  uint64_t state_ = 42;
};

// About 110 characters of words; every 8th text has a comma and quotes, and
// every 50th a newline, so CSV quoting paths are exercised as in real exports.
std::string TweetText(Rng* rng, int i) {
  std::string text;
  while (text.size() < 100) {
    text += kWords[rng->Next() % std::size(kWords)];
    text += ' ';
  }
  if (i % 8 == 0) text += "so, \"on time\" huh";
  if (i % 50 == 0) text += "\nsecond line";
  return text;
}

std::string CsvQuote(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::string JsonQuote(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out + "\"";
}

std::string MakeCsv() {
  Rng rng;
  std::string csv = "id,author,created_at,text,likes,shares,lang,place\n";
  for (int i = 0; i < kPosts; ++i) {
    std::string text = TweetText(&rng, i);
    bool quote = text.find_first_of(",\"\n") != std::string::npos;
    csv += std::to_string(570306133677760513ull + i) + ",user" + std::to_string(i % 5000) +
           ",2015-02-24 10:15:29 -0800," + (quote ? CsvQuote(text) : text) + "," +
           std::to_string(i % 40) + "," + std::to_string(i % 7) + ",en,Boston\n";
  }
  return csv;
}

std::string MakeNdjson() {
  Rng rng;
  std::string out;
  for (int i = 0; i < kPosts; ++i) {
    out += "{\"id\":" + std::to_string(570306133677760513ull + i) + ",\"author\":\"user" +
           std::to_string(i % 5000) +
           "\",\"created_at\":\"2015-02-24T18:15:29Z\",\"text\":" + JsonQuote(TweetText(&rng, i)) +
           ",\"likes\":" + std::to_string(i % 40) + ",\"shares\":" + std::to_string(i % 7) +
           ",\"lang\":\"en\",\"place\":\"Boston\"}\n";
  }
  return out;
}

Env* BenchEnv() {
  static Env* env = [] {
    Env* e = NewMemEnv().release();
    (void)WriteStringToFile(e, MakeCsv(), "posts.csv");
    (void)WriteStringToFile(e, MakeNdjson(), "posts.ndjson");
    return e;
  }();
  return env;
}

ReaderOptions GenericOptions() {
  ReaderOptions options;
  options.field_map = *MakeFieldMap("generic", {});
  return options;
}

void Report(benchmark::State& state, int64_t bytes, int64_t posts) {
  state.SetBytesProcessed(bytes);
  state.SetItemsProcessed(posts);
  state.counters["posts/s"] = benchmark::Counter(static_cast<double>(posts),
                                                 benchmark::Counter::kIsRate);
}

// False at the end of input or on an error, which ends the benchmark.
bool NextBatch(benchmark::State& state, RecordReader* reader, RecordBatch* batch) {
  StatusOr<bool> more = reader->NextBatch(kBatchBytes, batch);
  if (!more.ok()) state.SkipWithError(more.status().ToString().c_str());
  return more.ok() && *more;
}

// Splitting only: what the single reader thread costs.
void BM_Split(benchmark::State& state, const char* path) {
  Env* env = BenchEnv();
  int64_t bytes = 0;
  int64_t posts = 0;
  RecordBatch batch;
  for (auto _ : state) {
    auto reader = OpenRecordReader(env, path, GenericOptions());
    if (!reader.ok()) {
      state.SkipWithError(reader.status().ToString().c_str());
      return;
    }
    while (NextBatch(state, reader->get(), &batch)) {
      bytes += static_cast<int64_t>(batch.bytes.size());
      posts += static_cast<int64_t>(batch.records.size());
    }
  }
  Report(state, bytes, posts);
}

// Splitting and decoding every record into one reused Post.
void BM_ReadDecode(benchmark::State& state, const char* path) {
  Env* env = BenchEnv();
  int64_t bytes = 0;
  int64_t posts = 0;
  RecordBatch batch;
  Post post;
  std::string reason;
  std::unique_ptr<DecodeScratch> scratch;
  for (auto _ : state) {
    auto reader = OpenRecordReader(env, path, GenericOptions());
    if (!reader.ok()) {
      state.SkipWithError(reader.status().ToString().c_str());
      return;
    }
    while (NextBatch(state, reader->get(), &batch)) {
      if (scratch == nullptr) scratch = batch.decoder->NewScratch();
      for (const RawRecord& r : batch.records) {
        post.Clear();
        if (!batch.decoder->Decode(batch.raw(r), scratch.get(), &post, &reason)) {
          state.SkipWithError(reason.c_str());
          return;
        }
        benchmark::DoNotOptimize(post.created_at_ms);
      }
      bytes += static_cast<int64_t>(batch.bytes.size());
      posts += static_cast<int64_t>(batch.records.size());
    }
  }
  Report(state, bytes, posts);
}

BENCHMARK_CAPTURE(BM_Split, csv, "posts.csv")->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_Split, ndjson, "posts.ndjson")->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_ReadDecode, csv, "posts.csv")->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_ReadDecode, ndjson, "posts.ndjson")->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace parley
