#include "src/serve/static_files.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include "tests/testutil/status_matchers.h"

namespace parley::serve {
namespace {

namespace fs = std::filesystem;
using ::parley::testing::StatusIs;

class StaticFilesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("parley_static_" + std::to_string(getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_ / "web" / "js");
    ASSERT_OK(WriteStringToFile(Env::Default(), "<h1>hi</h1>", (dir_ / "web/index.html").string()));
    ASSERT_OK(WriteStringToFile(Env::Default(), "x()", (dir_ / "web/js/app.js").string()));
    ASSERT_OK(WriteStringToFile(Env::Default(), "secret", (dir_ / "secret.txt").string()));
    fs::create_symlink(dir_ / "secret.txt", dir_ / "web" / "link.txt");
    root_ = (dir_ / "web").string();
  }
  void TearDown() override { fs::remove_all(dir_); }
  fs::path dir_;
  std::string root_;
};

TEST_F(StaticFilesTest, ServesFilesAndTheIndex) {
  ASSERT_OK_AND_ASSIGN(StaticFile index, ReadStatic(Env::Default(), root_, "/"));
  EXPECT_EQ(index.body, "<h1>hi</h1>");
  EXPECT_EQ(index.content_type, "text/html; charset=utf-8");
  ASSERT_OK_AND_ASSIGN(StaticFile js, ReadStatic(Env::Default(), root_, "/js//app.js"));
  EXPECT_EQ(js.body, "x()");
  EXPECT_EQ(js.content_type, "text/javascript; charset=utf-8");
}

TEST_F(StaticFilesTest, NothingOutsideTheFolder) {
  for (const char* p : {"/../secret.txt", "/js/../../secret.txt", "/./index.html",
                        "/..\\secret.txt", "/.hidden", "/link.txt"}) {
    EXPECT_THAT(ResolveStaticPath(root_, p), StatusIs(StatusCode::kInvalidArgument)) << p;
  }
  EXPECT_THAT(ResolveStaticPath(root_, std::string("/a\0b", 4)),
              StatusIs(StatusCode::kInvalidArgument));
  EXPECT_THAT(ResolveStaticPath(root_, "relative"), StatusIs(StatusCode::kInvalidArgument));
}

TEST_F(StaticFilesTest, MissingFilesAndFoldersAreNotFound) {
  EXPECT_THAT(ResolveStaticPath(root_, "/nope.js"), StatusIs(StatusCode::kNotFound));
  EXPECT_THAT(ResolveStaticPath(root_, "/js"), StatusIs(StatusCode::kNotFound));
  EXPECT_THAT(ResolveStaticPath((dir_ / "absent").string(), "/"), StatusIs(StatusCode::kNotFound));
}

}  // namespace
}  // namespace parley::serve
