// End-to-end tests of the people commands (author, thread, queue,
// influencers) on a `parley synth` store checked against its ground truth,
// and on the shared airline sample for mention edges.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <simdjson.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "tests/testutil/cli.h"

namespace parley {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;
using Result = ::parley::testing::CliResult;

std::vector<std::string> Lines(const std::string& s) {
  std::vector<std::string> out;
  std::istringstream in(s);
  for (std::string line; std::getline(in, line);) {
    if (!line.empty()) out.push_back(line);
  }
  return out;
}

// The string at `path` (e.g. "post.id") of each NDJSON line.
std::vector<std::string> Field(const std::string& ndjson, const char* pointer) {
  simdjson::dom::parser parser;
  std::vector<std::string> out;
  for (const std::string& line : Lines(ndjson)) {
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
  static void SetUpTestSuite() {
    tmp_ = fs::temp_directory_path() / ("parley_people_cli_" + std::to_string(getpid()));
    fs::create_directories(tmp_);
    std::string csv = (tmp_ / "s.csv").string();
    Result r = Run("synth -q -n 20000 --seed 11 --days 14 --truth " + (tmp_ / "truth.json").string() +
                   " -o " + csv);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    r = Run("ingest -q -j2 --taxonomy data/taxonomy/demo.toml --db " + Db() + " " + csv);
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
  Result r = Run("influencers -f json -n 5 --db " + Db() + Tax());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::vector<std::string> ranked = Field(r.out, "/handle");
  std::vector<std::string> truth = TruthList("influencers", "handle");
  ASSERT_GE(truth.size(), 5u);
  ASSERT_EQ(ranked.size(), 5u);
  // The brands' accounts are left out; the known influencers fill the top.
  std::set<std::string> top_truth(truth.begin(), truth.begin() + 5);
  for (const std::string& h : ranked) EXPECT_TRUE(top_truth.count(h)) << h << " is not a top influencer";
  EXPECT_EQ(ranked[0], truth[0]);
  // Without the taxonomy the brands come first: the graph is not rigged.
  r = Run("influencers -f json -n 3 --db " + Db());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::vector<std::string> with_brands = Field(r.out, "/handle");
  std::set<std::string> brands = {"SkyloftAir", "Jetwave", "AeroNova"};
  EXPECT_TRUE(brands.count(with_brands.at(0))) << with_brands.at(0);
}

TEST_F(PeopleCliTest, QueueHoldsUnansweredComplaintsOnly) {
  Result r = Run("queue -f json -n 0 --db " + Db() + Tax());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::vector<std::string> ids = Field(r.out, "/post/id");
  std::set<std::string> queued(ids.begin(), ids.end());
  std::vector<std::string> unanswered = TruthList("unanswered_complaints");
  std::vector<std::string> answered = TruthList("answered_complaints");
  ASSERT_GT(unanswered.size(), 20u);
  ASSERT_GT(answered.size(), 20u);
  int missing = 0, wrong = 0;
  for (const std::string& id : unanswered) missing += !queued.count(id);
  for (const std::string& id : answered) wrong += queued.count(id) > 0;
  EXPECT_EQ(missing, 0) << "of " << unanswered.size() << " unanswered complaints";
  EXPECT_EQ(wrong, 0) << "of " << answered.size() << " answered complaints";
  for (const std::string& id : TruthList("answered_questions")) EXPECT_FALSE(queued.count(id)) << id;
}

TEST_F(PeopleCliTest, QueueTableShowsReasons) {
  Result r = Run("queue -n 3 --db " + Db() + Tax());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("why: "));
  EXPECT_THAT(r.out, HasSubstr("no brand answer"));
  EXPECT_THAT(r.err, HasSubstr("waiting"));
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
  std::set<std::string> airlines = {"united", "usairways", "americanair", "southwestair",
                                    "jetblue", "virginamerica"};
  ASSERT_EQ(top.size(), 3u);
  for (const std::string& h : top) EXPECT_TRUE(airlines.count(h)) << h;
  fs::remove_all(tmp);
}

}  // namespace
}  // namespace parley
