// libFuzzer target for Excel workbooks (src/ingest/xlsx_reader.h): the input
// is the workbook's bytes. The seeds store their parts uncompressed, so that
// mutations reach the XML (a part whose checksum no longer holds is still
// parsed before the check fails). Reading must never crash, leak or hang;
// a workbook read gives CSV whose every line is a sheet row's, rows in order.
//
//   xlsx_reader_fuzzer fuzz/corpus/xlsx_reader_fuzzer -max_total_time=60
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "src/ingest/xlsx_reader.h"

namespace {

void Require(bool ok, const char* what) {
  if (ok) return;
  std::fprintf(stderr, "xlsx invariant broken: %s\n", what);
  std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  parley::LineMap lines;
  parley::StatusOr<std::string> csv = parley::XlsxToCsv(bytes, "", &lines);
  if (!csv.ok()) {
    Require(!csv.status().message().empty(), "an error without a message");
    return 0;
  }
  Require(csv->empty() || csv->back() == '\n', "CSV that does not end its last line");
  uint64_t count = 0;
  for (char c : *csv) count += c == '\n';
  uint64_t last = 0;
  for (uint64_t line = 1; line <= count; ++line) {
    const uint64_t row = lines.InputLine(line);
    Require(row >= last, "sheet rows out of order");
    last = row;
  }
  return 0;
}
