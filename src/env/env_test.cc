#include "src/env/env.h"

#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/testutil/status_matchers.h"

namespace parley {
namespace {

using ::parley::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

// A fresh directory under the test temp dir.
std::string MakeTempDir() {
  std::string pattern = ::testing::TempDir() + "parley_env_XXXXXX";
  char* dir = ::mkdtemp(pattern.data());
  EXPECT_NE(dir, nullptr);
  return pattern;
}

TEST(PosixEnv, MissingFileIsNotFoundNamingThePath) {
  auto file = Env::Default()->NewSequentialFile("/nonexistent/x.csv");
  EXPECT_THAT(file, StatusIs(StatusCode::kNotFound,
                             "cannot open '/nonexistent/x.csv': No such file or directory"));
}

TEST(PosixEnv, WritesThenReadsBackAFile) {
  std::string path = MakeTempDir() + "/a.txt";
  ASSERT_OK(WriteStringToFile(Env::Default(), "hello\nworld\n", path));
  ASSERT_OK_AND_ASSIGN(std::string data, ReadFileToString(Env::Default(), path));
  EXPECT_EQ(data, "hello\nworld\n");
}

TEST(PosixEnv, LargeAppendsBypassTheBuffer) {
  std::string path = MakeTempDir() + "/big.txt";
  std::string big(200 * 1024, 'x');
  ASSERT_OK_AND_ASSIGN(auto file, Env::Default()->NewWritableFile(path));
  ASSERT_OK(file->Append("head"));
  ASSERT_OK(file->Append(big));
  ASSERT_OK(file->Append("tail"));
  ASSERT_OK(file->Close());
  ASSERT_OK_AND_ASSIGN(std::string data, ReadFileToString(Env::Default(), path));
  EXPECT_EQ(data, "head" + big + "tail");
}

TEST(PosixEnv, ListsChildrenSorted) {
  std::string dir = MakeTempDir();
  ASSERT_OK(WriteStringToFile(Env::Default(), "", dir + "/b.csv"));
  ASSERT_OK(WriteStringToFile(Env::Default(), "", dir + "/a.csv"));
  ASSERT_EQ(::mkdir((dir + "/sub").c_str(), 0755), 0);
  ASSERT_OK_AND_ASSIGN(auto names, Env::Default()->GetChildren(dir));
  EXPECT_THAT(names, ElementsAre("a.csv", "b.csv", "sub"));
  EXPECT_TRUE(Env::Default()->IsDirectory(dir + "/sub"));
  EXPECT_FALSE(Env::Default()->IsDirectory(dir + "/a.csv"));
  EXPECT_TRUE(Env::Default()->FileExists(dir + "/a.csv"));
  EXPECT_FALSE(Env::Default()->FileExists(dir + "/c.csv"));
}

TEST(PosixEnv, OpeningADirectoryForReadingFails) {
  std::string dir = MakeTempDir();
  EXPECT_THAT(Env::Default()->NewSequentialFile(dir),
              StatusIs(StatusCode::kFailedPrecondition, HasSubstr("Is a directory")));
}

TEST(PosixEnv, DashReadsStandardInput) {
  int fds[2];
  ASSERT_EQ(::pipe(fds), 0);
  int saved_stdin = ::dup(0);
  ASSERT_EQ(::dup2(fds[0], 0), 0);
  ASSERT_EQ(::write(fds[1], "abc", 3), 3);
  ::close(fds[1]);
  auto data = ReadFileToString(Env::Default(), "-");
  ::dup2(saved_stdin, 0);
  ::close(saved_stdin);
  ::close(fds[0]);
  ASSERT_OK(data.status());
  EXPECT_EQ(*data, "abc");
}

TEST(MemEnv, WritesThenReadsBackAFile) {
  auto env = NewMemEnv();
  ASSERT_OK(WriteStringToFile(env.get(), "a,b\n1,2\n", "in/x.csv"));
  ASSERT_OK_AND_ASSIGN(std::string data, ReadFileToString(env.get(), "in/x.csv"));
  EXPECT_EQ(data, "a,b\n1,2\n");
}

TEST(MemEnv, MissingFileIsNotFound) {
  auto env = NewMemEnv();
  EXPECT_THAT(env->NewSequentialFile("x.csv"),
              StatusIs(StatusCode::kNotFound, "cannot open 'x.csv': No such file or directory"));
}

TEST(MemEnv, DirectoriesArePrefixesOfFilePaths) {
  auto env = NewMemEnv();
  ASSERT_OK(WriteStringToFile(env.get(), "", "d/b.csv"));
  ASSERT_OK(WriteStringToFile(env.get(), "", "d/b/c.csv"));
  ASSERT_OK(WriteStringToFile(env.get(), "", "d/a.csv"));
  ASSERT_OK(WriteStringToFile(env.get(), "", "dz.csv"));
  EXPECT_TRUE(env->IsDirectory("d"));
  EXPECT_TRUE(env->IsDirectory("d/"));
  EXPECT_TRUE(env->IsDirectory("d/b"));
  EXPECT_FALSE(env->IsDirectory("d/a.csv"));
  EXPECT_TRUE(env->FileExists("d"));
  ASSERT_OK_AND_ASSIGN(auto names, env->GetChildren("d"));
  EXPECT_THAT(names, ElementsAre("a.csv", "b", "b.csv"));
}

TEST(MemEnv, ReaderKeepsItsSnapshotWhileTheFileIsRewritten) {
  auto env = NewMemEnv();
  ASSERT_OK(WriteStringToFile(env.get(), "old", "f"));
  ASSERT_OK_AND_ASSIGN(auto reader, env->NewSequentialFile("f"));
  ASSERT_OK(WriteStringToFile(env.get(), "new!", "f"));
  char buf[8];
  ASSERT_OK_AND_ASSIGN(size_t got, reader->Read(buf, sizeof(buf)));
  EXPECT_EQ(std::string(buf, got), "old");
  ASSERT_OK_AND_ASSIGN(std::string now, ReadFileToString(env.get(), "f"));
  EXPECT_EQ(now, "new!");
}

TEST(MemEnv, WriterPublishesOnFlush) {
  auto env = NewMemEnv();
  ASSERT_OK_AND_ASSIGN(auto writer, env->NewWritableFile("f"));
  ASSERT_OK(writer->Append("part"));
  ASSERT_OK_AND_ASSIGN(std::string before, ReadFileToString(env.get(), "f"));
  EXPECT_EQ(before, "");
  ASSERT_OK(writer->Flush());
  ASSERT_OK_AND_ASSIGN(std::string after, ReadFileToString(env.get(), "f"));
  EXPECT_EQ(after, "part");
}

TEST(PosixEnv, RenameReplacesTheTargetAndRemoveDeletes) {
  std::string dir = MakeTempDir();
  ASSERT_OK(WriteStringToFile(Env::Default(), "new", dir + "/out.partial"));
  ASSERT_OK(WriteStringToFile(Env::Default(), "old", dir + "/out"));
  ASSERT_OK(Env::Default()->RenameFile(dir + "/out.partial", dir + "/out"));
  ASSERT_OK_AND_ASSIGN(std::string data, ReadFileToString(Env::Default(), dir + "/out"));
  EXPECT_EQ(data, "new");
  EXPECT_FALSE(Env::Default()->FileExists(dir + "/out.partial"));
  ASSERT_OK(Env::Default()->RemoveFile(dir + "/out"));
  EXPECT_FALSE(Env::Default()->FileExists(dir + "/out"));
  EXPECT_THAT(Env::Default()->RemoveFile(dir + "/out"), StatusIs(StatusCode::kNotFound));
}

TEST(MemEnv, RenameMovesContents) {
  auto env = NewMemEnv();
  ASSERT_OK(WriteStringToFile(env.get(), "x", "a"));
  ASSERT_OK(env->RenameFile("a", "b"));
  EXPECT_FALSE(env->FileExists("a"));
  ASSERT_OK_AND_ASSIGN(std::string data, ReadFileToString(env.get(), "b"));
  EXPECT_EQ(data, "x");
  EXPECT_THAT(env->RenameFile("a", "c"), StatusIs(StatusCode::kNotFound));
}

TEST(PosixEnv, DevicesAndPipesAreSpecialFilesAndPlainFilesAreNot) {
  std::string dir = MakeTempDir();
  ASSERT_OK(WriteStringToFile(Env::Default(), "x", dir + "/plain"));
  ASSERT_EQ(::mkfifo((dir + "/fifo").c_str(), 0600), 0);
  EXPECT_FALSE(Env::Default()->IsSpecialFile(dir + "/plain"));
  EXPECT_FALSE(Env::Default()->IsSpecialFile(dir));
  EXPECT_FALSE(Env::Default()->IsSpecialFile(dir + "/missing"));
  EXPECT_TRUE(Env::Default()->IsSpecialFile(dir + "/fifo"));
  EXPECT_EQ(StagingPath(Env::Default(), dir + "/fifo"), dir + "/fifo");
  EXPECT_EQ(StagingPath(Env::Default(), dir + "/plain"), dir + "/plain.partial");
  EXPECT_EQ(StagingPath(Env::Default(), "-"), "-");
}

TEST(PosixEnv, WritingAtomicallyToTheNullDeviceLeavesTheDevice) {
  if (!Env::Default()->IsSpecialFile("/dev/null")) GTEST_SKIP() << "no /dev/null device";
  ASSERT_OK(WriteFileAtomically(Env::Default(), "model bytes", "/dev/null"));
  EXPECT_TRUE(Env::Default()->IsSpecialFile("/dev/null"));
  EXPECT_FALSE(Env::Default()->FileExists("/dev/null.partial"));
}

TEST(MemEnv, WriteFileAtomicallyReplacesWholeAndLeavesNoStagingFile) {
  auto env = NewMemEnv();
  ASSERT_OK(WriteStringToFile(env.get(), "old", "out"));
  ASSERT_OK(WriteFileAtomically(env.get(), "new", "out"));
  ASSERT_OK_AND_ASSIGN(std::string data, ReadFileToString(env.get(), "out"));
  EXPECT_EQ(data, "new");
  EXPECT_FALSE(env->FileExists("out.partial"));
}

TEST(MemEnv, DiscardedStagingFileLeavesTheOldOutput) {
  auto env = NewMemEnv();
  ASSERT_OK(WriteStringToFile(env.get(), "old", "out"));
  std::string staging = StagingPath(env.get(), "out");
  ASSERT_EQ(staging, "out.partial");
  ASSERT_OK(WriteStringToFile(env.get(), "half", staging));
  DiscardStaged(env.get(), staging, "out");
  EXPECT_FALSE(env->FileExists(staging));
  ASSERT_OK_AND_ASSIGN(std::string data, ReadFileToString(env.get(), "out"));
  EXPECT_EQ(data, "old");
}

TEST(StringFile, ReadsItsContentsInPiecesThenEndOfFile) {
  auto file = NewStringFile("hello, world");
  char buf[5];
  std::string got;
  while (true) {
    ASSERT_OK_AND_ASSIGN(size_t n, file->Read(buf, sizeof(buf)));
    if (n == 0) break;
    got.append(buf, n);
  }
  EXPECT_EQ(got, "hello, world");
  ASSERT_OK_AND_ASSIGN(size_t again, file->Read(buf, sizeof(buf)));
  EXPECT_EQ(again, 0u);
}

}  // namespace
}  // namespace parley
