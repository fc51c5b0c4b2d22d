#include <gtest/gtest.h>

#include <algorithm>
#include <cstring>
#include <memory>
#include <numeric>
#include <string>
#include <vector>

#include "src/core/random.h"
#include "src/env/env.h"
#include "src/ingest/field_map.h"
#include "src/learn/calibration.h"
#include "src/learn/evaluation.h"
#include "src/learn/features.h"
#include "src/learn/labeled_data.h"
#include "src/learn/model_file.h"
#include "src/learn/trainer.h"

namespace parley::learn {
namespace {

// A tiny lexicon is enough for the dense features; no installed data needed.
std::shared_ptr<const VaderLexicon> TinyLexicon() {
  auto lexicon = VaderLexicon::Parse(
      "good\t1.9\t0.9\t[2]\ngreat\t3.1\t0.8\t[3]\nbad\t-2.5\t0.7\t[-2]\nawful\t-2.0\t0.9\t[-2]\n",
      "tiny");
  EXPECT_TRUE(lexicon.ok());
  return std::make_shared<const VaderLexicon>(std::move(*lexicon));
}

struct Toy {
  std::vector<std::string> texts;
  std::vector<int> labels;
};

// Three classes told apart by words the tiny lexicon does not know.
Toy ToySet() {
  const char* neg[] = {"delayed again", "lost my bag", "rude staff", "cancelled flight",
                       "worst service"};
  const char* neu[] = {"flight at noon", "which gate", "boarding now", "seat 12a",
                       "landing in boston"};
  const char* pos[] = {"thanks so much", "lovely crew", "smooth landing pleasure",
                       "amazing upgrade", "kind agent"};
  Toy t;
  for (int round = 0; round < 6; ++round) {
    for (int i = 0; i < 5; ++i) {
      const std::string tail = " #" + std::to_string(round);
      t.texts.push_back(neg[i] + tail), t.labels.push_back(0);
      t.texts.push_back(neu[i] + tail), t.labels.push_back(1);
      t.texts.push_back(pos[i] + tail), t.labels.push_back(2);
    }
  }
  return t;
}

class LearnTest : public ::testing::Test {
 protected:
  LearnTest() : vader_(TinyLexicon(), VaderOptions{}), extractor_(config_, &vader_) {}

  LinearModel TrainToy(const TrainOptions& options, TrainReport* report = nullptr) {
    TrainReport ignored;
    auto model = Train(x_, toy_.labels, AllRows(x_.size()), options, report ? report : &ignored);
    EXPECT_TRUE(model.ok()) << model.status().message();
    return std::move(*model);
  }

  FeatureConfig config_ = SmallConfig();
  VaderModel vader_;
  FeatureExtractor extractor_;
  Toy toy_ = ToySet();
  std::vector<FeatureVector> x_ = Featurize(extractor_, toy_.texts, 2);

 private:
  static FeatureConfig SmallConfig() {
    FeatureConfig c;
    c.hash_bits = 12;
    return c;
  }
};

TEST_F(LearnTest, LearnsSeparableToySetPerfectly) {
  TrainOptions o;
  o.features = config_;
  o.calibration_folds = 0;
  o.calibration_fraction = 0;
  o.epochs = 20;
  LinearModel model = TrainToy(o);
  for (size_t i = 0; i < x_.size(); ++i) {
    EXPECT_EQ(ArgMax(model.Predict(x_[i])), toy_.labels[i]) << toy_.texts[i];
  }
}

TEST_F(LearnTest, ProbabilitiesSumToOne) {
  TrainOptions o;
  o.features = config_;
  LinearModel model = TrainToy(o);
  FeatureScratch scratch;
  FeatureVector x;
  for (const char* text : {"", "lost my bag but lovely crew", "GREAT!!! 😂", "???"}) {
    extractor_.Extract(text, &scratch, &x);
    const Probabilities p = model.Predict(x);
    EXPECT_NEAR(p[0] + p[1] + p[2], 1.0, 1e-9) << text;
    for (double v : p) EXPECT_GE(v, 0);
  }
}

TEST_F(LearnTest, DeterministicBySeed) {
  TrainOptions o;
  o.features = config_;
  o.seed = 7;
  const LinearModel a = TrainToy(o), b = TrainToy(o);
  EXPECT_EQ(a.weights, b.weights);
  EXPECT_EQ(a.temperatures, b.temperatures);
  o.seed = 8;
  EXPECT_NE(TrainToy(o).weights, a.weights);
}

TEST_F(LearnTest, FeaturesDoNotDependOnThreads) {
  const std::vector<FeatureVector> one = Featurize(extractor_, toy_.texts, 1);
  for (size_t i = 0; i < one.size(); ++i) EXPECT_EQ(one[i].hashed, x_[i].hashed);
}

TEST_F(LearnTest, HoldsOutACalibrationSlicePerClass) {
  TrainOptions o;
  o.features = config_;
  o.calibration_folds = 0;
  o.calibration_fraction = 0.2;
  TrainReport report;
  TrainToy(o, &report);
  EXPECT_EQ(report.calibration_rows, 18u);  // 20% of 30 in each of 3 classes
  EXPECT_EQ(report.fit_rows, 72u);
  for (float t : report.temperatures) EXPECT_GT(t, 0);
}

TEST_F(LearnTest, CrossFittedCalibrationHoldsOutEveryPostOnce) {
  TrainOptions o;
  o.features = config_;
  o.calibration_folds = 5;
  TrainReport report;
  TrainToy(o, &report);
  EXPECT_EQ(report.calibration_rows, 90u);
  EXPECT_EQ(report.fit_rows, 90u);
  for (float t : report.temperatures) EXPECT_GT(t, 0);
}

TEST_F(LearnTest, CrossFittedModelIsTheMeanOfItsFoldModels) {
  TrainOptions o;
  o.features = config_;
  o.calibration_folds = 3;
  const LinearModel mean = TrainToy(o);
  // The same folds, each model trained alone without calibration.
  const std::vector<int> folds = StratifiedFolds(toy_.labels, 3, o.seed);
  TrainOptions plain = o;
  plain.calibration_folds = 0;
  plain.calibration_fraction = 0;
  std::vector<float> sum(mean.weights.size(), 0.f);
  for (int k = 0; k < 3; ++k) {
    std::vector<size_t> rows;
    for (size_t i = 0; i < folds.size(); ++i) {
      if (folds[i] != k) rows.push_back(i);
    }
    TrainReport report;
    auto model = Train(x_, toy_.labels, rows, plain, &report);
    ASSERT_TRUE(model.ok());
    for (size_t i = 0; i < sum.size(); ++i) sum[i] += model->weights[i] / 3;
  }
  for (size_t i = 0; i < sum.size(); ++i) ASSERT_NEAR(mean.weights[i], sum[i], 1e-5) << i;
}

TEST_F(LearnTest, ModelFileRoundTrips) {
  TrainOptions o;
  o.features = config_;
  LinearModel model = TrainToy(o);
  model.metadata = {{"labels", "negative,neutral,positive"}, {"rows", "90"}};
  auto decoded = DecodeModel(EncodeModel(model), "toy.plm");
  ASSERT_TRUE(decoded.ok()) << decoded.status().message();
  EXPECT_EQ(decoded->weights, model.weights);
  EXPECT_EQ(decoded->temperatures, model.temperatures);
  EXPECT_EQ(decoded->metadata, model.metadata);
  EXPECT_EQ(decoded->config.hash_bits, model.config.hash_bits);
  EXPECT_EQ(decoded->config.char_max, model.config.char_max);
  // Read packed, the rows are those Pack() makes, and no full table is made.
  auto read_packed = DecodeModel(EncodeModel(model), "toy.plm", /*packed=*/true);
  ASSERT_TRUE(read_packed.ok()) << read_packed.status().message();
  LinearModel packed = model;
  packed.Pack();
  EXPECT_TRUE(read_packed->weights.empty());
  EXPECT_EQ(read_packed->packed.values, packed.packed.values);
  EXPECT_EQ(read_packed->packed.tail, packed.packed.tail);
  ASSERT_EQ(read_packed->packed.blocks.size(), packed.packed.blocks.size());
  for (size_t i = 0; i < packed.packed.blocks.size(); ++i) {
    EXPECT_EQ(read_packed->packed.blocks[i].bits, packed.packed.blocks[i].bits);
    EXPECT_EQ(read_packed->packed.blocks[i].before, packed.packed.blocks[i].before);
  }
  EXPECT_EQ(read_packed->temperatures, model.temperatures);
  for (const FeatureVector& x : x_) {
    const auto a = model.Logits(x), b = read_packed->Logits(x);
    for (int k = 0; k < kLabels; ++k) EXPECT_FLOAT_EQ(a[k], b[k]);
  }
}

TEST_F(LearnTest, RejectsForeignTruncatedAndCorruptFiles) {
  TrainOptions o;
  o.features = config_;
  const std::string bytes = EncodeModel(TrainToy(o));
  auto foreign = DecodeModel("__label__positive great\n", "x.bin");
  EXPECT_EQ(foreign.status().code(), StatusCode::kDataLoss);
  EXPECT_NE(foreign.status().message().find("not a parley model file"), std::string::npos);
  for (size_t cut : {size_t{3}, size_t{12}, size_t{30}, bytes.size() - 1}) {
    auto truncated = DecodeModel(bytes.substr(0, cut), "t.plm");
    EXPECT_EQ(truncated.status().code(), StatusCode::kDataLoss) << cut;
  }
  std::string flipped = bytes;
  flipped[bytes.size() / 2] ^= 0x10;
  auto corrupt = DecodeModel(flipped, "c.plm");
  EXPECT_EQ(corrupt.status().code(), StatusCode::kDataLoss);
  EXPECT_NE(corrupt.status().message().find("checksum"), std::string::npos);
  std::string newer = bytes;
  newer[8] = 9;
  EXPECT_EQ(DecodeModel(newer, "n.plm").status().code(), StatusCode::kFailedPrecondition);
  // Version 1 had one temperature, version 2 the old feature hashes: both
  // are a clear "train again", never a model that silently scores wrong.
  for (char version : {1, 2}) {
    std::string older = bytes;
    older[8] = version;
    EXPECT_EQ(DecodeModel(older, "o.plm").status().message(),
              "'o.plm' has model format version " + std::to_string(version) +
                  ", written by an older parley; this parley reads version 3: train the model "
                  "again with parley train");
  }
}

TEST(CalibrationTest, TemperatureUndoesOverconfidence) {
  // Logits scaled up 4x from a calibrated model: the fit should find ~4.
  std::vector<std::array<float, kLabels>> logits;
  std::vector<int> labels;
  Random random(3);
  for (int i = 0; i < 4000; ++i) {
    std::array<float, kLabels> z;
    for (float& v : z) v = static_cast<float>(random.Below(2000)) / 1000.f;
    const Probabilities p = Softmax(z);
    const double u = static_cast<double>(random.Below(1000000)) / 1e6;
    labels.push_back(u < p[0] ? 0 : u < p[0] + p[1] ? 1 : 2);
    for (float& v : z) v *= 4;
    logits.push_back(z);
  }
  EXPECT_NEAR(FitTemperature(logits, labels), 4.0, 0.6);
}

// Calibrated logits (uniform in [0, 2) per class) with labels drawn from
// their softmax, then each scaled by scale[argmax]: a model too sure of some
// predicted classes and not sure enough of others.
void SkewedLogits(const std::array<float, kLabels>& scale,
                  std::vector<std::array<float, kLabels>>* logits, std::vector<int>* labels) {
  Random random(5);
  for (int i = 0; i < 6000; ++i) {
    std::array<float, kLabels> z;
    for (float& v : z) v = static_cast<float>(random.Below(2000)) / 1000.f;
    const Probabilities p = Softmax(z);
    const double u = static_cast<double>(random.Below(1000000)) / 1e6;
    labels->push_back(u < p[0] ? 0 : u < p[0] + p[1] ? 1 : 2);
    const float s = scale[ArgMax(p)];
    for (float& v : z) v *= s;
    logits->push_back(z);
  }
}

TEST(CalibrationTest, ClassTemperaturesUndoOverAndUnderconfidencePerPredictedClass) {
  std::vector<std::array<float, kLabels>> logits;
  std::vector<int> labels;
  SkewedLogits({4, 1, 0.5f}, &logits, &labels);
  const Temperatures t = FitClassTemperatures(logits, labels);
  EXPECT_NEAR(t[0], 4.0, 0.8);
  EXPECT_NEAR(t[1], 1.0, 0.25);
  EXPECT_NEAR(t[2], 0.5, 0.15);
  const double one = FitTemperature(logits, labels);
  EXPECT_LT(MeanNll(logits, labels, t), MeanNll(logits, labels, one));
  for (const auto& z : logits) {
    const int top = static_cast<int>(std::max_element(z.begin(), z.end()) - z.begin());
    EXPECT_EQ(ArgMax(Calibrated(z, t)), top);  // labels never change
  }
}

TEST(CalibrationTest, RarelyPredictedClassTakesTheOverallTemperature) {
  std::vector<std::array<float, kLabels>> logits;
  std::vector<int> labels;
  SkewedLogits({2, 2, 2}, &logits, &labels);
  // Keep only kMinClassCalibration - 1 posts predicted positive.
  std::vector<std::array<float, kLabels>> kept_logits;
  std::vector<int> kept_labels;
  size_t positive = 0;
  for (size_t i = 0; i < logits.size(); ++i) {
    const auto& z = logits[i];
    if (z[2] > z[0] && z[2] > z[1] && ++positive >= kMinClassCalibration) continue;
    kept_logits.push_back(z);
    kept_labels.push_back(labels[i]);
  }
  const Temperatures t = FitClassTemperatures(kept_logits, kept_labels);
  EXPECT_FLOAT_EQ(t[2], static_cast<float>(FitTemperature(kept_logits, kept_labels)));
  EXPECT_NE(t[0], t[2]);
}

TEST(CalibrationTest, EceOfPerfectAndWrongConfidence) {
  std::vector<Probabilities> probs = {{0.9, 0.05, 0.05}, {0.9, 0.05, 0.05}};
  EXPECT_NEAR(MeasureReliability(probs, {0, 0}).ece, 0.1, 1e-12);
  EXPECT_NEAR(MeasureReliability(probs, {1, 1}).ece, 0.9, 1e-12);
  const std::string svg = ReliabilitySvg(MeasureReliability(probs, {0, 1}), "a <model>");
  EXPECT_NE(svg.find("<svg"), std::string::npos);
  EXPECT_NE(svg.find("a &lt;model&gt;"), std::string::npos);
}

TEST(EvaluationTest, PerfectPredictionsScoreOne) {
  const std::vector<int> truth = {0, 1, 2, 2, 1, 0};
  Evaluation e = Evaluate(truth, truth, {}, EvalOptions{});
  EXPECT_DOUBLE_EQ(e.accuracy.estimate, 1);
  EXPECT_DOUBLE_EQ(e.macro_f1.estimate, 1);
  EXPECT_FALSE(e.has_probabilities);
}

TEST(EvaluationTest, KnownConfusion) {
  // truth 0 0 0 1 2, predicted 0 0 1 1 1: P(0)=1 R(0)=2/3, P(1)=1/3 R(1)=1, class 2: 0.
  Evaluation e = Evaluate({0, 0, 0, 1, 2}, {0, 0, 1, 1, 1}, {}, EvalOptions{200, 1, 0.95, 10});
  EXPECT_DOUBLE_EQ(e.accuracy.estimate, 0.6);
  EXPECT_NEAR(e.classes[0].f1.estimate, 0.8, 1e-12);
  EXPECT_NEAR(e.classes[1].f1.estimate, 0.5, 1e-12);
  EXPECT_NEAR(e.macro_f1.estimate, 1.3 / 3, 1e-12);
  EXPECT_EQ(e.confusion.count(2, 1), 1);
  EXPECT_LE(e.macro_f1.low, e.macro_f1.estimate);
  EXPECT_GE(e.macro_f1.high, e.macro_f1.estimate);
  // Seeded: the same intervals every time.
  Evaluation again = Evaluate({0, 0, 0, 1, 2}, {0, 0, 1, 1, 1}, {}, EvalOptions{200, 1, 0.95, 10});
  EXPECT_EQ(again.macro_f1.low, e.macro_f1.low);
  EXPECT_NE(EvaluationJson(e, "m").find("\"macro_f1\""), std::string::npos);
}

TEST(SplitTest, StratifiedSplitAndFolds) {
  std::vector<int> labels;
  for (int i = 0; i < 100; ++i) labels.push_back(i < 60 ? 0 : i < 90 ? 1 : 2);
  auto [kept, held] = StratifiedSplit(labels, AllRows(100), 0.2, 5);
  EXPECT_EQ(held.size(), 20u);
  EXPECT_EQ(kept.size(), 80u);
  const std::vector<int> folds = StratifiedFolds(labels, 5, 5);
  for (int f = 0; f < 5; ++f) EXPECT_EQ(std::count(folds.begin(), folds.end(), f), 20);
  EXPECT_EQ(StratifiedFolds(labels, 5, 5), folds);
}

TEST(LabelMapTest, DefaultsAndSpecs) {
  LabelMap m;
  EXPECT_EQ(m.Find("Negative"), 0);
  EXPECT_EQ(m.Find(" neu "), 1);
  EXPECT_EQ(m.Find("1"), 2);
  EXPECT_EQ(m.Find("4"), std::nullopt);
  ASSERT_TRUE(m.AddSpec("positive=4,5").ok());
  ASSERT_TRUE(m.AddSpec("neg=1,2").ok());
  EXPECT_EQ(m.Find("5"), 2);
  EXPECT_EQ(m.Find("1"), 0);  // overrides the default
  EXPECT_FALSE(m.AddSpec("happy=1").ok());
  EXPECT_FALSE(m.AddSpec("positive").ok());
  // A whole number written as a decimal is the number: a star rating "4.0".
  EXPECT_EQ(m.Find("5.0"), 2);
  EXPECT_EQ(m.Find(" 1.00 "), 0);
  EXPECT_EQ(m.Find("4.5"), std::nullopt);
  EXPECT_EQ(m.Find("1."), 0);
  EXPECT_EQ(m.Find(".0"), std::nullopt);
  EXPECT_EQ(m.Find("-1.0"), 0);  // the default
}

TEST(TrainerTest, EveryClassIsNeeded) {
  EXPECT_TRUE(CheckEveryClass({0, 1, 2, 2}).ok());
  const Status one = CheckEveryClass({2, 2, 2});
  ASSERT_FALSE(one.ok());
  EXPECT_NE(one.message().find("no negative or neutral post to train on (negative 0, neutral 0, "
                               "positive 3)"),
            std::string::npos)
      << one.message();
  const Status none = CheckEveryClass({});
  ASSERT_FALSE(none.ok());
  EXPECT_NE(none.message().find("no negative, neutral or positive post"), std::string::npos);
  EXPECT_NE(CheckEveryClass({0, 2}).message().find("no neutral post"), std::string::npos);
}

TEST(LabelMapTest, AValueGivenTwoClassesIsAnErrorWhateverTheOrder) {
  for (const auto& [first, second] : {std::pair{"negative=1,2", "positive=2,4,5"},
                                      std::pair{"positive=2,4,5", "negative=1,2"}}) {
    LabelMap m;
    ASSERT_TRUE(m.AddSpec(first).ok());
    const Status s = m.AddSpec(second);
    ASSERT_FALSE(s.ok()) << first << " " << second;
    EXPECT_NE(s.message().find("maps '2' to both"), std::string::npos) << s.message();
  }
  LabelMap m;
  ASSERT_TRUE(m.AddSpec("negative=1,2,neutral,2").ok());
  EXPECT_FALSE(m.AddSpec("neu=2").ok());
  LabelMap again;  // the same class twice, or a default overridden, is fine
  EXPECT_TRUE(again.AddSpec("negative=1,2").ok());
  EXPECT_TRUE(again.AddSpec("neg=2,3").ok());
  EXPECT_EQ(again.Find("1"), 0);
}

// Labeled files read through a memory Env, with no id or time (as train's).
StatusOr<LabeledSet> ReadLabeledFiles(const std::vector<std::pair<std::string, std::string>>& files,
                                      const std::string& label_column) {
  static std::unique_ptr<Env> env = NewMemEnv();
  std::vector<std::string> paths;
  for (const auto& [path, contents] : files) {
    EXPECT_TRUE(WriteStringToFile(env.get(), contents, path).ok());
    paths.push_back(path);
  }
  ReaderOptions reader;
  reader.field_map = *MakeFieldMap("auto", {});
  reader.require_identity = false;
  return ReadLabeled(env.get(), paths, reader, label_column, LabelMap());
}

// A label column named outright is read as labels even where "auto" reads
// it as a field: a review export's star rating.
TEST(LabeledDataTest, ANamedLabelColumnIsNotTakenAsAField) {
  static std::unique_ptr<Env> env = NewMemEnv();
  ASSERT_TRUE(
      WriteStringToFile(env.get(),
                        "{\"rating\": 1.0, \"text\": \"Broke in a week\", \"user_id\": \"a\"}\n"
                        "{\"rating\": 5.0, \"text\": \"Love it\", \"user_id\": \"b\"}\n"
                        "{\"rating\": 3.0, \"text\": \"Fine\", \"user_id\": \"c\"}\n",
                        "stars.jsonl")
          .ok());
  ReaderOptions reader;
  reader.field_map = *MakeFieldMap("auto", {});
  reader.require_identity = false;
  LabelMap stars;
  ASSERT_TRUE(stars.AddSpec("negative=1,2").ok());
  ASSERT_TRUE(stars.AddSpec("neutral=3").ok());
  ASSERT_TRUE(stars.AddSpec("positive=4,5").ok());
  auto set = ReadLabeled(env.get(), {"stars.jsonl"}, reader, "rating", stars);
  ASSERT_TRUE(set.ok()) << set.status().ToString();
  EXPECT_EQ(set->labels, (std::vector<int>{0, 2, 1}));
  EXPECT_EQ(set->texts[0], "Broke in a week");
  EXPECT_EQ(StarRatingHint(*set, true), "");
  // Without the map, 1 reads as positive and the others are left out: the
  // run is told they look like stars.
  auto plain = ReadLabeled(env.get(), {"stars.jsonl"}, reader, "rating", LabelMap());
  ASSERT_TRUE(plain.ok()) << plain.status().ToString();
  EXPECT_EQ(plain->other_values, (std::vector<std::string>{"5", "3"}));
  EXPECT_EQ(StarRatingHint(*plain, false),
            "the labels 3, 5 of column 'rating' look like star ratings, which the default labels "
            "do not read (and 1 is positive there, as in -1/0/1): map them, e.g. --labels "
            "negative=1,2 --labels neutral=3 --labels positive=4,5");
  LabeledSet words;
  words.other_values = {"mixed", "5"};
  EXPECT_EQ(StarRatingHint(words, false), "");
}

TEST(LabeledDataTest, AnEmptyFirstLabelNeitherHidesTheColumnNorPicksAnother) {
  // The first row's label is empty: its post has no `label` extra.
  auto set = ReadLabeledFiles({{"first_empty.csv",
                                "text,label\ngreat flight,\nawful delay,negative\n"
                                "lovely crew,positive\nok,whatever\n"}},
                              "");
  ASSERT_TRUE(set.ok()) << set.status().ToString();
  EXPECT_EQ(set->label_column, "label");
  EXPECT_EQ(set->labels, (std::vector<int>{0, 2}));
  EXPECT_EQ(set->empty_labels, 1u);
  EXPECT_EQ(set->other_labels, 1u);
  // A named column, too.
  set = ReadLabeledFiles({{"mood.csv", "text,mood\ngreat flight,\nawful delay,negative\n"}}, "mood");
  ASSERT_TRUE(set.ok()) << set.status().ToString();
  EXPECT_EQ(set->labels, (std::vector<int>{0}));
  EXPECT_EQ(set->empty_labels, 1u);
  // `label` comes before `sentiment`, though only the latter is in row 1.
  set = ReadLabeledFiles({{"two.csv",
                           "text,sentiment,label\nlovely crew,negative,\n"
                           "awful delay,positive,negative\ngreat flight,negative,positive\n"}},
                         "");
  ASSERT_TRUE(set.ok()) << set.status().ToString();
  EXPECT_EQ(set->label_column, "label");
  EXPECT_EQ(set->labels, (std::vector<int>{0, 2}));
  EXPECT_EQ(set->empty_labels, 1u);
  // The usual names in the file's own case and spelling (a spreadsheet's
  // "Tweet,Airline Sentiment"); a column named with --label-col, as named.
  set = ReadLabeledFiles({{"caps.csv", "Tweet,Airline Sentiment\nawful delay,negative\n"}}, "");
  ASSERT_TRUE(set.ok()) << set.status().ToString();
  EXPECT_EQ(set->label_column, "Airline Sentiment");
  EXPECT_EQ(set->texts, (std::vector<std::string>{"awful delay"}));
  EXPECT_EQ(set->labels, (std::vector<int>{0}));
  EXPECT_FALSE(ReadLabeledFiles({{"caps.csv", "Text,Mood\nawful delay,negative\n"}}, "mood").ok());
}

TEST(LabeledDataTest, NdjsonColumnsAreThoseAnyRecordHas) {
  auto set = ReadLabeledFiles(
      {{"two.ndjson",
        "{\"text\":\"lovely crew\",\"sentiment\":\"negative\"}\n"
        "{\"text\":\"awful delay\",\"sentiment\":\"positive\",\"label\":\"negative\"}\n"
        "{\"text\":\"great flight\",\"label\":\"\"}\n"}},
      "");
  ASSERT_TRUE(set.ok()) << set.status().ToString();
  EXPECT_EQ(set->label_column, "label");
  EXPECT_EQ(set->labels, (std::vector<int>{0}));
  EXPECT_EQ(set->empty_labels, 2u);
  set = ReadLabeledFiles({{"mood.ndjson",
                           "{\"text\":\"ok\"}\n{\"text\":\"bad\",\"mood\":\"neg\"}\n"}},
                         "mood");
  ASSERT_TRUE(set.ok()) << set.status().ToString();
  EXPECT_EQ(set->labels, (std::vector<int>{0}));
  EXPECT_EQ(set->empty_labels, 1u);
}

TEST(LabeledDataTest, AColumnNoRecordHasIsAnError) {
  auto set = ReadLabeledFiles({{"nolabel.csv", "text,mood\nawful,negative\n"}}, "");
  ASSERT_FALSE(set.ok());
  EXPECT_NE(set.status().message().find("has no label column"), std::string::npos);
  set = ReadLabeledFiles({{"nomood.ndjson", "{\"text\":\"awful\",\"label\":\"negative\"}\n"}},
                         "mood");
  ASSERT_FALSE(set.ok());
  EXPECT_NE(set.status().message().find("has no column 'mood'"), std::string::npos);
  // In the header, but every cell empty: the column is there, with no label.
  set = ReadLabeledFiles({{"empty.csv", "text,label\nawful,\n"}}, "");
  ASSERT_FALSE(set.ok());
  EXPECT_NE(set.status().message().find("no post has a label"), std::string::npos);
}

}  // namespace
}  // namespace parley::learn

namespace parley::learn {
namespace {

// Prediction's fused path (ExtractSums over packed rows, with its word
// cache) gives the logits of Extract() over the full table.
TEST(FeatureTest, SummedFeaturesGiveTheLogitsOfExtractedOnes) {
  auto lexicon = VaderLexicon::Parse("good\t1.9\t0.9\t[2]\nbad\t-2.5\t0.7\t[-2]\n", "tiny");
  ASSERT_TRUE(lexicon.ok());
  VaderModel vader(std::make_shared<const VaderLexicon>(std::move(*lexicon)), VaderOptions{});
  for (const FeatureConfig config :
       {FeatureConfig{}, FeatureConfig{12, 1, 2, 4, true}, FeatureConfig{10, 2, 3, 3, true},
        FeatureConfig{14, 2, 0, 0, true}, FeatureConfig{12, 2, 1, 8, true}}) {
    FeatureExtractor extractor(config, &vader);
    LinearModel full;
    full.Reset(config);
    Random random(3);
    // Every third row non-zero, so both present and absent rows are read.
    for (size_t r = 0; r < full.Rows(); ++r) {
      if (r % 3 == 0 || r >= full.HashedRows()) {
        for (int k = 0; k < kLabels; ++k) {
          full.weights[r * kLabels + k] = static_cast<float>(random.Below(2001)) / 1000.f - 1.f;
        }
      }
    }
    LinearModel packed = full;
    packed.Pack();
    EXPECT_TRUE(packed.weights.empty());
    const char* texts[] = {"", "not good at ALL!!! @united #fail", "sooooo baaad :( 😂",
                           "Café STRASSE don't never", "good good good good", "a",
                           "the flight was not bad, really https://t.co/x 3.50?",
                           "anextraordinarilylongwordthatthecachedoesnotkeep and again"};
    FeatureScratch a, b;
    FeatureVector x, y;
    for (int round = 0; round < 2; ++round) {  // the second round hits the word cache
      for (const char* text : texts) {
        extractor.Extract(text, &a, &x);
        extractor.ExtractSums(text, packed.packed, &b, &y);
        EXPECT_TRUE(y.summed);
        EXPECT_EQ(y.words, x.words) << text;
        EXPECT_EQ(y.dense, x.dense) << text;
        EXPECT_FLOAT_EQ(y.char_scale, x.char_scale) << text;
        const auto zx = full.Logits(x), zp = packed.Logits(x), zy = packed.Logits(y);
        for (int k = 0; k < kLabels; ++k) {
          EXPECT_NEAR(zp[k], zx[k], 1e-4) << text;
          EXPECT_NEAR(zy[k], zx[k], 1e-4) << text;
        }
      }
    }
  }
}

// Letters only, so the tokenizer takes it as one word: "xa", "xb", ... "xz", "xab".
std::string LetterWord(size_t i) {
  std::string w = "x";
  do {
    w += static_cast<char>('a' + i % 26);
    i /= 26;
  } while (i > 0);
  return w;
}

bool WordCached(const FeatureScratch& s, std::string_view word) {
  const auto [a, b] = WordCacheSlots(word);
  for (size_t slot : {a, b}) {
    const WordCacheEntry& e = s.word_cache[slot];
    if (e.size == word.size() && std::memcmp(e.key, word.data(), word.size()) == 0) return true;
  }
  return false;
}

// `n` words whose first slot is the first slot of LetterWord(0), each with
// a second slot of its own.
std::vector<std::string> WordsSharingASlot(size_t n) {
  std::vector<std::string> words;
  std::vector<size_t> taken = {WordCacheSlots(LetterWord(0)).first};
  for (size_t i = 0; words.size() < n && i < 10000000; ++i) {
    const std::string w = LetterWord(i);
    const auto [a, b] = WordCacheSlots(w);
    if (a != taken[0] || std::find(taken.begin(), taken.end(), b) != taken.end()) continue;
    words.push_back(w);
    taken.push_back(b);
  }
  return words;
}

class WordCacheTest : public ::testing::Test {
 protected:
  WordCacheTest() : vader_(TinyLexicon(), VaderOptions{}), extractor_(FeatureConfig{}, &vader_) {
    model_.Reset(FeatureConfig{});
    model_.Pack();
  }
  void Sum(const std::string& text) { extractor_.ExtractSums(text, model_.packed, &s_, &x_); }

  VaderModel vader_;
  FeatureExtractor extractor_;
  LinearModel model_;
  FeatureScratch s_;
  FeatureVector x_;
};

// Words that share one slot spread over their other slots, so all of them
// stay cached (with two slots of one set per word, the third evicted one).
TEST_F(WordCacheTest, WordsSharingASlotAllStay) {
  const std::vector<std::string> words = WordsSharingASlot(3);
  ASSERT_EQ(words.size(), 3u);
  for (int round = 0; round < 2; ++round) {
    for (const std::string& w : words) Sum(w);
  }
  for (const std::string& w : words) EXPECT_TRUE(WordCached(s_, w)) << w;
}

// The first word after LetterWord(0) (LetterWord(1), LetterWord(2), ...)
// whose first slot is `first` and whose second slot is none of `avoid`.
std::string WordWithFirstSlot(size_t first, const std::vector<size_t>& avoid) {
  for (size_t i = 1; i < 10000000; ++i) {
    const std::string w = LetterWord(i);
    const auto [a, b] = WordCacheSlots(w);
    if (a == first && std::find(avoid.begin(), avoid.end(), b) == avoid.end()) return w;
  }
  return "";
}

// A word seen twice keeps its place: a new word whose two slots are both
// taken evicts the one not hit since it was filled, even when that one sits
// in its second slot.
TEST_F(WordCacheTest, RecurringWordIsNotEvictedByANewOne) {
  const std::string recurring = LetterWord(0);
  const size_t a = WordCacheSlots(recurring).first;
  const std::string newcomer = WordWithFirstSlot(a, {a});
  ASSERT_FALSE(newcomer.empty());
  ASSERT_NE(newcomer, recurring);
  const size_t c = WordCacheSlots(newcomer).second;
  const std::string once = WordWithFirstSlot(c, {a, c});
  ASSERT_FALSE(once.empty());

  Sum(recurring);
  Sum(recurring);  // a hit: marked
  Sum(once);       // fills slot c, its first
  ASSERT_TRUE(WordCached(s_, recurring));
  ASSERT_TRUE(WordCached(s_, once));
  Sum(newcomer);   // slots a (the recurring word) and c (the word seen once)
  EXPECT_TRUE(WordCached(s_, newcomer));
  EXPECT_TRUE(WordCached(s_, recurring));
  EXPECT_FALSE(WordCached(s_, once));
}

}  // namespace
}  // namespace parley::learn
