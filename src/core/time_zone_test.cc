#include "src/core/time_zone.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>

#include "src/core/time_layout.h"
#include "src/core/timestamp.h"
#include "tests/testutil/status_matchers.h"

namespace parley {
namespace {

using ::parley::testing::StatusIs;
using ::testing::HasSubstr;

int64_t Iso(const char* text) { return *ParseTimestamp(text); }

std::shared_ptr<const TimeZone> Zone(const char* name) {
  StatusOr<std::shared_ptr<const TimeZone>> zone = TimeZone::Find(name);
  EXPECT_OK(zone.status()) << name;
  return zone.ok() ? *zone : nullptr;
}

// A wall-clock time in a zone, to UTC, with the zone's daylight-saving
// rules: the skipped hour reads with the offset before the change, the
// repeated one as its first occurrence.
TEST(TimeZone, WallClockTimesToUtc) {
  auto paris = Zone("Europe/Paris");
  ASSERT_NE(paris, nullptr);
  EXPECT_EQ(paris->name(), "Europe/Paris");
  EXPECT_EQ(paris->ToUtc(Iso("2024-03-14T14:05:00Z")), Iso("2024-03-14T13:05:00Z"));  // CET
  EXPECT_EQ(paris->ToUtc(Iso("2024-07-01T12:00:00Z")), Iso("2024-07-01T10:00:00Z"));  // CEST
  EXPECT_EQ(paris->ToUtc(Iso("2024-03-31T02:30:00Z")), Iso("2024-03-31T01:30:00Z"));  // skipped
  EXPECT_EQ(paris->ToUtc(Iso("2024-10-27T02:30:00Z")), Iso("2024-10-27T00:30:00Z"));  // twice
  auto new_york = Zone("America/New_York");
  ASSERT_NE(new_york, nullptr);
  EXPECT_EQ(new_york->ToUtc(Iso("2024-03-14T10:00:00Z")), Iso("2024-03-14T14:00:00Z"));  // EDT
  EXPECT_EQ(new_york->ToUtc(Iso("2024-01-14T10:00:00Z")), Iso("2024-01-14T15:00:00Z"));  // EST
  // Offsets, and UTC itself: 10:00 there.
  for (const auto& [name, utc] :
       {std::pair{"+05:30", "2024-03-14T04:30:00Z"}, std::pair{"UTC+2", "2024-03-14T08:00:00Z"},
        std::pair{"-0800", "2024-03-14T18:00:00Z"}, std::pair{"UTC", "2024-03-14T10:00:00Z"}}) {
    auto zone = Zone(name);
    ASSERT_NE(zone, nullptr);
    EXPECT_EQ(zone->ToUtc(Iso("2024-03-14T10:00:00Z")), Iso(utc)) << name;
  }
}

// A UTC instant to the zone's wall clock: the inverse of ToUtc() but in
// the hour the clocks go back, which shows twice.
TEST(TimeZone, UtcToTheWallClock) {
  auto paris = Zone("Europe/Paris");
  ASSERT_NE(paris, nullptr);
  EXPECT_EQ(paris->ToLocal(Iso("2024-03-14T13:05:00Z")), Iso("2024-03-14T14:05:00Z"));  // CET
  EXPECT_EQ(paris->ToLocal(Iso("2024-07-01T10:00:00Z")), Iso("2024-07-01T12:00:00Z"));  // CEST
  // 03:00 CEST is the first instant of summer time; 02:00 CEST the last
  // instant of it, then 02:00 CET (the repeated hour).
  EXPECT_EQ(paris->ToLocal(Iso("2024-03-31T01:00:00Z")), Iso("2024-03-31T03:00:00Z"));
  EXPECT_EQ(paris->ToLocal(Iso("2024-10-27T00:30:00Z")), Iso("2024-10-27T02:30:00Z"));
  EXPECT_EQ(paris->ToLocal(Iso("2024-10-27T01:30:00Z")), Iso("2024-10-27T02:30:00Z"));
  auto kolkata = Zone("Asia/Kolkata");
  ASSERT_NE(kolkata, nullptr);
  EXPECT_EQ(kolkata->ToLocal(Iso("2024-03-14T18:30:00Z")), Iso("2024-03-15T00:00:00Z"));
  for (const char* t : {"2024-01-05T06:07:08Z", "2024-06-30T23:59:59Z", "1999-12-31T23:00:00Z"}) {
    EXPECT_EQ(paris->ToUtc(paris->ToLocal(Iso(t))), Iso(t)) << t;
    EXPECT_EQ(kolkata->ToUtc(kolkata->ToLocal(Iso(t))), Iso(t)) << t;
  }
}

TEST(TimeZone, AnUnknownNameSaysWhatNamesLookLike) {
  for (const char* bad : {"Mars/Olympus", "", "Paris", "+99:00", "UTC+", "Europe/Paris\n"}) {
    EXPECT_THAT(TimeZone::Find(bad),
                StatusIs(StatusCode::kInvalidArgument,
                         HasSubstr("name a zone of the IANA database as 'Europe/Paris'")))
        << bad;
  }
}

// The names the server offers (GET /api/time_zones): the IANA zones with
// their older names, and UTC, sorted, each one Find() takes.
TEST(TimeZone, NamesAreTheZonesFindTakes) {
  const std::vector<std::string>& names = TimeZone::Names();
  ASSERT_GT(names.size(), 400u);
  EXPECT_TRUE(std::is_sorted(names.begin(), names.end()));
  for (const char* name :
       {"Europe/Paris", "America/New_York", "Asia/Kolkata", "Asia/Calcutta", "UTC"})
    EXPECT_TRUE(std::binary_search(names.begin(), names.end(), std::string(name))) << name;
  for (const std::string& name : names) EXPECT_OK(TimeZone::Find(name).status()) << name;
}

// A flag's or parameter's time on a chosen clock: a zone-less one is that
// clock's wall time, one naming its zone is kept, and no clock keeps all.
TEST(TimeZone, OnClockReadsOnlyZonelessTimesOnTheClock) {
  auto india = Zone("Asia/Kolkata");
  ASSERT_NE(india, nullptr);
  auto on = [&](const char* text, const TimeZone* zone) { return OnClock(text, Iso(text), zone); };
  EXPECT_EQ(on("2026-03-05", india.get()), Iso("2026-03-04T18:30:00Z"));
  EXPECT_EQ(on("2026-03-05 15:30", india.get()), Iso("2026-03-05T10:00:00Z"));
  EXPECT_EQ(on("2026-03-05T15:30:00Z", india.get()), Iso("2026-03-05T15:30:00Z"));
  EXPECT_EQ(on("2026-03-05T15:30:00-05:00", india.get()), Iso("2026-03-05T20:30:00Z"));
  EXPECT_EQ(on("2026-03-05", nullptr), Iso("2026-03-05T00:00:00Z"));
}

// Which times name their zone: those that do are read as they say whatever
// zone is given; the others are read in it.
TEST(TimeZone, OnlyTimesThatNameNoZoneAreReadInIt) {
  struct Case {
    const char* text;
    bool zoned;
  };
  for (const Case& c : {Case{"2024-03-14T14:05:00Z", true}, Case{"2024-03-14T14:05:00+01:00", true},
                        Case{"2024-03-14 14:05:00 -0800", true}, Case{"2024-03-14 14:05 UTC", true},
                        Case{"Tue Feb 24 10:15:29 +0000 2015", true},
                        Case{"Tue, 24 Feb 2015 10:15:29 GMT", true}, Case{"1424778929", true},
                        Case{"2024-03-14T14:05:00", false}, Case{"2024-03-14 14:05", false},
                        Case{"2024-03-14", false}, Case{"24 Feb 2015 10:15", false}}) {
    int64_t ms = 0, plain = 0;
    bool zoned = !c.zoned;
    ASSERT_TRUE(TryParseTimestampZone(c.text, &ms, &zoned)) << c.text;
    EXPECT_EQ(zoned, c.zoned) << c.text;
    ASSERT_TRUE(TryParseTimestamp(c.text, &plain)) << c.text;
    EXPECT_EQ(ms, plain) << c.text;
  }
  int64_t ms;
  bool zoned;
  EXPECT_FALSE(TryParseTimestampZone("14/03/2024", &ms, &zoned));
  EXPECT_FALSE(TryParseTimestampZone("2024-03-14T25:00:00", &ms, &zoned));

  auto paris = Zone("Europe/Paris");
  ASSERT_NE(paris, nullptr);
  const TimeLayout usual = TimeLayout::UsualForms().WithZone(paris);
  EXPECT_TRUE(usual.usual_forms());
  EXPECT_EQ(*usual.Read("2024-03-14 14:05:00"), Iso("2024-03-14T13:05:00Z"));
  EXPECT_EQ(*usual.Read("2024-03-14"), Iso("2024-03-13T23:00:00Z"));
  EXPECT_EQ(*usual.Read("2024-03-14T14:05:00Z"), Iso("2024-03-14T14:05:00Z"));
  EXPECT_EQ(*usual.Read("1710425100"), Iso("2024-03-14T14:05:00Z"));
  EXPECT_THAT(usual.Read("14/03/2024"),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("unparseable time '14/03/2024'")));
  // Without a zone, the usual forms read zone-less times as UTC.
  EXPECT_EQ(*TimeLayout::UsualForms().Read("2024-03-14 14:05:00"), Iso("2024-03-14T14:05:00Z"));

  ASSERT_OK_AND_ASSIGN(TimeLayout day_first, TimeLayout::Parse("%d/%m/%Y %H:%M"));
  EXPECT_EQ(*day_first.WithZone(paris).Read("14/03/2024 14:05"), Iso("2024-03-14T13:05:00Z"));
  ASSERT_OK_AND_ASSIGN(TimeLayout with_zone, TimeLayout::Parse("%d/%m/%Y %H:%M %z"));
  EXPECT_EQ(*with_zone.WithZone(paris).Read("14/03/2024 14:05 +0000"), Iso("2024-03-14T14:05:00Z"));
  ASSERT_OK_AND_ASSIGN(TimeLayout epoch, TimeLayout::Parse("%s"));
  EXPECT_EQ(*epoch.WithZone(paris).Read("1710425100"), Iso("2024-03-14T14:05:00Z"));
  // A time that lands outside years 1 to 9999 in UTC is an error.
  auto east = Zone("+14:00");
  ASSERT_NE(east, nullptr);
  EXPECT_THAT(TimeLayout::UsualForms().WithZone(east).Read("0001-01-01 01:00"),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("out of range")));
}

}  // namespace
}  // namespace parley
