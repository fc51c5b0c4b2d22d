#include "src/report/report.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <simdjson.h>

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
}

}  // namespace
}  // namespace parley
