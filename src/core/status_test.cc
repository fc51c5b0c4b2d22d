#include "parley/status.h"

#include <gtest/gtest.h>

#include "tests/testutil/status_matchers.h"

namespace parley {
namespace {

using ::parley::testing::IsOk;
using ::parley::testing::StatusIs;
using ::testing::HasSubstr;

StatusOr<int> Half(int x) {
  if (x % 2 != 0) return InvalidArgumentError("odd: " + std::to_string(x));
  return x / 2;
}

StatusOr<int> Quarter(int x) {
  PARLEY_ASSIGN_OR_RETURN(int h, Half(x));
  return Half(h);
}

Status CheckEven(int x) {
  PARLEY_RETURN_IF_ERROR(Half(x).status());
  return Status::OK();
}

TEST(Status, DefaultIsOk) { EXPECT_THAT(Status(), IsOk()); }

TEST(Status, CarriesCodeAndMessage) {
  Status s = NotFoundError("cannot open 'x.csv'");
  EXPECT_EQ(s.ToString(), "not found: cannot open 'x.csv'");
  EXPECT_THAT(s.WithContext("reading"), StatusIs(StatusCode::kNotFound, "reading: cannot open 'x.csv'"));
}

TEST(StatusOr, PropagatesErrorsThroughMacros) {
  EXPECT_EQ(*Quarter(8), 2);
  EXPECT_THAT(Quarter(6), StatusIs(StatusCode::kInvalidArgument, HasSubstr("odd: 3")));
  EXPECT_THAT(CheckEven(3), StatusIs(StatusCode::kInvalidArgument));
  EXPECT_THAT(CheckEven(4), IsOk());
}

}  // namespace
}  // namespace parley
