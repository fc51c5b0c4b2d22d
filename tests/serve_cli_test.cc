// `parley serve` as a process: flag errors are one line and exit 2 before
// anything listens, and a started server answers, serves the built
// dashboard and stops cleanly on SIGTERM.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <httplib.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <regex>
#include <string>
#include <thread>

#include "tests/testutil/cli.h"
#include "tests/testutil/files.h"

namespace parley {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;

class ServeCliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = ::parley::testing::FreshTestDir("serve_cli");
    db_ = (dir_ / "p.db").string();
    std::string posts = (dir_ / "posts.csv").string();
    auto synth = testing::RunParley("synth -n 500 --seed 3 -o " + posts, dir_);
    ASSERT_EQ(synth.exit_code, 0) << synth.err;
    auto ingest = testing::RunParley("ingest -q " + posts + " --db " + db_ +
                                         " --taxonomy data/taxonomy/demo.toml --rejects " +
                                         (dir_ / "rejects.ndjson").string(),
                                     dir_);
    ASSERT_EQ(ingest.exit_code, 0) << ingest.err;
  }
  void TearDown() override { fs::remove_all(dir_); }

  fs::path dir_;
  std::string db_;
};

TEST_F(ServeCliTest, FlagErrorsAreOneLineAndExit2) {
  auto missing = testing::RunParley("serve --db " + (dir_ / "none.db").string(), dir_);
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_THAT(missing.err, HasSubstr("parley ingest"));
  auto open = testing::RunParley("serve --db " + db_ + " --host 0.0.0.0", dir_);
  EXPECT_EQ(open.exit_code, 2);
  EXPECT_THAT(open.err, HasSubstr("--tokens"));
  EXPECT_EQ(testing::CountLines(open.err), 1);
  std::string tokens = (dir_ / "tokens").string();
  ASSERT_TRUE(std::system(("printf 'short write\\n' > " + tokens).c_str()) == 0);
  auto bad = testing::RunParley("serve --db " + db_ + " --tokens " + tokens, dir_);
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_THAT(bad.err, HasSubstr(tokens + ":1:"));
  auto no_static = testing::RunParley("serve --db " + db_ + " --static " + (dir_ / "nope").string(), dir_);
  EXPECT_EQ(no_static.exit_code, 2);
  auto layout = testing::RunParley("serve --db " + db_ + " --time-format %d/%m", dir_);
  EXPECT_EQ(layout.exit_code, 2);
  EXPECT_THAT(layout.err, HasSubstr("time layout '%d/%m'"));
  EXPECT_EQ(testing::CountLines(layout.err), 1);
  // A validation file is measured before the server listens.
  auto unlabeled = testing::RunParley(
      "serve --db " + db_ + " --validation " + (dir_ / "posts.csv").string() + " --label-col mood",
      dir_);
  EXPECT_EQ(unlabeled.exit_code, 2);
  EXPECT_THAT(unlabeled.err, HasSubstr("has no column 'mood'"));
  EXPECT_EQ(testing::CountLines(unlabeled.err), 1);
}

TEST_F(ServeCliTest, ServesTheApiAndTheDashboardUntilSigterm) {
  fs::path log = dir_ / "serve.log";
  pid_t pid = fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    freopen(log.c_str(), "w", stderr);
    execl(testing::ParleyBinary().c_str(), "parley", "serve", "--db", db_.c_str(), "--port", "0",
          "--taxonomy", "data/taxonomy/demo.toml", static_cast<char*>(nullptr));
    _exit(127);
  }
  // The port is in the first line the server prints.
  std::smatch m;
  std::string text;
  for (int i = 0; i < 200 && !std::regex_search(text, m, std::regex(R"(127\.0\.0\.1:(\d+)/)")); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    text = testing::Slurp(log);
  }
  ASSERT_TRUE(m.size() == 2) << text;
  httplib::Client client("127.0.0.1", std::stoi(m[1].str()));
  auto summary = client.Get("/api/summary");
  ASSERT_TRUE(summary);
  EXPECT_EQ(summary->status, 200);
  EXPECT_THAT(summary->body, HasSubstr("\"total\":{\"n\":500,"));
  auto queue = client.Get("/api/queue?limit=1");
  ASSERT_TRUE(queue);
  EXPECT_EQ(queue->status, 200) << queue->body;
  auto index = client.Get("/");
  ASSERT_TRUE(index);
  EXPECT_EQ(index->status, 200);  // the dashboard the build put in share/parley/web
  EXPECT_THAT(index->body, HasSubstr("js/app.js"));
  kill(pid, SIGTERM);
  int status = 0;
  waitpid(pid, &status, 0);
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << testing::Slurp(log);
  EXPECT_THAT(testing::Slurp(log), HasSubstr("stopped"));
}

}  // namespace
}  // namespace parley
