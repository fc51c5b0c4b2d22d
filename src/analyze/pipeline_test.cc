#include "src/analyze/pipeline.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <string>

#include "src/env/env.h"
#include "tests/testutil/files.h"
#include "tests/testutil/status_matchers.h"

namespace parley {
namespace {

using ::parley::testing::StatusIs;
using ::testing::HasSubstr;

constexpr char kLexicon[] = "good\t1.9\t0.9\t[2]\nbad\t-2.5\t0.6\t[-2]\nlove\t3.2\t0.4\t[3]\n";

class PipelineTest : public ::testing::Test {
 protected:
  void SetUp() override {
    // The analyzer reads its lexicon from the real file system: a directory
    // of this test's own, since ctest runs the tests as parallel processes.
    dir_ = ::parley::testing::FreshTestDir("pipeline");
    lexicon_path_ = (dir_ / "lexicon.txt").string();
    ASSERT_OK(WriteStringToFile(Env::Default(), kLexicon, lexicon_path_));
    AnalyzerOptions options;
    options.lexicon_path = lexicon_path_;
    ASSERT_OK_AND_ASSIGN(analyzer_, Analyzer::Create(options));
    env_ = NewMemEnv();
    ASSERT_OK(MakeFieldMap("generic", {}).status());
    job_.reader.field_map = *MakeFieldMap("generic", {});
    job_.rejects_path = "rejects.ndjson";
    job_.output_path = "out.ndjson";
  }

  // A CSV of `n` posts; every 10th has an unparseable time.
  std::string Posts(int n) {
    std::string csv = "id,author,created_at,text\n";
    for (int i = 0; i < n; ++i) {
      std::string time = i % 10 == 9 ? "never" : "2026-01-01T00:00:00Z";
      csv += "p" + std::to_string(i) + ",a" + std::to_string(i % 7) + "," + time + ",\"" +
             (i % 2 ? "good" : "bad") + " post number " + std::to_string(i) + "\"\n";
    }
    return csv;
  }

  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::string Read(const std::string& path) { return *ReadFileToString(env_.get(), path); }

  std::filesystem::path dir_;
  std::string lexicon_path_;
  std::unique_ptr<Analyzer> analyzer_;
  std::unique_ptr<Env> env_;
  AnalyzeJob job_;
};

TEST_F(PipelineTest, CountsAddUpAndRejectsAreWritten) {
  ASSERT_OK(WriteStringToFile(env_.get(), Posts(100), "in.csv"));
  job_.inputs = {"in.csv"};
  ASSERT_OK_AND_ASSIGN(RunSummary s, RunAnalyze(env_.get(), *analyzer_, job_));
  EXPECT_EQ(s.read, 100u);
  EXPECT_EQ(s.accepted, 90u);
  EXPECT_EQ(s.rejected, 10u);
  EXPECT_TRUE(s.rejects_written);
  std::string rejects = Read("rejects.ndjson");
  EXPECT_EQ(std::count(rejects.begin(), rejects.end(), '\n'), 10);
  EXPECT_THAT(rejects, HasSubstr("\"line\":11,\"reason\":\"bad created_at"));
  EXPECT_EQ(s.first_reject.input, "in.csv");
  EXPECT_EQ(s.first_reject.line, 11u);
  EXPECT_THAT(s.first_reject.reason, HasSubstr("bad created_at"));
  std::string out = Read("out.ndjson");
  EXPECT_EQ(std::count(out.begin(), out.end(), '\n'), 90);
}

// -o /dev/null must write to the device, not rename a plain file over it.
TEST_F(PipelineTest, OutputToADeviceLeavesTheDeviceInPlace) {
  std::error_code ec;
  if (!std::filesystem::is_character_file("/dev/null", ec)) GTEST_SKIP() << "no /dev/null device";
  std::string in = (dir_ / "in.csv").string();
  ASSERT_OK(WriteStringToFile(Env::Default(), Posts(20), in));
  job_.inputs = {in};
  job_.output_path = "/dev/null";
  job_.rejects_path = (dir_ / "rejects.ndjson").string();
  ASSERT_OK_AND_ASSIGN(RunSummary s, RunAnalyze(Env::Default(), *analyzer_, job_));
  EXPECT_EQ(s.accepted, 18u);
  EXPECT_TRUE(std::filesystem::is_character_file("/dev/null", ec));
  EXPECT_FALSE(std::filesystem::exists("/dev/null.partial", ec));
}

TEST_F(PipelineTest, ThreadsKeepInputOrderAndProduceTheSameBytes) {
  ASSERT_OK(WriteStringToFile(env_.get(), Posts(20000), "in.csv"));
  job_.inputs = {"in.csv"};
  job_.batch_bytes = 4096;  // many small batches, so workers interleave
  ASSERT_OK(RunAnalyze(env_.get(), *analyzer_, job_).status());
  std::string one = Read("out.ndjson");
  job_.threads = 4;
  job_.output_path = "out4.ndjson";
  ASSERT_OK(RunAnalyze(env_.get(), *analyzer_, job_).status());
  EXPECT_EQ(Read("out4.ndjson"), one);
}

TEST_F(PipelineTest, ReadsInputsInTheGivenOrder) {
  ASSERT_OK(WriteStringToFile(env_.get(), "id,author,created_at,text\nb1,x,2026-01-01,good\n", "b.csv"));
  ASSERT_OK(WriteStringToFile(env_.get(), "id,author,created_at,text\na1,x,2026-01-01,bad\n", "a.csv"));
  job_.inputs = {"b.csv", "a.csv"};
  ASSERT_OK(RunAnalyze(env_.get(), *analyzer_, job_).status());
  std::string out = Read("out.ndjson");
  EXPECT_LT(out.find("\"b1\""), out.find("\"a1\""));
}

TEST_F(PipelineTest, MissingInputFailsBeforeAnyOutput) {
  ASSERT_OK(WriteStringToFile(env_.get(), Posts(5), "in.csv"));
  job_.inputs = {"in.csv", "missing.csv"};
  EXPECT_THAT(RunAnalyze(env_.get(), *analyzer_, job_),
              StatusIs(StatusCode::kNotFound, HasSubstr("missing.csv")));
  EXPECT_FALSE(env_->FileExists("out.ndjson"));
  EXPECT_FALSE(env_->FileExists("out.ndjson.partial"));
}

TEST_F(PipelineTest, MissingColumnFailsBeforeAnyOutput) {
  ASSERT_OK(WriteStringToFile(env_.get(), "id,author,when,text\n1,a,2026-01-01,x\n", "in.csv"));
  job_.inputs = {"in.csv"};
  EXPECT_THAT(RunAnalyze(env_.get(), *analyzer_, job_),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("created_at")));
  EXPECT_FALSE(env_->FileExists("out.ndjson"));
}

TEST_F(PipelineTest, NoRejectsFileWhenEverythingIsAccepted) {
  ASSERT_OK(WriteStringToFile(env_.get(), "id,author,created_at,text\n1,a,2026-01-01,good\n", "in.csv"));
  job_.inputs = {"in.csv"};
  ASSERT_OK_AND_ASSIGN(RunSummary s, RunAnalyze(env_.get(), *analyzer_, job_));
  EXPECT_FALSE(s.rejects_written);
  EXPECT_FALSE(env_->FileExists("rejects.ndjson"));
}

TEST_F(PipelineTest, AnalysisCarriesSentimentAndCues) {
  Post p;
  p.text = "I love @SkyloftAir #Travel https://x.example/a";
  Analysis a;
  analyzer_->Analyze(p, &a);
  EXPECT_EQ(a.sentiment.label, SentimentLabel::kPositive);
  EXPECT_GT(a.sentiment.score, 0.5);
  EXPECT_EQ(a.mentions, std::vector<std::string>{"@skyloftair"});
  EXPECT_EQ(a.hashtags, std::vector<std::string>{"#travel"});
  EXPECT_EQ(a.urls, 1);
}

TEST_F(PipelineTest, ThresholdsDecideTheLabel) {
  AnalyzerOptions options;
  options.lexicon_path = lexicon_path_;
  options.positive_threshold = 0.9;
  ASSERT_OK_AND_ASSIGN(auto strict, Analyzer::Create(options));
  EXPECT_EQ(strict->Score("good").label, SentimentLabel::kNeutral);
  EXPECT_EQ(analyzer_->Score("good").label, SentimentLabel::kPositive);
  EXPECT_EQ(analyzer_->Score("bad").label, SentimentLabel::kNegative);
}

// Collects what a run hands to its sink.
class CollectingSink : public RecordSink {
 public:
  Status Write(std::span<const Post> posts, std::span<const Analysis> analyses) override {
    ++batches;
    largest = std::max(largest, posts.size());
    for (size_t i = 0; i < posts.size(); ++i) {
      ids.push_back(posts[i].id);
      labels.push_back(analyses[i].sentiment.label);
    }
    return Status::OK();
  }
  int batches = 0;
  size_t largest = 0;  // posts in the largest batch
  std::vector<std::string> ids;
  std::vector<SentimentLabel> labels;
};

TEST_F(PipelineTest, ASinkGetsTheAcceptedRecordsInInputOrder) {
  ASSERT_OK(WriteStringToFile(env_.get(), Posts(20000), "in.csv"));
  CollectingSink sink;
  AnalyzeJob job = job_;
  job.inputs = {"in.csv"};
  job.batch_bytes = 4096;
  job.threads = 4;
  job.sink = &sink;
  ASSERT_OK_AND_ASSIGN(RunSummary s, RunAnalyze(env_.get(), *analyzer_, job));
  EXPECT_EQ(s.accepted, 18000u);
  EXPECT_EQ(s.read, s.accepted + s.rejected);
  ASSERT_EQ(sink.ids.size(), 18000u);
  EXPECT_GT(sink.batches, 1);
  EXPECT_EQ(sink.ids[0], "p0");
  EXPECT_EQ(sink.ids[9], "p10");  // p9 is rejected
  EXPECT_EQ(sink.ids.back(), "p19998");
  EXPECT_EQ(sink.labels[0], SentimentLabel::kNegative);  // "bad post number 0"
  EXPECT_FALSE(env_->FileExists("out.ndjson"));
  std::string rejects = Read("rejects.ndjson");
  EXPECT_EQ(std::count(rejects.begin(), rejects.end(), '\n'), 2000);
}

// On one thread a sink gets each batch in small parts, each right after it
// was analyzed (so the posts are still in cache): all records, in order,
// and every byte counted once.
TEST_F(PipelineTest, OneThreadHandsASinkEachBatchInSmallParts) {
  const std::string csv = Posts(3000);
  ASSERT_OK(WriteStringToFile(env_.get(), csv, "in.csv"));
  CollectingSink sink;
  AnalyzeJob job = job_;
  job.inputs = {"in.csv"};
  job.batch_bytes = 1 << 20;  // one batch holds the whole input
  job.threads = 1;
  job.sink = &sink;
  ASSERT_OK_AND_ASSIGN(RunSummary s, RunAnalyze(env_.get(), *analyzer_, job));
  EXPECT_EQ(s.accepted, 2700u);
  EXPECT_EQ(s.rejected, 300u);
  CollectingSink whole;
  job.sink = &whole;
  job.threads = 2;  // whole batches
  ASSERT_OK_AND_ASSIGN(RunSummary w, RunAnalyze(env_.get(), *analyzer_, job));
  EXPECT_EQ(s.bytes, w.bytes);
  EXPECT_EQ(whole.batches, 1);
  EXPECT_GT(sink.batches, 10);
  EXPECT_LE(sink.largest, 128u);
  ASSERT_EQ(sink.ids.size(), 2700u);
  for (size_t i = 0, id = 0; i < sink.ids.size(); ++i, ++id) {
    if (id % 10 == 9) ++id;  // rejected
    ASSERT_EQ(sink.ids[i], "p" + std::to_string(id));
  }
  std::string rejects = Read("rejects.ndjson");
  EXPECT_EQ(std::count(rejects.begin(), rejects.end(), '\n'), 300);
}

// AnalyzeJob::languages: only the posts in those languages are written or
// handed to the sink, in order; the others are counted as skipped, and read
// is accepted + rejected + skipped.
TEST_F(PipelineTest, OnlyThePostsInTheLanguagesAskedForAreKept) {
  AnalyzerOptions options;
  options.lexicon_path = lexicon_path_;
  options.detect_language = true;
  ASSERT_OK_AND_ASSIGN(std::unique_ptr<Analyzer> analyzer, Analyzer::Create(options));
  std::string csv = "id,author,created_at,text,lang\n";
  const char* texts[] = {
      "The flight was late again and nobody at the desk could tell us why",
      "El vuelo llegó tarde otra vez y nadie en el mostrador nos dijo por qué",
      "ok",
      "Le vol était encore en retard et personne ne savait pourquoi",
  };
  for (int i = 0; i < 400; ++i) {
    std::string time = i % 10 == 9 ? "never" : "2026-01-01T00:00:00Z";
    // Every fifth says it is in English whatever its text: the source's tag
    // wins, as in the output.
    csv += "p" + std::to_string(i) + ",a," + time + ",\"" + texts[i % 4] + "\"," +
           (i % 5 == 4 ? "en-US" : "") + "\n";
  }
  ASSERT_OK(WriteStringToFile(env_.get(), csv, "in.csv"));
  auto kept = [](int i) {
    return i % 10 != 9 && (i % 5 == 4 || i % 4 == 0 || i % 4 == 2);  // en, und
  };
  std::vector<std::string> want;
  uint64_t skipped = 0;
  for (int i = 0; i < 400; ++i) {
    if (kept(i)) {
      want.push_back("p" + std::to_string(i));
    } else if (i % 10 != 9) {
      ++skipped;
    }
  }
  for (int threads : {1, 3}) {
    CollectingSink sink;
    AnalyzeJob job = job_;
    job.inputs = {"in.csv"};
    job.batch_bytes = 2048;
    job.threads = threads;
    job.sink = &sink;
    job.languages = {"en", "und"};
    ASSERT_OK_AND_ASSIGN(RunSummary s, RunAnalyze(env_.get(), *analyzer, job));
    EXPECT_EQ(s.rejected, 40u);
    EXPECT_EQ(s.skipped, skipped);
    EXPECT_EQ(s.accepted, want.size());
    EXPECT_EQ(s.read, s.accepted + s.rejected + s.skipped);
    EXPECT_EQ(sink.ids, want) << threads << " threads";

    job.sink = nullptr;
    ASSERT_OK_AND_ASSIGN(s, RunAnalyze(env_.get(), *analyzer, job));
    EXPECT_EQ(s.skipped, skipped);
    std::string out = Read("out.ndjson");
    EXPECT_EQ(static_cast<size_t>(std::count(out.begin(), out.end(), '\n')), want.size());
    EXPECT_EQ(out.find("\"id\":\"p1\""), std::string::npos);
    EXPECT_NE(out.find("\"id\":\"p0\""), std::string::npos);
  }
  // Without the list every post is kept, whatever its language.
  AnalyzeJob all = job_;
  all.inputs = {"in.csv"};
  ASSERT_OK_AND_ASSIGN(RunSummary s, RunAnalyze(env_.get(), *analyzer, all));
  EXPECT_EQ(s.skipped, 0u);
  EXPECT_EQ(s.accepted, 360u);
}

TEST_F(PipelineTest, ASinkErrorEndsTheRun) {
  struct FailingSink : RecordSink {
    Status Write(std::span<const Post>, std::span<const Analysis>) override {
      return UnavailableError("disk full");
    }
  } sink;
  ASSERT_OK(WriteStringToFile(env_.get(), Posts(100), "in.csv"));
  AnalyzeJob job = job_;
  job.inputs = {"in.csv"};
  job.sink = &sink;
  for (int threads : {1, 3}) {
    job.threads = threads;
    EXPECT_THAT(RunAnalyze(env_.get(), *analyzer_, job),
                StatusIs(StatusCode::kUnavailable, HasSubstr("disk full")));
  }
}

TEST(Analyzer, MissingLexiconAndUnknownModelAreClearErrors) {
  AnalyzerOptions options;
  options.lexicon_path = "/nonexistent/lexicon.txt";
  EXPECT_THAT(Analyzer::Create(options), StatusIs(StatusCode::kNotFound, HasSubstr("lexicon")));
  options.model = "mystery";
  EXPECT_THAT(Analyzer::Create(options), StatusIs(StatusCode::kInvalidArgument, HasSubstr("mystery")));
}

}  // namespace
}  // namespace parley
