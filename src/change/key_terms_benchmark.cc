// Key terms (`parley terms`, the report's section, /api/key_terms, the
// Python binding): counting a post's terms (KeyTermCounts::Add, what a
// scan of the store or a Dask partition pays a post) and testing the
// counts (TestKeyTerms, paid once a question), on generated complaints and
// other posts with a few shares among them.
#include <benchmark/benchmark.h>

#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "src/change/key_terms.h"

namespace parley::change {
namespace {

constexpr std::string_view kWords[] = {
    "the",      "my",     "flight", "was",     "and",      "to",      "a",       "is",
    "for",      "on",     "again",  "today",   "gate",     "please",  "why",     "thanks",
    "great",    "still",  "no",     "one",     "answers",  "seat",    "bag",     "delayed",
    "crew",     "lovely", "but",    "wifi",    "refund",   "I",       "The",     "hours",
    "never",    "love",   "this",   "airline", "customer", "service", "#fail",   "lounge",
    "boarding", "pass",   "app",    "crashed", "baggage",  "claim",   "waiting", "Café",
};

struct Sample {
  std::vector<std::string> texts;
  std::vector<char> negative;
};

// `n` posts of 6 to 30 words, a third negative; one in twenty a share.
Sample MakePosts(int n) {
  std::mt19937 rng(7);
  Sample s;
  for (int i = 0; i < n; ++i) {
    std::string post = rng() % 20 == 0 ? "RT @vera: " : "";
    const int words = 6 + static_cast<int>(rng() % 25);
    for (int k = 0; k < words; ++k) {
      if (k > 0) post.push_back(' ');
      post.append(kWords[rng() % std::size(kWords)]);
    }
    s.texts.push_back(std::move(post));
    s.negative.push_back(rng() % 3 == 0);
  }
  return s;
}

void BM_KeyTermCountsAdd(benchmark::State& state) {
  const Sample posts = MakePosts(2000);
  int64_t bytes = 0;
  for (const std::string& t : posts.texts) bytes += static_cast<int64_t>(t.size());
  for (auto _ : state) {
    KeyTermCounts counts;
    for (size_t i = 0; i < posts.texts.size(); ++i) counts.Add(posts.texts[i], posts.negative[i]);
    benchmark::DoNotOptimize(counts.terms().size());
  }
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(posts.texts.size()));
  state.SetBytesProcessed(state.iterations() * bytes);
}
BENCHMARK(BM_KeyTermCountsAdd);

// The test of the counts of state.range(0) posts.
void BM_TestKeyTerms(benchmark::State& state) {
  const Sample posts = MakePosts(static_cast<int>(state.range(0)));
  KeyTermCounts counts;
  for (size_t i = 0; i < posts.texts.size(); ++i) counts.Add(posts.texts[i], posts.negative[i]);
  KeyTermsOptions o;
  for (auto _ : state) {
    KeyTermsResult r;
    TestKeyTerms(counts, o, nullptr, &r);
    benchmark::DoNotOptimize(r.tested);
  }
  state.counters["terms"] = static_cast<double>(counts.terms().size());
}
BENCHMARK(BM_TestKeyTerms)->Arg(10000)->Arg(100000);

}  // namespace
}  // namespace parley::change
