#include "src/report/report.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <simdjson.h>

#include "tests/testutil/csv_rows.h"

namespace parley {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

ReportData Sample() {
  ReportData r;
  r.model = "lexicon";
  r.from_ms = 1772323200000;  // 2026-03-01
  r.to_ms = 1772409600000;
  r.total.n = 200;
  r.total.by_label = {80, 70, 50};
  r.raw = RawShares(r.total.by_label);
  r.corrected = r.raw;
  EvidencePost evil{"demo", "x1", "<b>mallory</b>", "<script>alert(1)</script> <img src=x onerror=alert(2)> "
                   "<a href='javascript:alert(3)'>hi</a> & \"quotes\" | pipe",
                   "negative", 1772323200000, -0.5};
  r.overall_examples[0].push_back(evil);
  ShareRow brand;
  brand.name = "Skyloft <Air>";
  brand.counts.n = 120;
  brand.share = WilsonInterval(120, 200);
  brand.negative = WilsonInterval(50, 120);
  brand.examples.push_back(evil);
  r.brands.push_back(brand);
  Series all;
  all.name = "all";
  for (int d = 0; d < 2; ++d) {
    BucketPoint p;
    p.bucket_ms = r.from_ms + d * 86400000LL;
    p.counts.n = 100;
    p.negative = WilsonInterval(40, 100);
    p.positive = WilsonInterval(25, 100);
    all.points.push_back(p);
  }
  r.series.push_back(all);
  return r;
}

TEST(FormatShare, ShowsEstimateAndInterval) {
  EXPECT_EQ(FormatShare({0.123, 0.101, 0.148}), "12.3% (10.1–14.8%)");
}

TEST(Report, TerminalShowsEveryShareWithItsInterval) {
  std::string t = RenderTerminal(Sample());
  EXPECT_THAT(t, HasSubstr("negative  40.0% (33.5–46.9%)"));
  EXPECT_THAT(t, HasSubstr("raw counts"));
  EXPECT_THAT(t, HasSubstr("Skyloft <Air>"));
  EXPECT_THAT(t, HasSubstr("neg 41.7%"));
}

// A post whose export names no author (a news article) is "(no author)",
// not a bare "@".
TEST(Report, APostWithoutAnAuthorSaysSo) {
  ReportData r = Sample();
  r.brands[0].examples[0].author = "";
  EXPECT_THAT(RenderTerminal(r), HasSubstr("2026-03-01 (no author) [negative -0.50]"));
  EXPECT_THAT(RenderHtml(r), HasSubstr("2026-03-01 · (no author) · negative"));
  EXPECT_THAT(RenderTerminal(Sample()), HasSubstr("@<b>mallory</b> [negative"));
  EXPECT_EQ(Byline("anab"), "@anab");
}

TEST(Report, MarkdownEscapesHtmlAndPipesInUserContent) {
  ReportData r = Sample();
  r.brands[0].examples[0].text = "a | b";
  std::string md = RenderMarkdown(r);
  EXPECT_THAT(md, HasSubstr("# parley report"));
  EXPECT_THAT(md, HasSubstr("a \\| b |"));
  EXPECT_THAT(md, HasSubstr("Skyloft &lt;Air&gt;"));
  EXPECT_THAT(md, Not(HasSubstr("<script>")));
}

TEST(Report, HtmlRendersUserContentAsTextOnly) {
  std::string html = RenderHtml(Sample());
  EXPECT_THAT(html, Not(HasSubstr("<script>")));
  EXPECT_THAT(html, Not(HasSubstr("<img src=x")));
  EXPECT_THAT(html, Not(HasSubstr("<a href='javascript")));
  EXPECT_THAT(html, Not(HasSubstr("<b>mallory")));
  EXPECT_THAT(html, HasSubstr("&lt;script&gt;alert(1)&lt;/script&gt;"));
  EXPECT_THAT(html, HasSubstr("Skyloft &lt;Air&gt;"));
  EXPECT_THAT(html, HasSubstr("<svg"));
  EXPECT_THAT(html, HasSubstr("class='band'"));  // the interval band is drawn
}

TEST(Report, JsonIsValidAndCarriesIntervals) {
  std::string json = RenderJson(Sample());
  simdjson::dom::parser parser;
  simdjson::dom::element doc;
  ASSERT_EQ(parser.parse(json).get(doc), simdjson::SUCCESS) << json;
  double low = 0;
  ASSERT_EQ(doc["sentiment"]["raw"]["negative"]["low"].get(low), simdjson::SUCCESS);
  EXPECT_NEAR(low, 0.335, 0.001);
  std::string_view text;
  ASSERT_EQ(doc["sentiment"]["examples"]["negative"].at(0)["text"].get(text), simdjson::SUCCESS);
  EXPECT_THAT(std::string(text), HasSubstr("<script>"));  // data, escaped by JSON
  std::string_view correction;
  ASSERT_EQ(doc["sentiment"]["correction"].get(correction), simdjson::SUCCESS);
  EXPECT_EQ(correction, "none");
  // Topics and channels over time have series of their own.
  ReportData with = Sample();
  with.topic_series.push_back(with.series[0]);
  with.topic_series[0].name = "delay";
  json = RenderJson(with);
  ASSERT_EQ(parser.parse(json).get(doc), simdjson::SUCCESS) << json;
  std::string_view name;
  ASSERT_EQ(doc["topic_series"].at(0)["name"].get(name), simdjson::SUCCESS);
  EXPECT_EQ(name, "delay");
  simdjson::dom::array channels;
  ASSERT_EQ(doc["channel_series"].get(channels), simdjson::SUCCESS);
  EXPECT_EQ(channels.size(), 0u);
}

// The CSV is one long table: a header and one figure a row, every share
// with its interval at the report's level, names quoted as CSV quotes them.
TEST(Report, CsvHasEveryFigureOneARowWithItsInterval) {
  ReportData r = Sample();
  r.brands[0].name = "skyloft";
  r.brands[0].display = "Skyloft \"Air\", Inc.";
  r.brands[0].own = 1;
  r.corrected.correction = Correction::kAdjusted;
  r.corrected.shares[0] = {0.45, 0.38, 0.52};
  AspectRow aspect;
  aspect.name = "delay";
  aspect.counts.n = 10;
  aspect.negative = WilsonInterval(7, 10);
  aspect.positive = WilsonInterval(1, 10);
  aspect.mean_score = -0.4;
  r.aspects.push_back(aspect);
  Series topic;
  topic.name = "delay";
  topic.points.push_back(r.series[0].points[1]);
  r.topic_series.push_back(topic);
  Series channel;
  channel.name = "forum";
  channel.points.push_back(r.series[0].points[0]);
  r.channel_series.push_back(channel);
  std::string csv = RenderCsv(r);
  ASSERT_TRUE(csv.ends_with("\r\n")) << "every row ends with CRLF";
  const std::vector<std::vector<std::string>> rows = testing::CsvRows(csv);
  ASSERT_FALSE(rows.empty());
  EXPECT_THAT(rows[0],
              ::testing::ElementsAre("section", "name", "display_name", "own", "bucket", "posts",
                                     "negative_posts", "neutral_posts", "positive_posts", "measure",
                                     "estimate", "low", "high", "confidence"));
  auto find = [&](std::string_view section, std::string_view name, std::string_view bucket,
                  std::string_view measure) -> const std::vector<std::string>* {
    for (const auto& row : rows) {
      if (row.size() == 14 && row[0] == section && row[1] == name && row[4] == bucket &&
          row[9] == measure)
        return &row;
    }
    return nullptr;
  };
  for (const auto& row : rows) EXPECT_EQ(row.size(), 14u) << ::testing::PrintToString(row);
  const auto* neg = find("sentiment", "all", "", "negative_share");
  ASSERT_NE(neg, nullptr);
  EXPECT_EQ((*neg)[5], "200");
  EXPECT_EQ((*neg)[6], "80");
  EXPECT_EQ((*neg)[10], "0.4");
  EXPECT_NEAR(std::stod((*neg)[11]), 0.335, 0.001);
  EXPECT_EQ((*neg)[13], "0.95");
  const auto* corrected =
      find("sentiment_corrected", "adjusted classify-and-count", "", "negative_share");
  ASSERT_NE(corrected, nullptr);
  EXPECT_EQ((*corrected)[10], "0.45");
  const auto* sov = find("share_of_voice", "skyloft", "", "share_of_voice");
  ASSERT_NE(sov, nullptr);
  EXPECT_EQ((*sov)[2], "Skyloft \"Air\", Inc.");
  EXPECT_EQ((*sov)[3], "true");
  EXPECT_EQ((*sov)[10], "0.6");
  ASSERT_NE(find("share_of_voice", "skyloft", "", "negative_share"), nullptr);
  const auto* day2 = find("series", "all", "2026-03-02T00:00:00Z", "negative_share");
  ASSERT_NE(day2, nullptr);
  EXPECT_EQ((*day2)[5], "100");
  EXPECT_EQ((*day2)[10], "0.4");
  ASSERT_NE(find("topic_series", "delay", "2026-03-02T00:00:00Z", "negative_share"), nullptr);
  ASSERT_NE(find("channel_series", "forum", "2026-03-01T00:00:00Z", "positive_share"), nullptr);
  EXPECT_EQ(find("series", "delay", "2026-03-02T00:00:00Z", "negative_share"), nullptr);
  const auto* mean = find("aspects", "delay", "", "mean_score");
  ASSERT_NE(mean, nullptr);
  EXPECT_EQ((*mean)[10], "-0.4");
  EXPECT_EQ((*mean)[11], "");  // a mean has no interval here: none is made up
  EXPECT_EQ((*mean)[13], "");
  ASSERT_NE(find("aspects", "delay", "", "negative_share"), nullptr);
  // Without a correction there are no corrected rows.
  EXPECT_THAT(RenderCsv(Sample()), Not(HasSubstr("sentiment_corrected")));
}

}  // namespace
}  // namespace parley
