#include "src/storage/rollup.h"

#include <gtest/gtest.h>

#include "src/core/timestamp.h"
#include "tests/testutil/status_matchers.h"

namespace parley {
namespace {

int64_t T(const char* iso) { return *ParseTimestamp(iso); }

Analysis Scored(SentimentLabel label, double score, std::vector<std::string> brands = {},
                std::vector<std::string> topics = {}) {
  Analysis a;
  a.sentiment.label = label;
  a.sentiment.score = score;
  a.brands = std::move(brands);
  a.topics = std::move(topics);
  return a;
}

Post At(const char* iso, std::string source = "twitter") {
  Post p;
  p.source = std::move(source);
  p.created_at_ms = T(iso);
  return p;
}

TEST(BucketStartTest, HoursAndDaysStartOnTheUtcBoundary) {
  EXPECT_EQ(BucketStart(Granularity::kHour, T("2024-03-06T13:45:10.5Z")), T("2024-03-06T13:00:00Z"));
  EXPECT_EQ(BucketStart(Granularity::kDay, T("2024-03-06T13:45:10Z")), T("2024-03-06T00:00:00Z"));
  EXPECT_EQ(BucketStart(Granularity::kDay, T("2024-03-06T00:00:00Z")), T("2024-03-06T00:00:00Z"));
}

TEST(BucketStartTest, WeeksStartOnMonday) {
  // 2024-03-04 is a Monday.
  EXPECT_EQ(BucketStart(Granularity::kWeek, T("2024-03-06T13:45:10Z")), T("2024-03-04T00:00:00Z"));
  EXPECT_EQ(BucketStart(Granularity::kWeek, T("2024-03-04T00:00:00Z")), T("2024-03-04T00:00:00Z"));
  EXPECT_EQ(BucketStart(Granularity::kWeek, T("2024-03-10T23:59:59Z")), T("2024-03-04T00:00:00Z"));
  EXPECT_EQ(BucketStart(Granularity::kWeek, T("2024-03-11T00:00:00Z")), T("2024-03-11T00:00:00Z"));
  EXPECT_EQ(NextBucketStart(Granularity::kWeek, T("2024-03-04T00:00:00Z")), T("2024-03-11T00:00:00Z"));
}

TEST(BucketStartTest, TimesBeforeTheEpochRoundDown) {
  // 1969-12-29 was a Monday.
  EXPECT_EQ(BucketStart(Granularity::kWeek, -1), T("1969-12-29T00:00:00Z"));
  EXPECT_EQ(BucketStart(Granularity::kHour, -1), -3600 * 1000);
}

// Days and weeks of a zone start at its midnight (and Monday), in UTC
// instants: a Paris day is 23 hours long when the clocks go forward and 25
// when they go back; hours stay the UTC hours.
TEST(BucketStartTest, ZonesCutDaysAndWeeksAtTheirOwnMidnight) {
  auto found = TimeZone::Find("Europe/Paris");
  ASSERT_TRUE(found.ok());
  const TimeZone* paris = found->get();
  const auto day = Granularity::kDay, week = Granularity::kWeek, hour = Granularity::kHour;
  EXPECT_EQ(BucketStart(day, T("2024-03-13T23:30:00Z"), paris), T("2024-03-13T23:00:00Z"));
  EXPECT_EQ(BucketStart(day, T("2024-03-13T22:59:59Z"), paris), T("2024-03-12T23:00:00Z"));
  EXPECT_EQ(NextBucketStart(day, T("2024-03-13T23:00:00Z"), paris), T("2024-03-14T23:00:00Z"));
  EXPECT_EQ(BucketStart(day, T("2024-03-31T12:00:00Z"), paris), T("2024-03-30T23:00:00Z"));
  EXPECT_EQ(NextBucketStart(day, T("2024-03-30T23:00:00Z"), paris), T("2024-03-31T22:00:00Z"));
  EXPECT_EQ(NextBucketStart(day, T("2024-10-26T22:00:00Z"), paris), T("2024-10-27T23:00:00Z"));
  // Monday 2024-03-11 00:00 in Paris is Sunday 23:00 UTC.
  EXPECT_EQ(BucketStart(week, T("2024-03-10T23:30:00Z"), paris), T("2024-03-10T23:00:00Z"));
  EXPECT_EQ(BucketStart(week, T("2024-03-10T22:30:00Z"), paris), T("2024-03-03T23:00:00Z"));
  EXPECT_EQ(NextBucketStart(week, T("2024-03-03T23:00:00Z"), paris), T("2024-03-10T23:00:00Z"));
  EXPECT_EQ(BucketStart(hour, T("2024-03-13T23:30:00Z"), paris), T("2024-03-13T23:00:00Z"));
  // No zone: UTC's.
  EXPECT_EQ(BucketStart(day, T("2024-03-13T23:30:00Z"), nullptr), T("2024-03-13T00:00:00Z"));
  auto new_york = TimeZone::Find("America/New_York");
  ASSERT_TRUE(new_york.ok());
  EXPECT_EQ(BucketStart(day, T("2024-03-14T03:00:00Z"), new_york->get()),
            T("2024-03-13T04:00:00Z"));
}

TEST(GranularityTest, NamesRoundTrip) {
  for (Granularity g : kGranularities) EXPECT_EQ(*ParseGranularity(GranularityName(g)), g);
  EXPECT_THAT(ParseGranularity("month"), testing::StatusIs(StatusCode::kInvalidArgument));
}

TEST(RollupTest, LexiconPostsSumTheirLabelOneHot) {
  Rollup r;
  r.Add(Scored(SentimentLabel::kNegative, -0.5).sentiment);
  r.Add(Scored(SentimentLabel::kPositive, 0.25).sentiment);
  EXPECT_EQ(r.n, 2);
  EXPECT_EQ(r.Count(SentimentLabel::kNegative), 1);
  EXPECT_DOUBLE_EQ(r.SumP(SentimentLabel::kNegative), 1.0);
  EXPECT_DOUBLE_EQ(r.SumP(SentimentLabel::kNeutral), 0.0);
  EXPECT_DOUBLE_EQ(r.SumScore(), -0.25);
  EXPECT_DOUBLE_EQ(r.MeanScore(), -0.125);
  EXPECT_DOUBLE_EQ(Rollup().MeanScore(), 0.0);
}

TEST(RollupTest, ProbabilitiesAreSummedWhenTheModelHasThem) {
  Sentiment s;
  s.label = SentimentLabel::kPositive;
  s.has_probabilities = true;
  s.p[0] = 0.1, s.p[1] = 0.2, s.p[2] = 0.7;
  Rollup r;
  r.Add(s);
  r.Add(s);
  EXPECT_DOUBLE_EQ(r.SumP(SentimentLabel::kPositive), 1.4);
  EXPECT_DOUBLE_EQ(r.SumP(SentimentLabel::kNegative), 0.2);
}

TEST(RollupTableTest, APostWithoutTagsFillsTheAllCellAtEachGranularity) {
  RollupTable t;
  t.AddPost(At("2024-03-06T13:45:10Z"), Scored(SentimentLabel::kNeutral, 0));
  ASSERT_EQ(t.cells().size(), 3u);
  for (const auto& [key, r] : t.cells()) {
    EXPECT_EQ(key.brand, "*");
    EXPECT_EQ(key.topic, "*");
    EXPECT_EQ(key.source, "twitter");
    EXPECT_EQ(r.n, 1);
  }
}

TEST(RollupTableTest, EveryBrandTopicPairAndTheirAllRowsAreFilled) {
  RollupTable t;
  t.AddPost(At("2024-03-06T13:45:10Z"),
            Scored(SentimentLabel::kNegative, -0.4, {"united", "delta"}, {"delay"}));
  // 3 granularities x (2 brands + *) x (1 topic + *).
  EXPECT_EQ(t.cells().size(), 18u);
  RollupKey key{Granularity::kDay, T("2024-03-06T00:00:00Z"), "delta", "*", "twitter"};
  ASSERT_TRUE(t.cells().count(key));
  EXPECT_EQ(t.cells().at(key).Count(SentimentLabel::kNegative), 1);
}

// Posts spread over sources, hours, brands and topics.
std::vector<std::pair<Post, Analysis>> Inputs(int n) {
  std::vector<std::pair<Post, Analysis>> out;
  const char* sources[] = {"twitter", "reviews"};
  for (int i = 0; i < n; ++i) {
    Post p = At("2024-03-01T00:00:00Z", sources[i % 2]);
    p.created_at_ms += static_cast<int64_t>(i) * 977 * 1000;
    std::vector<std::string> brands;
    if (i % 3) brands.push_back(i % 2 ? "united" : "delta");
    Analysis a = Scored(SentimentLabel(i % 3), (i % 7 - 3) / 3.1, brands,
                        i % 5 ? std::vector<std::string>{"delay"} : std::vector<std::string>{});
    a.sentiment.has_probabilities = i % 4 == 0;
    a.sentiment.p[0] = 0.1 + i % 3 * 0.123456789, a.sentiment.p[1] = 0.2, a.sentiment.p[2] = 0.3;
    out.emplace_back(p, a);
  }
  return out;
}

RollupTable Of(const std::vector<std::pair<Post, Analysis>>& in, size_t from, size_t to) {
  RollupTable t;
  for (size_t i = from; i < to; ++i) t.AddPost(in[i].first, in[i].second);
  return t;
}

TEST(RollupTableTest, MergedPartsEqualTheWhole) {
  auto in = Inputs(3000);
  RollupTable merged = Of(in, 0, 1000);
  merged.Merge(Of(in, 1000, 1700));
  merged.Merge(Of(in, 1700, 3000));
  EXPECT_TRUE(merged == Of(in, 0, 3000));
}

TEST(RollupTableTest, MergeIsAssociativeAndCommutative) {
  auto in = Inputs(900);
  RollupTable a = Of(in, 0, 300), b = Of(in, 300, 600), c = Of(in, 600, 900);
  RollupTable left = a;  // (a + b) + c
  left.Merge(b);
  left.Merge(c);
  RollupTable bc = b;  // a + (b + c)
  bc.Merge(c);
  RollupTable right = a;
  right.Merge(bc);
  RollupTable reversed = c;  // c + b + a
  reversed.Merge(b);
  reversed.Merge(a);
  EXPECT_TRUE(left == right);
  EXPECT_TRUE(left == reversed);
}

TEST(RollupTableTest, RemovingAPostLeavesNoTrace) {
  auto in = Inputs(50);
  RollupTable t = Of(in, 0, 49);
  t.AddPost(in[49].first, in[49].second, 1);
  t.AddPost(in[49].first, in[49].second, -1);
  t.DropEmpty();
  EXPECT_TRUE(t == Of(in, 0, 49));
}

// AddPost keeps the cells of recent (source, hour, brand, topic)
// combinations; these check it against a table filled cell by cell, in the
// order AddPost creates cells (granularity, then brand, then topic), which
// is the order FlushRollups writes them in.
RollupTable CellByCell(const std::vector<std::pair<Post, Analysis>>& in) {
  RollupTable t;
  for (const auto& [post, analysis] : in) {
    std::vector<std::string> brands = analysis.brands, topics = analysis.topics;
    brands.emplace_back(kAll);
    topics.emplace_back(kAll);
    for (Granularity g : kGranularities) {
      for (const std::string& b : brands) {
        for (const std::string& tp : topics) {
          t.Cell({g, BucketStart(g, post.created_at_ms), b, tp, post.source})
              .Add(analysis.sentiment);
        }
      }
    }
  }
  return t;
}

TEST(RollupTableTest, RepeatedSourceHourAndTagsReachTheSameCells) {
  std::vector<std::pair<Post, Analysis>> in;
  for (const char* iso : {"2024-03-06T13:00:00Z", "2024-03-06T13:59:59Z", "2024-03-06T14:00:00Z",
                          "2024-03-06T14:10:00Z", "2024-03-13T14:10:00Z"}) {
    in.emplace_back(At(iso), Scored(SentimentLabel::kNegative, -0.5, {"delta"}, {"delay"}));
    in.emplace_back(At(iso), Scored(SentimentLabel::kPositive, 0.5, {"delta"}, {"delay"}));
    in.emplace_back(At(iso), Scored(SentimentLabel::kPositive, 0.5, {"delta"}));
    in.emplace_back(At(iso, "reviews"), Scored(SentimentLabel::kPositive, 0.5, {"delta"}));
    in.emplace_back(At(iso, "reviews"), Scored(SentimentLabel::kNeutral, 0, {"united"}));
  }
  EXPECT_TRUE(Of(in, 0, in.size()) == CellByCell(in));
  auto spread = Inputs(500);
  EXPECT_TRUE(Of(spread, 0, spread.size()) == CellByCell(spread));
}

std::vector<RollupKey> KeysInOrder(const RollupTable& t) {
  std::vector<RollupKey> keys;
  for (const auto& [key, r] : t.cells()) keys.push_back(key);
  return keys;
}

TEST(RollupTableTest, ManyCombinationsInOneHourKeepCountsAndOrder) {
  // More (brand, topic) pairs in one hour than the cache holds, revisited
  // in an order that makes them collide and evict each other.
  std::vector<std::pair<Post, Analysis>> in;
  for (int i = 0; i < 6000; ++i) {
    Post p = At("2024-03-06T13:00:00Z", i % 3 ? "twitter" : "reviews");
    p.created_at_ms += (i / 1000) * 3600 * 1000 + i % 1000;
    std::vector<std::string> brands = {"brand" + std::to_string(i * 7 % 31)};
    if (i % 4 == 0) brands.push_back("brand" + std::to_string(i % 29 + 31));
    std::vector<std::string> topics = {"topic" + std::to_string(i * 13 % 23)};
    in.emplace_back(p, Scored(SentimentLabel(i % 3), (i % 5 - 2) / 2.0, brands, topics));
  }
  RollupTable added = Of(in, 0, in.size());
  RollupTable reference = CellByCell(in);
  EXPECT_TRUE(added == reference);
  EXPECT_EQ(KeysInOrder(added), KeysInOrder(reference));
}

TEST(RollupTableTest, PostsWithoutTagsRepeatingTheLastCellsMatchCellByCell) {
  // Runs of untagged posts in one (source, hour) take the last-cells path;
  // tagged posts, other sources, hour, day and week changes, removals and
  // DropEmpty come between them.
  std::vector<std::pair<Post, Analysis>> in;
  for (int i = 0; i < 3000; ++i) {
    Post p = At("2024-03-09T22:00:00Z", i % 50 < 45 ? "twitter" : "reviews");
    p.created_at_ms += int64_t{i} * 97 * 1000;  // an hour every ~37 posts, across days and a week
    Analysis a = Scored(SentimentLabel(i % 3), (i % 7 - 3) / 3.0);
    if (i % 11 == 0) a.brands = {"delta"};
    if (i % 13 == 0) a.topics = {"delay"};
    if (i % 5 == 0) {
      a.sentiment.has_probabilities = true;
      a.sentiment.p[0] = 0.125 * (i % 3);
      a.sentiment.p[1] = 0.3;
      a.sentiment.p[2] = 0.7 - 0.125 * (i % 3);
    }
    in.emplace_back(p, a);
  }
  RollupTable added = Of(in, 0, in.size());
  RollupTable reference = CellByCell(in);
  EXPECT_TRUE(added == reference);
  EXPECT_EQ(KeysInOrder(added), KeysInOrder(reference));

  // A removal through the same path, then DropEmpty, then the post again.
  RollupTable t;
  t.AddPost(in[1].first, in[1].second, 1);
  t.AddPost(in[2].first, in[2].second, 1);
  t.AddPost(in[2].first, in[2].second, -1);
  EXPECT_TRUE(t == Of(in, 1, 2));
  t.AddPost(in[1].first, in[1].second, -1);
  t.DropEmpty();
  EXPECT_TRUE(t.empty());
  t.AddPost(in[1].first, in[1].second, 1);
  t.AddPost(in[2].first, in[2].second, 1);
  EXPECT_TRUE(t == Of(in, 1, 3));
}

TEST(RollupTableTest, APostAddedAgainAfterDropEmptyOrClearCountsOnce) {
  auto in = Inputs(2);
  RollupTable t;
  t.AddPost(in[0].first, in[0].second, 1);
  t.AddPost(in[0].first, in[0].second, -1);
  t.DropEmpty();  // erases the cells the last post reached
  t.AddPost(in[0].first, in[0].second, 1);
  EXPECT_TRUE(t == Of(in, 0, 1));
  t.clear();
  t.AddPost(in[0].first, in[0].second, 1);
  EXPECT_TRUE(t == Of(in, 0, 1));
}

TEST(RollupTableTest, ACopyAddsToItsOwnCells) {
  auto in = Inputs(1);
  RollupTable a = Of(in, 0, 1);
  RollupTable b = a;
  b.AddPost(in[0].first, in[0].second);
  EXPECT_TRUE(a == Of(in, 0, 1));
  RollupTable c;
  c = a;
  c.AddPost(in[0].first, in[0].second);
  EXPECT_TRUE(a == Of(in, 0, 1));
  EXPECT_TRUE(b == c);
}

// A post with intents, aspects and prices, for the tag rollups.
Analysis Tagged() {
  Analysis a = Scored(SentimentLabel::kNegative, -0.6, {"delta"}, {"food", "price"});
  a.intents = {"complaint", "question"};
  a.aspects = {{"food", SentimentLabel::kPositive, 0.7},
               {"price", SentimentLabel::kNegative, -0.4}};
  Price usd1{"USD", 49, true, "$49"}, usd2{"USD", 12.5, true, "$12.50"};
  Price word{"", 0, false, "too expensive"};
  a.prices = {usd1, word, usd2};
  return a;
}

TagRollupKey TagKey(TagKind kind, std::string tag, std::string brand = "*",
                    Granularity g = Granularity::kDay, const char* day = "2024-03-06T00:00:00Z",
                    std::string topic = "*") {
  TagRollupKey k;
  k.granularity = g;
  k.bucket_start = T(day);
  k.kind = kind;
  k.tag = std::move(tag);
  k.brand = std::move(brand);
  k.topic = std::move(topic);
  k.source = "twitter";
  return k;
}

TEST(TagRollupTest, IntentsCountThePostsSentimentPerBrandTopicAndAll) {
  TagRollupTable t;
  t.AddPost("twitter", T("2024-03-06T13:45:10Z"), Tagged());
  // (delta, *) x (3 granularities x (2 intents + 2 aspects + 2 currencies)
  // + day and week x 2 intents x (food, price)).
  EXPECT_EQ(t.cells().size(), 2u * (3 * 6 + 2 * 2 * 2));
  // Intents within a topic are kept by day and week, not by the hour.
  EXPECT_EQ(t.cells().count(TagKey(TagKind::kIntent, "complaint", "*", Granularity::kHour,
                                   "2024-03-06T13:00:00Z", "food")),
            0u);
  EXPECT_EQ(t.cells().count(TagKey(TagKind::kIntent, "complaint", "*", Granularity::kWeek,
                                   "2024-03-04T00:00:00Z", "food")),
            1u);
  for (const char* brand : {"*", "delta"}) {
    for (const char* topic : {"*", "food", "price"}) {
      const TagRollup& c = t.cells().at(TagKey(TagKind::kIntent, "complaint", brand,
                                               Granularity::kDay, "2024-03-06T00:00:00Z", topic));
      EXPECT_EQ(c.sentiment.n, 1);
      EXPECT_EQ(c.sentiment.Count(SentimentLabel::kNegative), 1);
      EXPECT_DOUBLE_EQ(c.sentiment.SumScore(), -0.6);
      EXPECT_EQ(c.amounts, 0);
    }
  }
  // Aspects and prices are not crossed with topics.
  EXPECT_EQ(t.cells().count(TagKey(TagKind::kAspect, "food", "*", Granularity::kDay,
                                   "2024-03-06T00:00:00Z", "food")),
            0u);
  // Removing the post empties every cell, the crossed ones too.
  t.AddPost("twitter", T("2024-03-06T13:45:10Z"), Tagged(), -1);
  t.DropEmpty();
  EXPECT_TRUE(t.empty());
}

TEST(TagRollupTest, AspectsCountTheirOwnSentimentNotThePosts) {
  TagRollupTable t;
  t.AddPost("twitter", T("2024-03-06T13:45:10Z"), Tagged());
  const TagRollup& food = t.cells().at(TagKey(TagKind::kAspect, "food"));
  EXPECT_EQ(food.sentiment.n, 1);
  EXPECT_EQ(food.sentiment.Count(SentimentLabel::kPositive), 1);
  EXPECT_DOUBLE_EQ(food.sentiment.SumScore(), 0.7);
  EXPECT_DOUBLE_EQ(food.sentiment.SumP(SentimentLabel::kPositive), 1.0);  // one-hot
  const TagRollup& price = t.cells().at(TagKey(TagKind::kAspect, "price", "delta"));
  EXPECT_EQ(price.sentiment.Count(SentimentLabel::kNegative), 1);
}

TEST(TagRollupTest, PricesCountAPostOnceACurrencyWithEveryAmount) {
  TagRollupTable t;
  t.AddPost("twitter", T("2024-03-06T13:45:10Z"), Tagged());
  const TagRollup& usd = t.cells().at(TagKey(TagKind::kPrice, "USD"));
  EXPECT_EQ(usd.sentiment.n, 1);
  EXPECT_EQ(usd.amounts, 2);
  EXPECT_EQ(usd.sum_amount, 6150);  // $61.50 in hundredths
  EXPECT_DOUBLE_EQ(usd.MeanAmount().value(), 30.75);
  const TagRollup& words = t.cells().at(TagKey(TagKind::kPrice, ""));
  EXPECT_EQ(words.sentiment.n, 1);
  EXPECT_EQ(words.amounts, 0);
  EXPECT_FALSE(words.MeanAmount().has_value());
}

TEST(TagRollupTest, AnAbsurdAmountIsCountedButNotSummed) {
  Analysis a = Scored(SentimentLabel::kNeutral, 0);
  a.prices = {{"EUR", 5e15, true, "5.000.000.000.000.000 €"}, {"EUR", 10, true, "10 €"}};
  TagRollupTable t;
  t.AddPost("twitter", T("2024-03-06T13:45:10Z"), a);
  const TagRollup& eur = t.cells().at(TagKey(TagKind::kPrice, "EUR"));
  EXPECT_EQ(eur.sentiment.n, 1);
  EXPECT_EQ(eur.amounts, 1);
  EXPECT_EQ(eur.sum_amount, 1000);
}

TEST(TagRollupTest, APostWithoutTagsAddsNothing) {
  TagRollupTable t;
  t.AddPost("twitter", T("2024-03-06T13:45:10Z"),
            Scored(SentimentLabel::kPositive, 0.5, {"delta"}, {"food"}));
  EXPECT_TRUE(t.empty());
}

// A post's language (--detect-language) counts the post, by its
// sentiment, per brand and granularity, with or without other tags; a post
// with no language (no detection) adds no language cell.
TEST(TagRollupTest, ALanguageCountsThePostPerBrand) {
  TagRollupTable t;
  Analysis a = Scored(SentimentLabel::kNegative, -0.4, {"delta"}, {"food"});
  a.lang = "es";
  t.AddPost("twitter", T("2024-03-06T13:45:10Z"), a);
  EXPECT_EQ(t.cells().size(), 2u * 3);  // (delta, *) x 3 granularities
  for (const char* brand : {"*", "delta"}) {
    const TagRollup& c = t.cells().at(TagKey(TagKind::kLanguage, "es", brand));
    EXPECT_EQ(c.sentiment.n, 1);
    EXPECT_EQ(c.sentiment.Count(SentimentLabel::kNegative), 1);
    EXPECT_DOUBLE_EQ(c.sentiment.SumScore(), -0.4);
  }
  // Beside intents, aspects and prices: their cells and one per granularity more.
  TagRollupTable both, tags_only;
  Analysis tagged = Tagged();
  tags_only.AddPost("twitter", T("2024-03-06T13:45:10Z"), tagged);
  tagged.lang = "und";
  both.AddPost("twitter", T("2024-03-06T13:45:10Z"), tagged);
  EXPECT_EQ(both.cells().size(), tags_only.cells().size() + 2u * 3);
  EXPECT_EQ(both.cells().at(TagKey(TagKind::kLanguage, "und")).sentiment.n, 1);
  // Removed, nothing is left.
  t.AddPost("twitter", T("2024-03-06T13:45:10Z"), a, -1);
  t.DropEmpty();
  EXPECT_TRUE(t.empty());
}

TEST(TagRollupTest, RemovingAPostUndoesItExactlyAndSplitsMerge) {
  TagRollupTable whole, a, b;
  Analysis other = Tagged();
  other.sentiment = Scored(SentimentLabel::kPositive, 0.33333).sentiment;
  other.brands = {"united"};
  whole.AddPost("twitter", T("2024-03-06T13:45:10Z"), Tagged());
  whole.AddPost("twitter", T("2024-03-07T01:00:00Z"), other);
  a.AddPost("twitter", T("2024-03-06T13:45:10Z"), Tagged());
  b.AddPost("twitter", T("2024-03-07T01:00:00Z"), other);
  b.Merge(a);
  EXPECT_TRUE(b == whole);
  whole.AddPost("twitter", T("2024-03-07T01:00:00Z"), other, -1);
  whole.DropEmpty();
  EXPECT_TRUE(whole == a);
}

// Posts of one hour repeat their cells (the cache's path), across hours and
// tables copied midway: the same cells as each post added to a fresh table.
TEST(TagRollupTest, RepeatedCellsAndCopiesAddUpAsFreshTables) {
  TagRollupTable running;
  TagRollupTable expected;
  for (int i = 0; i < 200; ++i) {
    Analysis a = Tagged();
    if (i % 3 == 0) a.brands = {"united"};
    if (i % 7 == 0) a.intents = {"praise"};
    const int64_t at = T("2024-03-06T13:00:00Z") + int64_t{i} * 9 * 60 * 1000;  // 30 h
    running.AddPost(i % 5 ? "twitter" : "reviews", at, a);
    TagRollupTable one;
    one.AddPost(i % 5 ? "twitter" : "reviews", at, a);
    expected.Merge(one);
    if (i == 100) {
      TagRollupTable copy = running;  // its cache starts empty
      copy.AddPost("twitter", at, a);
      running.AddPost("twitter", at, a);
      TagRollupTable again;
      again.AddPost("twitter", at, a);
      expected.Merge(again);
      EXPECT_TRUE(copy == running);
    }
  }
  EXPECT_TRUE(running == expected);
  running.DropEmpty();  // forgets the cache: adding again stays right
  running.AddPost("twitter", T("2024-03-06T13:00:00Z"), Tagged(), -1);
  TagRollupTable removed;
  removed.AddPost("twitter", T("2024-03-06T13:00:00Z"), Tagged(), -1);
  expected.Merge(removed);
  expected.DropEmpty();
  running.DropEmpty();
  EXPECT_TRUE(running == expected);
}

TEST(TagRollupTest, KindsHaveNames) {
  for (TagKind k : kTagKinds) EXPECT_EQ(*ParseTagKind(TagKindName(k)), k);
  EXPECT_THAT(ParseTagKind("mood").status(),
              ::parley::testing::StatusIs(StatusCode::kInvalidArgument));
}

}  // namespace
}  // namespace parley
