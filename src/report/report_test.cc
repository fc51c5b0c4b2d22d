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

// Key terms (added by `parley report`): each format shows the terms with
// both sides' shares, the ratio and q; the lexicon's words apart; what was
// read and left out, and why a section is empty.
KeyTermsSection SampleKeyTerms() {
  KeyTermsSection k;
  k.label_posts = 80;
  k.other_posts = 120;
  k.brand_posts = 3;
  k.tested = 41;
  k.min_posts = 5;
  k.fdr = 0.01;
  KeyTermRow refund{"refund <now>", 20,      2, WilsonInterval(20, 80), WilsonInterval(2, 120),
                    {15, 3.6, 62},  0.00025, {}};
  refund.examples.push_back(Sample().overall_examples[0][0]);
  k.terms.push_back(refund);
  k.sentiment_terms.push_back(
      {"awful", 30, 1, WilsonInterval(30, 80), WilsonInterval(1, 120), {45, 6.3, 321}, 1e-9, {}});
  return k;
}

TEST(Report, KeyTermsInEveryFormat) {
  ReportData r = Sample();
  r.key_terms.push_back(SampleKeyTerms());
  const std::string t = RenderTerminal(r);
  EXPECT_THAT(t, HasSubstr("\nwhat the negative posts say more than the other posts\n  80 "
                           "negative posts, 120 others; 3 posts of the brands' own accounts left "
                           "out; 41 terms tested (in 5 or more negative posts); q below 0.01"));
  EXPECT_THAT(t,
              HasSubstr("  refund <now>                 20  25.0% (16.8–35.5%)       others "
                        "1.7% (0.5–5.9%)          ×15.0 (3.60–62.0)      q 0.00025\n      e.g. "));
  EXPECT_THAT(t, HasSubstr("words of the sentiment lexicon, which the model labels posts by: "
                           "awful ×45.0 (6.30–321)\n"));
  const std::string md = RenderMarkdown(r);
  EXPECT_THAT(md, HasSubstr("| refund &lt;now&gt; | 20 | 25.0% (16.8–35.5%) | 1.7% (0.5–5.9%) | "
                            "×15.0 (3.60–62.0) | 0.00025 |"));
  EXPECT_THAT(md, Not(HasSubstr("<script>")));
  const std::string html = RenderHtml(r);
  EXPECT_THAT(html, HasSubstr("<h2>What the negative posts say more than the other posts</h2>"));
  EXPECT_THAT(html, HasSubstr("<td>refund &lt;now&gt;</td>"));
  EXPECT_THAT(html, Not(HasSubstr("<script>")));
  simdjson::dom::parser parser;
  const std::string json = RenderJson(r);
  simdjson::dom::element doc = parser.parse(json);
  simdjson::dom::element k = doc["key_terms"].at(0);
  EXPECT_EQ(k["versus"].get_string().value(), "labels");
  EXPECT_EQ(k["brand_posts"].get_int64().value(), 3);
  EXPECT_EQ(k["terms"].at(0)["term"].get_string().value(), "refund <now>");
  EXPECT_DOUBLE_EQ(k["terms"].at(0)["ratio"]["low"].get_double().value(), 3.6);
  EXPECT_EQ(k["terms"].at(0)["examples"].get_array().size(), 1u);
  EXPECT_EQ(k["sentiment_terms"].at(0)["term"].get_string().value(), "awful");
  const std::string csv = RenderCsv(r);
  EXPECT_THAT(csv, HasSubstr("\nkey_terms,refund <now>,,,,,,,,ratio,15,3.6,62,0.95\r\n"));
  EXPECT_THAT(csv, HasSubstr("\nkey_terms_sentiment_words,awful,,,,,,,,q_value,1e-09,,,\r\n"));
  // Without key terms, none of it.
  EXPECT_THAT(RenderJson(Sample()), Not(HasSubstr("key_terms")));
  EXPECT_THAT(RenderTerminal(Sample()), Not(HasSubstr("what the negative posts say")));
}

TEST(Report, KeyTermsSayWhyASectionIsEmptyAndWhichPeriodsItCompares) {
  ReportData r = Sample();
  KeyTermsSection k;
  k.min_posts = 5;
  k.fdr = 0.01;
  EXPECT_EQ(KeyTermsNote(r, k), "0 negative posts, 0 others; no negative post to read");
  k.label_posts = 1;
  EXPECT_EQ(KeyTermsNote(r, k), "1 negative post, 0 others; no other post to compare with");
  k.other_posts = 9;
  k.sampled = true;
  k.max_posts = 10;
  EXPECT_EQ(KeyTermsNote(r, k),
            "1 negative post, 9 others (the newest 10 posts of the scope, which holds more); 0 "
            "terms tested (in 5 or more negative posts); q below 0.01 (Benjamini-Hochberg); no "
            "term sets them apart");
  k.sampled = false;
  k.versus = KeyTermsSection::Versus::kPrevious;
  k.from_ms = 1772323200000;                   // 2026-03-01
  k.to_ms = k.from_ms + 86400000LL + 3600000;  // 2026-03-02 01:00
  k.earlier_from_ms = k.from_ms - 86400000LL - 3600000;
  k.earlier_to_ms = k.from_ms;
  EXPECT_EQ(KeyTermsTitle(k), "what the negative posts say more than in the period compared with");
  EXPECT_THAT(KeyTermsNote(r, k), ::testing::StartsWith("1 negative post from 2026-03-01 to "
                                                        "2026-03-02 01:00, 9 from 2026-02-27 "
                                                        "23:00 to 2026-03-01;"));
  const std::string t = RenderTerminal([&] {
    r.key_terms.push_back(k);
    return r;
  }());
  EXPECT_THAT(t, HasSubstr("no term sets them apart\n"));
  // A period compared with that overlaps the report's: no list, and why.
  KeyTermsSection overlap = k;
  overlap.overlaps = true;
  overlap.earlier_from_ms = k.from_ms;
  overlap.earlier_to_ms = k.from_ms + 86400000LL;
  EXPECT_EQ(KeyTermsNote(r, overlap),
            "the period compared with, 2026-03-01 to 2026-03-02, overlaps the report's, whose "
            "posts would be on both sides: give --since after its end for this list");
  ReportData with_overlap = r;
  with_overlap.key_terms = {overlap};
  EXPECT_THAT(RenderJson(with_overlap), HasSubstr("\"overlaps\":true"));
  EXPECT_THAT(RenderJson(r), Not(HasSubstr("overlaps")));
  // A brand's posts against the other brands'.
  KeyTermsSection b;
  b.versus = KeyTermsSection::Versus::kBrands;
  b.brand = "skyloft";
  b.label_posts = 3;
  b.other_posts = 4;
  b.brand_name_terms = 2;
  b.min_posts = 5;
  b.fdr = 0.01;
  EXPECT_EQ(KeyTermsTitle(b),
            "what skyloft's negative posts say more than the other brands' negative posts");
  EXPECT_EQ(
      KeyTermsNote(r, b),
      "3 negative posts of skyloft, 4 of the other brands; 2 terms naming a brand left out; 0 "
      "terms tested (in 5 or more negative posts); q below 0.01 (Benjamini-Hochberg); no "
      "term sets them apart");
  EXPECT_EQ(KeyTermsOther(b), "other brands");
  EXPECT_EQ(KeyTermsVersusName(b.versus), "brands");
}

TEST(FormatRatio, FewerDecimalsForLargerRatios) {
  EXPECT_EQ(FormatRatio({3.4712, 1.925, 6.3}), "×3.47 (1.93–6.30)");
  EXPECT_EQ(FormatRatio({150, 12.34, 1000}), "×150 (12.3–1000)");
  EXPECT_EQ(FormatQValue(0.000251), "0.00025");
  EXPECT_EQ(FormatQValue(0), "<1e-300");
}

}  // namespace
}  // namespace parley
