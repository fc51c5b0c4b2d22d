#include "src/webhook/webhook.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "tests/testutil/http_receiver.h"
#include "tests/testutil/status_matchers.h"

namespace parley::webhook {
namespace {

using ::parley::testing::StatusIs;
using ::testing::HasSubstr;

using Receiver = ::parley::testing::HttpReceiver;

TEST(ParseWebhookUrl, SplitsOriginAndPath) {
  ASSERT_OK_AND_ASSIGN(WebhookUrl u, ParseWebhookUrl("http://127.0.0.1:8080/a/b?x=1"));
  EXPECT_EQ(u.origin, "http://127.0.0.1:8080");
  EXPECT_EQ(u.path, "/a/b?x=1");
  ASSERT_OK_AND_ASSIGN(u, ParseWebhookUrl("https://hooks.example.com"));
  EXPECT_EQ(u.path, "/");
  EXPECT_THAT(ParseWebhookUrl("ftp://x/y").status(), StatusIs(StatusCode::kInvalidArgument));
  EXPECT_THAT(ParseWebhookUrl("localhost:80").status(), StatusIs(StatusCode::kInvalidArgument));
  EXPECT_THAT(ParseWebhookUrl("http:///x").status(), StatusIs(StatusCode::kInvalidArgument));
}

TEST(PostJson, DeliversTheBody) {
  Receiver r("/hook", 200);
  ASSERT_OK_AND_ASSIGN(WebhookUrl u, ParseWebhookUrl(r.url()));
  ASSERT_OK(PostJson(u, "{\"kind\":\"spike\"}"));
  EXPECT_THAT(r.bodies(), ::testing::ElementsAre("{\"kind\":\"spike\"}"));
  EXPECT_THAT(r.types(), ::testing::ElementsAre("application/json"));
}

TEST(PostJson, AnErrorAnswerIsUnavailable) {
  Receiver r("/hook", 500);
  ASSERT_OK_AND_ASSIGN(WebhookUrl u, ParseWebhookUrl(r.url()));
  EXPECT_THAT(PostJson(u, "{}"), StatusIs(StatusCode::kUnavailable, HasSubstr("HTTP 500")));
}

TEST(PostJson, AReceiverThatIsDownIsUnavailable) {
  std::string url;
  {
    Receiver r("/hook", 200);
    url = r.url();
  }  // stopped: nothing listens on the port now
  ASSERT_OK_AND_ASSIGN(WebhookUrl u, ParseWebhookUrl(url));
  EXPECT_THAT(PostJson(u, "{}", 2000),
              StatusIs(StatusCode::kUnavailable, HasSubstr("cannot be reached")));
}

}  // namespace
}  // namespace parley::webhook
