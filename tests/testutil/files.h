// Files in tests: reading them whole, and a fresh directory per test.
#ifndef PARLEY_TESTS_TESTUTIL_FILES_H_
#define PARLEY_TESTS_TESTUTIL_FILES_H_

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>

namespace parley::testing {

// The bytes of `path`, or "" when it cannot be read.
inline std::string Slurp(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// A new, empty directory for the running test, unique per process and test:
// <temp>/parley_<prefix>_<pid>_<test name>. Anything left there by an
// earlier run is removed first; the caller removes it when done.
inline std::filesystem::path FreshTestDir(std::string_view prefix) {
  namespace fs = std::filesystem;
  fs::path dir = fs::temp_directory_path() /
                 ("parley_" + std::string(prefix) + "_" + std::to_string(getpid()) + "_" +
                  ::testing::UnitTest::GetInstance()->current_test_info()->name());
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

}  // namespace parley::testing

#endif  // PARLEY_TESTS_TESTUTIL_FILES_H_
