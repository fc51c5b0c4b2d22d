// Where a test finds the build it belongs to: the parley binary
// (<build>/bin/parley), installed data (<build>/share/parley) and a place for
// reports (<build>/reports). PARLEY_BUILD_DIR and PARLEY_DATA_DIR override
// the paths compiled in by parley_test().
#ifndef PARLEY_TESTS_TESTUTIL_PATHS_H_
#define PARLEY_TESTS_TESTUTIL_PATHS_H_

#include <cstdlib>
#include <string>

namespace parley::testing {

inline std::string BuildDir() {
  const char* dir = std::getenv("PARLEY_BUILD_DIR");
  return dir ? dir : PARLEY_TEST_BUILD_DIR;
}

inline std::string DataDir() {
  const char* dir = std::getenv("PARLEY_DATA_DIR");
  return dir ? dir : PARLEY_TEST_DATA_DIR;
}

}  // namespace parley::testing

#endif  // PARLEY_TESTS_TESTUTIL_PATHS_H_
