// libFuzzer target for the NDJSON reader. The first byte picks the preset
// (generic, twitter-api with nested paths and alternatives, auto, or
// twitter-v2, whose paths also step into arrays by their elements' "type"), the file
// name (.ndjson, .jsonl, none: sniffed) and the batch size; the rest is the
// file. Reading and decoding must never crash, leak or hang, and the batches
// must keep their invariants (see src/ingest/fuzz_driver.h). Each line is
// also read as a deletion notice (`parley delete --ids-from`,
// src/ingest/deletion_notice.h): an id or an error, never a crash; a
// deletion's or a geo removal's id is never empty, nor another action's
// name (another action's notice may name no post).
//
//   ndjson_reader_fuzzer fuzz/corpus/ndjson_reader_fuzzer -max_total_time=60
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "src/ingest/deletion_notice.h"
#include "src/ingest/fuzz_driver.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  static constexpr const char* kPresets[] = {"generic", "twitter-api", "auto", "twitter-v2"};
  static constexpr const char* kNames[] = {"in.ndjson", "in.jsonl", "in", "in.json.zst"};
  const uint8_t config = data[0];
  std::string_view contents(reinterpret_cast<const char*>(data) + 1, size - 1);
  parley::ReaderOptions options =
      parley::fuzz::OptionsFor(config, kPresets, 4, parley::InputFormat::kNdjson);
  size_t max_bytes = (config & 0x40) ? 16 : (1 << 20);
  parley::fuzz::ReadEverything(contents, kNames[(config >> 2) % 4], options, max_bytes);
  for (size_t at = 0; at <= contents.size();) {
    size_t end = contents.find('\n', at);
    if (end == std::string_view::npos) end = contents.size();
    parley::StatusOr<parley::DeletionNotice> n =
        parley::ParseDeletionNotice(contents.substr(at, end - at));
    if (n.ok()) {
      using Kind = parley::DeletionNotice::Kind;
      if ((n->kind == Kind::kDelete || n->kind == Kind::kScrubGeo) && n->id.empty()) std::abort();
      if (n->kind == Kind::kOther && n->action.empty()) std::abort();
    }
    at = end + 1;
  }
  return 0;
}
