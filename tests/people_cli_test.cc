// End-to-end tests of the people commands (author, thread, queue,
// influencers) on a `parley synth` store checked against its ground truth,
// and on the shared airline sample for mention edges.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <simdjson.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "src/storage/store.h"
#include "tests/testutil/cli.h"
#include "tests/testutil/csv_rows.h"

namespace parley {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;
using Result = ::parley::testing::CliResult;
using ::parley::testing::NonEmptyLines;

// The string at `path` (e.g. "post.id") of each NDJSON line.
std::vector<std::string> Field(const std::string& ndjson, const char* pointer) {
  simdjson::dom::parser parser;
  std::vector<std::string> out;
  for (const std::string& line : NonEmptyLines(ndjson)) {
    simdjson::dom::element e;
    if (parser.parse(line).get(e)) {
      ADD_FAILURE() << "not JSON: " << line;
      continue;
    }
    std::string_view v;
    if (e.at_pointer(pointer).get(v)) {
      ADD_FAILURE() << "no " << pointer << " in " << line;
      continue;
    }
    out.emplace_back(v);
  }
  return out;
}

class PeopleCliTest : public ::testing::Test {
 protected:
  // The store a care team would have: a sentiment model trained on labelled
  // posts (another synth stream's true_sentiment) scores the stream, whose
  // truth the tests compare with.
  static void SetUpTestSuite() {
    tmp_ = fs::temp_directory_path() / ("parley_people_cli_" + std::to_string(getpid()));
    fs::create_directories(tmp_);
    std::string csv = (tmp_ / "s.csv").string(), train = (tmp_ / "train.csv").string();
    std::string model = (tmp_ / "m.plm").string();
    Result r = Run("synth -q -n 10000 --seed 11 --days 10 --truth " +
                   (tmp_ / "truth.json").string() + " -o " + csv);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    r = Run("synth -q -n 5000 --seed 12 --days 10 -o " + train);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    r = Run("train -q -j2 --label-col true_sentiment --calibration-folds 0 --epochs 4 -o " + model +
            " " + train);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    r = Run("ingest -q -j2 --model " + model + " --taxonomy data/taxonomy/demo.toml --db " + Db() +
            " " + csv);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    truth_ = testing::Slurp(tmp_ / "truth.json");
  }
  static void TearDownTestSuite() { fs::remove_all(tmp_); }

  static Result Run(const std::string& args) { return testing::RunParley(args, tmp_); }
  static std::string Db() { return (tmp_ / "s.db").string(); }
  static std::string Tax() { return " --taxonomy data/taxonomy/demo.toml"; }

  // A list of the truth file: ids, or influencer handles in rank order.
  static std::vector<std::string> TruthList(const char* key, const char* member = nullptr) {
    simdjson::dom::parser parser;
    simdjson::dom::element root = parser.parse(truth_);
    std::vector<std::string> out;
    for (simdjson::dom::element e : root[key].get_array()) {
      std::string_view v = member ? e[member].get_string().value() : e.get_string().value();
      out.emplace_back(v);
    }
    return out;
  }

  static fs::path tmp_;
  static std::string truth_;
};

fs::path PeopleCliTest::tmp_;
std::string PeopleCliTest::truth_;

TEST_F(PeopleCliTest, TopInfluencersAreTheKnownOnes) {
  std::vector<std::string> truth = TruthList("influencers", "handle");
  ASSERT_GE(truth.size(), 4u);
  Result r =
      Run("influencers -f json -n " + std::to_string(truth.size()) + " --db " + Db() + Tax());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::vector<std::string> ranked = Field(r.out, "/handle");
  ASSERT_EQ(ranked.size(), truth.size());
  // With the brands' accounts left out, the known influencers fill the top
  // (all but at most one of them), and the first three are among the four
  // strongest: the truth ranks by followers, which drive how often others
  // reply, mention and share, so neighbours in pull can swap.
  std::set<std::string> known(truth.begin(), truth.end());
  size_t hits = 0;
  for (const std::string& h : ranked) hits += known.count(h);
  EXPECT_GE(hits, truth.size() - 1);
  std::set<std::string> strongest(truth.begin(), truth.begin() + 4);
  for (int i = 0; i < 3; ++i) EXPECT_TRUE(strongest.count(ranked[i])) << ranked[i];
  // Without the taxonomy the brands' accounts rank among them.
  r = Run("influencers -f json -n " + std::to_string(truth.size() + 3) + " --db " + Db());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::vector<std::string> all = Field(r.out, "/handle");
  for (const char* brand : {"SkyloftAir", "Jetwave", "AeroNova"}) {
    EXPECT_EQ(std::count(all.begin(), all.end(), brand), 1) << brand;
  }
}

// Every unanswered complaint is queued unless the taxonomy could not tell
// which brand it is about (a misspelt name: nobody to await an answer from)
// or, for at most 1 in 500, the trained model misread it; and no answered
// complaint or question is queued.
TEST_F(PeopleCliTest, QueueHoldsUnansweredComplaintsOnly) {
  Result r = Run("queue -f json -n 0 --db " + Db() + Tax());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::vector<std::string> ids = Field(r.out, "/post/id");
  std::set<std::string> queued(ids.begin(), ids.end());
  std::vector<std::string> unanswered = TruthList("unanswered_complaints");
  ASSERT_GT(unanswered.size(), 100u);
  StoreOptions so;
  so.path = Db();
  so.read_only = true;
  auto store = OpenStore(so);
  ASSERT_TRUE(store.ok()) << store.status().ToString();
  size_t missing = 0, named_missing = 0;
  std::string named_examples;
  for (const std::string& id : unanswered) {
    if (queued.count(id)) continue;
    ++missing;
    auto post = (*store)->GetPost("s", id);
    ASSERT_TRUE(post.ok() && post->has_value()) << id;
    if (!(*post)->analysis.brands.empty()) {
      // The trained model read it as neither a complaint nor negative.
      ++named_missing;
      named_examples += "\n  " + id + ": " + (*post)->post.text;
    }
  }
  EXPECT_LT(missing, unanswered.size() / 200) << "of " << unanswered.size();
  EXPECT_LE(named_missing, unanswered.size() / 500)
      << "of " << unanswered.size() << " name a brand but are not queued:" << named_examples;
  std::vector<std::string> answered = TruthList("answered_complaints");
  std::vector<std::string> questions = TruthList("answered_questions");
  answered.insert(answered.end(), questions.begin(), questions.end());
  ASSERT_GT(answered.size(), 100u);
  for (const std::string& id : answered) EXPECT_FALSE(queued.count(id)) << id << " was answered";
  for (const std::string& id : TruthList("unanswered_questions")) {
    if (!queued.count(id)) ++missing;
  }
  EXPECT_LT(missing, unanswered.size() / 100);
}

// queue --stats: every post that needed an answer is answered, handled or
// waiting; the answered complaints and questions the stream holds are
// among those answered; the times are those of the answers in the data.
TEST_F(PeopleCliTest, QueueStatsSayHowOftenAndHowFastBrandsAnswered) {
  Result r = Run("queue --stats -f json --db " + Db() + Tax());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::vector<std::string> lines = NonEmptyLines(r.out);
  ASSERT_GE(lines.size(), 2u);  // all brands, then each
  simdjson::dom::parser parser;
  simdjson::dom::element all = parser.parse(lines[0]);
  EXPECT_EQ(std::string_view(all["brand"].get_string()), "*");
  const int64_t needed = all["needed"].get_int64(), answered = all["answered"].get_int64();
  const int64_t handled = all["handled"].get_int64(), waiting = all["waiting"].get_int64();
  EXPECT_EQ(needed, answered + handled + waiting);
  EXPECT_EQ(int64_t(all["timed"].get_int64()),
            answered - int64_t(all["answered_in_record"].get_int64()));
  EXPECT_NEAR(double(all["reply_rate"]["estimate"].get_double()),
              static_cast<double>(answered) / static_cast<double>(needed), 1e-12);
  const size_t truth_answered =
      TruthList("answered_complaints").size() + TruthList("answered_questions").size();
  EXPECT_GE(answered, static_cast<int64_t>(truth_answered * 9 / 10));
  EXPECT_GE(waiting, static_cast<int64_t>(TruthList("unanswered_complaints").size() * 9 / 10));
  const double low = all["median_seconds"]["low"].get_double();
  const double high = all["median_seconds"]["high"].get_double();
  const double median = all["median_seconds"]["estimate"].get_double();
  EXPECT_LE(low, median);
  EXPECT_LE(median, high);
  EXPECT_GT(high, 0);
  Result table = Run("queue --stats --db " + Db() + Tax());
  ASSERT_EQ(table.exit_code, 0) << table.err;
  EXPECT_THAT(table.out, HasSubstr("reply rate"));
  EXPECT_THAT(table.out, HasSubstr("\n(all) "));
  EXPECT_THAT(table.err, HasSubstr("posts needed an answer"));
  Result csv = Run("queue --stats -f csv --brand skyloft --db " + Db() + Tax());
  ASSERT_EQ(csv.exit_code, 0) << csv.err;
  EXPECT_EQ(csv.out.rfind("brand,bucket,needed,answered,answered_in_record,handled,waiting,", 0),
            0u);
  EXPECT_THAT(csv.out, HasSubstr("\r\nskyloft,"));
  EXPECT_EQ(csv.out.find("\r\njetwave,"), std::string::npos);
  // Week by week: each week's posts after the whole window's.
  Result weekly = Run("queue --stats -f csv --granularity week --db " + Db() + Tax());
  ASSERT_EQ(weekly.exit_code, 0) << weekly.err;
  EXPECT_THAT(weekly.out, HasSubstr("\r\n*,,"));
  EXPECT_THAT(weekly.out, HasSubstr("\r\n*,2026-0"));
  Result alone = Run("queue --granularity week --db " + Db() + Tax());
  EXPECT_EQ(alone.exit_code, 2);
  // It counts every post: a list's flags do not apply.
  Result listed = Run("queue --stats -n 5 --db " + Db() + Tax());
  EXPECT_EQ(listed.exit_code, 2);
  EXPECT_THAT(listed.err, HasSubstr("--stats"));
}

TEST_F(PeopleCliTest, QueueTableShowsReasons) {
  Result r = Run("queue -n 3 --db " + Db() + Tax());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("why: "));
  EXPECT_THAT(r.out, HasSubstr("no brand answer"));
  EXPECT_THAT(r.err, HasSubstr("waiting"));
}

// -f csv: the items of -f json, in the same order, a row each with a
// header; the ranking the same way.
TEST_F(PeopleCliTest, QueueAndInfluencersAsCsv) {
  Result json = Run("queue -f json -n 25 --db " + Db() + Tax());
  ASSERT_EQ(json.exit_code, 0) << json.err;
  Result csv = Run("queue -f csv -n 25 --db " + Db() + Tax());
  ASSERT_EQ(csv.exit_code, 0) << csv.err;
  auto rows = parley::testing::CsvRows(csv.out);
  ASSERT_FALSE(rows.empty());
  ASSERT_EQ(rows[0].size(), 21u);
  EXPECT_EQ(rows[0][3], "id");
  EXPECT_EQ(rows[0][19], "reasons");
  std::vector<std::string> ids = Field(json.out, "/post/id");
  std::vector<std::string> reasons = Field(json.out, "/reasons/0");
  ASSERT_EQ(rows.size(), ids.size() + 1);
  for (size_t i = 0; i < ids.size(); ++i) {
    ASSERT_EQ(rows[i + 1].size(), 21u) << csv.out;
    EXPECT_EQ(rows[i + 1][0], std::to_string(i + 1));
    EXPECT_EQ(rows[i + 1][3], ids[i]);
    EXPECT_EQ(rows[i + 1][19].substr(0, reasons[i].size()), reasons[i]);
  }
  Result ranked = Run("influencers -f json -n 5 --db " + Db() + Tax());
  ASSERT_EQ(ranked.exit_code, 0) << ranked.err;
  Result ranked_csv = Run("influencers -f csv -n 5 --db " + Db() + Tax());
  ASSERT_EQ(ranked_csv.exit_code, 0) << ranked_csv.err;
  auto authors = parley::testing::CsvRows(ranked_csv.out);
  std::vector<std::string> handles = Field(ranked.out, "/handle");
  ASSERT_EQ(authors.size(), handles.size() + 1);
  EXPECT_EQ(authors[0][2], "handle");
  for (size_t i = 0; i < handles.size(); ++i) EXPECT_EQ(authors[i + 1][2], handles[i]);
  Result bad = Run("author TheWindowSeat -f csv --db " + Db());
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_THAT(bad.err, HasSubstr("--format must be table or json, not 'csv'"));
}

TEST_F(PeopleCliTest, QueueDonePersists) {
  Result r = Run("queue -f json -n 1 --db " + Db() + Tax());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::vector<std::string> first = Field(r.out, "/post/id");
  ASSERT_EQ(first.size(), 1u);
  r = Run("queue done " + first[0] + " --note 'called back' --db " + Db());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  r = Run("queue -f json -n 0 --db " + Db() + Tax());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::vector<std::string> ids = Field(r.out, "/post/id");
  EXPECT_EQ(std::count(ids.begin(), ids.end(), first[0]), 0);
  r = Run("queue -f json -n 0 --all --db " + Db() + Tax());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("\"handled\":true"));
  r = Run("queue done no-such-post --db " + Db());
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_THAT(r.err, HasSubstr("no post with id 'no-such-post'"));
}

TEST_F(PeopleCliTest, ThreadReadsInThreeOrders) {
  std::vector<std::string> answered = TruthList("answered_complaints");
  ASSERT_FALSE(answered.empty());
  const std::string& id = answered[0];
  Result tree = Run("thread " + id + " --order tree -f json --db " + Db());
  ASSERT_EQ(tree.exit_code, 0) << tree.err;
  std::vector<std::string> tree_ids = Field(tree.out, "/post/id");
  ASSERT_GE(tree_ids.size(), 2u);  // the complaint and the brand's answer
  EXPECT_EQ(tree_ids[0], id);
  EXPECT_THAT(tree.out, HasSubstr("\"depth\":1"));
  Result oldest = Run("thread " + id + " --order oldest -f json --db " + Db());
  Result newest = Run("thread " + id + " --order newest -f json --db " + Db());
  std::vector<std::string> o = Field(oldest.out, "/post/id"), n = Field(newest.out, "/post/id");
  std::reverse(n.begin(), n.end());
  EXPECT_EQ(o, n);
  EXPECT_EQ(o[0], id);
  Result table = Run("thread " + id + " --db " + Db());
  EXPECT_EQ(table.exit_code, 0);
  EXPECT_THAT(table.out, HasSubstr("thread " + id));
  Result missing = Run("thread nope --db " + Db());
  EXPECT_EQ(missing.exit_code, 2);
  Result bad = Run("thread " + id + " --order sideways --db " + Db());
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_THAT(bad.err, HasSubstr("newest, oldest or tree"));
}

TEST_F(PeopleCliTest, AuthorProfileOfAnInfluencer) {
  std::string who = TruthList("influencers", "handle").at(0);
  Result r = Run("author " + who + " -f json --db " + Db() + Tax());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  simdjson::dom::parser parser;
  simdjson::dom::element e = parser.parse(r.out);
  EXPECT_EQ(std::string_view(e["handle"]), who);
  EXPECT_GT(int64_t(e["posts"]), 0);
  EXPECT_GT(int64_t(e["followers"]), 0);
  EXPECT_GT(double(e["influence"]["percentile"]), 99.0);
  EXPECT_GT(e["trajectory"].get_array().size(), 0u);
  Result table = Run("author " + who + " --db " + Db() + Tax());
  EXPECT_EQ(table.exit_code, 0) << table.err;
  EXPECT_THAT(table.out, HasSubstr("influence  rank"));
  Result none = Run("author nobody_here --db " + Db());
  EXPECT_EQ(none.exit_code, 2);
}

TEST_F(PeopleCliTest, UserErrorsExitTwo) {
  Result r = Run("queue --db " + Db());
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_THAT(r.err, HasSubstr("--taxonomy"));
  r = Run("influencers --db " + (tmp_ / "missing.db").string());
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_THAT(r.err, HasSubstr("parley ingest"));
  r = Run("influencers -f xml --db " + Db());
  EXPECT_EQ(r.exit_code, 2);
  r = Run("queue --brand nowhere --db " + Db() + Tax());
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_THAT(r.err, HasSubstr("--brand 'nowhere'"));
  r = Run("queue -f json -n 0 --brand jetwave --db " + Db() + Tax());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::vector<std::string> awaited = Field(r.out, "/brands/0");
  ASSERT_FALSE(awaited.empty());
  EXPECT_EQ(std::count(awaited.begin(), awaited.end(), "jetwave"),
            static_cast<long>(awaited.size()));
}

// A few hand-written posts, for what the synth store cannot pin down.
class PeopleHandStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    tmp_ = fs::temp_directory_path() / ("parley_people_hand_" + std::to_string(getpid()));
    fs::create_directories(tmp_);
    std::ofstream(tmp_ / "a.csv")
        << "id,author,created_at,text\n"
           "a1,frank,2026-03-01T08:00:00Z,\"@SkyloftAir my bag never arrived, awful\"\n"
           "a2,frank,2026-03-01T09:00:00Z,\"still nothing, this is ridiculous and terrible\"\n"
           "a3,SkyloftAir,2026-03-01T09:30:00Z,\"@frank we are looking\"\n";
    Result r = Run("ingest -q --taxonomy data/taxonomy/demo.toml --db " + Db() + " " +
                   (tmp_ / "a.csv").string());
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }
  void TearDown() override { fs::remove_all(tmp_); }

  Result Run(const std::string& args) { return testing::RunParley(args, tmp_); }
  std::string Db() { return (tmp_ / "a.db").string(); }

  fs::path tmp_;
};

// Handles are printed "@frank" (influencers, thread, queue): author takes
// them so, in any case, and says so when none matches.
TEST_F(PeopleHandStoreTest, AuthorTakesAHandleAsPrinted) {
  for (const char* name : {"@frank", "FRANK", "frank"}) {
    Result r = Run(std::string("author ") + name + " --db " + Db());
    EXPECT_EQ(r.exit_code, 0) << name << ": " << r.err;
    EXPECT_THAT(r.out, HasSubstr("@frank  (")) << name;
  }
  Result none = Run("author @nobody --db " + Db());
  EXPECT_EQ(none.exit_code, 2);
  EXPECT_THAT(none.err, HasSubstr("no posts by '@nobody'"));
  EXPECT_THAT(none.err, HasSubstr("matched in any case"));
}

// Hourly buckets of one day are told apart by their hour.
TEST_F(PeopleHandStoreTest, HourlyTrajectoryShowsTheHour) {
  Result r = Run("author frank --granularity hour --db " + Db());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("trajectory (hour): 2026-03-01 08:00 "));
  EXPECT_THAT(r.out, HasSubstr("  2026-03-01 09:00 "));
  Result daily = Run("author frank --granularity day --db " + Db());
  ASSERT_EQ(daily.exit_code, 0) << daily.err;
  std::vector<std::string> lines = NonEmptyLines(daily.out);
  auto trajectory = std::find_if(lines.begin(), lines.end(), [](const std::string& l) {
    return l.find("trajectory (day): 2026-03-01 ") != std::string::npos;
  });
  ASSERT_NE(trajectory, lines.end()) << daily.out;
  EXPECT_EQ(trajectory->find(":00"), std::string::npos) << *trajectory;  // a day: no hour
}

// --time-zone: author, thread and queue show times on that clock (and
// author's days begin at its midnight); JSON stays UTC.
TEST_F(PeopleHandStoreTest, TimesOnAZonesClock) {
  Result author = Run("author frank --granularity day --time-zone Asia/Tokyo --db " + Db());
  ASSERT_EQ(author.exit_code, 0) << author.err;
  EXPECT_THAT(author.out,
              HasSubstr("seen       2026-03-01 17:00 .. 2026-03-01 18:00 (Asia/Tokyo)"));
  EXPECT_THAT(author.out, HasSubstr("trajectory (day): 2026-03-01 "));
  // 08:00 and 09:00 UTC are 23:00 and 00:00 in Anchorage (UTC-9): two days.
  Result alaska = Run("author frank --granularity day --time-zone America/Anchorage --db " + Db());
  ASSERT_EQ(alaska.exit_code, 0) << alaska.err;
  EXPECT_THAT(alaska.out, HasSubstr("trajectory (day): 2026-02-28 "));
  EXPECT_THAT(alaska.out, HasSubstr("  2026-03-01 "));
  Result thread = Run("thread a1 --time-zone Europe/Paris --db " + Db());
  ASSERT_EQ(thread.exit_code, 0) << thread.err;
  EXPECT_THAT(thread.out, HasSubstr("2026-03-01 09:00 .. 2026-03-01 09:00 (Europe/Paris)"));
  Result queue =
      Run("queue --taxonomy data/taxonomy/demo.toml --all --time-zone -05:00 --db " + Db());
  ASSERT_EQ(queue.exit_code, 0) << queue.err;
  EXPECT_THAT(queue.out, HasSubstr("  2026-03-01 03:00 @frank [a1]"));
  EXPECT_THAT(queue.err, HasSubstr(" GMT-05:00\n"));
  Result json = Run("thread a1 -f json --time-zone Europe/Paris --db " + Db());
  EXPECT_THAT(json.out, HasSubstr("\"created_at\":\"2026-03-01T08:00:00Z\""));
  Result bad = Run("queue --taxonomy data/taxonomy/demo.toml --time-zone Mars --db " + Db());
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_THAT(bad.err, HasSubstr("--time-zone: unknown time zone 'Mars'"));
}

// Mentions in the shared airline sample make edges: the airlines' handles
// are the most mentioned, so with brands kept they lead the ranking.
TEST(PeopleAirlineSample, MentionsRankTheAirlines) {
  const fs::path airline = "../shared/data/airline-sample.csv";
  if (!fs::exists(airline)) GTEST_SKIP() << "../shared/data/airline-sample.csv is absent";
  fs::path tmp = fs::temp_directory_path() / ("parley_people_air_" + std::to_string(getpid()));
  fs::create_directories(tmp);
  std::string db = (tmp / "a.db").string();
  Result r = testing::RunParley("ingest -q --db " + db + " " + airline.string(), tmp);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  r = testing::RunParley("influencers -f json -n 3 --db " + db, tmp);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::vector<std::string> top = Field(r.out, "/handle");
  std::set<std::string> airlines = {"united",       "usairways", "americanair",
                                    "southwestair", "jetblue",   "virginamerica"};
  ASSERT_EQ(top.size(), 3u);
  for (const std::string& h : top) EXPECT_TRUE(airlines.count(h)) << h;
  fs::remove_all(tmp);
}

}  // namespace
}  // namespace parley
