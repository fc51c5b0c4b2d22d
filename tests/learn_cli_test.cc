// Command-line tests of parley train and parley eval, and of analyze with a
// learned model: the toy fixture tests/golden/learn/toy.csv (our own text)
// covers behaviour; the airline sample in ../shared/data, where present,
// checks that the learned model beats the lexicon on real tweets.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "tests/testutil/cli.h"
#include "tests/testutil/files.h"

namespace parley {
namespace {

namespace fs = std::filesystem;

constexpr const char* kToy = "tests/golden/learn/toy.csv";

using Result = ::parley::testing::CliResult;
using ::parley::testing::Slurp;

int Lines(const std::string& s) { return testing::CountLines(s); }

class LearnCliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    binary_ = testing::ParleyBinary();
    ASSERT_TRUE(fs::exists(binary_))
        << "no parley binary at " << binary_ << ": build target parley";
    tmp_ = ::parley::testing::FreshTestDir("learn");
    model_ = (tmp_ / "toy.plm").string();
  }
  void TearDown() override { fs::remove_all(tmp_); }

  Result Run(const std::string& args) { return testing::RunParley(args, tmp_); }

  void TrainToy() {
    Result r = Run(std::string("train -j2 -q ") + kToy + " -o " + model_);
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }

  void ExpectOneLineError(const std::string& args, const std::string& message) {
    Result r = Run(args);
    EXPECT_EQ(r.exit_code, 2) << args;
    EXPECT_EQ(r.out, "");
    EXPECT_EQ(Lines(r.err), 1) << r.err;
    EXPECT_NE(r.err.find(message), std::string::npos) << r.err;
  }

  fs::path binary_, tmp_;
  std::string model_;
};

TEST_F(LearnCliTest, TrainedModelGivesAnalyzeCalibratedProbabilities) {
  TrainToy();
  Result r = Run("analyze -q --no-extra --model " + model_ + " " + kToy);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(Lines(r.out), 90);
  EXPECT_NE(r.out.find("\"p\":{\"negative\":"), std::string::npos);
  EXPECT_NE(r.out.find("\"model\":\"toy.plm\""), std::string::npos);
  EXPECT_EQ(r.out.find("\"label\":\"uncertain\""), std::string::npos);
}

TEST_F(LearnCliTest, AbstainMarksUnsurePostsUncertain) {
  // The toy set is separable, so a fitted temperature would make the model
  // sure of everything: train without one. Words the model never saw then
  // leave it unsure; most toy posts do not.
  ASSERT_EQ(
      Run(std::string("train -q --calibration-folds 0 --calibration 0 ") + kToy + " -o " + model_)
          .exit_code,
      0);
  const std::string unseen = (tmp_ / "unseen.csv").string();
  std::ofstream(unseen) << "id,author,created_at,text\n1,a,2026-01-01T00:00:00Z,zebra quantum\n";
  Result r = Run("analyze -q --no-extra --abstain 0.9 --model " + model_ + " " + unseen);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("\"label\":\"uncertain\""), std::string::npos) << r.out;
  Result sure = Run("analyze -q --no-extra --abstain 0.9 --model " + model_ + " " + kToy);
  size_t uncertain = 0;
  for (size_t at = 0; (at = sure.out.find("\"uncertain\"", at)) != std::string::npos; ++at) {
    ++uncertain;
  }
  EXPECT_LT(uncertain, 45u) << "most toy posts are learned with confidence";
}

TEST_F(LearnCliTest, EvalWritesJsonAndAReliabilityDiagram) {
  TrainToy();
  const std::string svg = (tmp_ / "reliability.svg").string();
  Result r = Run("eval -q --format json --reliability " + svg + " --model " + model_ + " " + kToy);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("\"macro_f1\":{\"value\":1,"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("\"confusion\":[[30,0,0],[0,30,0],[0,0,30]]"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("\"ece\":"), std::string::npos);
  EXPECT_EQ(Slurp(svg).rfind("<svg", 0), 0u);
  // "model" is the model's name, not the text output's heading.
  EXPECT_EQ(r.out.rfind("{\"model\":\"toy.plm\",\"posts\":90,", 0), 0u) << r.out;
  r = Run(std::string("eval -q --format json --bootstrap 0 --model lexicon ") + kToy);
  EXPECT_EQ(r.out.rfind("{\"model\":\"lexicon\",\"posts\":90,", 0), 0u) << r.out;
}

TEST_F(LearnCliTest, EvalAbstainGivesCoverageAndTheAccuracyOfTheAnsweredPosts) {
  // Without a fitted temperature, as in AbstainMarksUnsurePostsUncertain.
  ASSERT_EQ(
      Run(std::string("train -q --calibration-folds 0 --calibration 0 ") + kToy + " -o " + model_)
          .exit_code,
      0);
  for (const char* p : {"0.9", "0.999"}) {
    Result analyzed = Run("analyze -q --abstain " + std::string(p) + " --model " + model_ + " " +
                          kToy);
    ASSERT_EQ(analyzed.exit_code, 0) << analyzed.err;
    size_t uncertain = 0;
    for (size_t at = 0; (at = analyzed.out.find("\"label\":\"uncertain\"", at)) !=
                        std::string::npos;
         ++at) {
      ++uncertain;
    }
    Result r = Run("eval -q --format json --bootstrap 0 --abstain " + std::string(p) +
                   " --model " + model_ + " " + kToy);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const std::string answered = "\"answered\":" + std::to_string(90 - uncertain) + ",";
    EXPECT_NE(r.out.find("\"abstain\":{\"below\":" + std::string(p) + "," + answered),
              std::string::npos)
        << r.out;
    Result text = Run("eval -q --bootstrap 0 --abstain " + std::string(p) + " --model " +
                      model_ + " " + kToy);
    EXPECT_NE(text.out.find("abstaining below " + std::string(p) + ": answers " +
                            std::to_string(90 - uncertain) + " of 90 posts"),
              std::string::npos)
        << text.out;
  }
  // Without --abstain, nothing about it.
  Result r = Run("eval -q --format json --bootstrap 0 --model " + model_ + " " + kToy);
  EXPECT_EQ(r.out.find("abstain"), std::string::npos);
  ExpectOneLineError(std::string("eval --abstain 0.6 --model lexicon ") + kToy, "--abstain needs");
}

TEST_F(LearnCliTest, TheReportNamesTheModelsThatScoredTheStoredPosts) {
  TrainToy();
  const std::string db = (tmp_ / "s.db").string();
  ASSERT_EQ(Run("ingest -q --model " + model_ + " --db " + db + " " + kToy).exit_code, 0);
  // Not the report's own --model (lexicon by default).
  Result r = Run("report -f json --db " + db);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("\"model\":\"toy.plm\""), std::string::npos) << r.out.substr(0, 300);
  ASSERT_EQ(Run("ingest -q --db " + db + " data/demo/conversation.csv").exit_code, 0);
  r = Run("report -f json --model " + model_ + " --db " + db);
  EXPECT_NE(r.out.find("\"model\":\"lexicon + toy.plm\""), std::string::npos)
      << r.out.substr(0, 300);
}

TEST_F(LearnCliTest, EvalTextTableNamesEveryMetric) {
  Result r = Run(std::string("eval -q --model lexicon ") + kToy);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  for (const char* part : {"accuracy", "macro-F1", "precision", "recall", "confusion",
                           "the model gives no probabilities"}) {
    EXPECT_NE(r.out.find(part), std::string::npos) << part << " in\n" << r.out;
  }
}

TEST_F(LearnCliTest, CrossValidationIsDeterministicBySeed) {
  const std::string args = std::string("eval -q --cv 3 --format json --seed 4 ") + kToy;
  Result a = Run(args + " -j2");
  ASSERT_EQ(a.exit_code, 0) << a.err;
  EXPECT_EQ(a.out, Run(args + " -j1").out);  // and whatever the threads
  EXPECT_EQ(a.out.rfind("{\"model\":null,\"cv\":3,\"posts\":90,", 0), 0u) << a.out;
}

TEST_F(LearnCliTest, TrainingIsDeterministicBySeed) {
  TrainToy();
  const std::string again = (tmp_ / "again.plm").string();
  ASSERT_EQ(Run(std::string("train -j1 -q ") + kToy + " -o " + again).exit_code, 0);
  // The files differ only in their creation time: compare what they predict.
  Result a = Run("analyze -q --no-extra --model " + model_ + " " + kToy);
  Result b = Run("analyze -q --no-extra --model " + again + " " + kToy);
  std::string b_out = b.out;
  for (size_t at; (at = b_out.find("again.plm")) != std::string::npos;) {
    b_out.replace(at, 9, "toy.plm");
  }
  EXPECT_EQ(a.out, b_out);
}

TEST_F(LearnCliTest, RejectsTruncatedForeignAndCorruptModelsWithOneLine) {
  TrainToy();
  const std::string bytes = Slurp(model_);
  auto write = [&](const char* name, const std::string& contents) {
    const std::string path = (tmp_ / name).string();
    std::ofstream(path, std::ios::binary) << contents;
    return path;
  };
  std::string flipped = bytes;
  flipped[bytes.size() - 5] ^= 0x01;
  ExpectOneLineError(
      "analyze --model " + write("short.plm", bytes.substr(0, bytes.size() / 2)) + " " + kToy,
      "truncated");
  ExpectOneLineError("analyze --model " + write("foreign.plm", "__label__pos great\n") + " " + kToy,
                     "not a parley model file");
  ExpectOneLineError("eval --model " + write("flip.plm", flipped) + " " + kToy,
                     "checksum mismatch");
}

TEST_F(LearnCliTest, FlagAndInputErrorsAreOneLineExitTwo) {
  ExpectOneLineError(std::string("analyze --model nope.plm ") + kToy, "unknown model 'nope.plm'");
  ExpectOneLineError(std::string("analyze --abstain 0.6 ") + kToy, "--abstain needs");
  ExpectOneLineError("train -o x.plm data/demo/conversation.csv", "no label column");
  ExpectOneLineError(std::string("train --label-col stars -o x.plm ") + kToy, "no column 'stars'");
  ExpectOneLineError(std::string("train --labels happy=1 -o x.plm ") + kToy, "bad --labels");
  ExpectOneLineError(
      std::string("train --labels negative=1,2 --labels positive=2,4,5 -o x.plm ") + kToy,
      "--labels maps '2' to both negative and positive");
  ExpectOneLineError(std::string("train --char-ngrams 5-3 -o x.plm ") + kToy, "character n-grams");
  const std::string one_class = (tmp_ / "oneclass.csv").string();
  std::ofstream(one_class) << "text,label\ngreat flight,positive\nlovely crew,positive\n"
                              "nice,positive\nok,\n";
  ExpectOneLineError("train -o x.plm " + one_class,
                     "no negative or neutral post to train on (negative 0, neutral 0, positive 3)");
  ExpectOneLineError("eval --cv 2 " + one_class, "no negative or neutral post to train on");
  EXPECT_FALSE(fs::exists(tmp_ / "x.plm"));
  ExpectOneLineError(std::string("eval --cv 1 ") + kToy, "--cv");
  ExpectOneLineError(std::string("eval --reliability r.svg ") + kToy, "--reliability needs");
}

// The toy set with only its text and label columns.
std::string WriteBareToy(const fs::path& dir) {
  std::istringstream in(Slurp(kToy));
  const std::string path = (dir / "bare.csv").string();
  std::ofstream out(path);
  out << "text,label\n";
  std::string line;
  std::getline(in, line);  // id,author,created_at,text,label
  while (std::getline(in, line)) {
    size_t cut = 0;
    for (int commas = 0; commas < 3; ++commas) cut = line.find(',', cut) + 1;
    out << line.substr(cut) << "\n";
  }
  return path;
}

TEST_F(LearnCliTest, BareTextLabelFilesTrainEvaluateAndAnalyze) {
  TrainToy();
  const std::string bare = WriteBareToy(tmp_);
  const std::string bare_model = (tmp_ / "bare.plm").string();
  Result trained = Run("train -j1 -q " + bare + " -o " + bare_model);
  ASSERT_EQ(trained.exit_code, 0) << trained.err;
  // Learning sees only texts and labels, so both files give the same model.
  const std::string eval = "eval -q --format json --bootstrap 50 ";
  Result from_toy = Run(eval + "--model " + model_ + " " + bare);
  Result from_bare = Run(eval + "--model " + bare_model + " " + kToy);
  ASSERT_EQ(from_bare.exit_code, 0) << from_bare.err;
  EXPECT_NE(from_bare.out.find("\"confusion\":[[30,0,0],[0,30,0],[0,0,30]]"), std::string::npos)
      << from_bare.out;
  auto metrics = [](const std::string& s) { return s.substr(s.find("\"accuracy\"")); };
  EXPECT_EQ(metrics(from_toy.out), metrics(from_bare.out));
  Result analyzed = Run("analyze -q --model " + bare_model + " " + bare);
  ASSERT_EQ(analyzed.exit_code, 0) << analyzed.err;
  EXPECT_EQ(Lines(analyzed.out), 90);
  EXPECT_EQ(analyzed.out.rfind("{\"source\":\"bare\",\"id\":\"2\",\"author\":\"\",\"text\":", 0),
            0u)
      << analyzed.out.substr(0, 200);
  EXPECT_EQ(analyzed.out.find("created_at"), std::string::npos);
  EXPECT_EQ(Run("eval -q --cv 3 --format json " + bare).exit_code, 0);
}

TEST_F(LearnCliTest, RowsWithAnEmptyLabelAreSkippedAndCountedNotTakenForAMissingColumn) {
  // Row 1's label is empty, and `sentiment` (second in the default list) is
  // there with other values: `label` is still the column, as documented.
  const std::string two = (tmp_ / "twocols.csv").string();
  std::ofstream(two) << "text,sentiment,label\nlovely crew,negative,\n"
                        "awful delay,positive,negative\ngreat flight,negative,positive\n"
                        "terrible service,positive,negative\n";
  Result r = Run("eval --format json --bootstrap 0 --model lexicon " + two);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("\"posts\":3,"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("\"accuracy\":{\"value\":1,"), std::string::npos) << r.out;
  EXPECT_NE(r.err.find("3 labeled posts from column 'label' (1 with an empty label, 0 with other "
                       "labels, 0 rejected)"),
            std::string::npos)
      << r.err;
  const std::string mood = (tmp_ / "mood.csv").string();
  std::ofstream(mood) << "text,mood\ngreat flight,\nawful delay,1\nok then,3\nlovely crew,5\n"
                         "meh,9\n";
  r = Run("train --label-col mood --labels negative=1 --labels neutral=3 --labels positive=5 "
          "--calibration-folds 0 --calibration 0 -o " +
          (tmp_ / "mood.plm").string() + " " + mood);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("3 labeled posts from column 'mood' (negative 1, neutral 1, positive 1; "
                       "1 with an empty label, 1 with other labels, 0 rejected)"),
            std::string::npos)
      << r.err;
}

TEST_F(LearnCliTest, BeatsTheLexiconOnAirlineTweets) {
  const fs::path airline = "../shared/data/airline-sample.csv";
  if (!fs::exists(airline)) GTEST_SKIP() << airline << " is absent (shared development data)";
  auto macro_f1 = [&](const std::string& args) {
    Result r = Run("eval -q --format json --bootstrap 0 " + args + " " + airline.string());
    EXPECT_EQ(r.exit_code, 0) << r.err;
    const size_t at = r.out.find("\"macro_f1\":{\"value\":");
    return at == std::string::npos ? 0.0 : std::atof(r.out.c_str() + at + 21);
  };
  const double lexicon = macro_f1("--model lexicon");
  const double learned = macro_f1("--cv 5");
  EXPECT_GT(learned, lexicon + 0.1) << "lexicon " << lexicon << ", learned " << learned;
}

}  // namespace
}  // namespace parley
