#include "src/serve/api_query.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "src/core/timestamp.h"
#include "tests/testutil/status_matchers.h"

namespace parley::serve {
namespace {

using ::parley::testing::StatusIs;
using ::testing::HasSubstr;

const std::vector<std::string_view> kAll = {
    "granularity", "from",       "to",    "bucket", "brand",  "topic",
    "source",      "label",      "order", "limit",  "offset", "top",
    "examples",    "confidence", "kind",  "intent", "tz",     "compare"};

TEST(ParseApiQuery, DefaultsWhenEmpty) {
  ASSERT_OK_AND_ASSIGN(ApiQuery q, ParseApiQuery({}, kAll));
  EXPECT_EQ(q.granularity, Granularity::kDay);
  EXPECT_EQ(q.brand, "*");
  EXPECT_EQ(q.limit, 50);
  EXPECT_FALSE(q.label);
}

TEST(ParseApiQuery, ReadsEveryFilter) {
  QueryParams p = {{"granularity", "hour"}, {"from", "2026-03-01T00:00:00Z"},
                   {"to", "2026-03-02"},    {"brand", "skyloft"},
                   {"topic", "delay"},      {"source", "twitter"},
                   {"label", "negative"},   {"order", "oldest"},
                   {"limit", "10"},         {"offset", "20"},
                   {"intent", "complaint"}};
  ASSERT_OK_AND_ASSIGN(ApiQuery q, ParseApiQuery(p, kAll));
  EXPECT_EQ(q.intent, "complaint");
  EXPECT_EQ(q.granularity, Granularity::kHour);
  EXPECT_EQ(q.from_ms, *ParseTimestamp("2026-03-01T00:00:00Z"));
  EXPECT_EQ(q.to_ms, *ParseTimestamp("2026-03-02"));
  EXPECT_EQ(q.brand, "skyloft");
  EXPECT_EQ(q.label, SentimentLabel::kNegative);
  EXPECT_EQ(q.order, PostOrder::kOldest);
  EXPECT_EQ(q.limit, 10);
  EXPECT_EQ(q.offset, 20);
}

TEST(ParseApiQuery, ABucketIsItsWholeGranule) {
  QueryParams p = {{"granularity", "hour"}, {"bucket", "2026-03-01T05:30:00Z"}};
  ASSERT_OK_AND_ASSIGN(ApiQuery q, ParseApiQuery(p, kAll));
  EXPECT_EQ(q.from_ms, *ParseTimestamp("2026-03-01T05:00:00Z"));
  EXPECT_EQ(q.to_ms, *ParseTimestamp("2026-03-01T06:00:00Z"));
  p.emplace("from", "2026-03-01");
  EXPECT_THAT(ParseApiQuery(p, kAll), StatusIs(StatusCode::kInvalidArgument, HasSubstr("bucket")));
}

// tz: days cut at the zone's midnight, and times that name no zone on its
// clock, whichever order the parameters come in.
TEST(ParseApiQuery, TimesAndDaysOfATimeZone) {
  QueryParams p = {{"from", "2026-03-01"}, {"to", "2026-03-02T00:00:00Z"}, {"tz", "Europe/Paris"}};
  ASSERT_OK_AND_ASSIGN(ApiQuery q, ParseApiQuery(p, kAll));
  ASSERT_NE(q.zone, nullptr);
  EXPECT_EQ(q.zone->name(), "Europe/Paris");
  EXPECT_EQ(q.from_ms, *ParseTimestamp("2026-02-28T23:00:00Z"));
  EXPECT_EQ(q.to_ms, *ParseTimestamp("2026-03-02T00:00:00Z"));  // it names its zone
  QueryParams b = {{"bucket", "2026-03-01T00:30:00Z"}, {"tz", "America/New_York"}};
  ASSERT_OK_AND_ASSIGN(q, ParseApiQuery(b, kAll));
  EXPECT_EQ(q.from_ms, *ParseTimestamp("2026-02-28T05:00:00Z"));
  EXPECT_EQ(q.to_ms, *ParseTimestamp("2026-03-01T05:00:00Z"));
  EXPECT_THAT(ParseApiQuery({{"tz", "Mars/Olympus"}}, kAll),
              StatusIs(StatusCode::kInvalidArgument,
                       HasSubstr("parameter 'tz': unknown time zone 'Mars/Olympus'")));
}

// compare: previous, or a period FROM/TO, its times on tz's clock where
// they name no zone.
TEST(ParseApiQuery, ComparePreviousOrAPeriod) {
  ASSERT_OK_AND_ASSIGN(ApiQuery q, ParseApiQuery({{"compare", "previous"}}, kAll));
  EXPECT_EQ(q.compare, "previous");
  QueryParams p = {{"compare", "2026-02-01/2026-03-01T00:00:00Z"}, {"tz", "Europe/Paris"}};
  ASSERT_OK_AND_ASSIGN(q, ParseApiQuery(p, kAll));
  EXPECT_EQ(q.compare_from_ms, *ParseTimestamp("2026-01-31T23:00:00Z"));
  EXPECT_EQ(q.compare_to_ms, *ParseTimestamp("2026-03-01T00:00:00Z"));
  EXPECT_THAT(
      ParseApiQuery({{"compare", "lastweek"}}, kAll),
      StatusIs(StatusCode::kInvalidArgument,
               HasSubstr("parameter 'compare': 'lastweek' is neither previous nor a period")));
  EXPECT_THAT(ParseApiQuery({{"compare", "2026-03-01/2026-02-01"}}, kAll),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("start must be before its end")));
  EXPECT_THAT(ParseApiQuery({{"compare", "2026-03-01/soon"}}, kAll),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("'compare'")));
}

TEST(ParseApiQuery, ErrorsNameTheParameter) {
  EXPECT_THAT(ParseApiQuery({{"colour", "red"}}, {"brand"}),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("unknown parameter 'colour'")));
  EXPECT_THAT(ParseApiQuery({{"label", "angry"}}, kAll),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("'label'")));
  EXPECT_THAT(ParseApiQuery({{"limit", "0"}}, kAll),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("from 1 to 500")));
  EXPECT_THAT(ParseApiQuery({{"limit", "5x"}}, kAll), StatusIs(StatusCode::kInvalidArgument));
  EXPECT_THAT(ParseApiQuery({{"from", "yesterday"}}, kAll),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("'from'")));
  EXPECT_THAT(ParseApiQuery({{"from", "2026-03-02"}, {"to", "2026-03-01"}}, kAll),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("before")));
  EXPECT_THAT(ParseApiQuery({{"brand", "a"}, {"brand", "b"}}, kAll),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("more than once")));
  EXPECT_THAT(ParseApiQuery({{"brand", ""}}, kAll), StatusIs(StatusCode::kInvalidArgument));
  EXPECT_THAT(ParseApiQuery({{"brand", std::string(300, 'x')}}, kAll),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("longer")));
  EXPECT_THAT(ParseApiQuery({{"confidence", "1.5"}}, kAll), StatusIs(StatusCode::kInvalidArgument));
}

TEST(ParseQueryString, DecodesPercentAndPlus) {
  ASSERT_OK_AND_ASSIGN(QueryParams p, ParseQueryString("brand=Skyloft+Air&topic=a%2Fb&&x"));
  EXPECT_EQ(p.find("brand")->second, "Skyloft Air");
  EXPECT_EQ(p.find("topic")->second, "a/b");
  EXPECT_EQ(p.find("x")->second, "");
  EXPECT_THAT(ParseQueryString("a=%zz"), StatusIs(StatusCode::kInvalidArgument));
  EXPECT_THAT(ParseQueryString("a=%4"), StatusIs(StatusCode::kInvalidArgument));
}

TEST(ParseDeleteParams, ReadsEveryFilterAndRefusesTheRest) {
  QueryParams p = {{"author", "bob"},     {"author", "Ann"},        {"id", "7"},
                   {"source", "twitter"}, {"before", "2026-03-01"}, {"dry_run", "true"}};
  ASSERT_OK_AND_ASSIGN(DeleteRequest r, ParseDeleteParams(p, "", 0));
  EXPECT_EQ(r.query.authors, (std::vector<std::string>{"bob", "Ann"}));  // in the order given
  EXPECT_EQ(r.query.ids, std::vector<std::string>{"7"});
  EXPECT_EQ(r.query.source, "twitter");
  EXPECT_EQ(r.query.before_ms, *ParseTimestamp("2026-03-01T00:00:00Z"));
  EXPECT_TRUE(r.dry_run);
  ASSERT_OK_AND_ASSIGN(r, ParseDeleteParams({{"before", "2026-03-01T05:00:00+02:00"}}, "", 0));
  EXPECT_EQ(r.query.before_ms, *ParseTimestamp("2026-03-01T03:00:00Z"));
  EXPECT_FALSE(r.dry_run);
  for (const auto& [params, message] : std::vector<std::pair<QueryParams, std::string>>{
           {{}, "say which posts to delete"},
           {{{"dry_run", "true"}}, "say which posts to delete"},
           {{{"source", "a"}, {"source", "b"}}, "parameter 'source': given more than once"},
           {{{"author", "@bob"}}, "give the handle without '@'"},
           {{{"author", ""}}, "parameter 'author': empty value"},
           {{{"id", std::string(300, 'x')}}, "longer than 256 bytes"},
           {{{"id", "\xff"}}, "not valid UTF-8"},
           {{{"before", "soon"}}, "'soon' is neither an ISO-8601 time nor a duration"},
           {{{"before", "90y"}}, "'90y' is neither"},
           {{{"id", "1"}, {"dry_run", "yes"}}, "parameter 'dry_run': true or false"},
           {{{"brand", "x"}}, "unknown parameter 'brand'"}}) {
    StatusOr<DeleteRequest> bad = ParseDeleteParams(params, "", 0);
    EXPECT_EQ(bad.status().code(), StatusCode::kInvalidArgument) << message;
    EXPECT_NE(std::string(bad.status().message()).find(message), std::string::npos)
        << bad.status().message();
  }
}

// `before` as a duration counts back from the request's clock; the body
// names posts as `parley delete --ids-from` reads a file: ids, or a
// platform's deletion notices, of which those of other actions are counted
// and skipped, and a body of those alone deletes nothing.
TEST(ParseDeleteParams, TakesDurationsAndIdsOrNoticesInTheBody) {
  const int64_t now = *ParseTimestamp("2026-03-31T12:00:00Z");
  ASSERT_OK_AND_ASSIGN(DeleteRequest r, ParseDeleteParams({{"before", "90d"}}, "", now));
  EXPECT_EQ(r.query.before_ms, *ParseTimestamp("2025-12-31T12:00:00Z"));
  ASSERT_OK_AND_ASSIGN(r, ParseDeleteParams({{"before", "12h"}}, "", now));
  EXPECT_EQ(r.query.before_ms, *ParseTimestamp("2026-03-31T00:00:00Z"));

  const std::string body =
      "# compliance job 7\n"
      "123\r\n"
      "\n"
      R"({"id":"456","action":"delete","reason":"deleted"})"
      "\n"
      R"({"data":{"delete":{"tweet":{"id":"789"}}}})"
      "\n"
      R"({"id":"555","action":"delete","reason":"scrub_geo"})"
      "\n"
      R"({"status_withheld":{"id":9,"user_id":3}})";
  ASSERT_OK_AND_ASSIGN(r, ParseDeleteParams({{"id", "1"}, {"source", "x"}}, body, now));
  EXPECT_EQ(r.query.ids, (std::vector<std::string>{"1", "123", "456", "789"}));
  EXPECT_EQ(r.query.source, "x");
  EXPECT_TRUE(r.query.withhold);
  EXPECT_EQ(r.geo.ids, std::vector<std::string>{"555"});
  EXPECT_EQ(r.geo.source, "x");
  EXPECT_TRUE(r.geo.withhold);
  EXPECT_EQ(r.skipped, (std::map<std::string, int64_t>{{"status_withheld", 1}}));
  EXPECT_FALSE(r.none_named);
  ASSERT_OK_AND_ASSIGN(r, ParseDeleteParams({{"withhold", "false"}}, body, now));
  EXPECT_FALSE(r.query.withhold);
  EXPECT_FALSE(r.geo.withhold);
  // Ids in the body alone are a filter.
  ASSERT_OK_AND_ASSIGN(r, ParseDeleteParams({}, "42\n", now));
  EXPECT_EQ(r.query.ids, std::vector<std::string>{"42"});
  // Only geo removals: nothing to delete, even beside a filter that alone
  // would delete all.
  ASSERT_OK_AND_ASSIGN(
      r, ParseDeleteParams({{"before", "1d"}}, R"({"id":"555","action":"scrub_geo"})", now));
  EXPECT_TRUE(r.none_named);
  EXPECT_TRUE(r.query.ids.empty());
  EXPECT_EQ(r.geo.ids, std::vector<std::string>{"555"});
  for (const auto& [text, message] : std::vector<std::pair<std::string, std::string>>{
           {"1\n{\"reason\":\"deleted\"}\n", "body line 2: a JSON object with no post id"},
           {"# nothing\n\n", "the body holds no post id"},
           {"\xff\n", "the body is not valid UTF-8"},
           {std::string(300, '7'), "body line 1: a post id longer than 256 bytes"}}) {
    StatusOr<DeleteRequest> bad = ParseDeleteParams({}, text, now);
    EXPECT_EQ(bad.status().code(), StatusCode::kInvalidArgument) << message;
    EXPECT_NE(std::string(bad.status().message()).find(message), std::string::npos)
        << bad.status().message();
  }
}

}  // namespace
}  // namespace parley::serve
