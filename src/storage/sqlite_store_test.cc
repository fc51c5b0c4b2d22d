#include <gtest/gtest.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <limits>
#include <map>
#include <memory>
#include <random>
#include <sstream>
#include <tuple>

#include "src/core/timestamp.h"
#include "src/storage/sqlite_db.h"
#include "src/storage/sqlite_memory.h"
#include "src/storage/sqlite_schema.h"
#include "src/storage/store.h"
#include "src/text/terms.h"
#include "tests/testutil/files.h"
#include "tests/testutil/status_matchers.h"

namespace parley {
namespace {

namespace fs = std::filesystem;
using ::parley::testing::StatusIs;
using ::testing::HasSubstr;

using ::parley::testing::Slurp;

class StoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = ::parley::testing::FreshTestDir("store");
    options_.path = (dir_ / "test.db").string();
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::unique_ptr<Store> Open() {
    auto store = OpenStore(options_);
    EXPECT_OK(store);
    return store.ok() ? std::move(store).value() : nullptr;
  }

  // Makes the test's options a bulk load that commits every `group_posts`
  // posts (never by time) and returns the options of a plain store beside
  // it, named `name`, for the same batches to be compared with.
  StoreOptions BulkWithReference(const char* name, int group_posts) {
    StoreOptions single = options_;
    single.path = (dir_ / name).string();
    options_.bulk_load = true;
    options_.bulk_commit_posts = group_posts;
    options_.bulk_commit_ms = 1 << 30;
    return single;
  }

  // Runs one SQL statement directly on the file.
  void Sql(const std::string& path, const std::string& sql) {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
    ASSERT_EQ(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr), SQLITE_OK)
        << sqlite3_errmsg(db);
    sqlite3_close(db);
  }

  // The rows of a query on the file from another connection, one line each
  // with its columns joined by '|'.
  std::string Rows(const std::string& path, const std::string& sql) {
    sqlite3* db = nullptr;
    std::string out;
    EXPECT_EQ(sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
    sqlite3_stmt* st = nullptr;
    EXPECT_EQ(sqlite3_prepare_v2(db, sql.c_str(), -1, &st, nullptr), SQLITE_OK)
        << sqlite3_errmsg(db);
    while (st && sqlite3_step(st) == SQLITE_ROW) {
      for (int c = 0; c < sqlite3_column_count(st); ++c) {
        const unsigned char* v = sqlite3_column_text(st, c);
        out += (c ? "|" : "") + std::string(v ? reinterpret_cast<const char*>(v) : "NULL");
      }
      out += "\n";
    }
    sqlite3_finalize(st);
    sqlite3_close(db);
    return out;
  }

  fs::path dir_;
  StoreOptions options_;
};

Post MakePost(std::string id, const char* iso = "2024-03-06T13:45:10Z",
              std::string text = "so good") {
  Post p;
  p.source = "twitter";
  p.id = std::move(id);
  p.author = "ann";
  p.created_at_ms = *ParseTimestamp(iso);
  p.text = std::move(text);
  return p;
}

Analysis MakeAnalysis(SentimentLabel label = SentimentLabel::kPositive, double score = 0.5) {
  Analysis a;
  a.sentiment.label = label;
  a.sentiment.score = score;
  return a;
}

// What an ingest of exactly these records into a new store holds.
RollupTable Expected(const std::vector<Post>& posts, const std::vector<Analysis>& analyses) {
  RollupTable t;
  for (size_t i = 0; i < posts.size(); ++i) t.AddPost(posts[i], analyses[i]);
  return t;
}

TEST_F(StoreTest, CreatesANewDatabaseAtTheLatestSchema) {
  auto store = Open();
  ASSERT_TRUE(store);
  ASSERT_OK_AND_ASSIGN(StoreCounts c, store->Counts());
  EXPECT_EQ(c.posts, 0u);
  ASSERT_OK(store->Close());
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(options_.path.c_str(), &db), SQLITE_OK);
  sqlite3_stmt* st = nullptr;
  sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &st, nullptr);
  ASSERT_EQ(sqlite3_step(st), SQLITE_ROW);
  EXPECT_EQ(sqlite3_column_int(st, 0), StoreSchemaVersion());
  sqlite3_finalize(st);
  sqlite3_close(db);
}

TEST_F(StoreTest, ReopeningKeepsThePosts) {
  {
    auto store = Open();
    ASSERT_OK(store->WriteBatch(std::vector<Post>{MakePost("1")},
                                std::vector<Analysis>{MakeAnalysis()}, nullptr));
  }
  auto store = Open();
  ASSERT_OK_AND_ASSIGN(StoreCounts c, store->Counts());
  EXPECT_EQ(c.posts, 1u);
  EXPECT_EQ(c.authors, 1u);
  EXPECT_EQ(c.rollup_rows, 3u);
}

TEST_F(StoreTest, ModelsAreThoseThatWroteThePosts) {
  {
    auto store = Open();
    ASSERT_OK_AND_ASSIGN(std::vector<std::string> none, store->Models());
    EXPECT_TRUE(none.empty());
    ASSERT_OK(store->WriteBatch(std::vector<Post>{MakePost("1")},
                                std::vector<Analysis>{MakeAnalysis()}, nullptr));
    ASSERT_OK_AND_ASSIGN(std::vector<std::string> one, store->Models());
    EXPECT_EQ(one, std::vector<std::string>{"lexicon"});
  }
  options_.model = "air.plm";
  {
    auto store = Open();
    ASSERT_OK(store->WriteBatch(std::vector<Post>{MakePost("2")},
                                std::vector<Analysis>{MakeAnalysis()}, nullptr));
  }
  options_.model = "lexicon";  // what a reader is given does not matter
  auto store = Open();
  ASSERT_OK_AND_ASSIGN(std::vector<std::string> both, store->Models());
  EXPECT_EQ(both, (std::vector<std::string>{"air.plm", "lexicon"}));
  store.reset();
  // A store written before the meta keys: its posts say.
  Sql(options_.path, "DELETE FROM meta WHERE key LIKE 'model:%'");
  store = Open();
  ASSERT_OK_AND_ASSIGN(both, store->Models());
  EXPECT_EQ(both, (std::vector<std::string>{"air.plm", "lexicon"}));
}

TEST_F(StoreTest, LanguageFiltersAreNotedOnceEach) {
  {
    auto store = Open();
    ASSERT_OK_AND_ASSIGN(std::vector<std::string> none, store->LanguageFilters());
    EXPECT_TRUE(none.empty());
    ASSERT_OK(store->NoteLanguageFilter("en,und"));
    ASSERT_OK(store->NoteLanguageFilter("en"));
    ASSERT_OK(store->NoteLanguageFilter("en,und"));
  }
  auto store = Open();
  ASSERT_OK_AND_ASSIGN(std::vector<std::string> filters, store->LanguageFilters());
  EXPECT_EQ(filters, (std::vector<std::string>{"en", "en,und"}));
  // Other meta keys are not filters.
  ASSERT_OK_AND_ASSIGN(std::vector<std::string> models, store->Models());
  EXPECT_TRUE(models.empty());
}

TEST_F(StoreTest, ADatabaseFromANewerParleyIsAClearError) {
  ASSERT_TRUE(Open());
  Sql(options_.path, "PRAGMA user_version = 999");
  auto store = OpenStore(options_);
  EXPECT_THAT(store, StatusIs(StatusCode::kFailedPrecondition, HasSubstr("newer parley")));
}

TEST_F(StoreTest, AFileThatIsNotADatabaseIsRejectedAndLeftAlone) {
  std::string junk = "id,text\n1,this is a CSV file, not a database\n";
  std::ofstream(options_.path, std::ios::binary) << junk;
  auto store = OpenStore(options_);
  EXPECT_THAT(store, StatusIs(StatusCode::kDataLoss, HasSubstr("not a parley database")));
  EXPECT_EQ(Slurp(options_.path), junk);
}

TEST_F(StoreTest, AnotherProgramsSqliteDatabaseIsRejected) {
  Sql(options_.path, "CREATE TABLE t (x)");
  EXPECT_THAT(OpenStore(options_), StatusIs(StatusCode::kDataLoss, HasSubstr("not a parley")));
}

TEST_F(StoreTest, AMissingFileIsNotFoundWhenCreationIsOff) {
  options_.create_if_missing = false;
  EXPECT_THAT(OpenStore(options_), StatusIs(StatusCode::kNotFound));
  EXPECT_FALSE(fs::exists(options_.path));
}

// "" and ":memory:" are SQLite's private databases, gone at close: no
// store opens there, so no ingest reports posts stored nowhere.
TEST_F(StoreTest, AnEmptyOrInMemoryPathIsAnError) {
  for (const char* path : {"", ":memory:"}) {
    options_.path = path;
    EXPECT_THAT(OpenStore(options_), StatusIs(StatusCode::kInvalidArgument)) << path;
  }
}

// A zero-byte file is not a store: reading commands (creation off) say so
// and leave it empty; a creating open makes it a store.
TEST_F(StoreTest, AnEmptyFileIsNoStoreUntilCreated) {
  std::ofstream(options_.path).flush();
  options_.create_if_missing = false;
  EXPECT_THAT(OpenStore(options_), StatusIs(StatusCode::kNotFound));
  EXPECT_EQ(fs::file_size(options_.path), 0u);
  options_.create_if_missing = true;
  EXPECT_NE(Open(), nullptr);
  EXPECT_GT(fs::file_size(options_.path), 0u);
}

TEST_F(StoreTest, WritingTheSameRecordsTwiceStoresThemOnce) {
  auto store = Open();
  std::vector<Post> posts = {MakePost("1"), MakePost("2")};
  std::vector<Analysis> analyses = {MakeAnalysis(), MakeAnalysis()};
  IngestStats first, second;
  ASSERT_OK(store->WriteBatch(posts, analyses, &first));
  ASSERT_OK(store->WriteBatch(posts, analyses, &second));
  EXPECT_EQ(first.inserted, 2u);
  EXPECT_EQ(second.inserted, 0u);
  EXPECT_EQ(second.unchanged, 2u);
  EXPECT_EQ(store->Counts()->posts, 2u);
  EXPECT_TRUE(*store->AllRollups() == Expected(posts, analyses));
}

TEST_F(StoreTest, AChangedRecordIsUpdatedAndItsRollupsMove) {
  auto store = Open();
  std::vector<Post> posts = {MakePost("1"), MakePost("2")};
  std::vector<Analysis> analyses = {MakeAnalysis(), MakeAnalysis()};
  ASSERT_OK(store->WriteBatch(posts, analyses, nullptr));
  // Post 2 is edited: another day, another sentiment, a brand.
  posts[1] = MakePost("2", "2024-03-12T08:00:00Z", "awful");
  analyses[1] = MakeAnalysis(SentimentLabel::kNegative, -0.7);
  analyses[1].brands = {"united"};
  IngestStats stats;
  ASSERT_OK(store->WriteBatch(posts, analyses, &stats));
  EXPECT_EQ(stats.updated, 1u);
  EXPECT_EQ(stats.unchanged, 1u);
  EXPECT_TRUE(*store->AllRollups() == Expected(posts, analyses));
  ASSERT_OK_AND_ASSIGN(auto stored, store->GetPost("twitter", "2"));
  ASSERT_TRUE(stored);
  EXPECT_EQ(stored->post.text, "awful");
  EXPECT_EQ(stored->analysis.brands, std::vector<std::string>{"united"});
  EXPECT_EQ(store->Counts()->posts, 2u);
}

// Intents, aspects and prices on top of MakeAnalysis().
Analysis TaggedAnalysis(SentimentLabel label = SentimentLabel::kNegative, double score = -0.5) {
  Analysis a = MakeAnalysis(label, score);
  a.brands = {"delta"};
  a.topics = {"food"};
  a.intents = {"complaint"};
  a.aspects = {{"food", SentimentLabel::kNegative, -0.6}};
  a.prices = {{"USD", 20, true, "$20"}};
  return a;
}

// Every tag rollup of the store, as text, one line per (kind, tag) total
// by day for all brands and for delta.
std::string TagTotalsText(Store* store) {
  std::string out;
  for (TagKind kind : kTagKinds) {
    for (const char* brand : {"*", "delta"}) {
      TotalsQuery q;
      q.brand = brand;
      auto totals = store->TagTotals(q, kind);
      EXPECT_OK(totals);
      if (!totals.ok()) continue;
      for (const KeyedTagRollup& t : *totals) {
        const TagRollup& r = t.rollup;
        out += std::string(TagKindName(kind)) + " " + brand + " " + t.tag +
               ": n=" + std::to_string(r.sentiment.n) +
               " neg=" + std::to_string(r.sentiment.count[0]) +
               " pos=" + std::to_string(r.sentiment.count[2]) +
               " score=" + std::to_string(r.sentiment.sum_score) +
               " amounts=" + std::to_string(r.amounts) + " sum=" + std::to_string(r.sum_amount) +
               "\n";
      }
    }
  }
  // And the intents' topics.
  for (const char* brand : {"*", "delta"}) {
    TotalsQuery q;
    q.brand = brand;
    for (const char* intent : {"complaint", "praise"}) {
      auto topics = store->IntentTopicTotals(q, intent);
      EXPECT_OK(topics);
      if (!topics.ok()) continue;
      for (const KeyedRollup& t : *topics) {
        out += std::string(intent) + " " + brand + " topic " + t.key +
               ": n=" + std::to_string(t.rollup.n) + " neg=" + std::to_string(t.rollup.count[0]) +
               "\n";
      }
    }
  }
  return out;
}

TEST_F(StoreTest, IntentsAspectsAndPricesAreRolledUpAndMoveWithAnUpdate) {
  auto store = Open();
  std::vector<Post> posts = {MakePost("1"), MakePost("2"), MakePost("3")};
  std::vector<Analysis> analyses = {TaggedAnalysis(), TaggedAnalysis(), MakeAnalysis()};
  analyses[1].brands.clear();
  analyses[1].prices = {{"USD", 5.25, true, "$5.25"}, {"", 0, false, "too expensive"}};
  ASSERT_OK(store->WriteBatch(posts, analyses, nullptr));
  EXPECT_EQ(TagTotalsText(store.get()),
            "intent * complaint: n=2 neg=2 pos=0 score=-1000000000 amounts=0 sum=0\n"
            "intent delta complaint: n=1 neg=1 pos=0 score=-500000000 amounts=0 sum=0\n"
            "aspect * food: n=2 neg=2 pos=0 score=-1200000000 amounts=0 sum=0\n"
            "aspect delta food: n=1 neg=1 pos=0 score=-600000000 amounts=0 sum=0\n"
            "price * USD: n=2 neg=2 pos=0 score=-1000000000 amounts=2 sum=2525\n"
            "price * : n=1 neg=1 pos=0 score=-500000000 amounts=0 sum=0\n"
            "price delta USD: n=1 neg=1 pos=0 score=-500000000 amounts=1 sum=2000\n"
            "complaint * topic food: n=2 neg=2\n"
            "complaint delta topic food: n=1 neg=1\n");
  // The posts behind an intent's figure.
  ExampleQuery complaints;
  complaints.intent = "complaint";
  complaints.order = ExampleQuery::Order::kOldest;
  ASSERT_OK_AND_ASSIGN(auto behind, store->Examples(complaints));
  ASSERT_EQ(behind.size(), 2u);
  EXPECT_EQ(behind[0].id, "1");
  EXPECT_EQ(behind[1].id, "2");
  complaints.brand = "delta";
  ASSERT_OK_AND_ASSIGN(behind, store->Examples(complaints));
  ASSERT_EQ(behind.size(), 1u);
  EXPECT_EQ(behind[0].id, "1");
  // Post 1 is re-analyzed: praise now, no price; post 2 loses every tag.
  analyses[0] = MakeAnalysis(SentimentLabel::kPositive, 0.8);
  analyses[0].brands = {"delta"};
  analyses[0].intents = {"praise"};
  analyses[1] = MakeAnalysis(SentimentLabel::kNeutral, 0);
  IngestStats stats;
  ASSERT_OK(store->WriteBatch(posts, analyses, &stats));
  EXPECT_EQ(stats.updated, 2u);
  EXPECT_EQ(TagTotalsText(store.get()),
            "intent * praise: n=1 neg=0 pos=1 score=800000000 amounts=0 sum=0\n"
            "intent delta praise: n=1 neg=0 pos=1 score=800000000 amounts=0 sum=0\n");
  // The emptied cells are gone, not left at zero.
  EXPECT_EQ(Rows(options_.path, "SELECT count(*) FROM tag_rollups"), "6\n");
  complaints.brand = "*";
  ASSERT_OK_AND_ASSIGN(behind, store->Examples(complaints));
  EXPECT_TRUE(behind.empty());
}

// A conversation of three authors over two days, for the deletions below:
// ann (1, 2, 3), bob (4, 5), cy (6, the first day; 7, the second).
void DeletionFixture(std::vector<Post>* posts, std::vector<Analysis>* analyses) {
  const char* authors[] = {"ann", "ann", "ann", "bob", "bob", "cy", "cy"};
  const char* times[] = {"2024-03-06T10:00:00Z", "2024-03-06T11:30:00Z", "2024-03-07T09:00:00Z",
                         "2024-03-06T10:15:00Z", "2024-03-07T12:00:00Z", "2024-03-06T08:00:00Z",
                         "2024-03-07T08:00:00Z"};
  for (int i = 0; i < 7; ++i) {
    posts->push_back(MakePost(std::to_string(i + 1), times[i], "post " + std::to_string(i + 1)));
    posts->back().author = authors[i];
    analyses->push_back(i % 2 == 0 ? TaggedAnalysis() : MakeAnalysis());
    if (i % 3 == 0) analyses->back().lang = "en";
  }
  // Ann's post 2, the last she gives a name in, and cy's post 6 say more of
  // them than the posts that stay.
  (*posts)[1].author_name = "Ann Before";
  (*posts)[1].metrics.followers = 900;
  (*posts)[2].metrics.followers = 100;
  (*posts)[5].author_name = "Cy Before";
  (*posts)[5].metrics.followers = 5000;
  (*posts)[6].author_name = "Cy";
  (*posts)[6].metrics.followers = 50;
}

TEST_F(StoreTest, DeletedPostsLeaveTheStoreAsIfNeverIngested) {
  std::vector<Post> posts;
  std::vector<Analysis> analyses;
  DeletionFixture(&posts, &analyses);
  auto store = Open();
  ASSERT_OK(store->WriteBatch(posts, analyses, nullptr));
  // Bob's posts are quoted by an alert and marked handled, and he is ranked.
  StoredAlert alert{
      "spike|all|1",
      "spike",
      posts[0].created_at_ms,
      posts[0].created_at_ms + 1,
      5,
      R"({"kind":"spike","observed":3.5,"examples":[{"source":"twitter","id":"4","author":"bob","text":"post 4"},{"source":"twitter","id":"1","author":"ann","text":"post 1"}]})",
      std::nullopt};
  ASSERT_OK(store->PutAlert(alert).status());
  ASSERT_OK(store->MarkHandled({"twitter", "5", 1, "answered"}));
  ASSERT_OK(store->MarkHandled({"twitter", "1", 1, ""}));
  std::vector<StoredInfluence> ranked(2);
  ranked[0].source = ranked[1].source = "twitter";
  ranked[0].handle = "bob";
  ranked[1].handle = "ann";
  ASSERT_OK_AND_ASSIGN(int64_t version, store->DataVersion());
  ASSERT_OK(store->PutInfluence(version, ranked));

  // Nothing to go by: refused.
  EXPECT_THAT(store->DeletePosts(DeleteQuery(), false).status(),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("needs a filter")));
  // A dry run counts and changes nothing.
  const std::string tables[] = {
      "SELECT * FROM rollups ORDER BY 1, 2, 3, 4, 5",
      "SELECT * FROM tag_rollups ORDER BY 1, 2, 3, 4, 5, 6, 7",
      "SELECT source, handle, name, first_seen, last_seen, posts, followers_max FROM authors "
      "ORDER BY 1, 2",
      "SELECT kind, tag, created_at, (SELECT id FROM posts p WHERE p.pid = t.pid) FROM post_tags t "
      "ORDER BY 1, 2, 3, 4",
      "SELECT source, id, author, created_at, text FROM posts ORDER BY 1, 2"};
  auto holdings = [&](const std::string& path) {
    std::string all;
    for (const std::string& sql : tables) all += Rows(path, sql) + "--\n";
    return all;
  };
  const std::string before = holdings(options_.path);
  DeleteQuery bob;
  bob.authors = {"bob"};
  ASSERT_OK_AND_ASSIGN(DeleteStats dry, store->DeletePosts(bob, true));
  EXPECT_EQ(dry.posts, 2);
  EXPECT_EQ(dry.authors, 1);
  EXPECT_EQ(dry.alerts, 1);
  EXPECT_EQ(holdings(options_.path), before);
  ASSERT_OK_AND_ASSIGN(int64_t unmoved, store->DataVersion());
  EXPECT_EQ(unmoved, version);

  // Bob, then ann's post 2 by its id, then what is older than the second
  // day (posts 1 and 6): each as if never ingested.
  ASSERT_OK_AND_ASSIGN(DeleteStats gone, store->DeletePosts(bob, false));
  EXPECT_EQ(gone.posts, 2);
  EXPECT_EQ(gone.authors, 1);
  EXPECT_EQ(gone.alerts, 1);
  DeleteQuery one;
  one.source = "twitter";
  one.ids = {"2", "404"};
  ASSERT_OK_AND_ASSIGN(gone, store->DeletePosts(one, false));
  EXPECT_EQ(gone.posts, 1);
  EXPECT_EQ(gone.authors, 0);
  DeleteQuery old;
  old.before_ms = *ParseTimestamp("2024-03-07T00:00:00Z");
  ASSERT_OK_AND_ASSIGN(gone, store->DeletePosts(old, false));
  EXPECT_EQ(gone.posts, 2);
  EXPECT_EQ(gone.authors, 0);  // ann and cy keep their second day's posts
  EXPECT_EQ(gone.alerts, 1);   // the alert quoted post 1 too
  ASSERT_OK_AND_ASSIGN(gone, store->DeletePosts(old, false));
  EXPECT_EQ(gone.posts, 0);
  ASSERT_OK_AND_ASSIGN(int64_t moved, store->DataVersion());
  EXPECT_GT(moved, version);

  // The reference: a store given only the posts that stay (3 and 7).
  StoreOptions ref = options_;
  ref.path = (dir_ / "ref.db").string();
  {
    ASSERT_OK_AND_ASSIGN(std::unique_ptr<Store> r, OpenStore(ref));
    std::vector<Post> kept = {posts[2], posts[6]};
    std::vector<Analysis> kept_analyses = {analyses[2], analyses[6]};
    ASSERT_OK(r->WriteBatch(kept, kept_analyses, nullptr));
  }
  EXPECT_EQ(holdings(options_.path), holdings(ref.path));
  // Bob's influence, his care-queue mark and the alert's quotes of gone
  // posts are gone; the alert's figures and the rest stay.
  EXPECT_EQ(Rows(options_.path, "SELECT handle FROM influence"), "ann\n");
  EXPECT_EQ(Rows(options_.path, "SELECT id FROM queue_done"), "");
  EXPECT_EQ(Rows(options_.path, "SELECT body FROM alerts"),
            "{\"kind\":\"spike\",\"observed\":3.5,\"examples\":[]}\n");
  // Their text is not left in the file's free pages or its log either.
  for (const char* suffix : {"", "-wal"}) {
    const std::string file = Slurp(options_.path + suffix);
    for (const char* text : {"post 1", "post 4", "post 5", "post 6", "Ann Before", "Cy Before"}) {
      EXPECT_EQ(file.find(text), std::string::npos) << text << " in test.db" << suffix;
    }
  }
  EXPECT_NE(Slurp(options_.path).find("post 7"), std::string::npos);
}

// Languages (--detect-language): counted per language, kept in the post
// (read back by GetPost), found behind their figure, and moved when a post
// is analyzed again, with or without a language.
TEST_F(StoreTest, LanguagesAreRolledUpFoundAndMoveWithAnUpdate) {
  auto store = Open();
  std::vector<Post> posts = {MakePost("1"), MakePost("2"), MakePost("3"), MakePost("4")};
  std::vector<Analysis> analyses = {MakeAnalysis(), MakeAnalysis(), MakeAnalysis(), MakeAnalysis()};
  analyses[0].lang = "es";
  analyses[1].lang = "en";
  analyses[2].lang = "es";
  posts[2].lang = "es-MX";  // the source's tag, kept as written beside it
  ASSERT_OK(store->WriteBatch(posts, analyses, nullptr));  // post 4: no language
  EXPECT_EQ(TagTotalsText(store.get()),
            "language * es: n=2 neg=0 pos=2 score=1000000000 amounts=0 sum=0\n"
            "language * en: n=1 neg=0 pos=1 score=500000000 amounts=0 sum=0\n");
  ASSERT_OK_AND_ASSIGN(std::optional<StoredPost> three, store->GetPost("twitter", "3"));
  ASSERT_TRUE(three.has_value());
  EXPECT_EQ(three->post.lang, "es-MX");
  EXPECT_EQ(three->analysis.lang, "es");
  ExampleQuery spanish;
  spanish.language = "es";
  spanish.order = ExampleQuery::Order::kOldest;
  ASSERT_OK_AND_ASSIGN(auto behind, store->Examples(spanish));
  ASSERT_EQ(behind.size(), 2u);
  EXPECT_EQ(behind[0].id, "1");
  EXPECT_EQ(behind[1].id, "3");
  // Post 1 turns out English; post 2 is analyzed without detection.
  analyses[0].lang = "en";
  analyses[1].lang = "";
  IngestStats stats;
  ASSERT_OK(store->WriteBatch(posts, analyses, &stats));
  EXPECT_EQ(stats.updated, 2u);
  EXPECT_EQ(TagTotalsText(store.get()),
            "language * en: n=1 neg=0 pos=1 score=500000000 amounts=0 sum=0\n"
            "language * es: n=1 neg=0 pos=1 score=500000000 amounts=0 sum=0\n");
  ASSERT_OK_AND_ASSIGN(behind, store->Examples(spanish));
  ASSERT_EQ(behind.size(), 1u);
  EXPECT_EQ(behind[0].id, "3");
}

TEST_F(StoreTest, TagTotalsReadPartialBucketsByTheHourAndOneSource) {
  auto store = Open();
  std::vector<Post> posts = {MakePost("1", "2024-03-06T08:00:00Z"),
                             MakePost("2", "2024-03-06T15:00:00Z")};
  posts[1].source = "reviews";
  std::vector<Analysis> analyses = {TaggedAnalysis(), TaggedAnalysis()};
  ASSERT_OK(store->WriteBatch(posts, analyses, nullptr));
  TotalsQuery q;
  q.from_ms = *ParseTimestamp("2024-03-06T12:00:00Z");
  ASSERT_OK_AND_ASSIGN(auto since_noon, store->TagTotals(q, TagKind::kIntent));
  ASSERT_EQ(since_noon.size(), 1u);
  EXPECT_EQ(since_noon[0].rollup.sentiment.n, 1);
  q.from_ms = kMinTime;
  q.source = "twitter";
  ASSERT_OK_AND_ASSIGN(auto twitter, store->TagTotals(q, TagKind::kPrice));
  ASSERT_EQ(twitter.size(), 1u);
  EXPECT_EQ(twitter[0].tag, "USD");
  EXPECT_EQ(twitter[0].rollup.sentiment.n, 1);
}

TEST_F(StoreTest, ATagSeriesHasOnePointPerBucketOfItsTag) {
  auto store = Open();
  std::vector<Post> posts = {MakePost("1", "2024-03-06T08:00:00Z"),
                             MakePost("2", "2024-03-06T15:00:00Z"),
                             MakePost("3", "2024-03-08T09:00:00Z")};
  std::vector<Analysis> analyses = {TaggedAnalysis(), TaggedAnalysis(), TaggedAnalysis()};
  analyses[1].brands.clear();
  ASSERT_OK(store->WriteBatch(posts, analyses, nullptr));
  SeriesQuery q;
  ASSERT_OK_AND_ASSIGN(auto all, store->TagSeries(q, TagKind::kIntent, "complaint"));
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0].bucket_start, *ParseTimestamp("2024-03-06T00:00:00Z"));
  EXPECT_EQ(all[0].rollup.n, 2);
  EXPECT_EQ(all[1].rollup.n, 1);
  q.brand = "delta";
  q.from_ms = *ParseTimestamp("2024-03-06T12:00:00Z");  // a partial day: its hours
  ASSERT_OK_AND_ASSIGN(auto delta, store->TagSeries(q, TagKind::kIntent, "complaint"));
  ASSERT_EQ(delta.size(), 1u);
  EXPECT_EQ(delta[0].bucket_start, *ParseTimestamp("2024-03-08T00:00:00Z"));
  ASSERT_OK_AND_ASSIGN(auto food, store->TagSeries(SeriesQuery(), TagKind::kAspect, "food"));
  ASSERT_EQ(food.size(), 2u);
  EXPECT_EQ(food[0].rollup.Count(SentimentLabel::kNegative), 2);
  ASSERT_OK_AND_ASSIGN(auto none, store->TagSeries(SeriesQuery(), TagKind::kIntent, "praise"));
  EXPECT_TRUE(none.empty());
}

// A series by the day of a zone sums the hours of its days (stored days
// are UTC's); intents within a topic, kept by day, are counted from their
// posts, as is the hour a day begins inside in a zone half an hour off UTC
// (for aspects, prices and languages too: from the posts' details).
TEST_F(StoreTest, SeriesByTheDaysOfAZone) {
  auto store = Open();
  std::vector<Post> posts = {MakePost("1", "2024-03-13T23:30:00Z"),   // Paris: the 14th
                             MakePost("2", "2024-03-14T10:00:00Z"),   // the 14th
                             MakePost("3", "2024-03-14T23:10:00Z")};  // the 15th
  std::vector<Analysis> analyses = {TaggedAnalysis(), TaggedAnalysis(), TaggedAnalysis()};
  ASSERT_OK(store->WriteBatch(posts, analyses, nullptr));
  auto day_counts = [](const std::vector<SeriesPoint>& points) {
    std::string out;
    for (const SeriesPoint& p : points) {
      out += FormatTimestamp(p.bucket_start) + "=" + std::to_string(p.rollup.n) + " ";
    }
    return out;
  };
  SeriesQuery q;
  ASSERT_OK_AND_ASSIGN(auto utc, store->RollupSeries(q));
  EXPECT_EQ(day_counts(utc), "2024-03-13T00:00:00Z=1 2024-03-14T00:00:00Z=2 ");
  auto paris = TimeZone::Find("Europe/Paris");
  ASSERT_OK(paris.status());
  q.zone = *paris;
  ASSERT_OK_AND_ASSIGN(auto local, store->RollupSeries(q));
  EXPECT_EQ(day_counts(local), "2024-03-13T23:00:00Z=2 2024-03-14T23:00:00Z=1 ");
  ASSERT_OK_AND_ASSIGN(auto complaints, store->TagSeries(q, TagKind::kIntent, "complaint"));
  EXPECT_EQ(day_counts(complaints), "2024-03-13T23:00:00Z=2 2024-03-14T23:00:00Z=1 ");
  q.topic = "food";
  ASSERT_OK_AND_ASSIGN(auto food, store->TagSeries(q, TagKind::kIntent, "complaint"));
  EXPECT_EQ(day_counts(food), "2024-03-13T23:00:00Z=2 2024-03-14T23:00:00Z=1 ");
  q.topic = "*";
  q.granularity = Granularity::kWeek;
  q.from_ms = *ParseTimestamp("2024-03-14T00:00:00Z");
  ASSERT_OK_AND_ASSIGN(auto week, store->RollupSeries(q));
  EXPECT_EQ(day_counts(week), "2024-03-10T23:00:00Z=2 ");
  // Kolkata's days begin at 18:30 UTC: 23:10 on the 14th is the 15th there,
  // 10:00 the 14th; and of the hour 18:00 on the 14th, 18:10 is the 14th and
  // 18:45 the 15th (counted from the posts of that hour).
  std::vector<Post> more = {MakePost("4", "2024-03-14T18:10:00Z"),
                            MakePost("5", "2024-03-14T18:45:00Z")};
  std::vector<Analysis> more_analyses = {TaggedAnalysis(), TaggedAnalysis()};
  more_analyses[1].intents.clear();
  more_analyses[0].lang = "en";
  more_analyses[1].aspects.push_back({"crew", SentimentLabel::kPositive, 0.7});
  ASSERT_OK(store->WriteBatch(more, more_analyses, nullptr));
  auto kolkata = TimeZone::Find("Asia/Kolkata");
  ASSERT_OK(kolkata.status());
  q.zone = *kolkata;
  q.granularity = Granularity::kDay;
  ASSERT_OK_AND_ASSIGN(auto india, store->RollupSeries(q));
  EXPECT_EQ(day_counts(india), "2024-03-13T18:30:00Z=2 2024-03-14T18:30:00Z=2 ");
  ASSERT_OK_AND_ASSIGN(auto india_complaints, store->TagSeries(q, TagKind::kIntent, "complaint"));
  EXPECT_EQ(day_counts(india_complaints), "2024-03-13T18:30:00Z=2 2024-03-14T18:30:00Z=1 ");
  ASSERT_OK_AND_ASSIGN(auto food_aspect, store->TagSeries(q, TagKind::kAspect, "food"));
  EXPECT_EQ(day_counts(food_aspect), "2024-03-13T18:30:00Z=2 2024-03-14T18:30:00Z=2 ");
  ASSERT_OK_AND_ASSIGN(auto crew_aspect, store->TagSeries(q, TagKind::kAspect, "crew"));
  EXPECT_EQ(day_counts(crew_aspect), "2024-03-14T18:30:00Z=1 ");
  ASSERT_EQ(crew_aspect.size(), 1u);
  EXPECT_EQ(crew_aspect[0].rollup.Count(SentimentLabel::kPositive), 1);  // the aspect's label
  ASSERT_OK_AND_ASSIGN(auto dollars, store->TagSeries(q, TagKind::kPrice, "USD"));
  EXPECT_EQ(day_counts(dollars), "2024-03-13T18:30:00Z=2 2024-03-14T18:30:00Z=2 ");
  ASSERT_OK_AND_ASSIGN(auto english, store->TagSeries(q, TagKind::kLanguage, "en"));
  EXPECT_EQ(day_counts(english), "2024-03-13T18:30:00Z=1 ");
  q.brand = "delta";
  ASSERT_OK_AND_ASSIGN(auto delta_food, store->TagSeries(q, TagKind::kAspect, "food"));
  EXPECT_EQ(day_counts(delta_food), "2024-03-13T18:30:00Z=2 2024-03-14T18:30:00Z=2 ");
  q.brand = "united";
  ASSERT_OK_AND_ASSIGN(auto united_food, store->TagSeries(q, TagKind::kAspect, "food"));
  EXPECT_EQ(day_counts(united_food), "");
  q.brand = "*";
  // Each day is what the same posts give in UTC hours, summed: the hour
  // 18:00 on the 14th holds one "food" aspect of each day.
  q.granularity = Granularity::kHour;
  ASSERT_OK_AND_ASSIGN(auto food_hours, store->TagSeries(q, TagKind::kAspect, "food"));
  int64_t hours_n = 0;
  for (const SeriesPoint& p : food_hours) hours_n += p.rollup.n;
  EXPECT_EQ(hours_n, 4);
  // By the hour any zone will do: hours are hours.
  ASSERT_OK_AND_ASSIGN(auto hours, store->RollupSeries(q));
  EXPECT_EQ(hours.size(), 3u);
}

TEST_F(StoreTest, IntentsAreCountedPerTopicOfTheirPosts) {
  auto store = Open();
  std::vector<Post> posts = {MakePost("1", "2024-03-06T08:00:00Z"),
                             MakePost("2", "2024-03-06T09:00:00Z"),
                             MakePost("3", "2024-03-07T09:00:00Z")};
  std::vector<Analysis> analyses = {TaggedAnalysis(), TaggedAnalysis(), TaggedAnalysis()};
  analyses[1].topics = {"food", "delay"};
  analyses[1].brands.clear();
  analyses[2].topics.clear();
  analyses[2].intents = {"complaint", "question"};
  ASSERT_OK(store->WriteBatch(posts, analyses, nullptr));
  // The reasons of the complaints: food in two, delay in one (the third
  // has no topic, so it counts for "*" alone).
  ASSERT_OK_AND_ASSIGN(auto reasons, store->IntentTopicTotals(TotalsQuery(), "complaint"));
  ASSERT_EQ(reasons.size(), 2u);
  EXPECT_EQ(reasons[0].key, "food");
  EXPECT_EQ(reasons[0].rollup.n, 2);
  EXPECT_EQ(reasons[0].rollup.count[0], 2);
  EXPECT_EQ(reasons[1].key, "delay");
  EXPECT_EQ(reasons[1].rollup.n, 1);
  TotalsQuery delta;
  delta.brand = "delta";
  ASSERT_OK_AND_ASSIGN(auto of_delta, store->IntentTopicTotals(delta, "complaint"));
  ASSERT_EQ(of_delta.size(), 1u);
  EXPECT_EQ(of_delta[0].key, "food");
  EXPECT_EQ(of_delta[0].rollup.n, 1);
  ASSERT_OK_AND_ASSIGN(auto questions, store->IntentTopicTotals(TotalsQuery(), "question"));
  EXPECT_TRUE(questions.empty());
  // The intents of one topic's posts, and their series.
  TotalsQuery food;
  food.topic = "food";
  ASSERT_OK_AND_ASSIGN(auto in_food, store->TagTotals(food, TagKind::kIntent));
  ASSERT_EQ(in_food.size(), 1u);
  EXPECT_EQ(in_food[0].tag, "complaint");
  EXPECT_EQ(in_food[0].rollup.sentiment.n, 2);
  ASSERT_OK_AND_ASSIGN(auto all, store->TagTotals(TotalsQuery(), TagKind::kIntent));
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0].rollup.sentiment.n, 3);
  // Aspects and prices are not crossed: none for a topic.
  ASSERT_OK_AND_ASSIGN(auto aspects, store->TagTotals(food, TagKind::kAspect));
  EXPECT_TRUE(aspects.empty());
  SeriesQuery series;
  series.topic = "delay";
  ASSERT_OK_AND_ASSIGN(auto delay, store->TagSeries(series, TagKind::kIntent, "complaint"));
  ASSERT_EQ(delay.size(), 1u);
  EXPECT_EQ(delay[0].bucket_start, *ParseTimestamp("2024-03-06T00:00:00Z"));
  EXPECT_EQ(delay[0].rollup.n, 1);
  series.topic = "*";
  ASSERT_OK_AND_ASSIGN(auto every, store->TagSeries(series, TagKind::kIntent, "complaint"));
  ASSERT_EQ(every.size(), 2u);
  EXPECT_EQ(every[0].rollup.n, 2);
  // Kept by day and week: a series by the hour, and the hours of a range
  // that cuts a day, are counted from the posts; totals asked by the hour
  // over whole days are read by day.
  series.topic = "food";
  series.granularity = Granularity::kHour;
  ASSERT_OK_AND_ASSIGN(auto hourly, store->TagSeries(series, TagKind::kIntent, "complaint"));
  ASSERT_EQ(hourly.size(), 2u);
  EXPECT_EQ(hourly[0].bucket_start, *ParseTimestamp("2024-03-06T08:00:00Z"));
  EXPECT_EQ(hourly[1].bucket_start, *ParseTimestamp("2024-03-06T09:00:00Z"));
  EXPECT_EQ(hourly[0].rollup, delay[0].rollup);  // one negative post at -0.5 each
  series.brand = "delta";
  ASSERT_OK_AND_ASSIGN(hourly, store->TagSeries(series, TagKind::kIntent, "complaint"));
  ASSERT_EQ(hourly.size(), 1u);
  EXPECT_EQ(hourly[0].bucket_start, *ParseTimestamp("2024-03-06T08:00:00Z"));
  series.brand = "*";
  series.topic = "delay";
  series.granularity = Granularity::kWeek;
  series.from_ms = *ParseTimestamp("2024-03-06T00:00:00Z");  // a Wednesday: days of a week
  ASSERT_OK_AND_ASSIGN(auto week, store->TagSeries(series, TagKind::kIntent, "complaint"));
  ASSERT_EQ(week.size(), 1u);
  EXPECT_EQ(week[0].bucket_start, *ParseTimestamp("2024-03-04T00:00:00Z"));
  EXPECT_EQ(week[0].rollup.n, 1);
  food.from_ms = *ParseTimestamp("2024-03-06T08:30:00Z");
  ASSERT_OK_AND_ASSIGN(auto since_half_past, store->TagTotals(food, TagKind::kIntent));
  ASSERT_EQ(since_half_past.size(), 1u);
  EXPECT_EQ(since_half_past[0].rollup.sentiment.n, 1);  // post 2's
  TotalsQuery since_half;
  since_half.from_ms = *ParseTimestamp("2024-03-06T08:30:00Z");
  ASSERT_OK_AND_ASSIGN(auto reasons_since, store->IntentTopicTotals(since_half, "complaint"));
  ASSERT_EQ(reasons_since.size(), 2u);  // post 2's two topics
  EXPECT_EQ(reasons_since[0].key, "delay");
  EXPECT_EQ(reasons_since[1].key, "food");
  food.from_ms = *ParseTimestamp("2024-03-07T00:00:00Z");
  food.granularity = Granularity::kHour;
  ASSERT_OK_AND_ASSIGN(auto food_later, store->TagTotals(food, TagKind::kIntent));
  EXPECT_TRUE(food_later.empty());  // post 3 has no topic
  food.from_ms = kMinTime;
  ASSERT_OK_AND_ASSIGN(in_food, store->TagTotals(food, TagKind::kIntent));
  ASSERT_EQ(in_food.size(), 1u);
  EXPECT_EQ(in_food[0].rollup.sentiment.n, 2);
  // An update moves the post out of its old topics' cells.
  analyses[1].topics = {"delay"};
  ASSERT_OK(store->WriteBatch(std::vector<Post>{posts[1]}, std::vector<Analysis>{analyses[1]},
                              nullptr));
  ASSERT_OK_AND_ASSIGN(reasons, store->IntentTopicTotals(TotalsQuery(), "complaint"));
  ASSERT_EQ(reasons.size(), 2u);
  EXPECT_EQ(reasons[0].rollup.n, 1);
  EXPECT_EQ(reasons[1].rollup.n, 1);
}

// Intents within a topic are kept by day and week, and the rest of a range
// is read from its posts: whatever the range, granularity, brand and
// source, what is counted is what a count over the posts themselves gives
// (a post counting when its hour's start is in the range, as for every
// other rollup).
TEST_F(StoreTest, IntentsWithinATopicCountAnyRangeAsItsPosts) {
  auto store = Open();
  std::mt19937 rng(11);
  const int64_t start = *ParseTimestamp("2024-03-04T00:00:00Z");  // a Monday
  constexpr int64_t kDayMs = 86400000;
  const std::vector<std::string> topics = {"food", "delay", "crew"};
  const std::vector<std::string> intents = {"complaint", "question", "praise"};
  const std::vector<std::string> brands = {"delta", "united"};
  std::vector<Post> posts;
  std::vector<Analysis> analyses;
  for (int i = 0; i < 400; ++i) {
    Post p = MakePost(std::to_string(i));
    p.source = i % 3 == 0 ? "reddit" : "twitter";
    p.created_at_ms = start + static_cast<int64_t>(rng() % (16 * kDayMs));
    Analysis a = MakeAnalysis(static_cast<SentimentLabel>(rng() % 3),
                              static_cast<double>(rng() % 2001) / 1000 - 1);
    if (i % 2 == 0) {
      a.sentiment.has_probabilities = true;
      a.sentiment.p[0] = 0.25;
      a.sentiment.p[1] = 0.5;
      a.sentiment.p[2] = 0.25;
    }
    for (const std::string& t : topics) {
      if (rng() % 2) a.topics.push_back(t);
    }
    for (const std::string& t : intents) {
      if (rng() % 3 == 0) a.intents.push_back(t);
    }
    for (const std::string& b : brands) {
      if (rng() % 3 == 0) a.brands.push_back(b);
    }
    posts.push_back(p);
    analyses.push_back(a);
  }
  ASSERT_OK(store->WriteBatch(posts, analyses, nullptr));
  auto holds = [](const std::vector<std::string>& v, const std::string& x) {
    return x == kAll || std::find(v.begin(), v.end(), x) != v.end();
  };
  for (int round = 0; round < 60; ++round) {
    SCOPED_TRACE(round);
    int64_t from = start - kDayMs + static_cast<int64_t>(rng() % (18 * kDayMs));
    int64_t to = from + static_cast<int64_t>(rng() % (9 * kDayMs));
    if (round % 4 == 0) from = BucketStart(Granularity::kDay, from);
    if (round % 6 == 1) to = BucketStart(Granularity::kHour, to);
    if (round % 5 == 0) from = kMinTime;
    if (round % 7 == 0) to = kMaxTime;
    const Granularity g = kGranularities[round % 3];
    const std::string brand = round % 2 ? std::string(kAll) : brands[(round / 2) % 2];
    const std::string source = round % 3 == 1 ? "reddit" : "";
    const std::string& topic = topics[round % 3];
    const std::string& intent = intents[(round / 3) % 3];
    // By brute force over the posts.
    std::map<std::string, Rollup> of_topic,
        of_intent;  // intents of the topic; topics of the intent
    std::map<int64_t, Rollup> series;
    for (size_t i = 0; i < posts.size(); ++i) {
      const int64_t hour = BucketStart(Granularity::kHour, posts[i].created_at_ms);
      const Analysis& a = analyses[i];
      if (hour < from || hour >= to || !holds(a.brands, brand)) continue;
      if (!source.empty() && posts[i].source != source) continue;
      Rollup r;
      r.Add(a.sentiment);
      if (holds(a.topics, topic)) {
        for (const std::string& t : a.intents) of_topic[t].Merge(r);
        if (holds(a.intents, intent)) series[BucketStart(g, posts[i].created_at_ms)].Merge(r);
      }
      if (holds(a.intents, intent)) {
        for (const std::string& t : a.topics) of_intent[t].Merge(r);
      }
    }
    TotalsQuery q;
    q.granularity = g;
    q.from_ms = from;
    q.to_ms = to;
    q.brand = brand;
    q.source = source;
    ASSERT_OK_AND_ASSIGN(auto by_intent, store->IntentTopicTotals(q, intent));
    std::map<std::string, Rollup> got;
    for (const KeyedRollup& k : by_intent) got[k.key] = k.rollup;
    EXPECT_EQ(got, of_intent);
    q.topic = topic;
    ASSERT_OK_AND_ASSIGN(auto in_topic, store->TagTotals(q, TagKind::kIntent));
    got.clear();
    for (const KeyedTagRollup& k : in_topic) got[k.tag] = k.rollup.sentiment;
    EXPECT_EQ(got, of_topic);
    SeriesQuery sq;
    sq.granularity = g;
    sq.from_ms = from;
    sq.to_ms = to;
    sq.brand = brand;
    sq.source = source;
    sq.topic = topic;
    ASSERT_OK_AND_ASSIGN(auto points, store->TagSeries(sq, TagKind::kIntent, intent));
    std::map<int64_t, Rollup> got_series;
    for (const SeriesPoint& p : points) {
      EXPECT_FALSE(got_series.count(p.bucket_start)) << "a bucket given twice";
      got_series[p.bucket_start] = p.rollup;
    }
    EXPECT_EQ(got_series, series);
  }
}

// A deletion by author or id keeps those posts out of later batches, on this
// connection and (from its next transaction) on another; a time does not;
// a dry run withholds nothing; lifting lets them in again.
TEST_F(StoreTest, DeletionsWithholdWhatTheyNameFromLaterBatches) {
  auto store = Open();
  ASSERT_TRUE(store);
  auto by = [](std::string id, std::string author, std::string source = "twitter") {
    Post p = MakePost(std::move(id));
    p.author = std::move(author);
    p.source = std::move(source);
    return p;
  };
  std::vector<Post> posts = {by("1", "Ann"), by("2", "bob"), by("3", "cy"), by("4", "cy", "rss"),
                             by("5", "dee")};
  std::vector<Analysis> analyses(posts.size(), MakeAnalysis());
  ASSERT_OK(store->WriteBatch(posts, analyses, nullptr));
  // Another writer, open before the deletions (as a server beside a CLI).
  auto other = Open();
  ASSERT_TRUE(other);

  DeleteQuery ann;  // as stored: "Ann"; withheld in any case
  ann.authors = {"Ann"};
  ann.withhold = true;
  ASSERT_OK_AND_ASSIGN(DeleteStats dry, store->DeletePosts(ann, true));
  EXPECT_EQ(dry.withheld, 1);
  ASSERT_OK_AND_ASSIGN(std::vector<WithheldEntry> none, store->Withheld());
  EXPECT_TRUE(none.empty());
  ASSERT_OK_AND_ASSIGN(DeleteStats gone, store->DeletePosts(ann, false));
  EXPECT_EQ(gone.posts, 1);
  EXPECT_EQ(gone.withheld, 1);
  DeleteQuery ids;  // 3 of twitter only; 9 stored nowhere yet
  ids.source = "twitter";
  ids.ids = {"3", "9"};
  ids.withhold = true;
  ASSERT_OK_AND_ASSIGN(gone, store->DeletePosts(ids, false));
  EXPECT_EQ(gone.posts, 1);
  EXPECT_EQ(gone.withheld, 2);
  ASSERT_OK_AND_ASSIGN(gone, store->DeletePosts(ids, false));  // again: nothing new
  EXPECT_EQ(gone.withheld, 0);
  DeleteQuery old;  // a retention time withholds nothing
  old.ids = {"2"};
  old.before_ms = *ParseTimestamp("2030-01-01T00:00:00Z");
  old.withhold = true;
  ASSERT_OK_AND_ASSIGN(gone, store->DeletePosts(old, false));
  EXPECT_EQ(gone.posts, 1);
  EXPECT_EQ(gone.withheld, 0);
  DeleteQuery loose;  // nor one that asks not to
  loose.ids = {"5"};
  ASSERT_OK_AND_ASSIGN(gone, store->DeletePosts(loose, false));
  EXPECT_EQ(gone.posts, 1);
  EXPECT_EQ(gone.withheld, 0);
  ASSERT_OK_AND_ASSIGN(std::vector<WithheldEntry> list, store->Withheld());
  ASSERT_EQ(list.size(), 3u);
  EXPECT_EQ(list[0].kind + "|" + list[0].value + "|" + list[0].source, "author|ann|");
  EXPECT_EQ(list[1].kind + "|" + list[1].value + "|" + list[1].source, "post|3|twitter");
  EXPECT_EQ(list[2].kind + "|" + list[2].value + "|" + list[2].source, "post|9|twitter");
  EXPECT_GT(list[0].since_ms, 0);

  // Every post again, and ann's in another case and source, and post 9:
  // ann's, 3 of twitter and 9 are withheld; 3 of rss (stored) is unchanged.
  std::vector<Post> again = posts;
  again.push_back(by("6", "ANN", "rss"));
  again.push_back(by("9", "eve"));
  std::vector<Analysis> again_analyses(again.size(), MakeAnalysis());
  for (Store* s : {store.get(), other.get()}) {
    IngestStats st;
    ASSERT_OK(s->WriteBatch(again, again_analyses, &st));
    EXPECT_EQ(st.withheld, 4u);
    EXPECT_EQ(st.inserted + st.unchanged, 3u);
  }
  // Past kPostRows (32, the many-row insert) too: 48, 12 of them ann's.
  std::vector<Post> many;
  for (int i = 0; i < 48; ++i) many.push_back(by("m" + std::to_string(i), i % 4 ? "gus" : "ann"));
  IngestStats st;
  ASSERT_OK(store->WriteBatch(many, std::vector<Analysis>(many.size(), MakeAnalysis()), &st));
  EXPECT_EQ(st.withheld, 12u);
  EXPECT_EQ(st.inserted, 36u);
  ASSERT_OK_AND_ASSIGN(StoreCounts counts, store->Counts());
  EXPECT_EQ(counts.posts, 3u + 36u);  // 2, 4, 5 and the 36

  EXPECT_THAT(store->LiftWithheld("handle", "ann", "").status(),
              StatusIs(StatusCode::kInvalidArgument));
  ASSERT_OK_AND_ASSIGN(int64_t lifted, store->LiftWithheld("author", "ANN", "rss"));
  EXPECT_EQ(lifted, 0);  // withheld in every source, not in rss
  ASSERT_OK_AND_ASSIGN(lifted, store->LiftWithheld("author", "ANN", ""));
  EXPECT_EQ(lifted, 1);
  ASSERT_OK(other->WriteBatch(again, again_analyses, &st));
  ASSERT_OK_AND_ASSIGN(std::optional<StoredPost> back, other->GetPost("twitter", "1"));
  EXPECT_TRUE(back.has_value());
  ASSERT_OK_AND_ASSIGN(back, other->GetPost("twitter", "9"));
  EXPECT_FALSE(back.has_value());
}

// Removing a post's geo keeps everything else of it, the model that
// analyzed it too (whatever the scrubbing connection's), and its new hash
// is the one ingesting it without geo gives: the same export again is
// unchanged. Only the source asked is touched; a dry run changes nothing.
TEST_F(StoreTest, ScrubbingGeoKeepsTheRestAndTheExportStaysUnchanged) {
  options_.model = "lexicon-a";
  std::vector<Post> posts = {MakePost("1"), MakePost("2")};
  posts[1].source = "rss";
  for (Post& p : posts) {
    p.extra = {{"airline", "Delta"}, {"tweet_coord", "[40.6, -73.7]"}, {"place.name", "JFK"}};
  }
  std::vector<Analysis> analyses = {MakeAnalysis(), MakeAnalysis()};
  analyses[0].topics = {"delay"};
  {
    auto store = Open();
    ASSERT_OK(store->WriteBatch(posts, analyses, nullptr));
  }
  options_.model = "another";
  auto store = Open();
  ASSERT_TRUE(store);
  ScrubGeoQuery q;
  q.ids = {"1", "2"};
  q.source = "twitter";
  q.withhold = true;
  ASSERT_OK_AND_ASSIGN(ScrubGeoStats dry, store->ScrubGeo(q, true));
  EXPECT_EQ(dry.posts, 1);
  EXPECT_EQ(dry.withheld, 2);
  ASSERT_OK_AND_ASSIGN(std::optional<StoredPost> p1, store->GetPost("twitter", "1"));
  ASSERT_TRUE(p1.has_value());
  EXPECT_EQ(p1->post.extra.size(), 3u);
  ASSERT_OK_AND_ASSIGN(ScrubGeoStats done, store->ScrubGeo(q, false));
  EXPECT_EQ(done.posts, 1);
  ASSERT_OK_AND_ASSIGN(p1, store->GetPost("twitter", "1"));
  ASSERT_TRUE(p1.has_value());
  EXPECT_EQ(p1->post.extra,
            (std::vector<std::pair<std::string, std::string>>{{"airline", "Delta"}}));
  EXPECT_EQ(p1->model, "lexicon-a");
  EXPECT_EQ(p1->analysis.topics, std::vector<std::string>{"delay"});
  EXPECT_EQ(p1->post.text, posts[0].text);
  ASSERT_OK_AND_ASSIGN(std::optional<StoredPost> p2, store->GetPost("rss", "2"));
  ASSERT_TRUE(p2.has_value());
  EXPECT_EQ(p2->post.extra.size(), 3u);  // another source's
  ASSERT_OK(store->Close());

  options_.model = "lexicon-a";
  store = Open();
  IngestStats st;
  ASSERT_OK(store->WriteBatch(posts, analyses, &st));
  EXPECT_EQ(st.unchanged, 2u);
  EXPECT_EQ(st.updated, 0u);
  ASSERT_OK_AND_ASSIGN(p1, store->GetPost("twitter", "1"));
  EXPECT_EQ(p1->post.extra.size(), 1u);
  ASSERT_OK_AND_ASSIGN(ScrubGeoStats again, store->ScrubGeo(q, false));
  EXPECT_EQ(again.posts, 0);  // nothing left to remove
  EXPECT_EQ(again.withheld, 0);
}

// SQL that takes a store back to before version 8 (the withheld list), for
// tests that make an older store of a new one.
const std::string kBeforeWithheld =
    "DROP TABLE withheld; DELETE FROM meta WHERE key = 'withheld_version'; ";

TEST_F(StoreTest, AVersionSixStoreCountsItsIntentsPerTopic) {
  std::vector<Post> posts = {MakePost("1"), MakePost("2", "2024-03-09T10:00:00Z")};
  std::vector<Analysis> analyses = {TaggedAnalysis(),
                                    TaggedAnalysis(SentimentLabel::kPositive, 0.4)};
  analyses[1].intents = {"praise"};
  analyses[1].topics = {"food", "crew"};
  std::string expected;
  {
    auto store = Open();
    ASSERT_OK(store->WriteBatch(posts, analyses, nullptr));
    expected = TagTotalsText(store.get());
    ASSERT_OK(store->Close());
  }
  ASSERT_NE(expected.find("praise * topic crew: n=1"), std::string::npos) << expected;
  // As parley left it at version 6: tag_rollups without topics (the cells
  // of all topics, which the migration makes anew with the rest).
  Sql(options_.path,
      "CREATE TABLE old AS SELECT * FROM tag_rollups WHERE topic = '*';"
      "DROP TABLE tag_rollups;"
      "CREATE TABLE tag_rollups (granularity TEXT NOT NULL, bucket_start INTEGER NOT NULL,"
      " kind TEXT NOT NULL, tag TEXT NOT NULL, brand TEXT NOT NULL, source TEXT NOT NULL,"
      " n INTEGER NOT NULL, n_neg INTEGER NOT NULL, n_neu INTEGER NOT NULL,"
      " n_pos INTEGER NOT NULL, sum_p_neg INTEGER NOT NULL, sum_p_neu INTEGER NOT NULL,"
      " sum_p_pos INTEGER NOT NULL, sum_score INTEGER NOT NULL, amounts INTEGER NOT NULL,"
      " sum_amount INTEGER NOT NULL,"
      " PRIMARY KEY (granularity, bucket_start, kind, tag, brand, source)) WITHOUT ROWID;"
      "INSERT INTO tag_rollups SELECT granularity, bucket_start, kind, tag, brand, source, n,"
      " n_neg, n_neu, n_pos, sum_p_neg, sum_p_neu, sum_p_pos, sum_score, amounts, sum_amount"
      " FROM old;"
      "DROP TABLE old; " +
          kBeforeWithheld + "PRAGMA user_version = 6;");
  auto store = Open();
  ASSERT_TRUE(store);
  EXPECT_EQ(TagTotalsText(store.get()), expected);
}

TEST_F(StoreTest, AVersionFiveStoreCountsItsPostsIntoTheTagRollups) {
  std::vector<Post> posts = {MakePost("1"), MakePost("2", "2024-03-09T10:00:00Z")};
  std::vector<Analysis> analyses = {TaggedAnalysis(),
                                    TaggedAnalysis(SentimentLabel::kPositive, 0.4)};
  std::string expected;
  {
    auto store = Open();
    ASSERT_OK(store->WriteBatch(posts, analyses, nullptr));
    expected = TagTotalsText(store.get());
    ASSERT_OK(store->Close());
  }
  ASSERT_NE(expected, "");
  // As parley left it before tag_rollups: the same posts, no such table.
  Sql(options_.path, "DROP TABLE tag_rollups; " + kBeforeWithheld + "PRAGMA user_version = 5;");
  auto store = Open();
  ASSERT_TRUE(store);
  EXPECT_EQ(TagTotalsText(store.get()), expected);
  EXPECT_TRUE(*store->AllRollups() == Expected(posts, analyses));
  // The posts behind an intent's figure.
  ExampleQuery complaints;
  complaints.intent = "complaint";
  ASSERT_OK_AND_ASSIGN(auto behind, store->Examples(complaints));
  EXPECT_EQ(behind.size(), 2u);
}

TEST_F(StoreTest, TheSameIdTwiceInOneBatchKeepsTheLast) {
  auto store = Open();
  std::vector<Post> posts = {MakePost("1"), MakePost("1", "2024-03-07T00:00:00Z", "bad")};
  std::vector<Analysis> analyses = {MakeAnalysis(), MakeAnalysis(SentimentLabel::kNegative, -1)};
  IngestStats stats;
  ASSERT_OK(store->WriteBatch(posts, analyses, &stats));
  EXPECT_EQ(stats.inserted, 1u);
  EXPECT_EQ(stats.updated, 1u);
  EXPECT_TRUE(*store->AllRollups() == Expected({posts[1]}, {analyses[1]}));
}

TEST_F(StoreTest, APostReadsBackAsWritten) {
  auto store = Open();
  Post p = MakePost("42");
  p.author_name = "Ann K";
  p.thread = "t1";
  p.lang = "en";
  p.rating = 4.5;
  p.metrics.likes = 7;
  p.metrics.followers = 1200;
  p.extra = {{"airline", "United \"UA\""}, {"city", ""}};
  Analysis a = MakeAnalysis();
  a.mentions = {"@united"};
  a.hashtags = {"#fail", "#travel"};
  a.aspects = {{"delay", SentimentLabel::kNegative, -0.4}};
  a.prices.resize(1);
  a.prices[0].text = "$45";
  a.prices[0].currency = "USD";
  a.prices[0].amount = 45;
  a.prices[0].has_amount = true;
  ASSERT_OK(store->WriteBatch(std::vector<Post>{p}, std::vector<Analysis>{a}, nullptr));
  ASSERT_OK_AND_ASSIGN(auto got, store->GetPost("twitter", "42"));
  ASSERT_TRUE(got);
  EXPECT_EQ(got->post.author_name, "Ann K");
  EXPECT_EQ(got->post.rating, 4.5);
  EXPECT_EQ(got->post.metrics.likes, 7);
  EXPECT_FALSE(got->post.metrics.shares);
  EXPECT_EQ(got->post.extra, p.extra);
  EXPECT_EQ(got->analysis.hashtags, a.hashtags);
  ASSERT_EQ(got->analysis.aspects.size(), 1u);
  EXPECT_EQ(got->analysis.aspects[0].topic, "delay");
  EXPECT_EQ(got->analysis.aspects[0].score, -0.4);
  ASSERT_EQ(got->analysis.prices.size(), 1u);
  EXPECT_EQ(got->analysis.prices[0].amount, 45);
  EXPECT_EQ(got->analysis.prices[0].currency, "USD");
  EXPECT_FALSE(got->analysis.sentiment.has_probabilities);
  EXPECT_EQ(got->model, "lexicon");
  ASSERT_OK_AND_ASSIGN(auto missing, store->GetPost("twitter", "43"));
  EXPECT_FALSE(missing);
}

// Each post's own source, though the store binds ?1 only when it changes:
// sources alternate, the batches' strings are freed between calls, posts
// are updated as well as inserted, and statements are re-prepared (by
// SQLite after another connection's schema change, by parley on reopening).
TEST_F(StoreTest, EveryPostKeepsItsOwnSourceAsSourcesChangeAndStatementsAreReprepared) {
  auto write = [&](Store* store, std::vector<std::pair<std::string, std::string>> keys,
                   const char* text) {
    std::vector<Post> posts;
    std::vector<Analysis> analyses;
    for (auto& [source, id] : keys) {
      posts.push_back(MakePost(id, "2024-03-06T13:45:10Z", text));
      posts.back().source = source;
      analyses.push_back(MakeAnalysis());
    }
    ASSERT_OK(store->WriteBatch(posts, analyses, nullptr));
  };
  auto store = Open();
  write(store.get(), {{"twitter", "1"}, {"twitter", "2"}, {"reddit", "1"}, {"twitter", "3"}}, "a");
  write(store.get(), {{"twitter", "4"}, {"reddit", "2"}}, "a");
  // Updates: the update statement's source changes too.
  write(store.get(), {{"reddit", "1"}, {"twitter", "1"}, {"reddit", "2"}}, "b");
  Sql(options_.path, "CREATE TABLE unrelated_schema_change (x)");
  write(store.get(), {{"reddit", "3"}, {"twitter", "1"}}, "c");
  ASSERT_OK(store->Close());
  store = Open();
  write(store.get(), {{"forum", "1"}, {"reddit", "1"}}, "d");
  ASSERT_OK(store->Close());
  EXPECT_EQ(Rows(options_.path, "SELECT source, id, text FROM posts ORDER BY source, id"),
            "forum|1|d\n"
            "reddit|1|d\n"
            "reddit|2|b\n"
            "reddit|3|c\n"
            "twitter|1|c\n"
            "twitter|2|a\n"
            "twitter|3|a\n"
            "twitter|4|a\n");
  EXPECT_EQ(Rows(options_.path, "SELECT source, handle FROM authors ORDER BY source"),
            "forum|ann\nreddit|ann\ntwitter|ann\n");
}

TEST(BoundTextTest, RebindsOnlyAChangedValueFromItsOwnCopyUntilForgotten) {
  fs::path dir = ::parley::testing::FreshTestDir("bound_text");
  ASSERT_OK_AND_ASSIGN(auto db, internal::Db::Open((dir / "t.db").string(), true, false));
  ASSERT_OK_AND_ASSIGN(internal::Stmt st, db->Prepare("SELECT ?1"));
  auto value = [&] {
    EXPECT_EQ(st.Step(), SQLITE_ROW);
    std::string v(st.ColText(0));
    if (st.ColNull(0)) v = "NULL";
    st.Reset();
    return v;
  };
  internal::BoundText bound;
  {
    std::string caller = "twitter";
    bound.Bind(st, 1, caller);
    caller.assign("xxxxxxx");  // the caller's bytes change; the binding does not
    EXPECT_EQ(value(), "twitter");
  }
  bound.Bind(st, 1, std::string("twitter"));
  EXPECT_EQ(value(), "twitter");
  bound.Bind(st, 1, "reddit");
  EXPECT_EQ(value(), "reddit");
  bound.Bind(st, 1, "");
  EXPECT_EQ(value(), "");
  // Cleared bindings must be forgotten, or the same value is not rebound.
  bound.Bind(st, 1, "reddit");
  sqlite3_clear_bindings(st.raw());
  EXPECT_EQ(value(), "NULL");
  bound.Forget();
  bound.Bind(st, 1, "reddit");
  EXPECT_EQ(value(), "reddit");
  st = internal::Stmt();
  ASSERT_OK(db->Close());
  fs::remove_all(dir);
}

class StoreQueryTest : public StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    store_ = Open();
    std::vector<Post> posts;
    std::vector<Analysis> analyses;
    // Day 1: two united (one negative), one delta; day 2: one united.
    auto add = [&](const char* id, const char* iso, const char* brand, SentimentLabel l) {
      posts.push_back(MakePost(id, iso));
      posts.back().metrics.likes = std::atoi(id);
      analyses.push_back(MakeAnalysis(l, l == SentimentLabel::kNegative ? -0.5 : 0.5));
      analyses.back().brands = {brand};
    };
    add("1", "2024-03-06T01:00:00Z", "united", SentimentLabel::kNegative);
    add("2", "2024-03-06T02:00:00Z", "united", SentimentLabel::kPositive);
    add("3", "2024-03-06T03:00:00Z", "delta", SentimentLabel::kPositive);
    add("4", "2024-03-07T03:00:00Z", "united", SentimentLabel::kPositive);
    ASSERT_OK(store_->WriteBatch(posts, analyses, nullptr));
  }
  // The ids of the posts Examples() lists for `q`, checked against those
  // ScanExamples() walks: the same, in the same order.
  std::vector<std::string> ListedIds(const ExampleQuery& q) {
    std::vector<std::string> out;
    StatusOr<std::vector<ExamplePost>> listed = store_->Examples(q);
    EXPECT_TRUE(listed.ok()) << listed.status().message();
    if (listed.ok()) {
      for (const ExamplePost& e : *listed) out.push_back(e.id);
    }
    std::vector<std::string> scanned;
    EXPECT_TRUE(store_
                    ->ScanExamples(q,
                                   [&](const StoredPost& sp) {
                                     scanned.push_back(sp.post.id);
                                     return Status::OK();
                                   })
                    .ok());
    EXPECT_EQ(scanned, out) << q.term;
    return out;
  }
  std::unique_ptr<Store> store_;
};

TEST_F(StoreQueryTest, SeriesHasOnePointPerBucket) {
  SeriesQuery q;
  q.brand = "united";
  ASSERT_OK_AND_ASSIGN(auto series, store_->RollupSeries(q));
  ASSERT_EQ(series.size(), 2u);
  EXPECT_EQ(series[0].bucket_start, *ParseTimestamp("2024-03-06"));
  EXPECT_EQ(series[0].rollup.n, 2);
  EXPECT_EQ(series[0].rollup.Count(SentimentLabel::kNegative), 1);
  EXPECT_EQ(series[1].rollup.n, 1);
}

TEST_F(StoreQueryTest, TotalSumsTheRange) {
  SeriesQuery q;
  q.granularity = Granularity::kHour;
  q.to_ms = *ParseTimestamp("2024-03-07");
  ASSERT_OK_AND_ASSIGN(Rollup total, store_->Total(q));
  EXPECT_EQ(total.n, 3);
  EXPECT_DOUBLE_EQ(total.SumScore(), 0.5);
}

TEST_F(StoreQueryTest, BrandTotalsGiveShareOfVoiceLargestFirst) {
  ASSERT_OK_AND_ASSIGN(auto brands, store_->BrandTotals(TotalsQuery()));
  ASSERT_EQ(brands.size(), 2u);
  EXPECT_EQ(brands[0].key, "united");
  EXPECT_EQ(brands[0].rollup.n, 3);
  EXPECT_EQ(brands[1].key, "delta");
}

// Ranges that do not fall on the bounds of the granularity's buckets
// ("since noon" by day, a few days by week) count the posts whose hour
// starts in them, as an hour-by-hour count does: partial first and last
// buckets from the hour rollups, whole buckets between. Random posts over
// three weeks, random hour-aligned ranges, every granularity, totals, series
// and keyed totals against counting the posts.
TEST_F(StoreTest, RangesOffTheBucketBoundsCountThePostsInThem) {
  auto store = Open();
  ASSERT_NE(store, nullptr);
  std::mt19937 rng(5);
  const int64_t t0 = *ParseTimestamp("2024-03-04T00:00:00Z");  // a Monday
  constexpr int64_t kHour = 3600 * 1000;
  std::vector<Post> posts;
  std::vector<Analysis> analyses;
  for (int i = 0; i < 600; ++i) {
    Post p = MakePost(std::to_string(i));
    p.created_at_ms = t0 + static_cast<int64_t>(rng() % (21 * 24 * 60)) * 60 * 1000;
    posts.push_back(p);
    analyses.push_back(MakeAnalysis(rng() % 2 ? SentimentLabel::kNegative : SentimentLabel::kPositive));
    analyses.back().brands = {rng() % 3 ? "united" : "delta"};
  }
  ASSERT_OK(store->WriteBatch(posts, analyses, nullptr));
  for (int round = 0; round < 60; ++round) {
    int64_t from = t0 + static_cast<int64_t>(rng() % (23 * 24)) * kHour - 24 * kHour;
    int64_t to = from + static_cast<int64_t>(rng() % (12 * 24)) * kHour;
    if (round == 0) from = kMinTime;
    if (round == 1) to = kMaxTime;
    // What is in range: the posts whose hour starts in it.
    auto in = [&](const Post& p) {
      const int64_t hour = p.created_at_ms - p.created_at_ms % kHour;
      return hour >= from && hour < to;
    };
    for (Granularity g : kGranularities) {
      SCOPED_TRACE(std::string(GranularityName(g)) + " " + std::to_string(round));
      SeriesQuery q;
      q.granularity = g;
      q.from_ms = from;
      q.to_ms = to;
      int64_t want = 0, want_neg = 0, want_delta = 0;
      std::map<int64_t, int64_t> want_series;
      for (size_t i = 0; i < posts.size(); ++i) {
        if (!in(posts[i])) continue;
        ++want;
        want_neg += analyses[i].sentiment.label == SentimentLabel::kNegative;
        want_delta += analyses[i].brands[0] == "delta";
        ++want_series[BucketStart(g, posts[i].created_at_ms)];
      }
      ASSERT_OK_AND_ASSIGN(Rollup total, store->Total(q));
      EXPECT_EQ(total.n, want);
      EXPECT_EQ(total.Count(SentimentLabel::kNegative), want_neg);
      ASSERT_OK_AND_ASSIGN(auto series, store->RollupSeries(q));
      std::map<int64_t, int64_t> got_series;
      for (const SeriesPoint& pt : series) {
        EXPECT_EQ(got_series.count(pt.bucket_start), 0u) << "one point a bucket";
        got_series[pt.bucket_start] = pt.rollup.n;
      }
      EXPECT_EQ(got_series, want_series);
      for (size_t k = 1; k < series.size(); ++k) {
        EXPECT_LT(series[k - 1].bucket_start, series[k].bucket_start);
      }
      TotalsQuery t;
      t.granularity = g;
      t.from_ms = from;
      t.to_ms = to;
      ASSERT_OK_AND_ASSIGN(auto brands, store->BrandTotals(t));
      int64_t got_delta = 0, sum = 0;
      for (const KeyedRollup& b : brands) {
        sum += b.rollup.n;
        if (b.key == "delta") got_delta = b.rollup.n;
      }
      EXPECT_EQ(sum, want);
      EXPECT_EQ(got_delta, want_delta);
      for (size_t k = 1; k < brands.size(); ++k) {
        EXPECT_GE(brands[k - 1].rollup.n, brands[k].rollup.n);
      }
    }
  }
}

TEST_F(StoreQueryTest, ExamplesAreTheNewestOrMostEngagedPostsOfTheCell) {
  ExampleQuery q;
  q.brand = "united";
  q.to_ms = *ParseTimestamp("2024-03-07");
  ASSERT_OK_AND_ASSIGN(auto recent, store_->Examples(q));
  ASSERT_EQ(recent.size(), 2u);
  EXPECT_EQ(recent[0].id, "2");
  q.label = SentimentLabel::kNegative;
  ASSERT_OK_AND_ASSIGN(auto negative, store_->Examples(q));
  ASSERT_EQ(negative.size(), 1u);
  EXPECT_EQ(negative[0].id, "1");
  ExampleQuery engaged;
  engaged.order = ExampleQuery::Order::kEngaged;
  engaged.limit = 1;
  ASSERT_OK_AND_ASSIGN(auto top, store_->Examples(engaged));
  ASSERT_EQ(top.size(), 1u);
  EXPECT_EQ(top[0].id, "4");
  EXPECT_EQ(top[0].likes, 4);
}

TEST_F(StoreQueryTest, ExamplesPageOldestOrNewestFirst) {
  ExampleQuery q;
  q.brand = "united";
  q.order = ExampleQuery::Order::kOldest;
  q.limit = 2;
  ASSERT_OK_AND_ASSIGN(auto first, store_->Examples(q));
  ASSERT_EQ(first.size(), 2u);
  EXPECT_EQ(first[0].id, "1");
  EXPECT_EQ(first[1].id, "2");
  q.offset = 2;
  ASSERT_OK_AND_ASSIGN(auto second, store_->Examples(q));
  ASSERT_EQ(second.size(), 1u);
  EXPECT_EQ(second[0].id, "4");
  ExampleQuery all;  // no tag join: the posts table drives
  all.order = ExampleQuery::Order::kRecent;
  all.limit = 1;
  all.offset = 1;
  ASSERT_OK_AND_ASSIGN(auto page, store_->Examples(all));
  ASSERT_EQ(page.size(), 1u);
  EXPECT_EQ(page[0].id, "3");
  all.order = ExampleQuery::Order::kEngaged;
  ASSERT_OK_AND_ASSIGN(auto engaged, store_->Examples(all));
  ASSERT_EQ(engaged.size(), 1u);
  EXPECT_EQ(engaged[0].id, "3");  // likes 4, 3, 2, 1: the second most engaged
}

// ScanExamples() walks what Examples() lists, in its order, each post whole
// as GetPost() reads it: for every order, filter, page and window.
TEST_F(StoreQueryTest, ScanExamplesIsExamplesWithWholePosts) {
  using Order = ExampleQuery::Order;
  for (Order order : {Order::kRecent, Order::kOldest, Order::kEngaged}) {
    for (const char* brand : {"*", "united"}) {
      for (std::optional<SentimentLabel> label :
           {std::optional<SentimentLabel>(),
            std::optional<SentimentLabel>(SentimentLabel::kNegative)}) {
        for (auto [limit, offset, window] : {std::tuple{50, 0, 1000}, std::tuple{2, 1, 1000},
                                             std::tuple{3, 1, 2}, std::tuple{1, 3, 1}}) {
          ExampleQuery q;
          q.order = order;
          q.brand = brand;
          q.label = label;
          q.limit = limit;
          q.offset = offset;
          q.engaged_window = window;
          ASSERT_OK_AND_ASSIGN(std::vector<ExamplePost> listed, store_->Examples(q));
          std::vector<std::string> scanned;
          ASSERT_OK(store_->ScanExamples(q, [&](const StoredPost& sp) {
            scanned.push_back(sp.post.id);
            StatusOr<std::optional<StoredPost>> one = store_->GetPost(sp.post.source, sp.post.id);
            EXPECT_TRUE(one.ok() && one->has_value());
            if (one.ok() && one->has_value()) {
              EXPECT_EQ((*one)->post.text, sp.post.text);
              EXPECT_EQ((*one)->post.metrics.likes, sp.post.metrics.likes);
              EXPECT_EQ((*one)->analysis.brands, sp.analysis.brands);
              EXPECT_EQ((*one)->analysis.sentiment.score, sp.analysis.sentiment.score);
              EXPECT_EQ((*one)->model, sp.model);
            }
            return Status::OK();
          }));
          std::vector<std::string> ids;
          for (const ExamplePost& e : listed) ids.push_back(e.id);
          EXPECT_EQ(scanned, ids) << static_cast<int>(order) << " " << brand << " " << limit << " "
                                  << offset << " " << window;
        }
      }
    }
  }
  // A limit as large as an int takes every post, in every order.
  for (Order order : {Order::kRecent, Order::kOldest, Order::kEngaged}) {
    ExampleQuery q;
    q.order = order;
    q.limit = std::numeric_limits<int>::max();
    int n = 0;
    ASSERT_OK(store_->ScanExamples(q, [&](const StoredPost&) {
      ++n;
      return Status::OK();
    }));
    EXPECT_EQ(n, 4);
  }
  // The callback's error stops the walk and is returned.
  int calls = 0;
  Status stop = store_->ScanExamples(ExampleQuery{}, [&](const StoredPost&) {
    ++calls;
    return InternalError("enough");
  });
  EXPECT_EQ(stop.code(), StatusCode::kInternal);
  EXPECT_EQ(stop.message(), "enough");
  EXPECT_EQ(calls, 1);
}

// The posts behind an emerging term: those whose text holds it as the
// detectors count terms (a word, a bigram, a hashtag; accents off).
TEST_F(StoreQueryTest, ExamplesOfATermAreThePostsUsingIt) {
  std::vector<Post> posts = {MakePost("t1", "2024-03-08T01:00:00Z"),
                             MakePost("t2", "2024-03-08T02:00:00Z"),
                             MakePost("t3", "2024-03-08T03:00:00Z")};
  posts[0].text = "Gate B26 staff were RUDE #fail";
  posts[1].text = "the gate agent at b26 was fine";
  posts[2].text = "Café closed at gate b26, rudeness";
  std::vector<Analysis> analyses(3, MakeAnalysis());
  ASSERT_OK(store_->WriteBatch(posts, analyses, nullptr));
  auto ids = [&](const std::string& term,
                 ExampleQuery::Order order = ExampleQuery::Order::kOldest) {
    ExampleQuery q;
    q.term = TermQueryKey(term);
    q.order = order;
    q.limit = 10;
    return ListedIds(q);
  };
  EXPECT_EQ(ids("gate b26"), (std::vector<std::string>{"t1", "t3"}));
  EXPECT_EQ(ids("Gate B26", ExampleQuery::Order::kRecent), (std::vector<std::string>{"t3", "t1"}));
  EXPECT_EQ(ids("rude"), (std::vector<std::string>{"t1"}));
  EXPECT_EQ(ids("#FAIL"), (std::vector<std::string>{"t1"}));
  EXPECT_EQ(ids("cafe"), (std::vector<std::string>{"t3"}));  // written "Café"
  EXPECT_EQ(ids("b26"), (std::vector<std::string>{"t1", "t2", "t3"}));
  EXPECT_TRUE(ids("gate agent b26").empty());
}

// own_words: the posts that use a term in their own words, not in the
// words they share, and that have words of their own (as key terms count
// them).
TEST_F(StoreQueryTest, ExamplesOfATermInTheirOwnWords) {
  std::vector<Post> posts = {MakePost("s1", "2024-03-08T01:00:00Z"),
                             MakePost("s2", "2024-03-08T02:00:00Z"),
                             MakePost("s3", "2024-03-08T03:00:00Z")};
  posts[0].text = "the wifi is down again";
  posts[1].text = "RT @vera: the wifi is down again";
  posts[2].text = "wifi here too RT @vera: the wifi is down again";
  std::vector<Analysis> analyses(3, MakeAnalysis());
  ASSERT_OK(store_->WriteBatch(posts, analyses, nullptr));
  ExampleQuery q;
  q.term = TermQueryKey("wifi");
  q.order = ExampleQuery::Order::kOldest;
  q.limit = 10;
  auto ids = [&]() { return ListedIds(q); };
  EXPECT_EQ(ids(), (std::vector<std::string>{"s1", "s2", "s3"}));
  q.own_words = true;
  EXPECT_EQ(ids(), (std::vector<std::string>{"s1", "s3"}));
  q.term = TermQueryKey("down");
  EXPECT_EQ(ids(), (std::vector<std::string>{"s1"}));
  // With no term, the posts that say something themselves: the bare share
  // left out (the fixture's posts 1 to 4 say theirs).
  q.term.clear();
  EXPECT_EQ(ids(), (std::vector<std::string>{"1", "2", "3", "4", "s1", "s3"}));
}

// leave_out_authors: a brand's own accounts' posts left out, the handles
// compared without '@' and in any ASCII case.
TEST_F(StoreQueryTest, ExamplesLeaveOutTheGivenAuthors) {
  std::vector<Post> posts = {MakePost("b1", "2024-03-08T01:00:00Z"),
                             MakePost("b2", "2024-03-08T02:00:00Z"),
                             MakePost("b3", "2024-03-08T03:00:00Z")};
  posts[0].author = "SkyloftAir";
  posts[1].author = "@skyloftair";
  posts[2].author = "vera";
  std::vector<Analysis> analyses(3, MakeAnalysis());
  ASSERT_OK(store_->WriteBatch(posts, analyses, nullptr));
  ExampleQuery q;
  q.from_ms = *ParseTimestamp("2024-03-08T00:30:00Z");
  q.order = ExampleQuery::Order::kOldest;
  q.limit = 10;
  auto ids = [&]() { return ListedIds(q); };
  const std::vector<std::string> all = ids();
  ASSERT_EQ(std::count(all.begin(), all.end(), "b3"), 1);
  q.leave_out_authors = {"skyloftair", "ja\"net"};
  std::vector<std::string> left = ids();
  EXPECT_EQ(left.size(), all.size() - 2);
  EXPECT_EQ(std::count(left.begin(), left.end(), "b1") + std::count(left.begin(), left.end(), "b2"),
            0);
  EXPECT_EQ(std::count(left.begin(), left.end(), "b3"), 1);
}

TEST_F(StoreQueryTest, DataVersionMovesWhenAnotherConnectionWrites) {
  auto reader = Open();
  ASSERT_NE(reader, nullptr);
  ASSERT_OK_AND_ASSIGN(int64_t before, reader->DataVersion());
  ASSERT_OK_AND_ASSIGN(int64_t again, reader->DataVersion());
  EXPECT_EQ(before, again);
  std::vector<Post> posts = {MakePost("5", "2024-03-08T00:00:00Z")};
  std::vector<Analysis> analyses = {MakeAnalysis()};
  ASSERT_OK(store_->WriteBatch(posts, analyses, nullptr));
  ASSERT_OK_AND_ASSIGN(int64_t after, reader->DataVersion());
  EXPECT_NE(after, before);
}

TEST_F(StoreQueryTest, MostEngagedExamplesComeFromTheNewestWindow) {
  // An old post with far more engagement than the others.
  std::vector<Post> posts = {MakePost("old", "2024-03-01T00:00:00Z")};
  posts[0].metrics.likes = 1000;
  std::vector<Analysis> analyses = {MakeAnalysis(SentimentLabel::kPositive, 0.5)};
  analyses[0].brands = {"united"};
  ASSERT_OK(store_->WriteBatch(posts, analyses, nullptr));
  ExampleQuery q;
  q.brand = "united";
  q.order = ExampleQuery::Order::kEngaged;
  q.limit = 1;
  ASSERT_OK_AND_ASSIGN(auto wide, store_->Examples(q));
  ASSERT_EQ(wide.size(), 1u);
  EXPECT_EQ(wide[0].id, "old");
  q.engaged_window = 2;  // the two newest united posts: 4 and 2
  ASSERT_OK_AND_ASSIGN(auto recent, store_->Examples(q));
  ASSERT_EQ(recent.size(), 1u);
  EXPECT_EQ(recent[0].id, "4");
}

// Posts of `n` authors over several days, ids first..first+count-1.
void MakeBatch(int first, int count, std::vector<Post>* posts, std::vector<Analysis>* analyses) {
  posts->clear();
  analyses->clear();
  for (int i = first; i < first + count; ++i) {
    Post p = MakePost(std::to_string(i), i % 2 ? "2024-03-06T13:45:10Z" : "2024-03-09T08:00:00Z");
    p.author = "user" + std::to_string(i % 3);
    p.thread = std::to_string(i - i % 4);
    if (i % 4) p.parent = std::to_string(i - 1);
    posts->push_back(p);
    analyses->push_back(MakeAnalysis(i % 3 ? SentimentLabel::kPositive : SentimentLabel::kNegative,
                                     i % 3 ? 0.5 : -0.5));
  }
}

// Writes MakeBatch(first, count) through `store`.
Status WriteMadeBatch(Store* store, int first, int count) {
  std::vector<Post> posts;
  std::vector<Analysis> analyses;
  MakeBatch(first, count, &posts, &analyses);
  return store->WriteBatch(posts, analyses, nullptr);
}

constexpr char kIndexes[] =
    "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'posts' "
    "ORDER BY name";
constexpr char kAuthors[] = "SELECT source, handle, first_seen, last_seen, posts FROM authors "
                            "ORDER BY handle";

TEST_F(StoreTest, ABulkLoadCommitsInGroupsAndStoresWhatSingleBatchesStore) {
  std::vector<Post> posts, all_posts;
  std::vector<Analysis> analyses, all_analyses;
  StoreOptions single = BulkWithReference("single.db", 5);
  auto bulk = Open();
  auto reference = OpenStore(single);
  ASSERT_TRUE(bulk && reference.ok());
  IngestStats stats;
  for (int first : {0, 3, 6, 9}) {
    MakeBatch(first, 3, &posts, &analyses);
    ASSERT_OK(bulk->WriteBatch(posts, analyses, &stats));
    ASSERT_OK((*reference)->WriteBatch(posts, analyses, nullptr));
    all_posts.insert(all_posts.end(), posts.begin(), posts.end());
    all_analyses.insert(all_analyses.end(), analyses.begin(), analyses.end());
    // Groups of at least 5 posts: committed after the 2nd and the 4th batch.
    std::string committed = first == 0 ? "0\n" : first <= 6 ? "6\n" : "12\n";
    EXPECT_EQ(Rows(options_.path, "SELECT count(*) FROM posts"), committed) << first;
  }
  EXPECT_EQ(stats.inserted, 12u);
  EXPECT_EQ(Rows(options_.path, kAuthors), Rows(single.path, kAuthors));
  EXPECT_TRUE(*bulk->AllRollups() == Expected(all_posts, all_analyses));
  EXPECT_EQ(*bulk->DataVersion(), 2);  // once per group
  ASSERT_OK(bulk->Close());
  ASSERT_OK((*reference)->Close());
  EXPECT_EQ(Rows(options_.path, kIndexes), Rows(single.path, kIndexes));
}

TEST_F(StoreTest, AFreshBulkLoadsGroupsReuseThePagesOfTheGroupBefore) {
  // Groups of 300 posts with 1 KiB texts (about 40 pages each); the later
  // groups change posts and authors of the earlier ones, whose pages the
  // load has handed back: everything must still match single batches.
  std::vector<Post> posts, all_posts;
  std::vector<Analysis> analyses, all_analyses;
  StoreOptions single = BulkWithReference("single.db", 300);
  auto bulk = Open();
  ASSERT_TRUE(bulk);
  const bool counted = internal::SqliteMemoryInstalled();
  IngestStats stats;
  for (int group = 0; group < 3; ++group) {
    // Group g holds posts 200g .. 200g + 299: its first 100 were in the
    // group before, now with other text.
    MakeBatch(group * 200, 300, &posts, &analyses);
    for (size_t i = 0; i < posts.size(); ++i) {
      posts[i].text = std::string(1024, static_cast<char>('a' + group)) + posts[i].id;
      posts[i].author = "user" + std::to_string((group * 200 + i) % 97);
    }
    ASSERT_OK(bulk->WriteBatch(posts, analyses, &stats));
    all_posts.insert(all_posts.end(), posts.begin(), posts.end());
    all_analyses.insert(all_analyses.end(), analyses.begin(), analyses.end());
    EXPECT_EQ(Rows(options_.path, "SELECT count(*) FROM posts"),
              std::to_string(300 + 200 * group) + "\n");
    // The committed group's pages went back to the allocator: SQLite holds
    // only what its connection keeps open (not the 40 pages of the group).
    if (counted) {
      EXPECT_LT(internal::GetSqliteMemoryStats().page_blocks, 8u) << group;
    }
  }
  EXPECT_EQ(stats.inserted, 700u);
  EXPECT_EQ(stats.updated, 200u);
  ASSERT_OK(bulk->Close());
  auto reference = OpenStore(single);
  ASSERT_OK(reference);
  for (size_t i = 0; i < all_posts.size(); i += 300) {
    std::span<const Post> p(all_posts.data() + i, 300);
    std::span<const Analysis> a(all_analyses.data() + i, 300);
    ASSERT_OK((*reference)->WriteBatch(p, a, nullptr));
  }
  ASSERT_OK((*reference)->Close());
  for (const char* sql : {"SELECT * FROM posts ORDER BY pid", kAuthors,
                          "SELECT * FROM rollups ORDER BY 1, 2, 3, 4, 5", kIndexes}) {
    EXPECT_EQ(Rows(options_.path, sql), Rows(single.path, sql)) << sql;
  }
  EXPECT_EQ(Rows(options_.path, "PRAGMA integrity_check"), "ok\n");
}

TEST_F(StoreTest, ABulkLoadGroupWithMoreAuthorsThanItReservedKeepsThemAll) {
  // A bulk load reserves one author delta per post of a group: a group
  // larger than its bulk_commit_posts (here one batch of 70 authors for 5)
  // grows past the reservation.
  options_.bulk_load = true;
  options_.bulk_commit_posts = 5;
  auto store = Open();
  ASSERT_TRUE(store);
  std::vector<Post> posts;
  std::vector<Analysis> analyses;
  std::string want;
  for (int a = 0; a < 70; ++a) {
    char handle[16];
    std::snprintf(handle, sizeof(handle), "user%03d", a);
    Post p = MakePost(std::string("p-") + handle);
    p.author = handle;
    posts.push_back(p);
    analyses.push_back(MakeAnalysis());
    want += std::string("twitter|") + handle + "|" + std::to_string(p.created_at_ms) + "|" +
            std::to_string(p.created_at_ms) + "|1\n";
  }
  ASSERT_OK(store->WriteBatch(posts, analyses, nullptr));
  ASSERT_OK(store->Close());
  EXPECT_EQ(Rows(options_.path, kAuthors), want);
}

TEST_F(StoreTest, AuthorsUpsertedManyToAStatementAndOneByOneKeepEveryField) {
  // 70 authors, then the same 70 and 5 new ones: two statements of 32
  // rows each and the rest one by one, as inserts and then as updates.
  auto store = Open();
  ASSERT_TRUE(store);
  std::map<std::string, std::string> expected;  // handle -> the rest of its row
  for (int round = 0; round < 2; ++round) {
    std::vector<Post> posts;
    std::vector<Analysis> analyses;
    for (int a = 0; a < (round == 0 ? 70 : 75); ++a) {
      char handle[16];
      std::snprintf(handle, sizeof(handle), "user%03d", a);
      Post p = MakePost("r" + std::to_string(round) + "-" + handle,
                        round == 0 ? "2024-03-06T13:45:10Z" : "2024-03-05T08:00:00Z");
      p.author = handle;
      p.author_name = a % 3 == 0 ? "" : "Name " + std::to_string(round * 100 + a);
      if (a % 4 != 0) p.metrics.followers = a * (round == 0 ? 10 : 7);
      posts.push_back(p);
      analyses.push_back(MakeAnalysis());
    }
    ASSERT_OK(store->WriteBatch(posts, analyses, nullptr));
    for (int a = 0; a < (round == 0 ? 70 : 75); ++a) {
      const Post& p = posts[a];
      bool again = round == 1 && a < 70;
      // name|first_seen|last_seen|posts|followers_max
      std::string name = a % 3 == 0 ? "NULL" : p.author_name;
      std::string first = std::to_string(p.created_at_ms);
      std::string last = again ? std::to_string(*ParseTimestamp("2024-03-06T13:45:10Z")) : first;
      std::string followers = a % 4 == 0 ? "NULL" : std::to_string(a * (again ? 10 : 7));
      expected[p.author] = name + "|" + first + "|" + last + "|" + (again ? "2" : "1") + "|" +
                           followers;
    }
  }
  ASSERT_OK(store->Close());
  std::string want;
  for (const auto& [handle, rest] : expected) want += "twitter|" + handle + "|" + rest + "\n";
  EXPECT_EQ(Rows(options_.path,
                 "SELECT source, handle, name, first_seen, last_seen, posts, followers_max "
                 "FROM authors ORDER BY handle"),
            want);
}

// Posts of a batch for PostsInsertedManyToAStatement...: ids p<first>..,
// where every 7th reuses the id of the post 3 before it with other text
// (an update inside the batch), authors shared, brands and topics on most.
void MakeMixedBatch(int first, int n, bool edited, std::vector<Post>* posts,
                    std::vector<Analysis>* analyses) {
  posts->clear();
  analyses->clear();
  for (int k = first; k < first + n; ++k) {
    int id = k % 7 == 6 && k - 3 >= first ? k - 3 : k;
    Post p =
        MakePost("p" + std::to_string(id), k % 2 ? "2024-03-06T13:45:10Z" : "2024-03-09T01:00:00Z",
                 "text " + std::to_string(k) + (edited && k % 3 == 0 ? " edited" : ""));
    p.author = "a" + std::to_string(k % 5);
    p.author_name = k % 4 == 0 ? "" : "Name " + std::to_string(k);
    if (k % 2) p.thread = "p" + std::to_string(k / 2);
    Analysis a =
        MakeAnalysis(k % 3 ? SentimentLabel::kPositive : SentimentLabel::kNegative, 0.1 * (k % 10));
    if (k % 4 != 1) a.brands = {"b" + std::to_string(k % 3)};
    if (k % 5 != 2) a.topics = {"t" + std::to_string(k % 2), "t9"};
    posts->push_back(std::move(p));
    analyses->push_back(std::move(a));
  }
}

TEST_F(StoreTest, PostsInsertedManyToAStatementMatchPostsInsertedOneByOne) {
  // Batches of 1, 31, 32, 33 and 70 posts written whole (statements of 32
  // rows, the rest one by one) and post by post into another store, into an
  // empty store and again over the stored posts (half of them, some
  // edited): the same rows, pids included, and the same counts.
  const char* kTables[] = {
      "SELECT * FROM posts ORDER BY pid", "SELECT * FROM post_tags ORDER BY pid, kind, tag",
      "SELECT * FROM authors ORDER BY source, handle",
      "SELECT * FROM rollups ORDER BY 1, 2, 3, 4, 5", "SELECT * FROM extra_keys ORDER BY code"};
  for (int n : {1, 31, 32, 33, 70}) {
    StoreOptions whole = options_, single = options_;
    whole.path = (dir_ / ("whole" + std::to_string(n) + ".db")).string();
    single.path = (dir_ / ("single" + std::to_string(n) + ".db")).string();
    auto many = OpenStore(whole);
    auto one = OpenStore(single);
    ASSERT_TRUE(many.ok() && one.ok());
    std::vector<Post> posts;
    std::vector<Analysis> analyses;
    for (int round = 0; round < 3; ++round) {
      // Round 1 overlaps round 0 by half, edited; round 2 repeats round 1.
      MakeMixedBatch(round == 0 ? 0 : n / 2, n, round > 0, &posts, &analyses);
      if (round == 0 && n > 3) posts[n - 2].extra = {{"mood", "x"}};
      IngestStats got, want;
      ASSERT_OK((*many)->WriteBatch(posts, analyses, &got));
      for (size_t i = 0; i < posts.size(); ++i) {
        ASSERT_OK((*one)->WriteBatch(std::span(posts).subspan(i, 1),
                                     std::span(analyses).subspan(i, 1), &want));
      }
      EXPECT_EQ(got.inserted, want.inserted) << n << " " << round;
      EXPECT_EQ(got.updated, want.updated) << n << " " << round;
      EXPECT_EQ(got.unchanged, want.unchanged) << n << " " << round;
      if (round == 2) {
        EXPECT_EQ(got.inserted, 0u) << n;  // all stored: no pid is new
      }
      for (const char* sql : kTables) {
        EXPECT_EQ(Rows(whole.path, sql), Rows(single.path, sql)) << n << " " << round << sql;
      }
    }
    EXPECT_NE(Rows(whole.path, "SELECT count(*) FROM post_tags"), "0\n");
    ASSERT_OK((*many)->Close());
    ASSERT_OK((*one)->Close());
  }
}

TEST_F(StoreTest, EveryPostKeepsItsProbabilitiesOrTheirAbsenceAsStatementsRebind) {
  // A statement row's NULL probabilities are bound once and kept across
  // runs (RowBinding): posts with and without them in changing patterns
  // through the 32-row statement, the single-row insert and the update,
  // and across a reopen (statements prepared again), each keep their own.
  std::map<std::string, bool> want;  // id -> has probabilities
  auto write = [&](Store* store, int first, int n, int pattern) {
    std::vector<Post> posts;
    std::vector<Analysis> analyses;
    for (int k = first; k < first + n; ++k) {
      posts.push_back(MakePost("p" + std::to_string(1000 + k)));
      Analysis a = MakeAnalysis();
      a.sentiment.has_probabilities = (k * 7 + pattern) % (2 + pattern % 3) == 0;
      if (a.sentiment.has_probabilities) {
        a.sentiment.p[0] = 0.125;
        a.sentiment.p[1] = 0.25;
        a.sentiment.p[2] = 0.625;
      }
      want[posts.back().id] = a.sentiment.has_probabilities;
      analyses.push_back(std::move(a));
    }
    ASSERT_OK(store->WriteBatch(posts, analyses, nullptr));
  };
  auto store = Open();
  write(store.get(), 0, 70, 0);   // 2 statements of 32, 6 single inserts
  write(store.get(), 70, 70, 1);  // new posts, another pattern
  write(store.get(), 0, 70, 2);   // updates where the pattern changed
  write(store.get(), 35, 70, 3);  // updates and inserts
  ASSERT_OK(store->Close());
  store = Open();
  write(store.get(), 100, 70, 4);
  ASSERT_OK(store->Close());
  std::string expected;
  for (const auto& [id, has] : want) {
    expected += id + (has ? "|0.125|0.25|0.625\n" : "|NULL|NULL|NULL\n");
  }
  EXPECT_EQ(Rows(options_.path, "SELECT id, p_neg, p_neu, p_pos FROM posts ORDER BY id"),
            expected);
}

TEST_F(StoreTest, ANanScoreFailsItsBatchInAStatementOfManyPostsAsAlone) {
  // score is NOT NULL and a NaN binds as NULL: the statement of 32 posts
  // skips such rows (OR IGNORE), so its posts go one by one and fail.
  auto store = Open();
  ASSERT_TRUE(store);
  std::vector<Post> posts;
  std::vector<Analysis> analyses;
  MakeMixedBatch(0, 32, false, &posts, &analyses);
  analyses[20].sentiment.score = std::nan("");
  EXPECT_FALSE(store->WriteBatch(posts, analyses, nullptr).ok());
  EXPECT_EQ(store->Counts()->posts, 0u);
  analyses[20].sentiment.score = 0.5;
  IngestStats stats;
  ASSERT_OK(store->WriteBatch(posts, analyses, &stats));
  EXPECT_EQ(stats.inserted + stats.updated + stats.unchanged, 32u);
  EXPECT_EQ(Rows(options_.path, "SELECT count(*) FROM posts WHERE score IS NULL"), "0\n");
}

TEST_F(StoreTest, ABulkLoadIntoAnEmptyStoreBuildsTheReaderIndexesAtClose) {
  std::string indexes;
  {
    auto plain = Open();  // a new store has every index
    ASSERT_TRUE(plain);
    indexes = Rows(options_.path, kIndexes);
  }
  EXPECT_NE(indexes.find("posts_by_author|CREATE INDEX posts_by_author"), std::string::npos);
  options_.bulk_load = true;
  options_.bulk_commit_posts = 1;
  auto bulk = Open();
  ASSERT_TRUE(bulk);
  ASSERT_OK(WriteMadeBatch(bulk.get(), 0, 4));
  EXPECT_EQ(Rows(options_.path, kIndexes), "sqlite_autoindex_posts_1|NULL\n");
  ASSERT_OK(bulk->Close());
  EXPECT_EQ(Rows(options_.path, kIndexes), indexes);
}

TEST_F(StoreTest, AWritableOpenBuildsTheIndexesAKilledBulkLoadLeftOut) {
  std::string indexes;
  {
    auto store = Open();
    ASSERT_TRUE(store);
    indexes = Rows(options_.path, kIndexes);
  }
  // What a bulk load killed before its end leaves.
  Sql(options_.path,
      "DROP INDEX posts_by_time; DROP INDEX posts_by_author; DROP INDEX posts_by_thread; "
      "DROP INDEX posts_by_parent");
  options_.read_only = true;
  ASSERT_TRUE(Open());  // a reader reads as it is
  EXPECT_EQ(Rows(options_.path, kIndexes), "sqlite_autoindex_posts_1|NULL\n");
  options_.read_only = false;
  ASSERT_TRUE(Open());
  EXPECT_EQ(Rows(options_.path, kIndexes), indexes);
}

TEST_F(StoreTest, ABulkLoadIntoAStoreWithPostsKeepsItsIndexes) {
  std::vector<Post> posts;
  std::vector<Analysis> analyses;
  std::string indexes;
  {
    auto store = Open();
    MakeBatch(0, 2, &posts, &analyses);
    ASSERT_OK(store->WriteBatch(posts, analyses, nullptr));
    indexes = Rows(options_.path, kIndexes);
  }
  options_.bulk_load = true;
  options_.bulk_commit_posts = 1;
  auto bulk = Open();
  MakeBatch(2, 3, &posts, &analyses);
  ASSERT_OK(bulk->WriteBatch(posts, analyses, nullptr));
  EXPECT_EQ(Rows(options_.path, "SELECT count(*) FROM posts"), "5\n");
  EXPECT_EQ(Rows(options_.path, kIndexes), indexes);
}

TEST_F(StoreTest, ABulkLoadIntoAnEmptyStoreWritesThroughAJournalAndEndsInWal) {
  options_.bulk_load = true;
  options_.bulk_commit_posts = 1;
  auto bulk = Open();
  ASSERT_TRUE(bulk);
  EXPECT_EQ(Rows(options_.path, "PRAGMA journal_mode"), "delete\n");
  ASSERT_OK(WriteMadeBatch(bulk.get(), 0, 4));
  ASSERT_OK(bulk->Close());
  EXPECT_EQ(Rows(options_.path, "PRAGMA journal_mode"), "wal\n");
  // A store that has posts is loaded through the WAL.
  auto again = Open();
  ASSERT_TRUE(again);
  EXPECT_EQ(Rows(options_.path, "PRAGMA journal_mode"), "wal\n");
}

TEST_F(StoreTest, ABulkLoadBesideAnotherConnectionStaysInWal) {
  auto other = Open();  // a server, say
  ASSERT_TRUE(other);
  options_.bulk_load = true;
  auto bulk = Open();
  ASSERT_TRUE(bulk);
  EXPECT_EQ(Rows(options_.path, "PRAGMA journal_mode"), "wal\n");
  ASSERT_OK(WriteMadeBatch(bulk.get(), 0, 4));
  ASSERT_OK(bulk->Close());
  EXPECT_EQ(other->Counts()->posts, 4u);
}

// Runs `fn` in a child process that exits without closing anything, as a
// killed process would; true when it got to the end.
template <typename Fn>
bool InAKilledChild(Fn fn) {
  pid_t child = fork();
  if (child == 0) _exit(fn() ? 0 : 1);
  int status = 0;
  return child > 0 && waitpid(child, &status, 0) == child && WIFEXITED(status) &&
         WEXITSTATUS(status) == 0;
}

// A load killed in the middle of a journaled group, then a writer killed
// while writing the file (its journal "hot"). Every open, read-only ones
// too, finds the last whole group.
TEST_F(StoreTest, AKilledJournaledLoadRollsBackToItsLastGroupForEveryOpen) {
  ASSERT_TRUE(InAKilledChild([&] {
    options_.bulk_load = true;
    options_.bulk_commit_posts = 5;
    auto bulk = OpenStore(options_);
    std::vector<Post> posts;
    std::vector<Analysis> analyses;
    MakeBatch(0, 6, &posts, &analyses);
    bool ok = bulk.ok() && (*bulk)->WriteBatch(posts, analyses, nullptr).ok();
    MakeBatch(6, 3, &posts, &analyses);
    ok = ok && (*bulk)->WriteBatch(posts, analyses, nullptr).ok();
    if (bulk.ok()) (void)bulk->release();  // never closed, as if killed
    return ok;
  }));
  EXPECT_EQ(Rows(options_.path, "SELECT count(*) FROM posts"), "6\n");
  ASSERT_TRUE(InAKilledChild([&] {
    // A page cache too small for the transaction: SQLite writes pages to
    // the file before the commit, after syncing the journal.
    sqlite3* db = nullptr;
    bool ok = sqlite3_open(options_.path.c_str(), &db) == SQLITE_OK &&
              sqlite3_exec(db,
                           "PRAGMA cache_size = 10; BEGIN; DELETE FROM posts; "
                           "CREATE TABLE junk (x); WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL "
                           "SELECT i + 1 FROM c WHERE i < 500) "
                           "INSERT INTO junk SELECT randomblob(1000) FROM c",
                           nullptr, nullptr, nullptr) == SQLITE_OK;
    return ok;
  }));
  ASSERT_TRUE(fs::exists(options_.path + "-journal"));
  {
    options_.read_only = true;
    auto reader = Open();
    ASSERT_TRUE(reader);
    EXPECT_EQ(reader->Counts()->posts, 6u);
    SeriesQuery all;
    all.granularity = Granularity::kWeek;
    EXPECT_EQ(reader->Total(all)->n, 6);
  }
  options_.read_only = false;
  auto writer = Open();
  ASSERT_TRUE(writer);
  EXPECT_EQ(writer->Counts()->posts, 6u);
  EXPECT_EQ(Rows(options_.path, "PRAGMA journal_mode"), "wal\n");
  EXPECT_EQ(Rows(options_.path, "PRAGMA integrity_check"), "ok\n");
}

// A VFS that counts the syncs of every file it opens (SQLite's unix
// "fsync", directory syncs included) and can end the process, as a kill
// would, just before the sync numbered `exit_at_sync`. Its files are the
// default VFS's: only their xSync entry is replaced.
struct SyncCounter {
  static inline int syncs = 0;
  static inline int exit_at_sync = 0;  // 0: never
  static inline sqlite3_vfs* real = nullptr;
  static inline sqlite3_vfs vfs;
  static inline std::map<const sqlite3_io_methods*, std::unique_ptr<sqlite3_io_methods>> methods;
  static inline std::map<const sqlite3_io_methods*, const sqlite3_io_methods*> originals;

  static int Sync(sqlite3_file* f, int flags) {
    if (++syncs == exit_at_sync) _exit(0);
    return originals.at(f->pMethods)->xSync(f, flags);
  }
  static inline int subjournals = 0;  // statement journals written to files

  static int Open(sqlite3_vfs*, sqlite3_filename name, sqlite3_file* f, int flags, int* out) {
    if (flags & SQLITE_OPEN_SUBJOURNAL) ++subjournals;
    int rc = real->xOpen(real, name, f, flags, out);
    if (rc != SQLITE_OK || f->pMethods == nullptr) return rc;
    const sqlite3_io_methods* orig = f->pMethods;
    auto& mine = methods[orig];
    if (!mine) {
      mine = std::make_unique<sqlite3_io_methods>(*orig);
      mine->xSync = &Sync;
      originals[mine.get()] = orig;
    }
    f->pMethods = mine.get();
    return rc;
  }
  // Makes it the default VFS while alive.
  SyncCounter() {
    real = sqlite3_vfs_find(nullptr);
    vfs = *real;
    vfs.zName = "parley-sync-counter";
    vfs.xOpen = &Open;
    vfs.pNext = nullptr;
    sqlite3_vfs_register(&vfs, 1);
    syncs = 0;
    exit_at_sync = 0;
    subjournals = 0;
  }
  ~SyncCounter() {
    sqlite3_vfs_register(real, 1);
    sqlite3_vfs_unregister(&vfs);
  }
};

// A load into a new file writes its schema through the rollback journal
// it loads through (no WAL set and undone before the first group) and
// builds the reader indexes inside its last group's transaction: one
// commit each for the schema, the groups and the switch to WAL at Close,
// 3 or 4 syncs a commit (the journal, its directory once, the file).
TEST_F(StoreTest, AFreshBulkLoadSyncsOnlyForItsCommits) {
  SyncCounter counter;
  options_.bulk_load = true;
  options_.bulk_commit_posts = 5;
  options_.bulk_commit_ms = 1 << 30;
  auto bulk = Open();
  ASSERT_TRUE(bulk);
  const int schema = SyncCounter::syncs;
  EXPECT_LE(schema, 4);
  ASSERT_OK(WriteMadeBatch(bulk.get(), 0, 6));  // a group, committed
  ASSERT_OK(WriteMadeBatch(bulk.get(), 6, 3));  // the last group, pending
  ASSERT_OK(bulk->Close());
  // Before: 20 (the schema 8, the index builds' own commit 4).
  EXPECT_LE(SyncCounter::syncs, 16);
  EXPECT_EQ(Rows(options_.path, "SELECT count(*) FROM posts"), "9\n");
  EXPECT_EQ(Rows(options_.path, "PRAGMA journal_mode"), "wal\n");
  EXPECT_EQ(Rows(options_.path, "PRAGMA integrity_check"), "ok\n");
}

// A load into an empty store runs with temp_store = FILE (for its index
// builds), under which SQLite wrote a statement journal past 64 KiB to a
// temporary file (a 400,000-post load: 9,500 more pwrite calls, from its
// author upserts). parley's connections keep statement journals in memory.
TEST_F(StoreTest, StatementJournalsStayInMemoryUnderAFileTemporaryStore) {
  // Configuring works only before SQLite initializes: under ctest each test
  // is a process of its own, and this is its first use of SQLite.
  if (sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0) != SQLITE_OK) {
    GTEST_SKIP() << "SQLite was initialized before this test (run it on its own)";
  }
  auto db = internal::Db::Open(options_.path, /*create=*/true, /*read_only=*/false);
  ASSERT_OK(db);  // configures SQLite, before the VFS below starts it
  SyncCounter counter;
  auto counted = internal::Db::Open((dir_ / "counted.db").string(), true, false);
  ASSERT_OK(counted);
  // A statement that may fail partway (a NOT NULL column) changes every
  // page (500 KB) that an earlier statement of its transaction wrote: the
  // statement journal holds them all, as a group's author upserts' did.
  ASSERT_OK((*counted)->Exec(
      "PRAGMA temp_store = FILE; CREATE TABLE t (y TEXT UNIQUE, c INTEGER NOT NULL); BEGIN; "
      "WITH RECURSIVE n(x) AS (SELECT 0 UNION ALL SELECT x + 1 FROM n WHERE x < 999) "
      "INSERT INTO t SELECT printf('%.500d', x), 1 FROM n; UPDATE t SET c = c + 1; COMMIT"));
  EXPECT_EQ(*(*counted)->QueryInt("SELECT sum(c) FROM t"), 2000);
  EXPECT_EQ(SyncCounter::subjournals, 0);
  ASSERT_OK((*counted)->Close());
  ASSERT_OK((*db)->Close());
}

// A fresh load of two groups killed just before each of its syncs in turn
// (the schema's, the first group's, the last group's with the reader
// index builds, the switch to WAL): every open finds the schema and the
// last whole group, a writable open has every index, and the same load run
// again stores what an unkilled one does.
TEST_F(StoreTest, AFreshBulkLoadKilledAtAnySyncResumesToTheSameStore) {
  options_.bulk_load = true;
  options_.bulk_commit_posts = 5;
  options_.bulk_commit_ms = 1 << 30;
  auto load = [&] {
    auto bulk = OpenStore(options_);
    bool ok = bulk.ok() && WriteMadeBatch(bulk->get(), 0, 6).ok() &&
              WriteMadeBatch(bulk->get(), 6, 3).ok() && (*bulk)->Close().ok();
    return ok;
  };
  const std::string whole = options_.path;
  ASSERT_TRUE(load());
  const std::string dump_sql =
      "SELECT group_concat(x, ';') FROM (SELECT quote(source) || id || created_at || author || "
      "quote(thread) || quote(parent) || label || score || content_hash AS x FROM posts ORDER "
      "BY pid)";
  const std::string expected_posts = Rows(whole, dump_sql);
  const std::string expected_authors = Rows(whole, kAuthors);
  const std::string expected_rollups = Rows(whole, "SELECT * FROM rollups ORDER BY 1, 2, 3, 4, 5");
  const std::string expected_indexes = Rows(whole, kIndexes);
  int total = 0;
  {
    SyncCounter counter;
    options_.path = (dir_ / "counted.db").string();
    ASSERT_TRUE(load());
    total = SyncCounter::syncs;
  }
  ASSERT_GT(total, 4);
  for (int k = 1; k <= total; ++k) {
    SCOPED_TRACE("killed before sync " + std::to_string(k));
    options_.path = (dir_ / ("killed" + std::to_string(k) + ".db")).string();
    {
      SyncCounter counter;
      SyncCounter::exit_at_sync = k;
      EXPECT_TRUE(InAKilledChild(load));
    }
    if (!fs::exists(options_.path)) continue;
    {
      StoreOptions plain;
      plain.path = options_.path;
      plain.read_only = true;
      auto reader = OpenStore(plain);
      if (reader.ok()) {
        uint64_t n = (*reader)->Counts()->posts;
        EXPECT_TRUE(n == 0 || n == 6 || n == 9) << n;
        SeriesQuery all;
        all.granularity = Granularity::kWeek;
        EXPECT_EQ((*reader)->Total(all)->n, static_cast<int64_t>(n));
      }
    }
    ASSERT_TRUE(load());
    EXPECT_EQ(Rows(options_.path, dump_sql), expected_posts);
    EXPECT_EQ(Rows(options_.path, kAuthors), expected_authors);
    EXPECT_EQ(Rows(options_.path, "SELECT * FROM rollups ORDER BY 1, 2, 3, 4, 5"),
              expected_rollups);
    EXPECT_EQ(Rows(options_.path, kIndexes), expected_indexes);
    EXPECT_EQ(Rows(options_.path, "PRAGMA integrity_check"), "ok\n");
  }
}

// The reader indexes are built inside the last group's transaction; when
// a build fails, only the builds are undone: the group's posts are
// committed, Close() reports the error and the next writable open builds
// the indexes.
TEST_F(StoreTest, AFailedIndexBuildKeepsTheLastGroupsPosts) {
  std::string indexes;
  {
    auto plain = Open();
    ASSERT_TRUE(plain);
    indexes = Rows(options_.path, kIndexes);
  }
  fs::remove(options_.path);
  options_.bulk_load = true;
  options_.bulk_commit_posts = 5;
  options_.bulk_commit_ms = 1 << 30;
  auto bulk = Open();
  ASSERT_TRUE(bulk);
  ASSERT_OK(WriteMadeBatch(bulk.get(), 0, 6));  // committed
  // Between the groups, a table takes the name of the last index built.
  Sql(options_.path, "CREATE TABLE posts_by_parent (x)");
  ASSERT_OK(WriteMadeBatch(bulk.get(), 6, 3));
  Status closed = bulk->Close();
  EXPECT_FALSE(closed.ok());
  EXPECT_THAT(closed.ToString(), HasSubstr("posts_by_parent"));
  EXPECT_EQ(Rows(options_.path, "SELECT count(*) FROM posts"), "9\n");
  EXPECT_EQ(Rows(options_.path, "SELECT sum(posts) FROM authors"), "9\n");
  EXPECT_EQ(Rows(options_.path, kIndexes), "sqlite_autoindex_posts_1|NULL\n");
  Sql(options_.path, "DROP TABLE posts_by_parent");
  options_.bulk_load = false;
  ASSERT_TRUE(Open());
  EXPECT_EQ(Rows(options_.path, kIndexes), indexes);
  EXPECT_EQ(Rows(options_.path, "PRAGMA integrity_check"), "ok\n");
}

TEST_F(StoreTest, AnyOtherCallOrClosingCommitsThePendingGroup) {
  options_.bulk_load = true;
  std::vector<Post> posts;
  std::vector<Analysis> analyses;
  MakeBatch(0, 3, &posts, &analyses);
  {
    auto bulk = Open();
    ASSERT_OK(bulk->WriteBatch(posts, analyses, nullptr));
    EXPECT_EQ(Rows(options_.path, "SELECT count(*) FROM posts"), "0\n");
    EXPECT_TRUE(*bulk->AllRollups() == Expected(posts, analyses));
    EXPECT_EQ(Rows(options_.path, "SELECT count(*) FROM posts"), "3\n");
    MakeBatch(3, 2, &posts, &analyses);
    ASSERT_OK(bulk->WriteBatch(posts, analyses, nullptr));
  }  // the destructor closes
  EXPECT_EQ(Rows(options_.path, "SELECT count(*) FROM posts"), "5\n");
  EXPECT_EQ(Rows(options_.path, "SELECT sum(posts) FROM authors"), "5\n");
}

TEST_F(StoreTest, AFailedBatchRollsBackItsWholeGroup) {
  {
    auto store = Open();
    ASSERT_TRUE(store);
  }
  Sql(options_.path,
      "CREATE TRIGGER refuse BEFORE INSERT ON posts WHEN NEW.id = '4' "
      "BEGIN SELECT RAISE(ABORT, 'refused'); END");
  options_.bulk_load = true;
  std::vector<Post> posts;
  std::vector<Analysis> analyses;
  auto bulk = Open();
  MakeBatch(0, 3, &posts, &analyses);
  ASSERT_OK(bulk->WriteBatch(posts, analyses, nullptr));
  MakeBatch(3, 2, &posts, &analyses);  // post 4 is refused
  EXPECT_THAT(bulk->WriteBatch(posts, analyses, nullptr), StatusIs(StatusCode::kInternal));
  MakeBatch(5, 2, &posts, &analyses);
  ASSERT_OK(bulk->WriteBatch(posts, analyses, nullptr));
  ASSERT_OK(bulk->Close());
  EXPECT_EQ(Rows(options_.path, "SELECT group_concat(id) FROM posts"), "5,6\n");
  EXPECT_EQ(Rows(options_.path, "SELECT sum(posts) FROM authors"), "2\n");
  EXPECT_EQ(Rows(options_.path, "SELECT sum(n) FROM rollups WHERE granularity = 'week'"),
            "2\n");
}

}  // namespace
}  // namespace parley

namespace parley {
namespace {

StoredAlert MakeAlert(std::string key, int64_t start) {
  StoredAlert a;
  a.key = std::move(key);
  a.kind = "spike";
  a.window_start_ms = start;
  a.window_end_ms = start + 3600000;
  a.detected_at_ms = 42;
  a.body = "{\"kind\":\"spike\"}";
  return a;
}

TEST_F(StoreTest, UnmappedColumnNamesAreStoredOnceAndReadAcrossConnections) {
  auto a = Open();
  auto b = Open();
  ASSERT_TRUE(a && b);
  Post p = MakePost("1");
  p.extra = {{"zeta", "1"}, {"eta", ""}};
  ASSERT_OK(b->WriteBatch(std::vector<Post>{p}, std::vector<Analysis>{MakeAnalysis()}, nullptr));
  // `a` learns the codes `b` added when it meets them.
  ASSERT_OK_AND_ASSIGN(auto got, a->GetPost("twitter", "1"));
  ASSERT_TRUE(got);
  EXPECT_EQ(got->post.extra, p.extra);
  Post q = MakePost("2");
  q.extra = {{"eta", "3"}, {"theta", "4"}, {"zeta", "5"}};
  ASSERT_OK(a->WriteBatch(std::vector<Post>{q}, std::vector<Analysis>{MakeAnalysis()}, nullptr));
  ASSERT_OK_AND_ASSIGN(got, b->GetPost("twitter", "2"));
  ASSERT_TRUE(got);
  EXPECT_EQ(got->post.extra, q.extra);
  EXPECT_EQ(Rows(options_.path, "SELECT code, key FROM extra_keys ORDER BY code"),
            "1|zeta\n2|eta\n3|theta\n");
}

TEST_F(StoreTest, AColumnNameAddedByARolledBackGroupIsForgotten) {
  {
    auto store = Open();
    ASSERT_TRUE(store);
  }
  Sql(options_.path,
      "CREATE TRIGGER refuse BEFORE INSERT ON posts WHEN NEW.id = '2' "
      "BEGIN SELECT RAISE(ABORT, 'refused'); END");
  auto store = Open();
  ASSERT_TRUE(store);
  std::vector<Post> posts = {MakePost("1"), MakePost("2")};
  posts[0].extra = {{"lost", "x"}};
  std::vector<Analysis> analyses = {MakeAnalysis(), MakeAnalysis()};
  EXPECT_FALSE(store->WriteBatch(posts, analyses, nullptr).ok());
  EXPECT_EQ(Rows(options_.path, "SELECT count(*) FROM extra_keys"), "0\n");
  // Written again, the name gets a code again (the old one was rolled back).
  posts.pop_back();
  analyses.pop_back();
  posts.push_back(MakePost("3"));
  posts.back().extra = {{"kept", "y"}, {"lost", "z"}};
  analyses.push_back(MakeAnalysis());
  ASSERT_OK(store->WriteBatch(posts, analyses, nullptr));
  ASSERT_OK_AND_ASSIGN(auto got, store->GetPost("twitter", "1"));
  ASSERT_TRUE(got);
  EXPECT_EQ(got->post.extra, posts[0].extra);
  ASSERT_OK_AND_ASSIGN(got, store->GetPost("twitter", "3"));
  ASSERT_TRUE(got);
  EXPECT_EQ(got->post.extra, posts[1].extra);
}

TEST_F(StoreTest, AnAlertIsStoredOncePerKey) {
  auto store = Open();
  ASSERT_TRUE(store);
  ASSERT_OK_AND_ASSIGN(bool fresh, store->PutAlert(MakeAlert("spike|a|1", 1000)));
  EXPECT_TRUE(fresh);
  ASSERT_OK_AND_ASSIGN(fresh, store->PutAlert(MakeAlert("spike|a|1", 1000)));
  EXPECT_FALSE(fresh);
  ASSERT_OK(store->PutAlert(MakeAlert("spike|b|0", 0)).status());
  ASSERT_OK_AND_ASSIGN(std::vector<StoredAlert> all, store->Alerts(kMinTime, kMaxTime));
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0].key, "spike|b|0");  // by window start
  EXPECT_EQ(all[1].body, "{\"kind\":\"spike\"}");
  EXPECT_FALSE(all[1].delivered_at_ms.has_value());
  ASSERT_OK_AND_ASSIGN(all, store->Alerts(500, kMaxTime));
  ASSERT_EQ(all.size(), 1u);
}

TEST_F(StoreTest, ListsItsSources) {
  auto store = Open();
  ASSERT_TRUE(store);
  ASSERT_OK_AND_ASSIGN(std::vector<std::string> sources, store->Sources());
  EXPECT_TRUE(sources.empty());
  std::vector<Post> posts = {MakePost("1"), MakePost("2"), MakePost("3")};
  posts[1].source = "reviews";
  posts[2].source = "forum";
  std::vector<Analysis> analyses(3, MakeAnalysis());
  ASSERT_OK(store->WriteBatch(posts, analyses, nullptr));
  ASSERT_OK_AND_ASSIGN(sources, store->Sources());
  EXPECT_EQ(sources, (std::vector<std::string>{"forum", "reviews", "twitter"}));
}

TEST_F(StoreTest, MarksAnAlertDelivered) {
  auto store = Open();
  ASSERT_TRUE(store);
  ASSERT_OK(store->PutAlert(MakeAlert("k", 0)).status());
  ASSERT_OK(store->MarkAlertDelivered("k", 77));
  ASSERT_OK_AND_ASSIGN(std::vector<StoredAlert> all, store->Alerts(kMinTime, kMaxTime));
  ASSERT_EQ(all.size(), 1u);
  EXPECT_EQ(all[0].delivered_at_ms, 77);
}

// A file as the parley of schema `version` created it (migrations 1 to
// `version` applied, nothing written).
void MakeOldStore(const std::string& path, int version) {
  auto db = internal::Db::Open(path, /*create=*/true, /*read_only=*/false);
  ASSERT_OK(db);
  ASSERT_OK(internal::MigrateTo(db->get(), version));
  ASSERT_OK((*db)->Close());
}

// The JSON list the store wrote before schema version 4 (NULL when empty).
std::string OldJsonList(const std::vector<std::string>& list) {
  if (list.empty()) return "NULL";
  std::string out = "'[";
  for (size_t i = 0; i < list.size(); ++i) out += (i ? ",\"" : "\"") + list[i] + "\"";
  return out + "]'";
}

// A posts row as parley wrote it with schema versions 1 to 3 (wide, JSON
// lists and extra, the label as text; texts here need no SQL or JSON
// escaping). The content hash is what the old code would have stored; any
// value will do, migration 4 recomputes it.
std::string OldPostRow(const Post& p, const Analysis& a) {
  auto text = [](const std::string& s) { return s.empty() ? "NULL" : "'" + s + "'"; };
  auto num = [](const std::optional<int64_t>& v) { return v ? std::to_string(*v) : "NULL"; };
  std::string extra = "NULL";
  if (!p.extra.empty()) {
    extra = "'{";
    for (size_t i = 0; i < p.extra.size(); ++i) {
      extra += (i ? ",\"" : "\"") + p.extra[i].first + "\":\"" + p.extra[i].second + "\"";
    }
    extra += "}'";
  }
  const Sentiment& s = a.sentiment;
  auto prob = [&](int i) { return s.has_probabilities ? std::to_string(s.p[i]) : "NULL"; };
  return "INSERT INTO posts (source, id, author, author_name, thread, parent, created_at, text, "
         "lang, rating, likes, shares, replies, followers, views, extra, content_hash, label, "
         "score, p_neg, p_neu, p_pos, model, brands, topics, intents, mentions, hashtags) VALUES (" +
         text(p.source) + ", " + text(p.id) + ", " + text(p.author) + ", " +
         text(p.author_name) + ", " + text(p.thread) + ", " + text(p.parent) + ", " +
         std::to_string(p.created_at_ms) + ", " + text(p.text) + ", " + text(p.lang) + ", " +
         (p.rating ? std::to_string(*p.rating) : "NULL") + ", " + num(p.metrics.likes) + ", " +
         num(p.metrics.shares) + ", " + num(p.metrics.replies) + ", " +
         num(p.metrics.followers) + ", " + num(p.metrics.views) + ", " + extra + ", 12345, '" +
         std::string(SentimentLabelName(s.label)) + "', " + std::to_string(s.score) + ", " +
         prob(0) + ", " + prob(1) + ", " + prob(2) + ", 'lexicon', " + OldJsonList(a.brands) +
         ", " + OldJsonList(a.topics) + ", " + OldJsonList(a.intents) + ", " +
         OldJsonList(a.mentions) + ", " + OldJsonList(a.hashtags) + ");\n";
}

// The rollup rows of `t`, as SQL.
std::string RollupRows(const RollupTable& t) {
  std::string sql;
  for (const auto& [k, r] : t.cells()) {
    sql += "INSERT INTO rollups VALUES ('" + std::string(GranularityName(k.granularity)) +
           "', " + std::to_string(k.bucket_start) + ", '" + k.brand + "', '" + k.topic + "', '" +
           k.source + "', " + std::to_string(r.n);
    for (int i = 0; i < 3; ++i) sql += ", " + std::to_string(r.count[i]);
    for (int i = 0; i < 3; ++i) sql += ", " + std::to_string(r.sum_p[i]);
    sql += ", " + std::to_string(r.sum_score) + ");\n";
  }
  return sql;
}

TEST_F(StoreTest, AVersionOneFileGainsTheAlertsTable) {
  MakeOldStore(options_.path, 1);
  auto store = Open();
  ASSERT_TRUE(store);
  EXPECT_OK(store->PutAlert(MakeAlert("k", 0)).status());
  EXPECT_OK(store->DataVersion().status());
}

TEST_F(StoreTest, AVersionTwoFileGainsThePeopleTables) {
  MakeOldStore(options_.path, 2);
  Sql(options_.path, OldPostRow(MakePost("a"), MakeAnalysis()));
  auto store = Open();
  ASSERT_TRUE(store);
  auto version = store->DataVersion();
  ASSERT_OK(version);
  EXPECT_EQ(*version, 0);  // counts batches from the upgrade on
  ASSERT_OK(store->MarkHandled({"twitter", "a", 5, ""}));
  auto handled = store->Handled();
  ASSERT_OK(handled);
  EXPECT_EQ(handled->size(), 1u);
  int posts = 0;
  PostScan q;
  q.author = "ann";
  ASSERT_OK(store->ScanPosts(q, [&](const StoredPost& sp) {
    EXPECT_EQ(sp.post.id, "a");
    ++posts;
    return Status::OK();
  }));
  EXPECT_EQ(posts, 1);
}

TEST_F(StoreTest, AVersionThreeStoreMovesToTheNarrowRowAndReadsTheSame) {
  // Posts as parley wrote them before schema version 4, with every field.
  std::vector<Post> posts = {MakePost("1"), MakePost("2", "2024-03-07T10:00:00Z", "awful")};
  // -0.0 reads back from a REAL column as 0.0: the recomputed hash must
  // still match what a new ingest computes from the analyzer's -0.0.
  std::vector<Analysis> analyses = {MakeAnalysis(),
                                    MakeAnalysis(SentimentLabel::kNegative, -0.0)};
  Post& p = posts[0];
  p.author_name = "Ann K";
  p.thread = "t1";
  p.parent = "0";
  p.lang = "en";
  p.rating = 4.5;
  p.metrics = {7, 2, 1, 1200, 9000};
  p.extra = {{"airline", "United"}, {"city", "Oslo"}};
  Analysis& a = analyses[0];
  a.sentiment.has_probabilities = true;
  a.sentiment.p[0] = 0.125;
  a.sentiment.p[1] = 0.25;
  a.sentiment.p[2] = 0.625;
  a.brands = {"united"};
  a.topics = {"delay", "staff"};
  a.intents = {"praise"};
  a.mentions = {"@united"};
  a.hashtags = {"#fail", "#travel"};
  posts[1].author = "bob";
  MakeOldStore(options_.path, 3);
  Sql(options_.path, OldPostRow(posts[0], analyses[0]) + OldPostRow(posts[1], analyses[1]) +
                         "INSERT INTO post_tags VALUES ('brand', 'united', " +
                         std::to_string(p.created_at_ms) + ", 1);" +
                         RollupRows(Expected(posts, analyses)));

  auto store = Open();
  ASSERT_TRUE(store);
  EXPECT_EQ(Rows(options_.path, "PRAGMA user_version"), std::to_string(StoreSchemaVersion()) + "\n");
  // Every field reads back as before.
  ASSERT_OK_AND_ASSIGN(auto got, store->GetPost("twitter", "1"));
  ASSERT_TRUE(got);
  EXPECT_EQ(got->post.author, "ann");
  EXPECT_EQ(got->post.author_name, "Ann K");
  EXPECT_EQ(got->post.thread, "t1");
  EXPECT_EQ(got->post.parent, "0");
  EXPECT_EQ(got->post.created_at_ms, p.created_at_ms);
  EXPECT_EQ(got->post.text, "so good");
  EXPECT_EQ(got->post.lang, "en");
  EXPECT_EQ(got->post.rating, 4.5);
  EXPECT_EQ(got->post.metrics.likes, 7);
  EXPECT_EQ(got->post.metrics.shares, 2);
  EXPECT_EQ(got->post.metrics.replies, 1);
  EXPECT_EQ(got->post.metrics.followers, 1200);
  EXPECT_EQ(got->post.metrics.views, 9000);
  EXPECT_EQ(got->post.extra, p.extra);
  const Analysis& ga = got->analysis;
  EXPECT_EQ(ga.sentiment.label, SentimentLabel::kPositive);
  EXPECT_EQ(ga.sentiment.score, 0.5);
  EXPECT_TRUE(ga.sentiment.has_probabilities);
  EXPECT_EQ(ga.sentiment.p[2], 0.625);
  EXPECT_EQ(ga.brands, a.brands);
  EXPECT_EQ(ga.topics, a.topics);
  EXPECT_EQ(ga.intents, a.intents);
  EXPECT_EQ(ga.mentions, a.mentions);
  EXPECT_EQ(ga.hashtags, a.hashtags);
  EXPECT_EQ(got->model, "lexicon");
  ASSERT_OK_AND_ASSIGN(auto bare, store->GetPost("twitter", "2"));
  ASSERT_TRUE(bare);
  EXPECT_EQ(bare->post.author_name, "");
  EXPECT_FALSE(bare->post.rating);
  EXPECT_FALSE(bare->post.metrics.likes);
  EXPECT_TRUE(bare->post.extra.empty());
  EXPECT_EQ(bare->analysis.sentiment.label, SentimentLabel::kNegative);
  EXPECT_FALSE(bare->analysis.sentiment.has_probabilities);
  // Label filters and tag joins still find them.
  ExampleQuery negative;
  negative.label = SentimentLabel::kNegative;
  ASSERT_OK_AND_ASSIGN(auto examples, store->Examples(negative));
  ASSERT_EQ(examples.size(), 1u);
  EXPECT_EQ(examples[0].id, "2");
  ExampleQuery united;
  united.brand = "united";
  ASSERT_OK_AND_ASSIGN(examples, store->Examples(united));
  ASSERT_EQ(examples.size(), 1u);
  EXPECT_EQ(examples[0].id, "1");
  EXPECT_EQ(Rows(options_.path, "SELECT id, label FROM analyses ORDER BY pid"),
            "1|positive\n2|negative\n");
  // The recomputed content hashes match: the same records are unchanged, a
  // changed one is updated in place and its rollups move.
  IngestStats stats;
  ASSERT_OK(store->WriteBatch(posts, analyses, &stats));
  EXPECT_EQ(stats.unchanged, 2u);
  EXPECT_EQ(stats.inserted + stats.updated, 0u);
  analyses[0].sentiment.label = SentimentLabel::kNeutral;
  analyses[0].brands = {"delta"};
  stats = IngestStats();
  ASSERT_OK(store->WriteBatch(posts, analyses, &stats));
  EXPECT_EQ(stats.updated, 1u);
  EXPECT_EQ(stats.unchanged, 1u);
  EXPECT_TRUE(*store->AllRollups() == Expected(posts, analyses));
  ASSERT_OK(store->Close());
  std::string indexes = Rows(options_.path, kIndexes);
  for (const char* name : {"posts_by_time|", "posts_by_author|", "posts_by_thread|",
                           "posts_by_parent|", "sqlite_autoindex_posts_1|"}) {
    EXPECT_NE(indexes.find(name), std::string::npos) << name << " in " << indexes;
  }
  // A new store has the same indexes.
  options_.path = (dir_ / "new.db").string();
  ASSERT_TRUE(Open());
  EXPECT_EQ(Rows(options_.path, kIndexes), indexes);
}

TEST_F(StoreTest, AVersionFourStoreMovesToIdFirstKeysAndKeepsEveryRow) {
  std::vector<Post> posts = {MakePost("1"), MakePost("2", "2024-03-07T10:00:00Z", "awful"),
                             MakePost("1", "2024-03-08T10:00:00Z", "fine")};
  std::vector<Analysis> analyses = {MakeAnalysis(),
                                    MakeAnalysis(SentimentLabel::kNegative, -0.5),
                                    MakeAnalysis(SentimentLabel::kNeutral, 0.0)};
  posts[0].extra = {{"airline", "United"}};
  posts[0].author_name = "Ann K";
  posts[1].author = "bob";
  posts[2].source = "reviews";  // the same id in another source: another post
  analyses[0].brands = {"united"};
  // The rows as this build writes them, in a version 5 file...
  const std::string v5 = (dir_ / "v5.db").string();
  options_.path = v5;
  {
    auto store = Open();
    ASSERT_TRUE(store);
    ASSERT_OK(store->WriteBatch(posts, analyses, nullptr));
    ASSERT_OK(store->Close());
  }
  // ...copied into a version 4 file (the same columns, the old keys).
  options_.path = (dir_ / "v4.db").string();
  MakeOldStore(options_.path, 4);
  std::string copy = "ATTACH '" + v5 + "' AS v5;";
  for (const char* table : {"posts", "post_tags", "authors", "rollups", "extra_keys"}) {
    copy += std::string("INSERT INTO ") + table + " SELECT * FROM v5." + table + ";";
  }
  Sql(options_.path, copy);
  const std::string kPosts = "SELECT * FROM posts ORDER BY pid";
  const std::string kAllAuthors = "SELECT * FROM authors ORDER BY source, handle";
  ASSERT_EQ(Rows(options_.path, kPosts), Rows(v5, kPosts));
  ASSERT_EQ(Rows(options_.path, kAllAuthors), Rows(v5, kAllAuthors));

  auto store = Open();
  ASSERT_TRUE(store);
  EXPECT_EQ(Rows(options_.path, "PRAGMA user_version"),
            std::to_string(StoreSchemaVersion()) + "\n");
  // The identity keys lead with id and handle; every row is kept as it was.
  EXPECT_NE(Rows(options_.path, "SELECT sql FROM sqlite_master WHERE name = 'posts'")
                .find("UNIQUE (id, source)"),
            std::string::npos);
  EXPECT_NE(Rows(options_.path, "SELECT sql FROM sqlite_master WHERE name = 'authors'")
                .find("PRIMARY KEY (handle, source)"),
            std::string::npos);
  EXPECT_EQ(Rows(options_.path, kPosts), Rows(v5, kPosts));
  EXPECT_EQ(Rows(options_.path, kAllAuthors), Rows(v5, kAllAuthors));
  EXPECT_EQ(Rows(options_.path, "SELECT id, label FROM analyses ORDER BY pid"),
            "1|positive\n2|negative\n1|neutral\n");
  // Reads find the posts and authors by their identity.
  ASSERT_OK_AND_ASSIGN(auto got, store->GetPost("twitter", "1"));
  ASSERT_TRUE(got);
  EXPECT_EQ(got->post.author_name, "Ann K");
  EXPECT_EQ(got->post.extra, posts[0].extra);
  ASSERT_OK_AND_ASSIGN(got, store->GetPost("reviews", "1"));
  ASSERT_TRUE(got);
  EXPECT_EQ(got->post.text, "fine");
  ASSERT_OK_AND_ASSIGN(auto anns, store->GetAuthors("", "ann"));
  ASSERT_EQ(anns.size(), 2u);
  EXPECT_EQ(anns[0].source, "reviews");
  EXPECT_EQ(anns[1].source, "twitter");
  EXPECT_EQ(anns[1].name, "Ann K");
  // Re-ingesting finds every record unchanged; a changed one is updated in
  // place, its rollups and author counts move.
  IngestStats stats;
  ASSERT_OK(store->WriteBatch(posts, analyses, &stats));
  EXPECT_EQ(stats.unchanged, 3u);
  EXPECT_EQ(stats.inserted + stats.updated, 0u);
  posts[1].author = "ann";
  analyses[1].sentiment.label = SentimentLabel::kPositive;
  stats = IngestStats();
  ASSERT_OK(store->WriteBatch(posts, analyses, &stats));
  EXPECT_EQ(stats.updated, 1u);
  EXPECT_TRUE(*store->AllRollups() == Expected(posts, analyses));
  ASSERT_OK_AND_ASSIGN(anns, store->GetAuthors("twitter", "ann"));
  ASSERT_EQ(anns.size(), 1u);
  EXPECT_EQ(anns[0].posts, 2);
  ASSERT_OK(store->Close());
  // The same indexes as a new store.
  std::string indexes = Rows(options_.path, kIndexes);
  options_.path = (dir_ / "new.db").string();
  ASSERT_TRUE(Open());
  EXPECT_EQ(Rows(options_.path, kIndexes), indexes);
}

TEST_F(StoreTest, BuildingTheReaderIndexesLeavesQueriesTheirTemporaryStoreInMemory) {
  auto db = internal::Db::Open(options_.path, /*create=*/true, /*read_only=*/false);
  ASSERT_OK(db);
  ASSERT_OK(internal::MigrateTo(db->get(), StoreSchemaVersion()));
  ASSERT_OK((*db)->Exec("PRAGMA temp_store = MEMORY"));
  ASSERT_OK(internal::DropReaderIndexes(db->get()));
  // The builds sort in a file-backed sorter, then queries get MEMORY back.
  ASSERT_OK(internal::EnsureReaderIndexes(db->get()));
  ASSERT_OK_AND_ASSIGN(int64_t indexes,
                       (*db)->QueryInt("SELECT count(*) FROM sqlite_master WHERE type = 'index' "
                                       "AND name LIKE 'posts_by_%'"));
  EXPECT_EQ(indexes, 4);
  ASSERT_OK_AND_ASSIGN(int64_t temp_store, (*db)->QueryInt("PRAGMA temp_store"));
  EXPECT_EQ(temp_store, 2);  // MEMORY
  ASSERT_OK((*db)->Close());
}

TEST_F(StoreTest, BuildingTheReaderIndexesRestoresTheConnectionsCacheSize) {
  auto db = internal::Db::Open(options_.path, /*create=*/true, /*read_only=*/false);
  ASSERT_OK(db);
  ASSERT_OK(internal::MigrateTo(db->get(), StoreSchemaVersion()));
  ASSERT_OK((*db)->Exec("PRAGMA cache_size = -12345"));
  ASSERT_OK(internal::DropReaderIndexes(db->get()));
  // The builds run with a small page cache of their own.
  ASSERT_OK(internal::EnsureReaderIndexes(db->get()));
  ASSERT_OK_AND_ASSIGN(int64_t cache_size, (*db)->QueryInt("PRAGMA cache_size"));
  EXPECT_EQ(cache_size, -12345);
  ASSERT_OK((*db)->Close());
}

TEST_F(StoreTest, ReaderIndexesLargerThanTheBuildCacheMatchTheirTable) {
  auto db = internal::Db::Open(options_.path, /*create=*/true, /*read_only=*/false);
  ASSERT_OK(db);
  ASSERT_OK(internal::MigrateTo(db->get(), StoreSchemaVersion()));
  ASSERT_OK(internal::DropReaderIndexes(db->get()));
  // 50,000 posts with long handles: each index's keys are several MB, more
  // than the build's page cache, so the sorter sorts them in runs and merges
  // the runs. Times, authors, threads and parents come in no order.
  ASSERT_OK((*db)->Exec(
      "WITH RECURSIVE n(x) AS (SELECT 0 UNION ALL SELECT x + 1 FROM n WHERE x < 49999) "
      "INSERT INTO posts (source, id, created_at, author, thread, parent, label, score, "
      "content_hash, text, detail) "
      "SELECT 'twitter', 'p' || x, (x * 7919) % 50021, "
      "'an-author-with-a-long-handle-' || ((x * 104729) % 9973), "
      "'a-thread-with-a-long-id-' || ((x * 31) % 5003), "
      "CASE WHEN x % 3 = 0 THEN NULL ELSE 'a-parent-with-a-long-id-' || ((x * 17) % 49991) END, "
      "1, 0.0, x, 'text', x'' FROM n"));
  ASSERT_OK(internal::EnsureReaderIndexes(db->get()));
  ASSERT_OK_AND_ASSIGN(int64_t indexes,
                       (*db)->QueryInt("SELECT count(*) FROM sqlite_master WHERE type = 'index' "
                                       "AND name LIKE 'posts_by_%'"));
  EXPECT_EQ(indexes, 4);
  // Every index holds exactly its table's rows, in order.
  {
    ASSERT_OK_AND_ASSIGN(internal::Stmt check, (*db)->Prepare("PRAGMA integrity_check"));
    ASSERT_EQ(check.Step(), SQLITE_ROW);
    EXPECT_EQ(check.ColText(0), "ok");
  }
  ASSERT_OK((*db)->Close());
}

TEST_F(StoreTest, MarkingAndUnmarkingHandledMovesTheHandledVersionOnly) {
  auto store = Open();
  ASSERT_TRUE(store);
  ASSERT_OK(store->WriteBatch(std::vector<Post>{MakePost("a")},
                              std::vector<Analysis>{MakeAnalysis()}, nullptr));
  ASSERT_OK_AND_ASSIGN(int64_t data, store->DataVersion());
  ASSERT_OK_AND_ASSIGN(int64_t v0, store->HandledVersion());
  EXPECT_EQ(v0, 0);
  ASSERT_OK(store->MarkHandled({"twitter", "a", 5, ""}));
  ASSERT_OK_AND_ASSIGN(int64_t v1, store->HandledVersion());
  ASSERT_OK(store->MarkHandled({"twitter", "a", 6, "again"}));
  ASSERT_OK_AND_ASSIGN(int64_t v2, store->HandledVersion());
  ASSERT_OK(store->UnmarkHandled("twitter", "a"));
  ASSERT_OK_AND_ASSIGN(int64_t v3, store->HandledVersion());
  EXPECT_LT(v0, v1);
  EXPECT_LT(v1, v2);
  EXPECT_LT(v2, v3);
  ASSERT_OK_AND_ASSIGN(int64_t data_after, store->DataVersion());
  EXPECT_EQ(data_after, data);  // influence stays cached
}

}  // namespace
}  // namespace parley
