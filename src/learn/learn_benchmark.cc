// Learned-model throughput on generated tweet-like posts: feature extraction
// (which includes the lexicon score), prediction, and one training epoch. Reports
// posts/s (items) and bytes/s. A tiny built-in lexicon keeps it free of data
// files, so the lexicon's share is smaller than with the real one.
#include <benchmark/benchmark.h>

#include <memory>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "src/learn/trainer.h"

namespace parley::learn {
namespace {

constexpr std::string_view kPieces[] = {
    "the",     "and",    "I",         "love",   "this",   "flight", "but",    "crew",
    "was",     "so",     "bad",       "never",  "again",  "agent",  "great",  "today",
    "why",     "don't",  "delayed",   "thanks", "SOOOO",  "happy",  "worst",  "ever",
    "@united", "#fail",  "https://t.co/Ab3dEf9x", "3.50", "!!!",    "?",      ",",
    ":)",      "😂",     "lost",      "bag",    "gate",   "seat",   "upgrade", "rude"};

struct Fixture {
  Fixture() {
    auto lexicon = VaderLexicon::Parse(
        "love\t3.2\t0.4\t[3]\ngreat\t3.1\t0.8\t[3]\nbad\t-2.5\t0.7\t[-2]\n"
        "worst\t-3.1\t0.9\t[-3]\nhappy\t2.7\t0.5\t[3]\nrude\t-2.0\t0.6\t[-2]\n",
        "bench");
    vader = std::make_unique<VaderModel>(std::make_shared<const VaderLexicon>(std::move(*lexicon)),
                                         VaderOptions{});
    extractor = std::make_unique<FeatureExtractor>(FeatureConfig{}, vader.get());
    std::mt19937 rng(42);
    for (int i = 0; i < 2000; ++i) {
      std::string post;
      for (int k = 8 + static_cast<int>(rng() % 15); k > 0; --k) {
        if (!post.empty()) post.push_back(' ');
        post.append(kPieces[rng() % std::size(kPieces)]);
      }
      bytes += static_cast<int64_t>(post.size());
      texts.push_back(std::move(post));
      labels.push_back(static_cast<int>(rng() % 3));
    }
    x = Featurize(*extractor, texts, 1);
  }

  void Report(benchmark::State& state) const {
    state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(texts.size()));
    state.SetBytesProcessed(state.iterations() * bytes);
  }

  std::unique_ptr<VaderModel> vader;
  std::unique_ptr<FeatureExtractor> extractor;
  std::vector<std::string> texts;
  std::vector<int> labels;
  std::vector<FeatureVector> x;
  int64_t bytes = 0;
};

const Fixture& Shared() {
  static const Fixture* fixture = new Fixture();
  return *fixture;
}

LinearModel TrainedModel(int epochs) {
  const Fixture& f = Shared();
  TrainOptions o;
  o.epochs = epochs;
  o.calibration_folds = 0;
  TrainReport report;
  return *Train(f.x, f.labels, AllRows(f.x.size()), o, &report);
}

void BM_Extract(benchmark::State& state) {
  const Fixture& f = Shared();
  FeatureScratch scratch;
  FeatureVector x;
  for (auto _ : state) {
    for (const std::string& text : f.texts) {
      f.extractor->Extract(text, &scratch, &x);
      benchmark::DoNotOptimize(x.hashed.data());
    }
  }
  f.Report(state);
}
BENCHMARK(BM_Extract);

void BM_Predict(benchmark::State& state) {
  const Fixture& f = Shared();
  const LinearModel model = TrainedModel(2);
  for (auto _ : state) {
    for (const FeatureVector& x : f.x) benchmark::DoNotOptimize(model.Predict(x));
  }
  f.Report(state);
}
BENCHMARK(BM_Predict);

// Prediction's path as analyze runs it: features summed straight into the
// packed rows (with the word cache warm after the first pass), then the
// calibrated probabilities. Compare with BM_Extract + BM_Predict.
void BM_ExtractSumsAndPredict(benchmark::State& state) {
  const Fixture& f = Shared();
  LinearModel model = TrainedModel(2);
  model.Pack();
  FeatureScratch scratch;
  FeatureVector x;
  for (auto _ : state) {
    for (const std::string& text : f.texts) {
      f.extractor->ExtractSums(text, model.packed, &scratch, &x);
      benchmark::DoNotOptimize(model.Predict(x));
    }
  }
  f.Report(state);
}
BENCHMARK(BM_ExtractSumsAndPredict);

// One epoch of AdaGrad over the 2,000 posts (model allocation included).
void BM_TrainEpoch(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(TrainedModel(1).weights.data());
  Shared().Report(state);
}
BENCHMARK(BM_TrainEpoch);

}  // namespace
}  // namespace parley::learn
