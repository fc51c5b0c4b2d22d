// libFuzzer target for the JSON array reader, whose scanner follows strings
// and brackets to find each element. The first byte picks the preset, the
// file name (.json: sniffed; others forced with the config's format bit) and
// the batch size; the rest is the file. Reading and decoding must never
// crash, leak or hang, and the batches must keep their invariants (see
// src/ingest/fuzz_driver.h).
//
//   json_array_reader_fuzzer fuzz/corpus/json_array_reader_fuzzer -max_total_time=60
#include <cstddef>
#include <cstdint>

#include "src/ingest/fuzz_driver.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  static constexpr const char* kPresets[] = {"generic", "twitter-api", "auto", "reviews"};
  static constexpr const char* kNames[] = {"in.json", "in", "in.json.gz", "in.ndjson"};
  const uint8_t config = data[0];
  std::string_view contents(reinterpret_cast<const char*>(data) + 1, size - 1);
  parley::ReaderOptions options =
      parley::fuzz::OptionsFor(config, kPresets, 4, parley::InputFormat::kJson);
  size_t max_bytes = (config & 0x40) ? 16 : (1 << 20);
  parley::fuzz::ReadEverything(contents, kNames[(config >> 2) % 4], options, max_bytes);
  return 0;
}
