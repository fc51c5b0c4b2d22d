// The report's share correction and `parley eval` must count the same
// confusion matrix for a model on the same labeled file: both take the label
// from Analyzer::Score(). Checked for a learned model (trained here on the
// toy fixture) and for the lexicon model.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include "parley/engine.h"
#include "src/ingest/field_map.h"
#include "src/learn/evaluation.h"
#include "src/learn/labeled_data.h"
#include "src/learn/model_file.h"
#include "src/learn/trainer.h"
#include "src/report/build_report.h"
#include "tests/testutil/paths.h"

namespace parley {
namespace {

constexpr const char* kToy = "tests/golden/learn/toy.csv";

ReaderOptions AutoReader() {
  ReaderOptions reader;
  reader.field_map = *MakeFieldMap("auto", {});
  return reader;
}

std::string Lexicon() { return parley::testing::DataDir() + "/vader_lexicon.txt"; }

// The lexicon model, as the commands score a validation file with it.
std::unique_ptr<Analyzer> LexiconAnalyzer() {
  AnalyzerOptions options;
  options.lexicon_path = Lexicon();
  auto analyzer = Analyzer::Create(options);
  EXPECT_TRUE(analyzer.ok()) << analyzer.status().message();
  return analyzer.ok() ? std::move(*analyzer) : nullptr;
}

// The commands' validation reader: auto, no id or time needed.
ReaderOptions ValidationReader() {
  ReaderOptions reader = AutoReader();
  reader.require_identity = false;
  return reader;
}

// Trains a model on the toy fixture and returns the path it was saved to.
std::string TrainToyModel(const learn::LabeledSet& set) {
  auto lexicon = VaderLexicon::Load(Lexicon());
  EXPECT_TRUE(lexicon.ok()) << lexicon.status().message();
  VaderModel vader(std::make_shared<const VaderLexicon>(std::move(*lexicon)), VaderOptions{});
  learn::TrainOptions options;
  learn::FeatureExtractor extractor(options.features, &vader);
  const auto x = learn::Featurize(extractor, set.texts, 2);
  learn::TrainReport report;
  auto model = learn::Train(x, set.labels, learn::AllRows(x.size()), options, &report);
  EXPECT_TRUE(model.ok());
  const std::string path =
      (std::filesystem::temp_directory_path() / ("toy_" + std::to_string(getpid()) + ".plm"))
          .string();
  EXPECT_TRUE(learn::SaveModel(Env::Default(), *model, path).ok());
  return path;
}

void ExpectSameConfusion(const std::string& model, const learn::LabeledSet& set) {
  AnalyzerOptions options;
  options.model = model;
  options.lexicon_path = Lexicon();
  auto analyzer = Analyzer::Create(options);
  ASSERT_TRUE(analyzer.ok()) << analyzer.status().message();
  auto report = MeasureConfusion(Env::Default(), kToy, AutoReader(), **analyzer, "label");
  ASSERT_TRUE(report.ok()) << report.status().message();
  std::vector<int> predicted;
  for (const std::string& text : set.texts) {
    predicted.push_back(static_cast<int>((*analyzer)->Score(text).label));
  }
  const learn::Evaluation eval = learn::Evaluate(set.labels, predicted, {}, {});
  for (int t = 0; t < 3; ++t) {
    for (int p = 0; p < 3; ++p) {
      EXPECT_EQ(report->count(t, p), eval.confusion.count(t, p)) << model << " " << t << p;
    }
  }
}

TEST(ModelConfusion, EvalAndTheReportCountTheSameMatrix) {
  auto set = learn::ReadLabeled(Env::Default(), {kToy}, AutoReader(), "label", learn::LabelMap());
  ASSERT_TRUE(set.ok()) << set.status().message();
  const std::string model = TrainToyModel(*set);
  ExpectSameConfusion(model, *set);
  ExpectSameConfusion("lexicon", *set);
  std::filesystem::remove(model);
}

// NDJSON records name their own keys: each record's label is its key of
// the lowest of the usual names, in any case and spelling ("Sentiment");
// a record with none is passed by; a named column is taken as named.
TEST(ModelConfusion, AnNdjsonRecordsLabelIsItsOwnKey) {
  const std::string path =
      (std::filesystem::temp_directory_path() / ("labels_" + std::to_string(getpid()) + ".ndjson"))
          .string();
  {
    std::ofstream out(path);
    out << R"({"text":"I love it, wonderful","Sentiment":"positive"})"
        << "\n"
        << R"({"text":"awful, the worst","class":"neutral","label":"negative"})"
        << "\n"
        << R"({"text":"no label here","stars":"5"})"
        << "\n"
        << R"({"text":"the worst service, terrible","Mood":"negative"})"
        << "\n";
  }
  std::unique_ptr<Analyzer> analyzer = LexiconAnalyzer();
  ASSERT_NE(analyzer, nullptr);
  const ReaderOptions reader = ValidationReader();
  auto m = MeasureConfusion(Env::Default(), path, reader, *analyzer, "");
  ASSERT_TRUE(m.ok()) << m.status().message();
  EXPECT_EQ(m->total(), 2);
  EXPECT_EQ(m->count(2, 2), 1);  // "Sentiment": positive, and scored so
  EXPECT_EQ(m->count(0, 0), 1);  // "label" before "class"
  auto named = MeasureConfusion(Env::Default(), path, reader, *analyzer, "Mood");
  ASSERT_TRUE(named.ok()) << named.status().message();
  EXPECT_EQ(named->total(), 1);
  EXPECT_EQ(named->count(0, 0), 1);
  std::filesystem::remove(path);
}

// Star ratings as labels (--validation-labels), from a column the field
// map would take as the rating, written as JSON's decimals.
TEST(ModelConfusion, StarRatingsMappedToClasses) {
  const std::string path = ::testing::TempDir() + "/stars_validation.ndjson";
  {
    std::ofstream out(path);
    out << R"({"text":"the worst service, terrible","rating":1.0})"
        << "\n"
        << R"({"text":"lovely crew, great flight","rating":5.0})"
        << "\n"
        << R"({"text":"awful, just awful","rating":2.0})"
        << "\n";
  }
  std::unique_ptr<Analyzer> analyzer = LexiconAnalyzer();
  ASSERT_NE(analyzer, nullptr);
  learn::LabelMap stars;
  ASSERT_TRUE(stars.AddSpec("negative=1,2").ok());
  ASSERT_TRUE(stars.AddSpec("positive=4,5").ok());
  auto m = MeasureConfusion(Env::Default(), path, ValidationReader(), *analyzer, "rating", nullptr,
                            &stars);
  ASSERT_TRUE(m.ok()) << m.status().message();
  EXPECT_EQ(m->total(), 3);
  EXPECT_EQ(m->count(0, 0), 2);
  EXPECT_EQ(m->count(2, 2), 1);
  std::filesystem::remove(path);
}

TEST(LabelColumnRank, TheUsualNamesInAnyCaseAndSpelling) {
  EXPECT_EQ(learn::LabelColumnRank("label"), 0);
  EXPECT_EQ(learn::LabelColumnRank("Airline Sentiment"), 2);
  EXPECT_EQ(learn::LabelColumnRank("CLASS"), 4);
  EXPECT_EQ(learn::LabelColumnRank("stars"), -1);
  EXPECT_EQ(learn::FindLabelColumn({"Class", "text", "Sentiment"}, ""), "Sentiment");
  EXPECT_EQ(learn::FindLabelColumn({"Class", "text"}, "text"), "text");
  EXPECT_EQ(learn::FindLabelColumn({"Class", "text"}, "mood"), "");
}

}  // namespace
}  // namespace parley
