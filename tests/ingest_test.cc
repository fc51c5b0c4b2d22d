// `parley ingest` end to end: the summary and exit codes, idempotent
// re-ingest, and crash safety (a run killed with SIGKILL leaves a consistent
// database, and running the same command again completes it exactly).
#include <gtest/gtest.h>
#include <signal.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>

#include "src/storage/store.h"
#include "tests/testutil/cli.h"
#include "tests/testutil/files.h"

namespace parley {
namespace {

namespace fs = std::filesystem;

using Result = ::parley::testing::CliResult;
using ::parley::testing::Slurp;

class IngestTest : public ::testing::Test {
 protected:
  void SetUp() override {
    binary_ = testing::ParleyBinary();
    ASSERT_TRUE(fs::exists(binary_)) << "no parley binary at " << binary_;
    tmp_ = ::parley::testing::FreshTestDir("ingest");
    db_ = (tmp_ / "parley.db").string();
  }
  void TearDown() override { fs::remove_all(tmp_); }

  // Runs `parley ARGS` from the repository root.
  Result Run(const std::string& args) { return testing::RunParley(args, tmp_); }

  std::unique_ptr<Store> OpenDb(const std::string& path) {
    StoreOptions options;
    options.path = path;
    options.create_if_missing = false;
    auto store = OpenStore(options);
    EXPECT_TRUE(store.ok()) << store.status().ToString();
    return store.ok() ? std::move(store).value() : nullptr;
  }

  fs::path binary_, tmp_;
  std::string db_;
};

TEST_F(IngestTest, StoresTheDemoAndSaysWhatItDid) {
  Result r = Run("ingest -j2 data/demo/conversation.csv --db " + db_);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("parley ingest: read 30 records from 1 input: 30 accepted (30 inserted, 0 "
                       "updated, 0 unchanged) + 0 rejected; stored in " + db_ + ";"),
            std::string::npos) << r.err;
  auto store = OpenDb(db_);
  ASSERT_TRUE(store);
  EXPECT_EQ(store->Counts()->posts, 30u);
}

TEST_F(IngestTest, IngestingTheSameFileAgainAddsNothing) {
  ASSERT_EQ(Run("ingest -q data/demo/conversation.csv --db " + db_).exit_code, 0);
  Result again = Run("ingest data/demo/conversation.csv --db " + db_);
  EXPECT_EQ(again.exit_code, 0) << again.err;
  EXPECT_NE(again.err.find("30 accepted (0 inserted, 0 updated, 30 unchanged)"),
            std::string::npos) << again.err;
}

TEST_F(IngestTest, AChangedRecordIsUpdatedInPlace) {
  fs::path csv = tmp_ / "posts.csv";
  std::ofstream(csv) << "id,author,created_at,text\n1,ann,2024-03-01T10:00:00Z,love it\n"
                        "2,bob,2024-03-01T11:00:00Z,meh\n";
  ASSERT_EQ(Run("ingest -q " + csv.string() + " --db " + db_).exit_code, 0);
  std::ofstream(csv) << "id,author,created_at,text\n1,ann,2024-03-01T10:00:00Z,love it\n"
                        "2,bob,2024-03-02T11:00:00Z,\"awful, just awful\"\n";
  Result r = Run("ingest " + csv.string() + " --db " + db_);
  EXPECT_NE(r.err.find("2 accepted (0 inserted, 1 updated, 1 unchanged)"), std::string::npos)
      << r.err;
  auto store = OpenDb(db_);
  ASSERT_TRUE(store);
  auto post = store->GetPost("posts", "2");
  ASSERT_TRUE(post.ok() && *post);
  EXPECT_EQ((*post)->post.text, "awful, just awful");
  EXPECT_EQ((*post)->analysis.sentiment.label, SentimentLabel::kNegative);
  SeriesQuery day;
  ASSERT_EQ(store->RollupSeries(day)->size(), 2u);  // the post moved to 2024-03-02
}

TEST_F(IngestTest, RejectsGoToTheRejectsFileAsInAnalyze) {
  std::string rejects = (tmp_ / "rejects.ndjson").string();
  Result r = Run("ingest tests/golden/analyze/with_rejects.csv --rejects " + rejects + " --db " +
                 db_);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("read 6 records from 1 input: 2 accepted (2 inserted, 0 updated, 0 "
                       "unchanged) + 4 rejected (see " + rejects + ")"),
            std::string::npos) << r.err;
  EXPECT_EQ(Slurp(rejects), Slurp("tests/golden/analyze/with_rejects.expected.rejects.ndjson"));
}

TEST_F(IngestTest, QuietPrintsNothing) {
  Result r = Run("ingest -q data/demo/conversation.csv --db " + db_);
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_EQ(r.err, "");
}

TEST_F(IngestTest, AMissingInputFailsBeforeTheDatabaseIsCreated) {
  Result r = Run("ingest data/demo/conversation.csv nope.csv --db " + db_);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("cannot open 'nope.csv'"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(db_));
}

TEST_F(IngestTest, AMissingColumnFailsBeforeTheDatabaseIsCreated) {
  Result r = Run("ingest --preset generic --map text=body data/demo/conversation.csv --db " + db_);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_FALSE(fs::exists(db_));
}

TEST_F(IngestTest, ABareTextFileIsRefusedWithOneLineNamingTheMissingColumns) {
  const std::string bare = (tmp_ / "labeled.csv").string();
  std::ofstream(bare) << "text,label\ngreat flight,positive\n";
  Result r = Run("ingest " + bare + " --db " + db_);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err, "parley ingest: error: " + bare +
                       ": preset text maps no created_at column: stored posts need a time; name "
                       "it with --map created_at=COLUMN, or choose a --preset that fits the "
                       "input\n");
  EXPECT_FALSE(fs::exists(db_));
  // The same file is fine where nothing is stored.
  Result analyzed = Run("analyze -q " + bare);
  EXPECT_EQ(analyzed.exit_code, 0) << analyzed.err;
  EXPECT_NE(analyzed.out.find("\"id\":\"2\""), std::string::npos) << analyzed.out;
}

// Reviews without an id (Amazon's 2023 datasets) are stored by what they
// say: the run tells how, and the same file ingested again changes nothing.
TEST_F(IngestTest, ReviewsWithoutAnIdAreStoredOnceByWhatTheySay) {
  const std::string reviews = (tmp_ / "reviews.jsonl").string();
  std::ofstream(reviews)
      << R"({"rating": 1.0, "title": "Not worth it", "text": "Broke after a week.", "asin": "B01", "user_id": "AGK", "timestamp": 1588687728923, "helpful_vote": 2})"
      << "\n"
      << R"({"rating": 5.0, "title": "Five Stars", "text": "Love it", "asin": "B01", "user_id": "AFX", "timestamp": 1588687729000, "helpful_vote": 0})"
      << "\n";
  Result first = Run("ingest " + reviews + " --db " + db_);
  ASSERT_EQ(first.exit_code, 0) << first.err;
  EXPECT_NE(first.err.find("no id column: each post's id is a hash of its author, time and text"),
            std::string::npos)
      << first.err;
  EXPECT_NE(first.err.find("2 accepted (2 inserted, 0 updated, 0 unchanged)"), std::string::npos)
      << first.err;
  Result again = Run("ingest " + reviews + " --db " + db_);
  ASSERT_EQ(again.exit_code, 0) << again.err;
  EXPECT_NE(again.err.find("2 accepted (0 inserted, 0 updated, 2 unchanged)"), std::string::npos)
      << again.err;
  Result listed = Run("posts --db " + db_ + " -f ndjson");
  ASSERT_EQ(listed.exit_code, 0) << listed.err;
  EXPECT_NE(listed.out.find("\"text\":\"Not worth it.\\nBroke after a week.\""), std::string::npos)
      << listed.out;
}

TEST_F(IngestTest, AFileThatIsNotADatabaseIsAOneLineErrorAndLeftAlone) {
  std::string before = Slurp("data/demo/conversation.csv");
  fs::copy_file("data/demo/conversation.csv", db_);
  Result r = Run("ingest data/demo/conversation.csv --db " + db_);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
  EXPECT_NE(r.err.find("not a parley database"), std::string::npos) << r.err;
  EXPECT_EQ(Slurp(db_), before);
}

// Posts of the generic preset, a few KB per thousand.
void WritePosts(const fs::path& path, int n) {
  std::ofstream out(path);
  out << "id,author,created_at,text\n";
  const char* texts[] = {"love the crew, great flight", "worst delay ever, so angry",
                         "is the gate open yet?", "bag lost again #fail @united",
                         "thanks for the upgrade!"};
  char line[160];
  for (int i = 0; i < n; ++i) {
    std::snprintf(line, sizeof line, "p%d,user%d,2024-03-%02dT%02d:%02d:00Z,\"%s number %d\"\n", i,
                  static_cast<int>((static_cast<int64_t>(i) * 7919) % 5000), 1 + i % 28, i % 24,
                  10 + i % 50, texts[i % 5], i);
    out << line;
  }
}

// 1234567 as the summary writes it: "1,234,567".
std::string Grouped(int64_t n) {
  std::string digits = std::to_string(n), out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

// Writable, though it only reads: a load into a new store writes through a
// rollback journal, and killed while writing the file it leaves the journal
// hot, which only a connection that may write rolls back (parley's read-only
// opens do that first, src/storage/sqlite_db.cc).
int64_t CountPosts(const std::string& db) {
  sqlite3* h = nullptr;
  if (sqlite3_open_v2(db.c_str(), &h, SQLITE_OPEN_READWRITE, nullptr) != SQLITE_OK) {
    sqlite3_close(h);
    return 0;
  }
  sqlite3_busy_timeout(h, 1000);
  sqlite3_stmt* st = nullptr;
  int64_t n = 0;
  if (sqlite3_prepare_v2(h, "SELECT count(*) FROM posts", -1, &st, nullptr) == SQLITE_OK &&
      sqlite3_step(st) == SQLITE_ROW) {
    n = sqlite3_column_int64(st, 0);
  }
  sqlite3_finalize(st);
  sqlite3_close(h);
  return n;
}

// The indexes of `db` as sqlite_master lists them, sorted by name.
std::string Indexes(const std::string& db) {
  sqlite3* h = nullptr;
  std::string out;
  if (sqlite3_open_v2(db.c_str(), &h, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK) {
    sqlite3_stmt* st = nullptr;
    const char* sql = "SELECT name, sql FROM sqlite_master WHERE type = 'index' ORDER BY name";
    if (sqlite3_prepare_v2(h, sql, -1, &st, nullptr) == SQLITE_OK) {
      while (sqlite3_step(st) == SQLITE_ROW) {
        const unsigned char* create = sqlite3_column_text(st, 1);
        out += reinterpret_cast<const char*>(sqlite3_column_text(st, 0));
        out += ": " + std::string(create ? reinterpret_cast<const char*>(create) : "") + "\n";
      }
    }
    sqlite3_finalize(st);
  }
  sqlite3_close(h);
  return out;
}

TEST_F(IngestTest, KilledMidRunTheDatabaseIsConsistentAndARerunCompletesIt) {
  constexpr int kPosts = 400000;
  fs::path csv = tmp_ / "big.csv";
  WritePosts(csv, kPosts);
  std::string args = "ingest -q -j2 " + csv.string() + " --db " + db_ + " --rejects " +
                     (tmp_ / "rejects.ndjson").string();

  pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    execl("/bin/sh", "sh", "-c", ("exec " + binary_.string() + " " + args).c_str(), nullptr);
    _exit(127);
  }
  // Kill it once some batches are committed.
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (CountPosts(db_) == 0 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  kill(child, SIGKILL);
  int status = 0;
  waitpid(child, &status, 0);
  int64_t stored = CountPosts(db_);
  ASSERT_GT(stored, 0);
  if (!WIFSIGNALED(status)) GTEST_SKIP() << "the run finished before it could be killed";
  EXPECT_LT(stored, kPosts);
  {
    // Consistent: the rollups count exactly the posts stored.
    auto store = OpenDb(db_);
    ASSERT_TRUE(store);
    SeriesQuery all;
    all.granularity = Granularity::kWeek;
    EXPECT_EQ(store->Total(all)->n, stored);
  }

  Result rerun = Run(args.substr(0, args.find(" -q")) + args.substr(args.find(" -q") + 3));
  ASSERT_EQ(rerun.exit_code, 0) << rerun.err;
  EXPECT_NE(rerun.err.find(Grouped(kPosts - stored) + " inserted"), std::string::npos)
      << rerun.err;

  std::string fresh_db = (tmp_ / "fresh.db").string();
  ASSERT_EQ(Run("ingest -q -j2 " + csv.string() + " --db " + fresh_db).exit_code, 0);
  EXPECT_FALSE(fs::exists(tmp_ / "rejects.ndjson"));
  auto resumed = OpenDb(db_);
  auto fresh = OpenDb(fresh_db);
  ASSERT_TRUE(resumed && fresh);
  EXPECT_EQ(resumed->Counts()->posts, static_cast<uint64_t>(kPosts));
  EXPECT_EQ(resumed->Counts()->authors, fresh->Counts()->authors);
  EXPECT_TRUE(*resumed->AllRollups() == *fresh->AllRollups());
  // The reader indexes a killed bulk load leaves out are back.
  EXPECT_NE(Indexes(db_).find("posts_by_author: CREATE INDEX"), std::string::npos);
  EXPECT_EQ(Indexes(db_), Indexes(fresh_db));
}

}  // namespace
}  // namespace parley
