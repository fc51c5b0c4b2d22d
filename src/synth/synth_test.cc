#include "src/synth/synth.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <simdjson.h>

#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <unordered_map>

#include "src/core/timestamp.h"
#include "src/ingest/ingest_testutil.h"
#include "src/synth/people.h"
#include "src/synth/phrases.h"
#include "tests/testutil/status_matchers.h"

namespace parley::synth {
namespace {

using ::parley::testing::StatusIs;
using ::testing::HasSubstr;

constexpr int64_t kMarch1 = 1772323200;  // 2026-03-01T00:00:00Z

struct Generated {
  std::string posts;
  std::string truth;
  std::vector<std::string> files;  // everything left in the env
};

Generated Generate(const SynthOptions& options, bool truth = true) {
  auto env = NewMemEnv();
  Generated g;
  auto out = env->NewWritableFile("out/posts");
  EXPECT_OK(out);
  EXPECT_OK(Synthesize(env.get(), options, out->get(), truth ? "out/truth.json" : ""));
  EXPECT_OK((*out)->Close());
  g.posts = *ReadFileToString(env.get(), "out/posts");
  if (truth) g.truth = *ReadFileToString(env.get(), "out/truth.json");
  g.files = *env->GetChildren("out");
  return g;
}

SynthOptions Options(uint64_t posts, uint64_t seed = 1) {
  SynthOptions o;
  o.posts = posts;
  o.seed = seed;
  o.incidents.push_back(DefaultIncident(o.start_sec, o.days));
  return o;
}

std::vector<Post> Parse(const std::string& data, SynthFormat format = SynthFormat::kCsv) {
  auto env = NewMemEnv();
  std::string path = format == SynthFormat::kCsv ? "posts.csv" : "posts.ndjson";
  auto read = parley::testing::ReadString(env.get(), path, data, parley::testing::OptionsFor("generic"));
  EXPECT_OK(read);
  EXPECT_TRUE(read->rejects.empty()) << read->rejects.front().reason;
  return read->posts;
}

std::string Extra(const Post& p, std::string_view name) {
  for (const auto& [key, value] : p.extra) {
    if (key == name) return value;
  }
  return "";
}

// Posts of one generated stream, shared by the tests that only read it.
const std::vector<Post>& Stream() {
  static const std::vector<Post> posts = Parse(Generate(Options(60000, 7), false).posts);
  return posts;
}

TEST(Synth, SameSeedGivesTheSameBytes) {
  Generated a = Generate(Options(3000, 42));
  Generated b = Generate(Options(3000, 42));
  EXPECT_EQ(a.posts, b.posts);
  EXPECT_EQ(a.truth, b.truth);
}

TEST(Synth, DifferentSeedsGiveDifferentStreams) {
  EXPECT_NE(Generate(Options(3000, 1), false).posts, Generate(Options(3000, 2), false).posts);
}

TEST(Synth, WritesExactlyTheRequestedPostsWithUniqueIds) {
  for (uint64_t n : {0, 1, 20, 5000}) {
    std::vector<Post> posts = Parse(Generate(Options(n), false).posts);
    ASSERT_EQ(posts.size(), n);
    std::set<std::string> ids;
    for (const Post& p : posts) ids.insert(p.id);
    EXPECT_EQ(ids.size(), n);
  }
}

TEST(Synth, EveryRecordParsesWithTheGenericPresetAndKeepsTheTruthInExtra) {
  const Post& p = Stream().front();
  EXPECT_FALSE(p.author.empty());
  EXPECT_FALSE(p.text.empty());
  EXPECT_EQ(p.lang, "en");
  EXPECT_TRUE(p.metrics.followers.has_value());
  EXPECT_THAT(Extra(p, "true_sentiment"), ::testing::AnyOf("negative", "neutral", "positive"));
  EXPECT_FALSE(Extra(p, "true_intent").empty());
}

TEST(Synth, NdjsonHoldsTheSamePostsAsCsv) {
  SynthOptions o = Options(2000, 3);
  std::vector<Post> csv = Parse(Generate(o, false).posts);
  o.format = SynthFormat::kNdjson;
  std::vector<Post> ndjson = Parse(Generate(o, false).posts, SynthFormat::kNdjson);
  ASSERT_EQ(csv.size(), ndjson.size());
  for (size_t i = 0; i < csv.size(); ++i) {
    EXPECT_EQ(csv[i].text, ndjson[i].text);
    EXPECT_EQ(csv[i].created_at_ms, ndjson[i].created_at_ms);
    EXPECT_EQ(csv[i].extra, ndjson[i].extra);
  }
}

TEST(Synth, TimesAreWholeSecondsInOrderWithinTheSpan) {
  int64_t last = 0;
  for (const Post& p : Stream()) {
    EXPECT_GE(p.created_at_ms, last);
    EXPECT_EQ(p.created_at_ms % 1000, 0);
    last = p.created_at_ms;
  }
  EXPECT_GE(Stream().front().created_at_ms, kMarch1 * 1000);
  EXPECT_LT(Stream().back().created_at_ms, (kMarch1 + 30 * 86400) * 1000);
}

TEST(Synth, DaytimeIsBusierThanNight) {
  std::array<int, 24> by_hour{};
  for (const Post& p : Stream()) ++by_hour[(p.created_at_ms / 3600000) % 24];
  EXPECT_GT(by_hour[11], 3 * by_hour[3]);
}

TEST(Synth, IncidentWindowHasMoreVolumeAndMoreNegativePosts) {
  IncidentSpec inc = DefaultIncident(kMarch1, 30);
  int64_t peak_from = (inc.start_sec + 3600 * 2) * 1000, peak_to = (inc.end_sec() - 3600 * 2) * 1000;
  double peak = 0, usual = 0, in = 0, in_neg = 0, out = 0, out_neg = 0;
  for (const Post& p : Stream()) {
    int64_t t = p.created_at_ms;
    int64_t tod = t % 86400000;
    bool same_hours = tod >= peak_from % 86400000 && tod < peak_to % 86400000;
    bool inside = t >= inc.start_sec * 1000 && t < inc.end_sec() * 1000;
    if (same_hours) (t >= peak_from && t < peak_to ? peak : usual) += 1;
    if (Extra(p, "true_brand") != "Skyloft Air") continue;
    bool negative = Extra(p, "true_sentiment") == "negative";
    (inside ? in : out) += 1;
    (inside ? in_neg : out_neg) += negative;
  }
  EXPECT_GT(peak / (usual / 29), 2.5) << peak << " vs " << usual / 29 << " per day";
  EXPECT_GT(in_neg / in, out_neg / out + 0.25);
}

TEST(Synth, NoIncidentMeansNoIncidentPosts) {
  SynthOptions o = Options(5000);
  o.incidents.clear();
  for (const Post& p : Parse(Generate(o).posts)) EXPECT_EQ(Extra(p, "incident"), "");
}

TEST(Synth, IncidentPostsLieInTheirWindowOnTheirTopic) {
  IncidentSpec inc = DefaultIncident(kMarch1, 30);
  int count = 0;
  for (const Post& p : Stream()) {
    if (Extra(p, "incident") != "inc1" || !p.parent.empty() || Extra(p, "true_intent") == "support")
      continue;
    if (p.text.starts_with("RT @") || p.text.find(" RT @") != std::string::npos) continue;
    ++count;
    EXPECT_GE(p.created_at_ms, inc.start_sec * 1000);
    EXPECT_LT(p.created_at_ms, inc.end_sec() * 1000);
    EXPECT_EQ(Extra(p, "true_topic"), "delay");
  }
  EXPECT_GT(count, 100);
}

TEST(Synth, InfluencersHaveFarMoreFollowersThanMostAuthors) {
  std::unordered_map<std::string, int64_t> followers;
  for (const Post& p : Stream()) followers[p.author] = *p.metrics.followers;
  std::vector<int64_t> ordinary;
  for (const auto& [handle, f] : followers) {
    bool special = std::isupper(static_cast<unsigned char>(handle[0]));  // influencers and brands
    if (special) {
      EXPECT_GE(f, 50000) << handle;
    } else {
      ordinary.push_back(f);
    }
  }
  std::sort(ordinary.begin(), ordinary.end());
  EXPECT_LT(ordinary[ordinary.size() / 2], 1000);
  EXPECT_LT(ordinary[ordinary.size() * 9 / 10], 1000);
}

TEST(Synth, InfluencersReceiveMoreRepliesMentionsAndShares) {
  People people(7, 60000);
  std::set<std::string> influencers;
  AuthorInfo info;
  for (size_t k = 0; k < people.influencer_count(); ++k) {
    people.Describe(kInfluencerBase + static_cast<uint32_t>(k), &info);
    influencers.insert(info.handle);
  }
  std::unordered_map<std::string, std::string> author_of;
  std::unordered_map<std::string, int> received, posts;
  for (const Post& p : Stream()) {
    author_of[p.id] = p.author;
    ++posts[p.author];
    if (!p.parent.empty()) ++received[author_of[p.parent]];
    for (size_t at = p.text.find('@'); at != std::string::npos; at = p.text.find('@', at + 1)) {
      size_t end = p.text.find_first_of(" :)?,.!", at);
      ++received[p.text.substr(at + 1, end == std::string::npos ? end : end - at - 1)];
    }
  }
  double inf = 0, inf_n = 0, other = 0, other_n = 0;
  for (const auto& [handle, n] : posts) {
    if (std::isupper(static_cast<unsigned char>(handle[0])) && !influencers.count(handle)) continue;
    (influencers.count(handle) ? inf : other) += received[handle];
    (influencers.count(handle) ? inf_n : other_n) += 1;
  }
  ASSERT_GT(inf_n, 0);
  EXPECT_GT(inf / inf_n, 20 * other / other_n) << inf / inf_n << " vs " << other / other_n;
}

TEST(Synth, BrandRepliesAnswerComplaintsAndQuestionsInTheirThread) {
  std::unordered_map<std::string, const Post*> by_id;
  std::unordered_map<std::string, int> brand_replies;
  const std::set<std::string> brands = {"SkyloftAir", "Jetwave", "AeroNova"};
  for (const Post& p : Stream()) {
    by_id[p.id] = &p;
    if (!brands.count(p.author) || p.parent.empty()) continue;
    const Post* parent = by_id[p.parent];
    ASSERT_NE(parent, nullptr) << p.id << " answers a post not seen before it";
    EXPECT_EQ(p.thread, parent->id);
    EXPECT_EQ(parent->thread, parent->id);
    EXPECT_EQ(Extra(*parent, "answered"), "true");
    EXPECT_THAT(Extra(*parent, "true_intent"), ::testing::AnyOf("complaint", "churn", "question"));
    EXPECT_TRUE(p.text.starts_with("@" + parent->author + " ")) << p.text;
    EXPECT_GT(p.created_at_ms, parent->created_at_ms);
    ++brand_replies[parent->id];
  }
  int answered = 0, unanswered = 0;
  for (const Post& p : Stream()) {
    std::string a = Extra(p, "answered");
    if (a.empty()) continue;
    (a == "true" ? answered : unanswered) += 1;
    EXPECT_EQ(brand_replies[p.id], a == "true" ? 1 : 0) << p.id;
  }
  EXPECT_GT(answered, 1000);
  EXPECT_GT(unanswered, answered / 2);
}

TEST(Synth, RepliesShareTheirParentsThread) {
  std::unordered_map<std::string, std::string> thread_of;
  size_t replies = 0;
  for (const Post& p : Stream()) {
    thread_of[p.id] = p.thread;
    if (p.parent.empty()) {
      EXPECT_EQ(p.thread, p.id);
      continue;
    }
    ++replies;
    ASSERT_TRUE(thread_of.count(p.parent)) << p.id;
    EXPECT_EQ(thread_of[p.parent], p.thread);
  }
  EXPECT_GT(replies, Stream().size() / 10);
}

TEST(Synth, TruthFileAgreesWithThePosts) {
  Generated g = Generate(Options(20000, 5));
  std::vector<Post> posts = Parse(g.posts);
  std::map<std::string, std::set<std::string>> expected;
  std::map<std::string, int> incident_posts;
  for (const Post& p : posts) {
    std::string a = Extra(p, "answered");
    bool question = Extra(p, "true_intent") == "question";
    if (!a.empty()) {
      expected[std::string(a == "true" ? "answered_" : "unanswered_") +
               (question ? "questions" : "complaints")]
          .insert(p.id);
    }
    ++incident_posts[Extra(p, "incident")];
  }
  simdjson::dom::parser parser;
  simdjson::dom::element truth;
  ASSERT_EQ(parser.parse(g.truth).get(truth), simdjson::SUCCESS) << g.truth.substr(0, 500);
  EXPECT_EQ(int64_t(truth["posts"]), 20000);
  for (const auto& [name, ids] : expected) {
    std::set<std::string> listed;
    for (auto id : truth[name].get_array()) listed.insert(std::string(std::string_view(id)));
    EXPECT_EQ(listed, ids) << name;
  }
  simdjson::dom::element inc = truth["incidents"].at(0);
  EXPECT_EQ(std::string_view(inc["topic"]), "delay");
  EXPECT_EQ(std::string_view(inc["brand"]), "Skyloft Air");
  EXPECT_EQ(int64_t(inc["posts"]), incident_posts["inc1"]);
  EXPECT_LT(double(inc["sentiment_shift"]), -0.3);
  int64_t last = INT64_MAX, rank = 0;
  for (auto inf : truth["influencers"].get_array()) {
    EXPECT_EQ(int64_t(inf["rank"]), ++rank);
    EXPECT_LT(int64_t(inf["followers"]), last);
    last = int64_t(inf["followers"]);
  }
  EXPECT_EQ(rank, 8);
}

TEST(Synth, RejectsBadOptions) {
  auto env = NewMemEnv();
  auto out = env->NewWritableFile("x");
  SynthOptions o = Options(10);
  o.days = 0;
  EXPECT_THAT(Synthesize(env.get(), o, out->get(), ""), StatusIs(StatusCode::kInvalidArgument));
  o = Options(10);
  o.incidents[0].start_sec = kMarch1 + 400 * 86400;
  EXPECT_THAT(Synthesize(env.get(), o, out->get(), ""),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("outside")));
}

TEST(ParseIncident, ReadsTopicBrandStartHoursAndMultiplier) {
  ASSERT_OK_AND_ASSIGN(IncidentSpec inc, ParseIncident("baggage:Jetwave@2026-03-10T12:00:00Z+3.5x2"));
  EXPECT_EQ(inc.topic, FindTopic("baggage"));
  EXPECT_EQ(inc.brand, 1);
  EXPECT_EQ(inc.start_sec, kMarch1 + 9 * 86400 + 12 * 3600);
  EXPECT_EQ(inc.hours, 3.5);
  EXPECT_EQ(inc.multiplier, 2);
}

TEST(ParseIncident, DefaultsToTheOwnBrandAndFourTimesTheVolume) {
  ASSERT_OK_AND_ASSIGN(IncidentSpec inc, ParseIncident("delay@2026-03-19T07:00:00Z+6"));
  EXPECT_EQ(inc.brand, 0);
  EXPECT_EQ(inc.multiplier, 4);
  EXPECT_EQ(inc.end_sec() - inc.start_sec, 6 * 3600);
}

TEST(ParseIncident, NamesWhatIsWrong) {
  EXPECT_THAT(ParseIncident("weather@2026-03-19+6"), StatusIs(StatusCode::kInvalidArgument, HasSubstr("topics: delay")));
  EXPECT_THAT(ParseIncident("delay:Acme@2026-03-19+6"), StatusIs(StatusCode::kInvalidArgument, HasSubstr("Acme")));
  EXPECT_THAT(ParseIncident("delay@soon+6"), StatusIs(StatusCode::kInvalidArgument, HasSubstr("start")));
  EXPECT_THAT(ParseIncident("delay@2026-03-19+0"), StatusIs(StatusCode::kInvalidArgument, HasSubstr("HOURS")));
  EXPECT_THAT(ParseIncident("delay@2026-03-19+6x0.5"), StatusIs(StatusCode::kInvalidArgument, HasSubstr("MULT")));
  EXPECT_THAT(ParseIncident("delay"), StatusIs(StatusCode::kInvalidArgument, HasSubstr("TOPIC")));
}

TEST(DefaultIncident, IsADelayAtTheOwnBrandSixtyPercentIn) {
  IncidentSpec inc = DefaultIncident(kMarch1, 30);
  EXPECT_EQ(FormatTimestamp(inc.start_sec * 1000), "2026-03-19T07:00:00Z");
  EXPECT_EQ(inc.topic, FindTopic("delay"));
  EXPECT_EQ(inc.brand, 0);
}

}  // namespace
}  // namespace parley::synth
