#include "src/change/webhook.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <httplib.h>

#include <chrono>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "tests/testutil/status_matchers.h"

namespace parley::change {
namespace {

using ::parley::testing::StatusIs;
using ::testing::HasSubstr;

// A receiver on a free local port that records what it is sent and
// answers with `status`.
class Receiver {
 public:
  explicit Receiver(int status) {
    server_.Post("/hook", [this, status](const httplib::Request& req, httplib::Response& res) {
      std::lock_guard<std::mutex> lock(mu_);
      bodies_.push_back(req.body);
      types_.push_back(req.get_header_value("Content-Type"));
      res.status = status;
    });
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    while (!server_.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  ~Receiver() {
    server_.stop();
    thread_.join();
  }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_) + "/hook"; }
  std::vector<std::string> bodies() {
    std::lock_guard<std::mutex> lock(mu_);
    return bodies_;
  }
  std::vector<std::string> types() {
    std::lock_guard<std::mutex> lock(mu_);
    return types_;
  }

 private:
  httplib::Server server_;
  int port_ = 0;
  std::thread thread_;
  std::mutex mu_;
  std::vector<std::string> bodies_, types_;
};

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
  Receiver r(200);
  ASSERT_OK_AND_ASSIGN(WebhookUrl u, ParseWebhookUrl(r.url()));
  ASSERT_OK(PostJson(u, "{\"kind\":\"spike\"}"));
  EXPECT_THAT(r.bodies(), ::testing::ElementsAre("{\"kind\":\"spike\"}"));
  EXPECT_THAT(r.types(), ::testing::ElementsAre("application/json"));
}

TEST(PostJson, AnErrorAnswerIsUnavailable) {
  Receiver r(500);
  ASSERT_OK_AND_ASSIGN(WebhookUrl u, ParseWebhookUrl(r.url()));
  EXPECT_THAT(PostJson(u, "{}"), StatusIs(StatusCode::kUnavailable, HasSubstr("HTTP 500")));
}

TEST(PostJson, AReceiverThatIsDownIsUnavailable) {
  std::string url;
  {
    Receiver r(200);
    url = r.url();
  }  // stopped: nothing listens on the port now
  ASSERT_OK_AND_ASSIGN(WebhookUrl u, ParseWebhookUrl(url));
  EXPECT_THAT(PostJson(u, "{}", 2000),
              StatusIs(StatusCode::kUnavailable, HasSubstr("cannot be reached")));
}

}  // namespace
}  // namespace parley::change
