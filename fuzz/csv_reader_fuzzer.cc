// libFuzzer target for the CSV reader. The first byte picks the preset, the
// file name (.csv, .tsv, none: sniffed) and the batch size; the rest is the
// file, which may also start with gzip or zstd magic to reach decompression.
// Reading and decoding must never crash, leak or hang, and the batches must
// keep their invariants (see src/ingest/fuzz_driver.h).
//
//   csv_reader_fuzzer fuzz/corpus/csv_reader_fuzzer -max_total_time=60
#include <cstddef>
#include <cstdint>

#include "src/ingest/fuzz_driver.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  static constexpr const char* kPresets[] = {"generic", "auto", "tweets", "reviews"};
  static constexpr const char* kNames[] = {"in.csv", "in.tsv", "in", "in.csv.gz"};
  const uint8_t config = data[0];
  std::string_view contents(reinterpret_cast<const char*>(data) + 1, size - 1);
  parley::ReaderOptions options =
      parley::fuzz::OptionsFor(config, kPresets, 4, parley::InputFormat::kCsv);
  size_t max_bytes = (config & 0x40) ? 16 : (1 << 20);
  parley::fuzz::ReadEverything(contents, kNames[(config >> 2) % 4], options, max_bytes);
  return 0;
}
