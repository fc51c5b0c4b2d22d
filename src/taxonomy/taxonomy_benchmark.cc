// Tagging throughput: what a taxonomy of 100 or 10,000 phrases adds to the
// per-post work of the analyzer (tokenize + VADER), against no taxonomy.
// The bar: with 10,000 phrases, within 20% of the no-taxonomy rate.
// bench/taxonomy.sh runs this and prints the ratios; BM_Tag times the tagger
// alone.
//
//   taxonomy_benchmark --benchmark_filter=Analyze
#include <benchmark/benchmark.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <random>

#include "src/taxonomy/tagger.h"
#include "src/text/vader.h"

namespace parley {
namespace {

constexpr const char* kCommon[] = {
    "the", "my", "flight", "was", "and", "to", "a", "is", "for", "on", "again", "today",
    "gate", "please", "why", "thanks", "great", "awful", "still", "no", "one", "answers",
    "seat", "bag", "delay", "crew", "lovely", "but", "wifi", "refund", "$49", "@SkyloftAir",
    "#travel", "waiting", "hours", "never", "again", "love", "this", "airline", "!", "?", "."};

std::string Syllables(std::mt19937& rng, int n) {
  static const char* kSyl[] = {"ka", "lo", "mi", "ra", "ten", "vu", "sor", "pel", "din", "qua",
                               "ber", "zon", "ti", "gra", "fel", "nor"};
  std::string w;
  for (int i = 0; i < n; ++i) w += kSyl[rng() % std::size(kSyl)];
  return w;
}

// A taxonomy of `phrases` phrases (made-up words, one to three per phrase)
// over 100 topics, plus ten real topics so posts do match.
std::string MakeTaxonomy(int phrases) {
  std::mt19937 rng(42);
  std::string toml = "[brands.skyloft]\nhandles = [\"@SkyloftAir\"]\n"
                     "[topics.delay]\nphrases = [\"delay\", \"late\"]\n"
                     "[topics.staff]\nphrases = [\"crew\", \"staff\"]\n"
                     "[topics.wifi]\nphrases = [\"wifi\"]\n"
                     "[topics.baggage]\nphrases = [\"bag\", \"luggage\"]\n";
  for (int t = 0; t < 100 && phrases > 0; ++t) {
    toml += "[topics.t" + std::to_string(t) + "]\nphrases = [";
    for (int i = t; i < phrases; i += 100) {
      int words = 1 + static_cast<int>(rng() % 3);
      std::string p;
      for (int k = 0; k < words; ++k) p += (k ? " " : "") + Syllables(rng, 2 + rng() % 2);
      toml += "\"" + p + "\",";
    }
    toml += "]\n";
  }
  return toml;
}

std::vector<std::string> MakePosts() {
  std::mt19937 rng(1);
  std::vector<std::string> posts;
  for (int i = 0; i < 2000; ++i) {
    std::string text;
    int n = 8 + static_cast<int>(rng() % 20);
    for (int k = 0; k < n; ++k) text += std::string(k ? " " : "") + kCommon[rng() % std::size(kCommon)];
    posts.push_back(text);
  }
  return posts;
}

std::string LexiconPath() {
  if (const char* dir = std::getenv("PARLEY_DATA_DIR")) return std::string(dir) + "/vader_lexicon.txt";
  std::filesystem::path exe = std::filesystem::read_symlink("/proc/self/exe");
  return (exe.parent_path() / ".." / ".." / "share" / "parley" / "vader_lexicon.txt").string();
}

class Scorer final : public SentimentScorer {
 public:
  Scorer(const VaderModel& m, VaderScratch* s) : model_(m), scratch_(s) {}
  Sentiment Score(std::string_view text) const override {
    return Label(model_.Score(text, scratch_).compound);
  }
  // As the analyzer does: the post was scored just before it is tagged.
  Sentiment ScoreSpan(std::string_view text, size_t begin, size_t end) const override {
    return Label(model_.ScoreSpan(text, begin, end, scratch_).compound);
  }

 private:
  static Sentiment Label(double score) {
    Sentiment s;
    s.score = score;
    s.label = s.score >= 0.05    ? SentimentLabel::kPositive
              : s.score <= -0.05 ? SentimentLabel::kNegative
                                 : SentimentLabel::kNeutral;
    return s;
  }

  const VaderModel& model_;
  VaderScratch* scratch_;
};

// range(0): phrases (0 = no taxonomy); range(1): 0 Hyperscan, 1 RE2.
void BM_Analyze(benchmark::State& state) {
  auto lexicon = VaderLexicon::Load(LexiconPath());
  if (!lexicon.ok()) {
    state.SkipWithError(lexicon.status().message().c_str());
    return;
  }
  VaderModel model(std::make_shared<VaderLexicon>(std::move(lexicon).value()), VaderOptions{});
  std::unique_ptr<Tagger> tagger;
  int phrases = static_cast<int>(state.range(0));
  // re2:0 is the default engine (the token automaton for phrases, a test of
  // each token for the built-in question pattern, no regex scan); re2:1 puts
  // every phrase and pattern in RE2.
  MatchEngine engine = state.range(1) ? MatchEngine::kRe2 : MatchEngine::kAuto;
  if (phrases > 0) {
    auto t = Tagger::Create(ParseTaxonomy(MakeTaxonomy(phrases), "bench").value(),
                            TaggerOptions{engine});
    if (!t.ok()) {
      state.SkipWithError(t.status().message().c_str());
      return;
    }
    tagger = std::move(t).value();
  }
  std::vector<std::string> posts = MakePosts();
  Tokenizer tokenizer;
  std::vector<Token> tokens;
  VaderScratch scratch;
  Scorer scorer(model, &scratch);
  Analysis a;
  std::vector<TagGate::Hit> hits;
  size_t i = 0, bytes = 0;
  for (auto _ : state) {
    const std::string& text = posts[i++ % posts.size()];
    a.sentiment = scorer.Score(text);
    tokens.clear();
    // As the analyzer does: without a taxonomy, or for a post the gate
    // turns away or tags from the chunks around intents' cues
    // (Tagger::TagIntents()), only the chunks that may hold a cue are
    // tokenized.
    TagGate::Verdict verdict = TagGate::Verdict::kNo;
    if (tagger) {
      verdict = tagger->Check(text, a.sentiment.label, &hits);
      if (verdict == TagGate::Verdict::kIntents && !tagger->TagIntents(text, hits, tokenizer, &a)) {
        verdict = TagGate::Verdict::kMaybe;
      }
    }
    if (verdict == TagGate::Verdict::kMaybe) {
      tokenizer.Tokenize(text, &tokens);
      tagger->Tag(text, tokens, scorer, &a);
    } else {
      tokenizer.CueTokens(text, &tokens);
    }
    benchmark::DoNotOptimize(a);
    bytes += text.size();
  }
  state.counters["posts/s"] = benchmark::Counter(static_cast<double>(state.iterations()),
                                                 benchmark::Counter::kIsRate);
  state.counters["MB/s"] = benchmark::Counter(static_cast<double>(bytes) / 1e6,
                                              benchmark::Counter::kIsRate);
  if (tagger) state.counters["patterns"] = static_cast<double>(tagger->pattern_count());
}
// The tagger alone, on posts already tokenized and scored: what a taxonomy
// of 10,000 phrases adds per post (range(0) as above; Hyperscan).
void BM_Tag(benchmark::State& state) {
  auto lexicon = VaderLexicon::Load(LexiconPath());
  if (!lexicon.ok() || !HyperscanAvailable()) {
    state.SkipWithError(lexicon.ok() ? "no Hyperscan in this build" : "no lexicon");
    return;
  }
  VaderModel model(std::make_shared<VaderLexicon>(std::move(lexicon).value()), VaderOptions{});
  auto tagger = Tagger::Create(ParseTaxonomy(MakeTaxonomy(10000), "bench").value(),
                               TaggerOptions{MatchEngine::kAuto});
  if (!tagger.ok()) {
    state.SkipWithError(tagger.status().message().c_str());
    return;
  }
  std::vector<std::string> posts = MakePosts();
  std::vector<std::vector<Token>> tokens(posts.size());
  std::vector<Sentiment> sentiments(posts.size());
  VaderScratch scratch;
  Scorer scorer(model, &scratch);
  Tokenizer tokenizer;
  for (size_t k = 0; k < posts.size(); ++k) {
    tokenizer.Tokenize(posts[k], &tokens[k]);
    sentiments[k] = scorer.Score(posts[k]);
  }
  Analysis a;
  size_t i = 0;
  for (auto _ : state) {
    size_t k = i++ % posts.size();
    a.sentiment = sentiments[k];
    (*tagger)->Tag(posts[k], tokens[k], scorer, &a);
    benchmark::DoNotOptimize(a);
  }
  state.counters["posts/s"] = benchmark::Counter(static_cast<double>(state.iterations()),
                                                 benchmark::Counter::kIsRate);
}
BENCHMARK(BM_Tag)->Unit(benchmark::kMicrosecond);

BENCHMARK(BM_Analyze)
    ->ArgNames({"phrases", "re2"})
    ->Args({0, 0})
    ->Args({100, 0})
    ->Args({10000, 0})
    ->Args({100, 1})
    ->Args({10000, 1})
    ->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace parley
