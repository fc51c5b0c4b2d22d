// Micro-benchmarks of sentiment scoring on tweet-like texts: VADER's rules
// alone (VaderModel::Score), and the whole per-post analysis the pipeline runs
// (Analyzer::Analyze: sentiment plus mentions, hashtags, URLs and emoji).
// Reports posts/s and text bytes/s; the lexicon is the installed
// vader_lexicon.txt (set PARLEY_DATA_DIR to use another copy).
#include <benchmark/benchmark.h>

#include <memory>
#include <string>
#include <vector>

#include "bench/tweet_texts.h"
#include "parley/engine.h"
#include "src/text/vader.h"

namespace parley::bench {
namespace {

// A power of two, so the benchmark loop can wrap its index with a mask.
constexpr size_t kTexts = 4096;

const std::vector<std::string>& Texts() {
  static const auto* texts = new std::vector<std::string>(TweetTexts(kTexts));
  return *texts;
}

using LexiconPtr = std::shared_ptr<const VaderLexicon>;

StatusOr<LexiconPtr> LoadLexicon() {
  PARLEY_ASSIGN_OR_RETURN(std::string path, FindDataFile("vader_lexicon.txt"));
  PARLEY_ASSIGN_OR_RETURN(VaderLexicon lexicon, VaderLexicon::Load(path));
  return LexiconPtr(std::make_shared<const VaderLexicon>(std::move(lexicon)));
}

// Loaded once per process: loading is not what these benchmarks measure.
const StatusOr<LexiconPtr>& Lexicon() {
  static const auto* lexicon = new StatusOr<LexiconPtr>(LoadLexicon());
  return *lexicon;
}

// Items are posts and bytes are text bytes, so the rates read as posts/s and
// B/s of text; posts_per_s repeats the item rate under the name compare.sh uses.
void ReportThroughput(benchmark::State& state, uint64_t bytes) {
  state.SetItemsProcessed(state.iterations());
  state.SetBytesProcessed(static_cast<int64_t>(bytes));
  state.counters["posts_per_s"] =
      benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}

// One text per iteration; range(0) = 1 scores emoji by their names (parley's
// default), 0 ignores them (the npm package's behaviour).
void BM_VaderScore(benchmark::State& state) {
  const StatusOr<LexiconPtr>& lexicon = Lexicon();
  if (!lexicon.ok()) {
    state.SkipWithError(lexicon.status().ToString().c_str());
    return;
  }
  VaderModel model(*lexicon, VaderOptions{.emoji = state.range(0) != 0});
  VaderScratch scratch;
  const std::vector<std::string>& texts = Texts();
  uint64_t bytes = 0;
  size_t i = 0;
  for (auto _ : state) {
    const std::string& text = texts[i++ & (kTexts - 1)];
    benchmark::DoNotOptimize(model.Score(text, &scratch));
    bytes += text.size();
  }
  ReportThroughput(state, bytes);
}
BENCHMARK(BM_VaderScore)->ArgName("emoji")->Arg(1)->Arg(0);

// One post per iteration through the analyzer the pipeline uses.
void BM_Analyze(benchmark::State& state) {
  StatusOr<std::unique_ptr<Analyzer>> analyzer = Analyzer::Create(AnalyzerOptions());
  if (!analyzer.ok()) {
    state.SkipWithError(analyzer.status().ToString().c_str());
    return;
  }
  std::vector<Post> posts(kTexts);
  for (size_t i = 0; i < kTexts; ++i) posts[i].text = Texts()[i];
  Analysis analysis;
  uint64_t bytes = 0;
  size_t i = 0;
  for (auto _ : state) {
    const Post& post = posts[i++ & (kTexts - 1)];
    (*analyzer)->Analyze(post, &analysis);
    benchmark::DoNotOptimize(analysis);
    bytes += post.text.size();
  }
  ReportThroughput(state, bytes);
}
BENCHMARK(BM_Analyze);

}  // namespace
}  // namespace parley::bench
