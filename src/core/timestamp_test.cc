#include "src/core/timestamp.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <ctime>
#include <limits>
#include <random>
#include <string>

#include "tests/testutil/status_matchers.h"

namespace parley {
namespace {

using ::parley::testing::StatusIs;

int64_t Ms(std::string_view s) {
  auto r = ParseTimestamp(s);
  EXPECT_TRUE(r.ok()) << s << ": " << r.status().ToString();
  return r.ok() ? *r : -1;
}

TEST(Timestamp, ParsesIsoWithZones) {
  EXPECT_EQ(FormatTimestamp(Ms("2015-02-24T11:35:52Z")), "2015-02-24T11:35:52Z");
  EXPECT_EQ(FormatTimestamp(Ms("2015-02-24T11:35:52.123+01:00")), "2015-02-24T10:35:52.123Z");
  EXPECT_EQ(FormatTimestamp(Ms("2015-02-24 11:35:52")), "2015-02-24T11:35:52Z");
  EXPECT_EQ(FormatTimestamp(Ms("2015-02-24")), "2015-02-24T00:00:00Z");
}

TEST(Timestamp, ParsesExportStyleOffset) {
  EXPECT_EQ(FormatTimestamp(Ms("2015-02-24 10:15:29 -0800")), "2015-02-24T18:15:29Z");
}

TEST(Timestamp, ParsesTwitterApiFormat) {
  EXPECT_EQ(FormatTimestamp(Ms("Tue Feb 24 10:15:29 +0000 2015")), "2015-02-24T10:15:29Z");
}

// Zones by name, as Sentiment140 and other older exports of tweets have them.
TEST(Timestamp, ParsesTwitterShapeWithAZoneName) {
  EXPECT_EQ(FormatTimestamp(Ms("Mon Apr 06 22:19:45 PDT 2009")), "2009-04-07T05:19:45Z");
  EXPECT_EQ(FormatTimestamp(Ms("Mon Apr 06 22:19:45 UTC 2009")), "2009-04-06T22:19:45Z");
  EXPECT_EQ(FormatTimestamp(Ms("Mon Apr 06 22:19:45 UT 2009")), "2009-04-06T22:19:45Z");
  EXPECT_EQ(FormatTimestamp(Ms("Mon Apr 06 22:19:45 est 2009")), "2009-04-07T03:19:45Z");
  // A name RFC 822 does not define is no zone: "IST" is three.
  EXPECT_THAT(ParseTimestamp("Mon Apr 06 22:19:45 IST 2009"),
              StatusIs(StatusCode::kInvalidArgument));
  EXPECT_THAT(ParseTimestamp("Mon Apr 06 22:19:45 PDT 09"), StatusIs(StatusCode::kInvalidArgument));
}

// RFC 2822: mail, RSS feeds' pubDate, HTTP dates, many CMS comment exports.
TEST(Timestamp, ParsesRfc2822) {
  EXPECT_EQ(FormatTimestamp(Ms("Tue, 24 Feb 2015 10:15:29 +0000")), "2015-02-24T10:15:29Z");
  EXPECT_EQ(FormatTimestamp(Ms("Tue, 24 Feb 2015 10:15:29 -0800")), "2015-02-24T18:15:29Z");
  EXPECT_EQ(FormatTimestamp(Ms("Tue, 24 Feb 2015 10:15:29 GMT")), "2015-02-24T10:15:29Z");
  EXPECT_EQ(FormatTimestamp(Ms("Sun, 1 Mar 2015 09:05 EDT")), "2015-03-01T13:05:00Z");
  EXPECT_EQ(FormatTimestamp(Ms("24 Feb 2015 10:15:29 +0130")), "2015-02-24T08:45:29Z");
  EXPECT_EQ(FormatTimestamp(Ms("24 FEB 2015 10:15:29")), "2015-02-24T10:15:29Z");  // no zone: UTC
  EXPECT_EQ(FormatTimestamp(Ms("  Tue, 24 Feb 2015 10:15:29 Z ")), "2015-02-24T10:15:29Z");
  for (const char* bad : {"Tue, 30 Feb 2015 10:15:29 +0000", "Tue, 24 Foo 2015 10:15:29 +0000",
                          "Tue 24 Feb 2015 10:15:29 +0000", "Tue, 24 Feb 15 10:15:29 +0000",
                          "Tue, 24 Feb 2015 25:15:29 +0000", "Tue, 24 Feb 2015 10:15:29 +2400",
                          "Tue, 24 Feb 2015 10:15:29 CET", "Tue, 124 Feb 2015 10:15:29 +0000",
                          "Tue, 24 Feb 2015", "24 Feb 2015 10:15:29 +0000 extra"}) {
    EXPECT_THAT(ParseTimestamp(bad), StatusIs(StatusCode::kInvalidArgument)) << bad;
  }
}

TEST(Timestamp, ParsesEpochSecondsAndMillis) {
  EXPECT_EQ(Ms("1424778929"), 1424778929000);
  EXPECT_EQ(Ms("1424778929123"), 1424778929123);
  // Before 2001-09-09 seconds have 9 digits, milliseconds 12.
  EXPECT_EQ(Ms("946684800"), 946684800000);     // 2000-01-01
  EXPECT_EQ(Ms("946684800123"), 946684800123);
  EXPECT_EQ(Ms("100000000"), 100000000000);     // 1973-03-03
  // A year, a count or 11 digits is no time.
  for (const char* t : {"2015", "20150224", "12345678901", "12345678901234"}) {
    EXPECT_THAT(ParseTimestamp(t), StatusIs(StatusCode::kInvalidArgument)) << t;
  }
}

TEST(Timestamp, RejectsNonsenseAndImpossibleDates) {
  EXPECT_THAT(ParseTimestamp("yesterday"), StatusIs(StatusCode::kInvalidArgument));
  EXPECT_THAT(ParseTimestamp("2015-02-30T00:00:00Z"), StatusIs(StatusCode::kInvalidArgument));
  EXPECT_THAT(ParseTimestamp("2015-02-24T25:00:00Z"), StatusIs(StatusCode::kInvalidArgument));
  EXPECT_THAT(ParseTimestamp(""), StatusIs(StatusCode::kInvalidArgument));
}

// A valid local date whose zone moves it past year 9999 or before year 1
// would be written with a wrapped year (10000 as 0000): refused, saying so.
TEST(Timestamp, RefusesTimesOutsideYearsOneTo9999InUtc) {
  for (const char* t : {"9999-12-31T23:59:59-23:59", "Fri Dec 31 23:00:00 -0100 9999"}) {
    EXPECT_THAT(ParseTimestamp(t), StatusIs(StatusCode::kInvalidArgument,
                                            ::testing::HasSubstr("is out of range: in UTC it is "
                                                                 "after year 9999")))
        << t;
    int64_t unused = 0;
    EXPECT_FALSE(TryParseTimestamp(t, &unused)) << t;
  }
  EXPECT_THAT(ParseTimestamp("0001-01-01T00:00:00+01:00"),
              StatusIs(StatusCode::kInvalidArgument, ::testing::HasSubstr("before year 1")));
  EXPECT_EQ(FormatTimestamp(Ms("9999-12-31T23:59:59.999Z")), "9999-12-31T23:59:59.999Z");
  EXPECT_EQ(FormatTimestamp(Ms("9999-12-31T23:59:59+01:00")), "9999-12-31T22:59:59Z");
  EXPECT_EQ(FormatTimestamp(Ms("0001-01-01T00:00:00-01:00")), "0001-01-01T01:00:00Z");
}

TEST(Timestamp, FormatsLeapDaysAndEpoch) {
  EXPECT_EQ(FormatTimestamp(0), "1970-01-01T00:00:00Z");
  EXPECT_EQ(FormatTimestamp(Ms("2024-02-29T23:59:59Z")), "2024-02-29T23:59:59Z");
  EXPECT_EQ(FormatTimestamp(Ms("1969-12-31T23:59:59Z")), "1969-12-31T23:59:59Z");
}

// The date part is cached per thread (the last date parsed, the last day
// written): runs of one day, switches and returns must all read and write as
// a fresh computation does (gmtime_r here).
TEST(Timestamp, RepeatedAndAlternatingDatesMatchGmtime) {
  std::mt19937_64 rng(7);
  const int64_t lo = -30610224000000, hi = 253402300799000;  // 1000-01-01 .. 9999-12-31
  std::vector<int64_t> days;
  for (int k = 0; k < 50; ++k)
    days.push_back((lo + static_cast<int64_t>(rng() % (hi - lo))) / 86400000);
  for (int k = 0; k < 20000; ++k) {
    int64_t day = days[rng() % (k % 3 == 0 ? days.size() : 2)];  // runs of a few days
    int64_t ms = day * 86400000 + static_cast<int64_t>(rng() % 86400000);
    if (k % 2) ms -= ms % 1000;  // whole seconds half the time
    time_t secs = static_cast<time_t>(ms >= 0 ? ms / 1000 : -((-ms + 999) / 1000));
    int64_t frac = ms - static_cast<int64_t>(secs) * 1000;
    std::tm tm{};
    ASSERT_NE(gmtime_r(&secs, &tm), nullptr);
    char want[40];
    std::strftime(want, sizeof want, "%Y-%m-%dT%H:%M:%S", &tm);
    std::string expected = want;
    if (frac) expected += "." + std::to_string(1000 + frac).substr(1);
    expected += "Z";
    ASSERT_EQ(FormatTimestamp(ms), expected) << ms;
    ASSERT_EQ(Ms(expected), ms) << expected;
    std::string spaced = expected;
    spaced[10] = ' ';
    spaced.pop_back();
    ASSERT_EQ(Ms(spaced), ms) << spaced;
  }
}

TEST(Timestamp, CachedDateStillChecksTheRest) {
  EXPECT_EQ(Ms("2015-02-24T11:35:52Z"), 1424777752000);
  EXPECT_THAT(ParseTimestamp("2015-02-24T11:35:61Z"), StatusIs(StatusCode::kInvalidArgument));
  EXPECT_THAT(ParseTimestamp("2015-02-24T24:00:00Z"), StatusIs(StatusCode::kInvalidArgument));
  EXPECT_THAT(ParseTimestamp("2015-02-24T1a:35:52Z"), StatusIs(StatusCode::kInvalidArgument));
  EXPECT_THAT(ParseTimestamp("2015-02-24x"), StatusIs(StatusCode::kInvalidArgument));
  EXPECT_EQ(Ms("2015-02-24"), 1424736000000);
  EXPECT_EQ(Ms("2015-02-24T11:35:60Z"), 1424777760000);  // a leap second, as before
  EXPECT_EQ(Ms("2015-02-24T11:35:52+01:00"), 1424774152000);
  EXPECT_EQ(Ms("2015-02-25T00:00:00Z"), 1424822400000);
  EXPECT_EQ(Ms("2015-02-24T11:35:52Z"), 1424777752000);
}

std::string GmtimeText(int64_t ms) {
  time_t secs = static_cast<time_t>(ms >= 0 ? ms / 1000 : -((-ms + 999) / 1000));
  int64_t frac = ms - static_cast<int64_t>(secs) * 1000;
  std::tm tm{};
  if (gmtime_r(&secs, &tm) == nullptr) return "?";
  char text[40];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%S", &tm);
  std::string expected = text;
  if (frac) expected += "." + std::to_string(1000 + frac).substr(1);
  return expected + "Z";
}

// WriteTimestamp keeps the last minute's "YYYY-MM-DDThh:mm:" per thread:
// times in order (a minute's seconds, the next minute, the next day, a year's
// end), going back, and jumping far must all write what gmtime does.
TEST(Timestamp, TimesInOrderAndJumpsMatchGmtime) {
  std::mt19937_64 rng(11);
  const int64_t lo = -30610224000000, hi = 253402300799000;  // 1000-01-01 .. 9999-12-31
  int64_t ms = 1704067140000 - 5000;  // just before 2023-12-31T23:59:00Z
  for (int k = 0; k < 30000; ++k) {
    switch (rng() % 8) {
      case 0: ms = lo + static_cast<int64_t>(rng() % static_cast<uint64_t>(hi - lo)); break;
      case 1: ms -= static_cast<int64_t>(rng() % 90000); break;
      case 2: ms += static_cast<int64_t>(rng() % 200000000); break;
      default: ms += static_cast<int64_t>(rng() % 3) * 1000 + (rng() % 4 == 0 ? 7 : 0); break;
    }
    if (ms < lo) ms = lo;
    if (ms > hi) ms = hi;
    ASSERT_EQ(FormatTimestamp(ms), GmtimeText(ms)) << ms << " at step " << k;
  }
  for (int64_t edge : {int64_t{-1}, int64_t{0}, int64_t{59999}, int64_t{60000}, int64_t{-60000},
                       int64_t{-60001}, int64_t{86399999}, int64_t{-86400001}}) {
    EXPECT_EQ(FormatTimestamp(edge), GmtimeText(edge)) << edge;
  }
}

// WriteTimestamp finds a time in the cached minute, or in another minute of
// the cached day, by its distance from their starts: steps of a millisecond
// across minute and day edges, either way, before and after the epoch.
TEST(Timestamp, StepsAcrossMinuteAndDayEdgesMatchGmtime) {
  const int64_t kDay = 86400000;
  for (int64_t day : {int64_t{-354284}, int64_t{-2}, int64_t{-1}, int64_t{0}, int64_t{19782},
                      int64_t{2932895}}) {
    for (int64_t edge : {day * kDay, day * kDay + 60000, day * kDay + 3600000,
                         day * kDay + kDay - 60000}) {
      for (int64_t step : {int64_t{1}, int64_t{-1}, int64_t{999}, int64_t{-1000}, int64_t{59999},
                           int64_t{-60000}, int64_t{60001}}) {
        int64_t ms = edge - 3 * step;
        for (int k = 0; k < 7; ++k, ms += step) {
          ASSERT_EQ(FormatTimestamp(ms), GmtimeText(ms)) << ms << " step " << step;
        }
      }
    }
  }
}

// Near the ends of int64_t a minute's or a day's start may wrap (it lies
// past INT64_MIN): the text must not depend on which path wrote it (a new
// day, a new minute of the day, the cached minute).
TEST(Timestamp, TimesNearTheEndsOfTheRangeWriteTheSameOnEveryPath) {
  const int64_t kMax = std::numeric_limits<int64_t>::max();
  const int64_t kLow = -kMax + 1000;  // the lowest the floor divisions take
  for (int64_t ms : {kMax, kMax - 1, kMax - 59999, kMax - 86399999, kLow, kLow + 1, kLow + 60000,
                     kLow + 86400000}) {
    FormatTimestamp(0);  // another day: the date is written
    const std::string fresh = FormatTimestamp(ms);
    EXPECT_EQ(FormatTimestamp(ms), fresh) << ms;  // the cached minute
    // Neighbours inward only, so that none overflows.
    const int64_t in = ms > 0 ? -1 : 1;
    for (int64_t other : {ms + in * 60000, ms + in * 3600000, ms + in * 86400000}) {
      FormatTimestamp(0);
      FormatTimestamp(other);  // maybe the same day: a new minute of it
      EXPECT_EQ(FormatTimestamp(ms), fresh) << ms << " after " << other;
    }
  }
  // The two ends are 2^64 apart, adjacent modulo 2^64: one's day must not
  // serve the other.
  for (int64_t high : {kMax, kMax - 1000}) {
    for (int64_t low : {kLow, kLow + 1000}) {
      FormatTimestamp(0);
      const std::string low_text = FormatTimestamp(low);
      FormatTimestamp(0);
      const std::string high_text = FormatTimestamp(high);
      EXPECT_EQ(FormatTimestamp(low), low_text) << low << " after " << high;
      EXPECT_EQ(FormatTimestamp(high), high_text) << high << " after " << low;
    }
  }
}

// TryParseTimestamp is ParseTimestamp without the Status: the same verdict
// and value on random good, near-good and bad times.
TEST(Timestamp, TryParseAgreesWithParse) {
  std::mt19937_64 rng(5);
  const std::string alphabet = "0123456789-:TZ +.tz";
  for (int k = 0; k < 20000; ++k) {
    int64_t ms = static_cast<int64_t>(rng() % 4102444800000);
    std::string text = GmtimeText(ms);
    if (k % 4 == 1) text[rng() % text.size()] = alphabet[rng() % alphabet.size()];
    if (k % 4 == 2) text.erase(rng() % text.size(), 1 + rng() % 3);
    if (k % 8 == 3) text = " " + text + "\t";
    if (k % 16 == 5) text = std::to_string(ms / (k % 32 == 5 ? 1000 : 1));
    StatusOr<int64_t> parsed = ParseTimestamp(text);
    int64_t tried = -1;
    ASSERT_EQ(TryParseTimestamp(text, &tried), parsed.ok()) << text;
    if (parsed.ok()) {
      ASSERT_EQ(tried, *parsed) << text;
    }
  }
  int64_t unused = 0;
  EXPECT_FALSE(TryParseTimestamp("", &unused));
  EXPECT_FALSE(TryParseTimestamp("yesterday", &unused));
}

// The fast path for "YYYY-MM-DDThh:mm:ssZ" of the date parsed last gives
// the general path's verdict and value: the same text with a leading space
// (trimmed away) takes the general path. The time's bytes are changed to
// near misses: the neighbours of digits and ':' in ASCII share their high
// nibble (';' is 0x3B, '/' is 0x2F).
TEST(Timestamp, SameDateUtcFastPathAgreesWithGeneralPath) {
  std::mt19937_64 rng(7);
  const std::string alphabet = "0123456789:;/?Tt Zz+-.\x80\xff";
  int64_t unused = 0;
  ASSERT_TRUE(TryParseTimestamp("2015-02-24T00:00:00Z", &unused));  // the date, cached
  for (int k = 0; k < 50000; ++k) {
    std::string text = "2015-02-24T";
    for (int part = 0; part < 3; ++part) {
      const int limit = part == 0 ? 30 : 70;  // out of range now and then
      const int v = static_cast<int>(rng() % limit);
      text += static_cast<char>('0' + v / 10);
      text += static_cast<char>('0' + v % 10);
      text += part < 2 ? ':' : 'Z';
    }
    if (k % 2 == 1) text[10 + rng() % 10] = alphabet[rng() % alphabet.size()];
    int64_t fast = -1, general = -1;
    const bool fast_ok = TryParseTimestamp(text, &fast);
    ASSERT_EQ(fast_ok, TryParseTimestamp(" " + text, &general)) << text;
    if (fast_ok) {
      ASSERT_EQ(fast, general) << text;
    }
  }
  int64_t ms = 0;
  ASSERT_TRUE(TryParseTimestamp("2015-02-24T23:59:60Z", &ms));
  EXPECT_EQ(FormatTimestamp(ms), "2015-02-25T00:00:00Z");
  EXPECT_FALSE(TryParseTimestamp("2015-02-24T24:00:00Z", &ms));
  EXPECT_FALSE(TryParseTimestamp("2015-02-24T12;00:00Z", &ms));
}

}  // namespace
}  // namespace parley
