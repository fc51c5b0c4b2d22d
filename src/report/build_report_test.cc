#include "src/report/build_report.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include "tests/testutil/files.h"
#include "tests/testutil/status_matchers.h"

namespace parley {
namespace {

using ::testing::HasSubstr;

class BuildReportTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = ::parley::testing::FreshTestDir("report");
    StoreOptions so;
    so.path = (dir_ / "test.db").string();
    ASSERT_OK_AND_ASSIGN(store_, OpenStore(so));
  }
  void TearDown() override {
    store_.reset();
    std::filesystem::remove_all(dir_);
  }

  // Adds a post on day `day` of March 2026 with the given label and tags.
  void Add(int i, int day, SentimentLabel label, std::vector<std::string> brands,
           std::vector<std::string> topics) {
    Post p;
    p.source = "test";
    p.id = std::to_string(i);
    p.author = "a" + std::to_string(i % 5);
    p.created_at_ms = 1772323200000LL + (day - 1) * 86400000LL + i * 1000;
    p.text = "post number " + std::to_string(i);
    Analysis a;
    a.sentiment.label = label;
    a.sentiment.score = label == SentimentLabel::kNegative ? -0.5 : label == SentimentLabel::kPositive ? 0.5 : 0;
    a.brands = std::move(brands);
    a.topics = std::move(topics);
    posts_.push_back(p);
    analyses_.push_back(a);
  }
  // The report of 100 posts, `negatives` of them negative, 80 - negatives
  // neutral and 20 positive, corrected with the confusion of a classifier
  // that calls 30% of neutral posts negative (300 labeled posts).
  StatusOr<ReportData> ReportOfCorrected(int negatives) {
    for (int i = 0; i < 100; ++i) {
      Add(i, 1, i < negatives ? SentimentLabel::kNegative
                : i < 80      ? SentimentLabel::kNeutral
                              : SentimentLabel::kPositive,
          {}, {});
    }
    Flush();
    ConfusionMatrix m;
    m.Add(0, 0, 100);
    m.Add(1, 0, 30);
    m.Add(1, 1, 70);
    m.Add(2, 2, 100);
    ReportOptions o;
    o.validation = m;
    return BuildReport(store_.get(), o);
  }
  void Flush() {
    ASSERT_OK(store_->WriteBatch(posts_, analyses_, nullptr));
    posts_.clear();
    analyses_.clear();
  }

  std::filesystem::path dir_;
  std::unique_ptr<Store> store_;
  std::vector<Post> posts_;
  std::vector<Analysis> analyses_;
};

TEST_F(BuildReportTest, CountsSharesSeriesAndEvidenceComeFromTheStore) {
  int i = 0;
  for (int k = 0; k < 30; ++k) Add(i++, 1, SentimentLabel::kNegative, {"skyloft"}, {"delay"});
  for (int k = 0; k < 10; ++k) Add(i++, 1, SentimentLabel::kPositive, {"jetwave"}, {"seats"});
  for (int k = 0; k < 20; ++k) Add(i++, 2, SentimentLabel::kNeutral, {"skyloft"}, {});
  Flush();
  ASSERT_OK_AND_ASSIGN(ReportData r, BuildReport(store_.get(), ReportOptions()));
  EXPECT_EQ(r.total.n, 60u);
  EXPECT_NEAR(r.raw.shares[0].estimate, 0.5, 1e-12);
  ASSERT_EQ(r.series.front().points.size(), 2u);  // two days
  EXPECT_EQ(r.series.front().points[0].counts.n, 40u);
  ASSERT_EQ(r.brands.size(), 2u);
  EXPECT_EQ(r.brands[0].name, "skyloft");
  EXPECT_NEAR(r.brands[0].share.estimate, 50.0 / 60, 1e-12);
  EXPECT_NEAR(r.brands[0].negative.estimate, 0.6, 1e-12);
  // Net sentiment: skyloft's 30 negative and no positive post; all posts'
  // 30 negative and 10 positive.
  EXPECT_EQ(r.brands[0].net.estimate, -1);
  EXPECT_NEAR(r.raw.net.estimate, -0.5, 1e-12);
  EXPECT_THAT(RenderJson(r), HasSubstr(R"("net_sentiment":{"raw":{"estimate":-0.5,)"));
  EXPECT_THAT(RenderJson(r), HasSubstr(R"("net_sentiment":{"estimate":-1,"low":-1,)"));
  EXPECT_THAT(RenderCsv(r), HasSubstr("\r\nsentiment,all,,,,60,30,20,10,net_sentiment,-0.5,"));
  EXPECT_THAT(RenderTerminal(r), HasSubstr("  net       -50.0% ("));
  ASSERT_FALSE(r.brands[0].examples.empty());
  ASSERT_FALSE(r.reasons.empty());
  EXPECT_EQ(r.reasons[0].name, "delay");
  EXPECT_NEAR(r.reasons[0].share.estimate, 1.0, 1e-12);  // every negative post is about delay
  EXPECT_EQ(r.reasons[0].examples.front().label, "negative");
  EXPECT_FALSE(r.overall_examples[0].empty());
}

// Channels: each source's posts, a share of all, with its negative share
// and its own posts for evidence; none with one source, or a source filter.
TEST_F(BuildReportTest, ChannelsAreTheSourcesShares) {
  int i = 0;
  for (int k = 0; k < 3; ++k) Add(i++, 1, SentimentLabel::kPositive, {}, {});
  Flush();
  ASSERT_OK_AND_ASSIGN(ReportData one, BuildReport(store_.get(), ReportOptions()));
  EXPECT_TRUE(one.channels.empty());
  for (int k = 0; k < 6; ++k) Add(i++, 1, SentimentLabel::kNegative, {}, {});
  for (size_t k = 0; k < posts_.size(); ++k) posts_[k].source = k < 2 ? "forum" : "reviews";
  Flush();
  ASSERT_OK_AND_ASSIGN(ReportData r, BuildReport(store_.get(), ReportOptions()));
  ASSERT_EQ(r.channels.size(), 3u);
  EXPECT_EQ(r.channels[0].name, "reviews");
  EXPECT_EQ(r.channels[0].counts.n, 4u);
  EXPECT_NEAR(r.channels[0].share.estimate, 4.0 / 9, 1e-12);
  EXPECT_NEAR(r.channels[0].negative.estimate, 1.0, 1e-12);
  EXPECT_EQ(r.channels[1].name, "test");
  EXPECT_EQ(r.channels[2].name, "forum");
  ASSERT_FALSE(r.channels[2].examples.empty());
  for (const EvidencePost& e : r.channels[2].examples) EXPECT_EQ(e.source, "forum");
  EXPECT_NE(RenderJson(r).find(R"("channels":[{"name":"reviews","counts":{"n":4,)"),
            std::string::npos)
      << RenderJson(r);
  EXPECT_NE(RenderTerminal(r).find("channels (sources; share of all posts)\n  reviews "),
            std::string::npos)
      << RenderTerminal(r);
  ReportOptions only;
  only.source = "forum";
  ASSERT_OK_AND_ASSIGN(ReportData filtered, BuildReport(store_.get(), only));
  EXPECT_TRUE(filtered.channels.empty());
}

TEST_F(BuildReportTest, IntentsAspectsAndPricesComeFromTheTagRollupsWithTheirPosts) {
  for (int i = 0; i < 40; ++i) {
    Add(i, 1, i < 10 ? SentimentLabel::kNegative : SentimentLabel::kNeutral, {"skyloft"}, {});
    if (i < 10) {
      analyses_.back().intents = {"complaint"};
      analyses_.back().aspects = {{"delay", SentimentLabel::kNegative, -0.5}};
      analyses_.back().prices = {{"EUR", 100.0 + i, true, "€" + std::to_string(100 + i)}};
    } else if (i < 14) {
      analyses_.back().aspects = {{"delay", SentimentLabel::kPositive, 0.5}};
      analyses_.back().prices = {{"", 0, false, "cheap"}};
    }
  }
  Flush();
  ASSERT_OK_AND_ASSIGN(ReportData r, BuildReport(store_.get(), ReportOptions()));
  ASSERT_EQ(r.intents.size(), 1u);
  EXPECT_EQ(r.intents[0].name, "complaint");
  EXPECT_EQ(r.intents[0].counts.n, 10u);
  EXPECT_NEAR(r.intents[0].share.estimate, 0.25, 1e-12);
  EXPECT_NEAR(r.intents[0].negative.estimate, 1.0, 1e-12);
  ASSERT_FALSE(r.intents[0].examples.empty());
  EXPECT_EQ(r.intents[0].examples[0].label, "negative");
  ASSERT_EQ(r.aspects.size(), 1u);
  EXPECT_EQ(r.aspects[0].name, "delay");
  EXPECT_EQ(r.aspects[0].counts.n, 14u);
  EXPECT_NEAR(r.aspects[0].negative.estimate, 10.0 / 14, 1e-12);
  EXPECT_NEAR(r.aspects[0].mean_score, (-5.0 + 2.0) / 14, 1e-9);
  ASSERT_EQ(r.prices.size(), 2u);
  EXPECT_EQ(r.prices[0].currency, "EUR");
  EXPECT_EQ(r.prices[0].amounts, 10u);
  EXPECT_NEAR(r.prices[0].mean_amount, 104.5, 1e-9);
  EXPECT_EQ(r.prices[1].currency, "");
  EXPECT_EQ(r.prices[1].counts.n, 4u);
  const std::string text = RenderTerminal(r);
  EXPECT_THAT(text, HasSubstr("intents (share of all posts)"));
  EXPECT_THAT(text, HasSubstr("mean -0.21"));
  EXPECT_THAT(text, HasSubstr("10 amounts, mean 104.50"));
  EXPECT_THAT(text, HasSubstr("price words"));
  EXPECT_THAT(RenderMarkdown(r), HasSubstr("| delay | 14 |"));
  const std::string json = RenderJson(r);
  EXPECT_THAT(json, HasSubstr("\"intents\":[{\"name\":\"complaint\""));
  EXPECT_THAT(json, HasSubstr("\"mean_amount\":104.5}"));
  EXPECT_THAT(json, HasSubstr("{\"currency\":null,"));
  EXPECT_THAT(RenderHtml(r), HasSubstr("<h2>Aspects</h2>"));
}

// Languages (stores ingested with --detect-language): a share of all posts
// with the posts behind each, and a note of what the lexicon could not
// read and of the posts with no language counted.
TEST_F(BuildReportTest, LanguagesAreSharesAndTheLexiconSaysWhatItCouldNotRead) {
  for (int i = 0; i < 60; ++i) {
    Add(i, 1, i % 3 == 0 ? SentimentLabel::kNegative : SentimentLabel::kNeutral, {}, {});
    analyses_.back().lang = i < 40 ? "en" : i < 46 ? "es" : i < 50 ? "und" : "";
  }
  Flush();
  ASSERT_OK_AND_ASSIGN(ReportData r, BuildReport(store_.get(), ReportOptions()));
  ASSERT_EQ(r.languages.size(), 3u);
  EXPECT_EQ(r.languages[2].name, "und");
  EXPECT_EQ(r.languages[2].display, "not known (und)");
  EXPECT_EQ(r.languages[0].display, "English (en)");
  EXPECT_EQ(r.languages[1].display, "Spanish (es)");
  EXPECT_EQ(r.languages[0].name, "en");
  EXPECT_EQ(r.languages[0].counts.n, 40u);
  EXPECT_NEAR(r.languages[0].share.estimate, 40.0 / 60, 1e-12);
  EXPECT_EQ(r.languages[1].name, "es");
  EXPECT_EQ(r.languages[1].counts.n, 6u);
  ASSERT_FALSE(r.languages[1].examples.empty());
  EXPECT_GE(std::stoi(r.languages[1].examples[0].id), 40);  // one of the Spanish posts
  EXPECT_LT(std::stoi(r.languages[1].examples[0].id), 46);
  EXPECT_THAT(r.language_note,
              HasSubstr("6 posts are in languages other than English (10.0% of all, "
                        "4.7–20.1%), which the lexicon model does not read"));
  EXPECT_THAT(r.language_note, HasSubstr("(ingest with --languages en,und to leave them out)"));
  EXPECT_THAT(r.language_note,
              HasSubstr("10 posts have no language counted: their source gave none, and they were "
                        "stored without --detect-language"));
  EXPECT_THAT(RenderTerminal(r), HasSubstr("languages (share of all posts)"));
  EXPECT_THAT(RenderMarkdown(r), HasSubstr("| Spanish (es) | 6 |"));
  EXPECT_THAT(RenderMarkdown(r), HasSubstr("| not known (und) | 4 |"));
  EXPECT_THAT(RenderTerminal(r), HasSubstr("  not known (und)               4  "));
  EXPECT_THAT(RenderJson(r), HasSubstr("{\"name\":\"und\",\"display_name\":\"not known (und)\""));
  EXPECT_THAT(RenderJson(r), HasSubstr("\"languages\":[{\"name\":\"en\""));
  EXPECT_THAT(RenderJson(r), HasSubstr("\"language_note\":\"6 posts are"));
  EXPECT_THAT(RenderHtml(r), HasSubstr("<h2>Languages</h2>"));
  // Without any language counted: no rows and no note.
  ASSERT_OK_AND_ASSIGN(ReportData none, BuildReport(store_.get(), [] {
                         ReportOptions o;
                         o.from_ms = 1772323200000LL + 86400000LL;  // from day 2: no posts
                         return o;
                       }()));
  EXPECT_TRUE(none.languages.empty());
  EXPECT_EQ(none.language_note, "");
  EXPECT_THAT(RenderJson(none), HasSubstr("\"languages\":[],\"language_note\":\"\""));
  // A trained model reads what it was trained on: no lexicon note.
  StoreOptions so;
  so.path = (dir_ / "trained.db").string();
  so.model = "lexicon_tuned.plm";
  ASSERT_OK_AND_ASSIGN(std::unique_ptr<Store> trained, OpenStore(so));
  for (int i = 0; i < 4; ++i) {
    Add(i, 1, SentimentLabel::kNeutral, {}, {});
    analyses_.back().lang = i < 2 ? "es" : "en";
  }
  ASSERT_OK(trained->WriteBatch(posts_, analyses_, nullptr));
  ASSERT_OK_AND_ASSIGN(ReportData t, BuildReport(trained.get(), ReportOptions()));
  EXPECT_EQ(t.model, "lexicon_tuned.plm");
  EXPECT_EQ(t.languages.size(), 2u);
  EXPECT_EQ(t.language_note, "");
  // Posts written under --languages: the note says the others are not here.
  ASSERT_OK(trained->NoteLanguageFilter("en,und"));
  ASSERT_OK(trained->NoteLanguageFilter("es"));
  ASSERT_OK_AND_ASSIGN(t, BuildReport(trained.get(), ReportOptions()));
  EXPECT_EQ(t.language_note,
            "posts were ingested with --languages en,und, and with --languages es: those in other "
            "languages were left out and are counted nowhere here");
  ASSERT_OK(store_->NoteLanguageFilter("en"));
  ASSERT_OK_AND_ASSIGN(r, BuildReport(store_.get(), ReportOptions()));
  EXPECT_THAT(r.language_note,
              HasSubstr("stored without --detect-language; posts were ingested with "
                        "--languages en: those in other languages were left out"));
}

TEST_F(BuildReportTest, TheComplaintsTopicsAreAShareOfTheComplaints) {
  for (int i = 0; i < 20; ++i) {
    // 8 complaints: 6 about the delay (2 of them about the food too), 2
    // with no topic; 12 other posts about the delay.
    std::vector<std::string> topics;
    if (i < 6 || i >= 8) topics = {"delay"};
    if (i < 2) topics.push_back("food");
    Add(i, 1, i < 8 ? SentimentLabel::kNegative : SentimentLabel::kNeutral, {"skyloft"}, topics);
    if (i < 8) analyses_.back().intents = {"complaint"};
  }
  Flush();
  ASSERT_OK_AND_ASSIGN(ReportData r, BuildReport(store_.get(), ReportOptions()));
  ASSERT_EQ(r.complaint_topics.size(), 2u);
  EXPECT_EQ(r.complaint_topics[0].name, "delay");
  EXPECT_EQ(r.complaint_topics[0].counts.n, 6u);
  EXPECT_NEAR(r.complaint_topics[0].share.estimate, 6.0 / 8, 1e-12);
  EXPECT_EQ(r.complaint_topics[1].name, "food");
  EXPECT_NEAR(r.complaint_topics[1].share.estimate, 2.0 / 8, 1e-12);
  ASSERT_FALSE(r.complaint_topics[1].examples.empty());
  EXPECT_EQ(r.complaint_topics[1].examples[0].label, "negative");
  EXPECT_THAT(RenderTerminal(r), HasSubstr("what the complaints are about"));
  EXPECT_THAT(RenderJson(r), HasSubstr("\"complaint_topics\":[{\"name\":\"delay\""));
  // A range that cuts a day: its hours are counted from their posts.
  ReportOptions o;
  o.granularity = Granularity::kHour;
  o.to_ms = 1772323200000LL + 3600000;  // until 01:00 on day 1: all the posts
  ASSERT_OK_AND_ASSIGN(ReportData cut, BuildReport(store_.get(), o));
  ASSERT_EQ(cut.complaint_topics.size(), 2u);
  EXPECT_EQ(cut.complaint_topics[0].counts.n, 6u);
  EXPECT_NEAR(cut.complaint_topics[1].share.estimate, 2.0 / 8, 1e-12);
  o.to_ms = 1772323200000LL;  // before any post
  ASSERT_OK_AND_ASSIGN(ReportData before, BuildReport(store_.get(), o));
  EXPECT_TRUE(before.complaint_topics.empty());
}

TEST_F(BuildReportTest, ValidationCorrectsSharesAndSaysSo) {
  ASSERT_OK_AND_ASSIGN(ReportData r, ReportOfCorrected(38));
  EXPECT_NEAR(r.corrected.shares[0].estimate, 0.2, 1e-9);
  EXPECT_NEAR(r.raw.shares[0].estimate, 0.38, 1e-9);
  EXPECT_THAT(r.correction_note, HasSubstr("adjusted classify-and-count on 300 labeled posts"));
}

// Counts the validation's confusion cannot produce: the note says the
// correction was clipped and to trust the raw shares, and no rendering shows
// the clipped share with its zero-width interval.
TEST_F(BuildReportTest, AClippedCorrectionSaysSoInsteadOfAZeroWidthInterval) {
  // 5% negative is impossible for a classifier that calls 30% of neutral
  // posts negative.
  ASSERT_OK_AND_ASSIGN(ReportData r, ReportOfCorrected(5));
  EXPECT_TRUE(r.corrected.clipped[0]);
  EXPECT_THAT(r.correction_note, HasSubstr("it put negative at -"));
  EXPECT_THAT(r.correction_note, HasSubstr("outside 0-100%, and was clipped"));
  EXPECT_THAT(RenderTerminal(r), HasSubstr("negative  clipped, see above   (raw 5.0%"));
  EXPECT_THAT(RenderHtml(r), HasSubstr("<td>clipped, see above</td>"));
  EXPECT_THAT(RenderJson(r), HasSubstr("\"clipped\":[\"negative\",\"neutral\"]"));  // neutral above 1
  // Net sentiment weighs the clipped negative share: the raw one stands.
  EXPECT_THAT(RenderTerminal(r), HasSubstr("   (raw: the correction was clipped)"));
  EXPECT_THAT(RenderHtml(r), HasSubstr("<tr><td>net</td><td>clipped, see above</td>"));
}

// --compare: the period as long just before the report's, every share's
// change with Newcombe's interval, a row absent then counted as 0 of it, and
// the posts an hour now over then.
TEST_F(BuildReportTest, AComparisonGivesEachShareItsChangeFromTheEarlierPeriod) {
  int i = 0;
  // Days 1-2 (then): 40 posts, 10 negative about delay (skyloft), 30
  // positive (jetwave).
  for (int k = 0; k < 10; ++k) Add(i++, 1, SentimentLabel::kNegative, {"skyloft"}, {"delay"});
  for (int k = 0; k < 30; ++k) Add(i++, 2, SentimentLabel::kPositive, {"jetwave"}, {});
  // Days 3-4 (now): 80 posts, 40 negative about delay, 20 about seats
  // (neutral), 20 positive; skyloft alone is named.
  for (int k = 0; k < 40; ++k) Add(i++, 3, SentimentLabel::kNegative, {"skyloft"}, {"delay"});
  for (int k = 0; k < 20; ++k) Add(i++, 4, SentimentLabel::kNeutral, {"skyloft"}, {"seats"});
  for (int k = 0; k < 20; ++k) Add(i++, 4, SentimentLabel::kPositive, {}, {});
  Flush();
  const int64_t day3 = 1772323200000LL + 2 * 86400000LL;
  ReportOptions o;
  o.from_ms = day3;
  o.to_ms = day3 + 2 * 86400000LL;
  o.compare = ReportOptions::Compare::kPrevious;
  ASSERT_OK_AND_ASSIGN(ReportData r, BuildReport(store_.get(), o));
  ASSERT_TRUE(r.comparison.has_value());
  const Comparison& c = *r.comparison;
  EXPECT_EQ(c.from_ms, day3 - 2 * 86400000LL);
  EXPECT_EQ(c.to_ms, day3);
  EXPECT_EQ(c.total.n, 40u);
  ASSERT_TRUE(c.volume.has_value());
  EXPECT_DOUBLE_EQ(c.volume->estimate, 2.0);
  EXPECT_GT(c.volume->low, 1.0);  // twice as many posts: more than chance
  // Negative: 40/80 now, 10/40 then.
  EXPECT_EQ(c.raw[0].previous_posts, 10u);
  EXPECT_NEAR(c.raw[0].previous.estimate, 0.25, 1e-12);
  const Interval expected = DifferenceInterval(WilsonInterval(40, 80), WilsonInterval(10, 40));
  EXPECT_NEAR(c.raw[0].difference.estimate, 0.25, 1e-12);
  EXPECT_DOUBLE_EQ(c.raw[0].difference.low, expected.low);
  EXPECT_DOUBLE_EQ(c.raw[0].difference.high, expected.high);
  EXPECT_TRUE(c.raw[0].Significant());
  // Share of voice: skyloft 60 of 60 mentions now, 10 of 40 then; jetwave
  // is not named now (no row), nor are its rows changed.
  ASSERT_EQ(r.brands.size(), 1u);
  ASSERT_TRUE(r.brands[0].change.has_value());
  EXPECT_EQ(r.brands[0].change->previous_posts, 10u);
  EXPECT_NEAR(r.brands[0].change->previous.estimate, 0.25, 1e-12);
  // Topics: seats was not spoken of then: 0 of 40.
  const ShareRow* seats = nullptr;
  for (const ShareRow& t : r.topics) {
    if (t.name == "seats") seats = &t;
  }
  ASSERT_NE(seats, nullptr);
  ASSERT_TRUE(seats->change.has_value());
  EXPECT_EQ(seats->change->previous_posts, 0u);
  EXPECT_EQ(seats->change->previous.estimate, 0);
  EXPECT_GT(seats->change->previous.high, 0);  // 0 of 40, with its interval
  EXPECT_TRUE(seats->change->Significant());
  // Reasons: delay is every negative post's topic now and then: no change.
  ASSERT_FALSE(r.reasons.empty());
  ASSERT_TRUE(r.reasons[0].change.has_value());
  EXPECT_EQ(r.reasons[0].change->previous_posts, 10u);
  EXPECT_NEAR(r.reasons[0].change->difference.estimate, 0, 1e-12);
  EXPECT_FALSE(r.reasons[0].change->Significant());
  // Every rendering says it.
  EXPECT_THAT(RenderTerminal(r), HasSubstr("compared with 2026-03-01 up to 2026-03-03: 40 posts; "
                                           "posts an hour ×2.00 ("));
  EXPECT_THAT(RenderTerminal(r), HasSubstr("then 25.0%, +25.0 pts ("));
  EXPECT_THAT(
      RenderJson(r),
      HasSubstr(
          R"("comparison":{"from":"2026-03-01T00:00:00Z","to":"2026-03-03T00:00:00Z","current_from":"2026-03-03T00:00:00Z","current_to":"2026-03-05T00:00:00Z","total":{"n":40,)"));
  EXPECT_THAT(RenderJson(r),
              HasSubstr(R"("change":{"previous_posts":0,"previous":{"estimate":0,)"));
  EXPECT_THAT(RenderCsv(r),
              HasSubstr("\r\nsentiment,all,,,,80,40,20,20,change_negative_share,0.25,"));
  EXPECT_THAT(
      RenderCsv(r),
      HasSubstr("\r\ncomparison,previous,,,2026-03-01T00:00:00Z,40,10,0,30,volume_ratio,2,"));
  EXPECT_THAT(RenderHtml(r), HasSubstr("<th>change</th>"));
  // Without a comparison: none of it.
  ASSERT_OK_AND_ASSIGN(ReportData plain, BuildReport(store_.get(), ReportOptions()));
  EXPECT_FALSE(plain.comparison.has_value());
  EXPECT_THAT(RenderJson(plain), HasSubstr(R"("comparison":null)"));
  EXPECT_EQ(RenderCsv(plain).find("change_"), std::string::npos);
}

// The previous period needs a start; one given as a period of its own is
// taken as it is (posts an hour, when it is longer or shorter); an end-less
// report's period ends with the store's last hour with posts.
TEST_F(BuildReportTest, ThePeriodComparedWith) {
  for (int k = 0; k < 12; ++k) Add(k, 1 + k % 4, SentimentLabel::kNeutral, {}, {});
  Flush();
  const int64_t day1 = 1772323200000LL, day = 86400000LL;
  ReportOptions o;
  o.compare = ReportOptions::Compare::kPrevious;
  EXPECT_THAT(BuildReport(store_.get(), o).status().message(),
              HasSubstr("comparing with the previous period needs the report's start"));
  o.from_ms = day1 + 2 * day;  // days 3-4, 6 posts, the last at 11 s past midnight
  ASSERT_OK_AND_ASSIGN(ReportData r, BuildReport(store_.get(), o));
  EXPECT_EQ(r.comparison->current_to_ms, day1 + 3 * day + 3600000LL);
  EXPECT_EQ(r.comparison->from_ms, day1 + 2 * day - (day + 3600000LL));
  o.compare = ReportOptions::Compare::kRange;
  o.to_ms = day1 + 4 * day;
  o.compare_from_ms = day1;
  o.compare_to_ms = day1 + day;  // day 1 alone: 3 posts a day then, 3 a day now
  ASSERT_OK_AND_ASSIGN(ReportData range, BuildReport(store_.get(), o));
  EXPECT_EQ(range.comparison->total.n, 3u);
  EXPECT_EQ(range.total.n, 6u);
  ASSERT_TRUE(range.comparison->volume.has_value());
  EXPECT_DOUBLE_EQ(range.comparison->volume->estimate, 1.0);
}

// --topic: the topic's posts, its share of all posts, and its own aspect
// row; what is not counted within a topic left out.
TEST_F(BuildReportTest, ATopicsReportCountsItsPostsAndItsShareOfAll) {
  int i = 0;
  for (int k = 0; k < 30; ++k) Add(i++, 1, SentimentLabel::kNegative, {"skyloft"}, {"delay"});
  for (int k = 0; k < 10; ++k) Add(i++, 1, SentimentLabel::kPositive, {"jetwave"}, {"delay"});
  for (int k = 0; k < 60; ++k) Add(i++, 2, SentimentLabel::kNeutral, {"skyloft"}, {"seats"});
  Flush();
  ReportOptions o;
  o.topic = "delay";
  ASSERT_OK_AND_ASSIGN(ReportData r, BuildReport(store_.get(), o));
  EXPECT_EQ(r.total.n, 40u);
  EXPECT_EQ(r.scope_posts, 100u);
  EXPECT_NEAR(r.topic_share.estimate, 0.4, 1e-12);
  EXPECT_NEAR(r.raw.shares[0].estimate, 0.75, 1e-12);
  ASSERT_EQ(r.brands.size(), 2u);  // within the topic: skyloft 30, jetwave 10
  EXPECT_EQ(r.brands[0].name, "skyloft");
  EXPECT_EQ(r.brands[0].counts.n, 30u);
  EXPECT_TRUE(r.topics.empty());
  EXPECT_TRUE(r.reasons.empty());
  ASSERT_EQ(r.series.front().points.size(), 1u);  // day 1 alone
  for (const EvidencePost& e : r.overall_examples[0]) EXPECT_NE(e.text, "");
  EXPECT_THAT(RenderTerminal(r),
              HasSubstr("40 posts about topic delay (40.0% (30.9–49.8%) of 100 posts), "));
  EXPECT_THAT(RenderTerminal(r), HasSubstr("note: topics, complaint reasons"));
  o.brand = "skyloft";
  ASSERT_OK_AND_ASSIGN(ReportData both, BuildReport(store_.get(), o));
  EXPECT_EQ(both.total.n, 30u);
  EXPECT_EQ(both.scope_posts, 90u);  // skyloft's posts
}

TEST_F(BuildReportTest, EmptyStoreGivesAnEmptyReport) {
  ASSERT_OK_AND_ASSIGN(ReportData r, BuildReport(store_.get(), ReportOptions()));
  EXPECT_EQ(r.total.n, 0u);
  EXPECT_THAT(RenderTerminal(r), HasSubstr("0 posts, no posts"));
}

}  // namespace
}  // namespace parley
