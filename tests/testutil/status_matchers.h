// GoogleTest matchers for Status and StatusOr.
//   EXPECT_THAT(s, IsOk());
//   EXPECT_THAT(s, StatusIs(StatusCode::kNotFound));
//   EXPECT_THAT(s, StatusIs(StatusCode::kNotFound, HasSubstr("x.csv")));
//   ASSERT_OK_AND_ASSIGN(auto v, MakeThing());
#ifndef PARLEY_TESTS_TESTUTIL_STATUS_MATCHERS_H_
#define PARLEY_TESTS_TESTUTIL_STATUS_MATCHERS_H_

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "parley/status.h"

namespace parley::testing {

inline const Status& GetStatus(const Status& s) { return s; }
template <typename T>
const Status& GetStatus(const StatusOr<T>& s) { return s.status(); }

MATCHER(IsOk, "is OK") {
  const Status& s = GetStatus(arg);
  if (!s.ok()) *result_listener << "status is " << s.ToString();
  return s.ok();
}

MATCHER_P(StatusIs, code, "has status code") {
  const Status& s = GetStatus(arg);
  *result_listener << "status is " << s.ToString();
  return s.code() == code;
}

MATCHER_P2(StatusIs, code, message_matcher, "has status code and message") {
  const Status& s = GetStatus(arg);
  *result_listener << "status is " << s.ToString();
  return s.code() == code &&
         ::testing::ExplainMatchResult(message_matcher, s.message(), result_listener);
}

}  // namespace parley::testing

#define PARLEY_TEST_CONCAT_INNER_(a, b) a##b
#define PARLEY_TEST_CONCAT_(a, b) PARLEY_TEST_CONCAT_INNER_(a, b)
#define ASSERT_OK(expr) ASSERT_THAT((expr), ::parley::testing::IsOk())
#define EXPECT_OK(expr) EXPECT_THAT((expr), ::parley::testing::IsOk())
#define ASSERT_OK_AND_ASSIGN(lhs, rexpr) \
  ASSERT_OK_AND_ASSIGN_IMPL_(PARLEY_TEST_CONCAT_(statusor_, __LINE__), lhs, rexpr)
#define ASSERT_OK_AND_ASSIGN_IMPL_(tmp, lhs, rexpr) \
  auto tmp = (rexpr);                               \
  ASSERT_THAT(tmp.status(), ::parley::testing::IsOk()); \
  lhs = std::move(tmp).value()

#endif  // PARLEY_TESTS_TESTUTIL_STATUS_MATCHERS_H_
