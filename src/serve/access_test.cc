#include "src/serve/access.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/testutil/status_matchers.h"

namespace parley::serve {
namespace {

using ::parley::testing::StatusIs;
using ::testing::HasSubstr;

constexpr char kReader[] = "r-0123456789abcdef";
constexpr char kWriter[] = "w-0123456789abcdef";

TEST(TokenSet, ParsesScopesSkippingCommentsAndBlanks) {
  std::string text = std::string("# team tokens\n\n") + kReader + " read\n" + kWriter + "\twrite\r\n";
  ASSERT_OK_AND_ASSIGN(TokenSet set, TokenSet::Parse(text, "tokens.txt"));
  EXPECT_EQ(set.size(), 2u);
  EXPECT_EQ(set.Find(kReader), Scope::kRead);
  EXPECT_EQ(set.Find(kWriter), Scope::kWrite);
  EXPECT_FALSE(set.Find("r-0123456789abcdeX"));
  EXPECT_FALSE(set.Find(""));
}

TEST(TokenSet, ErrorsNameTheLine) {
  EXPECT_THAT(TokenSet::Parse("short read\n", "t"),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("t:1:")));
  EXPECT_THAT(TokenSet::Parse(std::string(kReader) + " admin\n", "t"),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("'TOKEN read'")));
  EXPECT_THAT(TokenSet::Parse(std::string("\n") + kReader + " read\n" + kReader + " write\n", "t"),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("t:3: this token is listed twice")));
}

TEST(BearerToken, ReadsTheBearerScheme) {
  EXPECT_EQ(BearerToken("Bearer abc"), "abc");
  EXPECT_EQ(BearerToken("bearer  abc "), "abc");
  EXPECT_FALSE(BearerToken("Basic abc"));
  EXPECT_FALSE(BearerToken(""));
}

TEST(RateLimiter, AllowsABurstThenRefills) {
  RateLimiter limiter(2, 3);  // 2 a second, 3 at once
  auto t0 = RateLimiter::Clock::now();
  for (int i = 0; i < 3; ++i) EXPECT_EQ(limiter.Take("a", t0), 0);
  EXPECT_EQ(limiter.Take("a", t0), 1);       // wait a second
  EXPECT_EQ(limiter.Take("b", t0), 0);       // another client has its own bucket
  EXPECT_EQ(limiter.Take("a", t0 + std::chrono::milliseconds(600)), 0);  // 1.2 tokens back
  EXPECT_EQ(limiter.Take("a", t0 + std::chrono::milliseconds(600)), 1);
}

TEST(RateLimiter, ZeroRateIsOff) {
  RateLimiter limiter(0, 1);
  for (int i = 0; i < 100; ++i) EXPECT_EQ(limiter.Take("a"), 0);
}

}  // namespace
}  // namespace parley::serve
