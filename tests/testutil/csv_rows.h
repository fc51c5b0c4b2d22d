// CSV output as rows of cells, for tests of what parley writes as CSV
// (CRLF row ends; no field of those tests holds a line break). Needs
// parley_ingest linked (SplitCsvFields()).
#ifndef PARLEY_TESTS_TESTUTIL_CSV_ROWS_H_
#define PARLEY_TESTS_TESTUTIL_CSV_ROWS_H_

#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <vector>

#include "src/ingest/csv_reader.h"

namespace parley::testing {

// The rows of `csv` up to its last CRLF, each split into its fields (quoted
// ones unquoted); a row that does not split fails the test.
inline std::vector<std::vector<std::string>> CsvRows(const std::string& csv) {
  std::vector<std::vector<std::string>> rows;
  for (size_t at = 0, end; (end = csv.find("\r\n", at)) != std::string::npos; at = end + 2) {
    std::vector<std::string_view> fields;
    std::string unescaped;
    EXPECT_TRUE(
        SplitCsvFields(std::string_view(csv).substr(at, end - at), ',', &fields, &unescaped));
    rows.emplace_back(fields.begin(), fields.end());
  }
  return rows;
}

}  // namespace parley::testing

#endif  // PARLEY_TESTS_TESTUTIL_CSV_ROWS_H_
