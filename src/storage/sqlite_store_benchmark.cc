// The SQLite store's write path alone, without reading or analysis:
//   BM_WriteFresh     posts into a new database, in batches (one transaction
//                     each), or as parley ingest writes them (bulk: groups of
//                     batches, reader indexes built at the end)
//   BM_WriteUnchanged the same posts again (every one found unchanged)
// Posts are tweet-sized with generated texts, 20,000 authors drawn Zipf-like
// and times over 30 days, like bench/make_posts.py. Reports posts/s.
#include <benchmark/benchmark.h>
#include <unistd.h>

#include <filesystem>
#include <random>

#include "src/storage/store.h"

namespace parley {
namespace {

namespace fs = std::filesystem;

struct Corpus {
  std::vector<Post> posts;
  std::vector<Analysis> analyses;
};

const Corpus& MakeCorpus(int n) {
  static Corpus c;
  if (static_cast<int>(c.posts.size()) == n) return c;
  static const char* kWords[] = {"the", "flight", "was", "late", "again", "great", "crew",
                                 "thanks", "worst", "service", "bag", "lost", "love", "gate"};
  std::mt19937_64 rng(42);
  std::uniform_int_distribution<int> word(0, 13), len(8, 20), label(0, 2);
  c.posts.assign(n, Post());
  c.analyses.assign(n, Analysis());
  for (int i = 0; i < n; ++i) {
    Post& p = c.posts[i];
    p.source = "twitter";
    p.id = std::to_string(1760000000000000000 + i);
    // Zipf-like: a few authors post a lot.
    double u = std::uniform_real_distribution<double>(0, 1)(rng);
    p.author = "user" + std::to_string(static_cast<int>(20000 * u * u * u));
    p.created_at_ms = 1709251200000 + static_cast<int64_t>(i) * 30 * 24 * 3600 * 1000 / n;
    for (int w = len(rng); w > 0; --w) p.text.append(kWords[word(rng)]).push_back(' ');
    p.text += "@united #travel";
    Analysis& a = c.analyses[i];
    a.sentiment.label = SentimentLabel(label(rng));
    a.sentiment.score = (static_cast<int>(a.sentiment.label) - 1) * 0.4321;
    a.mentions = {"@united"};
    a.hashtags = {"#travel"};
  }
  return c;
}

std::string FreshPath() {
  std::string path = (fs::temp_directory_path() /
                      ("parley_store_bench_" + std::to_string(getpid()) + ".db")).string();
  for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(path + suffix);
  return path;
}

void WriteAll(Store* store, const Corpus& c, size_t batch) {
  IngestStats stats;
  for (size_t at = 0; at < c.posts.size(); at += batch) {
    size_t n = std::min(batch, c.posts.size() - at);
    Status s = store->WriteBatch(std::span(c.posts).subspan(at, n),
                                 std::span(c.analyses).subspan(at, n), &stats);
    if (!s.ok()) std::abort();
  }
}

void BM_WriteFresh(benchmark::State& state) {
  const Corpus& c = MakeCorpus(static_cast<int>(state.range(0)));
  for (auto _ : state) {
    state.PauseTiming();
    StoreOptions options;
    options.path = FreshPath();
    options.bulk_load = state.range(2) != 0;
    auto store = std::move(OpenStore(options)).value();
    state.ResumeTiming();
    WriteAll(store.get(), c, static_cast<size_t>(state.range(1)));
    (void)store->Close();
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
  state.counters["posts_per_s"] = benchmark::Counter(
      static_cast<double>(state.iterations() * state.range(0)), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_WriteFresh)
    ->ArgsProduct({{200000}, {5000, 25000}, {0, 1}})
    ->ArgNames({"posts", "batch", "bulk"})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

void BM_WriteUnchanged(benchmark::State& state) {
  const Corpus& c = MakeCorpus(static_cast<int>(state.range(0)));
  StoreOptions options;
  options.path = FreshPath();
  auto store = std::move(OpenStore(options)).value();
  WriteAll(store.get(), c, 25000);
  for (auto _ : state) WriteAll(store.get(), c, 25000);
  state.SetItemsProcessed(state.iterations() * state.range(0));
  state.counters["posts_per_s"] = benchmark::Counter(
      static_cast<double>(state.iterations() * state.range(0)), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_WriteUnchanged)->Arg(200000)->ArgName("posts")->Unit(benchmark::kMillisecond)
    ->UseRealTime();

}  // namespace
}  // namespace parley
