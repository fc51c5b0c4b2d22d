// A local HTTP receiver for tests of outgoing requests (webhooks): listens on
// a free 127.0.0.1 port, records the body and Content-Type of every POST to
// `path`, and answers with `status`. Stops when destroyed, so a URL taken
// from a destroyed receiver is one where nothing listens.
//
// Thread safety: bodies() and types() may be called while requests arrive.
#ifndef PARLEY_TESTS_TESTUTIL_HTTP_RECEIVER_H_
#define PARLEY_TESTS_TESTUTIL_HTTP_RECEIVER_H_

#include <httplib.h>

#include <chrono>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace parley::testing {

class HttpReceiver {
 public:
  explicit HttpReceiver(std::string path = "/hook", int status = 200) : path_(std::move(path)) {
    server_.Post(path_, [this, status](const httplib::Request& req, httplib::Response& res) {
      std::lock_guard<std::mutex> lock(mu_);
      bodies_.push_back(req.body);
      types_.push_back(req.get_header_value("Content-Type"));
      res.status = status;
    });
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    while (!server_.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  HttpReceiver(const HttpReceiver&) = delete;
  HttpReceiver& operator=(const HttpReceiver&) = delete;
  ~HttpReceiver() {
    server_.stop();
    thread_.join();
  }

  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_) + path_; }
  std::vector<std::string> bodies() {
    std::lock_guard<std::mutex> lock(mu_);
    return bodies_;
  }
  std::vector<std::string> types() {
    std::lock_guard<std::mutex> lock(mu_);
    return types_;
  }

 private:
  std::string path_;
  httplib::Server server_;
  int port_ = 0;
  std::thread thread_;
  std::mutex mu_;
  std::vector<std::string> bodies_, types_;
};

}  // namespace parley::testing

#endif  // PARLEY_TESTS_TESTUTIL_HTTP_RECEIVER_H_
