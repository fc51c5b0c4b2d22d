#include "src/core/timestamp.h"

#include <gtest/gtest.h>

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

TEST(Timestamp, ParsesEpochSecondsAndMillis) {
  EXPECT_EQ(Ms("1424778929"), 1424778929000);
  EXPECT_EQ(Ms("1424778929123"), 1424778929123);
}

TEST(Timestamp, RejectsNonsenseAndImpossibleDates) {
  EXPECT_THAT(ParseTimestamp("yesterday"), StatusIs(StatusCode::kInvalidArgument));
  EXPECT_THAT(ParseTimestamp("2015-02-30T00:00:00Z"), StatusIs(StatusCode::kInvalidArgument));
  EXPECT_THAT(ParseTimestamp("2015-02-24T25:00:00Z"), StatusIs(StatusCode::kInvalidArgument));
  EXPECT_THAT(ParseTimestamp(""), StatusIs(StatusCode::kInvalidArgument));
}

TEST(Timestamp, FormatsLeapDaysAndEpoch) {
  EXPECT_EQ(FormatTimestamp(0), "1970-01-01T00:00:00Z");
  EXPECT_EQ(FormatTimestamp(Ms("2024-02-29T23:59:59Z")), "2024-02-29T23:59:59Z");
  EXPECT_EQ(FormatTimestamp(Ms("1969-12-31T23:59:59Z")), "1969-12-31T23:59:59Z");
}

}  // namespace
}  // namespace parley
