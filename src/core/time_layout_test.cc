#include "src/core/time_layout.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <ctime>
#include <random>
#include <string>

#include "src/core/timestamp.h"
#include "tests/testutil/status_matchers.h"

namespace parley {
namespace {

using ::parley::testing::StatusIs;
using ::testing::HasSubstr;

int64_t Iso(const char* text) { return *ParseTimestamp(text); }

int64_t Read(const char* layout, const char* value) {
  StatusOr<TimeLayout> t = TimeLayout::Parse(layout);
  EXPECT_OK(t.status());
  if (!t.ok()) return -1;
  StatusOr<int64_t> ms = t->Read(value);
  EXPECT_OK(ms.status()) << layout << " / " << value;
  return ms.ok() ? *ms : -1;
}

TEST(TimeLayout, ReadsDayFirstAndMonthFirstDates) {
  EXPECT_EQ(Read("%d/%m/%Y %H:%M", "05/03/2024 14:02"), Iso("2024-03-05T14:02:00Z"));
  EXPECT_EQ(Read("%m/%d/%Y %H:%M", "05/03/2024 14:02"), Iso("2024-05-03T14:02:00Z"));
  // Fewer digits than the width, spaces around the value and in runs.
  EXPECT_EQ(Read("%d.%m.%y %H:%M:%S", " 5.3.24  9:07:03 "), Iso("2024-03-05T09:07:03Z"));
  EXPECT_EQ(Read("%d.%m.%y", "1.1.69"), Iso("1969-01-01T00:00:00Z"));
  EXPECT_EQ(Read("%d.%m.%y", "31.12.68"), Iso("2068-12-31T00:00:00Z"));
}

TEST(TimeLayout, ReadsTwelveHourClocksNamesZonesAndFractions) {
  EXPECT_EQ(Read("%m/%d/%Y %I:%M %p", "3/5/2024 2:02 PM"), Iso("2024-03-05T14:02:00Z"));
  EXPECT_EQ(Read("%m/%d/%Y %I:%M %p", "3/5/2024 12:30 am"), Iso("2024-03-05T00:30:00Z"));
  EXPECT_EQ(Read("%m/%d/%Y %I:%M %p", "3/5/2024 12:30 PM"), Iso("2024-03-05T12:30:00Z"));
  EXPECT_EQ(Read("%d %b %Y", "5 mar 2024"), Iso("2024-03-05T00:00:00Z"));
  EXPECT_EQ(Read("%d %B %Y", "5 September 2024"), Iso("2024-09-05T00:00:00Z"));
  EXPECT_EQ(Read("%d %b %Y", "5 Sept 2024"), Iso("2024-09-05T00:00:00Z"));
  EXPECT_EQ(Read("%a, %d %b %Y %T %z", "Tue, 05 Mar 2024 14:02:11 +0100"),
            Iso("2024-03-05T13:02:11Z"));
  EXPECT_EQ(Read("%F %T%z", "2024-03-05 14:02:11-05:30"), Iso("2024-03-05T19:32:11Z"));
  EXPECT_EQ(Read("%F %T %Z", "2024-03-05 14:02:11 GMT"), Iso("2024-03-05T14:02:11Z"));
  EXPECT_EQ(Read("%F %T.%f", "2024-03-05 14:02:11.1234"), Iso("2024-03-05T14:02:11.123Z"));
  EXPECT_EQ(Read("%F %T.%f", "2024-03-05 14:02:11.5"), Iso("2024-03-05T14:02:11.500Z"));
  EXPECT_EQ(Read("%s", "1709647331"), Iso("2024-03-05T14:02:11Z"));
  EXPECT_EQ(Read("%F %T", "2016-12-31 23:59:60"), Iso("2016-12-31T23:59:59Z"));
  EXPECT_EQ(Read("%Y%m%d", "20240305"), Iso("2024-03-05T00:00:00Z"));
  EXPECT_EQ(Read("100%% %F", "100% 2024-03-05"), Iso("2024-03-05T00:00:00Z"));
}

// Every day from 1900 to 2100 at a random time, formatted by strftime and
// read back with the same layout.
TEST(TimeLayout, ReadsWhatStrftimeWrites) {
  std::mt19937 rng(3);
  const TimeLayout layouts[] = {*TimeLayout::Parse("%d/%m/%Y %H:%M:%S"),
                                *TimeLayout::Parse("%b %e %Y %I:%M:%S %p"),
                                *TimeLayout::Parse("%A %d %B %y %T")};
  const char* formats[] = {"%d/%m/%Y %H:%M:%S", "%b %e %Y %I:%M:%S %p", "%A %d %B %y %T"};
  for (int64_t day = -25567; day < 47482; day += 7) {
    const int64_t seconds = day * 86400 + static_cast<int64_t>(rng() % 86400);
    const std::time_t t = static_cast<std::time_t>(seconds);
    std::tm tm;
    gmtime_r(&t, &tm);
    for (size_t k = 0; k < 3; ++k) {
      // A two-digit year reads as 1969-2068.
      if (k == 2 && (tm.tm_year + 1900 < 1969 || tm.tm_year + 1900 > 2068)) continue;
      char text[64];
      ASSERT_GT(std::strftime(text, sizeof text, formats[k], &tm), 0u);
      StatusOr<int64_t> ms = layouts[k].Read(text);
      ASSERT_OK(ms.status()) << text;
      EXPECT_EQ(*ms, seconds * 1000) << text;
    }
  }
}

TEST(TimeLayout, SaysWhatDoesNotFit) {
  const TimeLayout t = *TimeLayout::Parse("%d/%m/%Y %H:%M");
  EXPECT_THAT(t.Read("2024-03-05 14:02").status(),
              StatusIs(StatusCode::kInvalidArgument,
                       HasSubstr("time '2024-03-05 14:02' does not fit layout '%d/%m/%Y %H:%M': "
                                 "expected '/' at character 3")));
  EXPECT_THAT(
      t.Read("31/02/2024 10:00").status(),
      StatusIs(StatusCode::kInvalidArgument, HasSubstr("there is no day 31 in February 2024")));
  EXPECT_OK(t.Read("29/02/2024 10:00").status());
  EXPECT_THAT(t.Read("29/02/2023 10:00").status(),
              StatusIs(StatusCode::kInvalidArgument, ::testing::_));
  EXPECT_THAT(t.Read("05/13/2024 10:00").status(),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("expected a month number (%m)")));
  EXPECT_THAT(t.Read("05/03/2024 24:00").status(),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("expected an hour")));
  EXPECT_THAT(t.Read("05/03/2024 10:00 CET").status(),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("' CET' is left over")));
  EXPECT_THAT(t.Read("").status(), StatusIs(StatusCode::kInvalidArgument, ::testing::_));
  EXPECT_THAT(TimeLayout::Parse("%d %b %Y")->Read("5 Foo 2024").status(),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("expected a month name")));
}

TEST(TimeLayout, RefusesLayoutsThatCannotGiveATime) {
  auto refused = [](const char* layout, const char* why) {
    EXPECT_THAT(TimeLayout::Parse(layout).status(),
                StatusIs(StatusCode::kInvalidArgument, HasSubstr(why)))
        << layout;
  };
  refused("%d/%m/%Y %Q", "unknown directive %Q");
  refused("%d/%m/%Y %", "ends with a lone '%'");
  refused("%H:%M", "has no whole date");
  refused("%d/%m %H:%M", "has no whole date");
  refused("%d/%m/%Y %d", "gives %d twice");
  refused("%d/%m/%Y %b", "gives %b twice");
  refused("%d/%m/%Y/%y", "gives both %Y and %y");
  refused("%F %z %Z", "gives both %z and %Z");
  refused("%d/%m/%Y %I:%M", "needs both %I and %p");
  refused("%d/%m/%Y %H:%M %p", "needs both %I and %p");
  EXPECT_OK(TimeLayout::Parse("%s").status());
}

using Kind = TimeLayoutGuess::Kind;

TimeLayoutGuess Guess(std::vector<std::string_view> values) { return GuessTimeLayout(values); }

// A spreadsheet's times: the day and the month by a value above 12 in one
// place, month names, a 12-hour clock, seconds and fractions, zones.
TEST(GuessTimeLayout, ReadsTheLayoutTheValuesShare) {
  auto layout = [](std::vector<std::string_view> values) {
    const TimeLayoutGuess g = GuessTimeLayout(values);
    EXPECT_EQ(g.kind, Kind::kLayout) << values[0];
    return g.layout;
  };
  EXPECT_EQ(layout({"3/1/2024 10:15", "3/14/2024 9:05"}), "%m/%d/%Y %H:%M");
  EXPECT_EQ(layout({"01.03.2024 10:15:02", "", "25.12.2024 23:59:59"}), "%d.%m.%Y %H:%M:%S");
  EXPECT_EQ(layout({"3/14/24 2:05 PM", "12/1/24 11:00 am"}), "%m/%d/%y %I:%M %p");
  EXPECT_EQ(layout({"2024/03/14 10:15"}), "%Y/%m/%d %H:%M");
  EXPECT_EQ(layout({"14-Mar-2024", "1-Apr-2024"}), "%d-%b-%Y");
  EXPECT_EQ(layout({"Mar 14, 2024 10:15 AM"}), "%b %d, %Y %I:%M %p");
  EXPECT_EQ(layout({"Thu, 14 March 2024 10:15 +0100"}), "%a, %d %b %Y %H:%M %z");
  EXPECT_EQ(layout({"14/03/2024 10:15:02.250 UTC"}), "%d/%m/%Y %H:%M:%S.%f %Z");
  EXPECT_EQ(layout({"14/03/2024T10:15+02:00"}), "%d/%m/%YT%H:%M%z");
  const TimeLayoutGuess g = Guess({"13/03/2024 10:15"});
  ASSERT_EQ(g.kind, Kind::kLayout);
  ASSERT_OK_AND_ASSIGN(TimeLayout parsed, TimeLayout::Parse(g.layout));
  ASSERT_OK_AND_ASSIGN(int64_t ms, parsed.Read("13/03/2024 10:15"));
  ASSERT_OK_AND_ASSIGN(int64_t want, ParseTimestamp("2024-03-13T10:15:00Z"));
  EXPECT_EQ(ms, want);
}

// Day and month never above 12: either order reads them, and the guess says
// so rather than choose; nothing is guessed where the usual forms read the
// values, where they have no one shape, or where none could be a date.
TEST(GuessTimeLayout, SaysWhatItCannotTell) {
  const TimeLayoutGuess both = Guess({"3/1/2024 10:15", "4/2/2024 11:00"});
  EXPECT_EQ(both.kind, Kind::kAmbiguous);
  EXPECT_EQ(both.layout, "%m/%d/%Y %H:%M");
  EXPECT_EQ(both.day_first, "%d/%m/%Y %H:%M");
  EXPECT_EQ(both.example, "3/1/2024 10:15");
  EXPECT_EQ(Guess({"2024-03-01T10:15:00Z", "3/1/2024"}).kind, Kind::kNone);  // usual forms
  EXPECT_EQ(Guess({"3/14/2024 10:15", "3/14/2024"}).kind, Kind::kNone);      // two shapes
  // One odd value in ten is left to be a reject.
  std::vector<std::string_view> typo(9, "3/14/2024 10:15");
  typo.push_back("3/14/2024");
  EXPECT_EQ(Guess(typo).kind, Kind::kLayout);
  typo.push_back("2024-03-14T10:15:00Z");
  EXPECT_EQ(Guess(typo).kind, Kind::kNone);
  EXPECT_EQ(Guess({"13/14/2024"}).kind, Kind::kNone);       // no month
  EXPECT_EQ(Guess({"3/14/2024 25:00"}).kind, Kind::kNone);  // no such hour
  EXPECT_EQ(Guess({"yesterday"}).kind, Kind::kNone);
  EXPECT_EQ(Guess({"12345"}).kind, Kind::kNone);  // (epoch seconds: read as they are)
  EXPECT_EQ(Guess({"1/2/3"}).kind, Kind::kNone);
  EXPECT_EQ(Guess({"", "  "}).kind, Kind::kNone);
  // Month and weekday names as %b and %a read them: three letters or more.
  EXPECT_EQ(Guess({"14 Sept 2024"}).layout, "%d %b %Y");
  EXPECT_EQ(Guess({"Thurs 14 March 2024 10:15"}).layout, "%a %d %b %Y %H:%M");
  EXPECT_EQ(Guess({"14 Ma 2024"}).kind, Kind::kNone);
  EXPECT_EQ(Guess({"14 Marc 2024"}).kind, Kind::kLayout);
  EXPECT_NE(Guess({"14 Mar 2024"}).parsed, nullptr);
}

}  // namespace
}  // namespace parley
