// Reading whole files in tests.
#ifndef PARLEY_TESTS_TESTUTIL_FILES_H_
#define PARLEY_TESTS_TESTUTIL_FILES_H_

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace parley::testing {

// The bytes of `path`, or "" when it cannot be read.
inline std::string Slurp(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace parley::testing

#endif  // PARLEY_TESTS_TESTUTIL_FILES_H_
