// libFuzzer target for ParseTimestamp() (src/core/timestamp.h), which reads
// every created_at that no --time-format covers: ISO-8601, RFC 2822,
// Twitter's shape with a zone's number or name, epoch seconds and
// milliseconds. It must return on any bytes; a time it reads is in years 1
// to 9999, agrees with TryParseTimestamp() and TryParseTimestampZone()
// (which also says whether the text names its zone), and is one that
// FormatTimestamp() writes and ParseTimestamp() reads back to the same
// instant.
//
//   timestamp_fuzzer fuzz/corpus/timestamp_fuzzer -max_total_time=60
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

#include "src/core/timestamp.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  parley::StatusOr<int64_t> ms = parley::ParseTimestamp(text);
  int64_t tried = 0;
  const bool ok = parley::TryParseTimestamp(text, &tried);
  if (ok != ms.ok() || (ok && tried != *ms)) {
    std::fprintf(stderr, "TryParseTimestamp disagrees with ParseTimestamp\n");
    std::abort();
  }
  int64_t zoned_ms = 0;
  bool zoned = false;
  if (parley::TryParseTimestampZone(text, &zoned_ms, &zoned) != ok || (ok && zoned_ms != tried)) {
    std::fprintf(stderr, "TryParseTimestampZone disagrees with TryParseTimestamp\n");
    std::abort();
  }
  if (!ms.ok()) return 0;
  constexpr int64_t kFirst = -62135596800000, kLast = 253402300799999;
  if (*ms < kFirst || *ms > kLast) {
    std::fprintf(stderr, "read %lld, outside years 1 to 9999\n", static_cast<long long>(*ms));
    std::abort();
  }
  parley::StatusOr<int64_t> back = parley::ParseTimestamp(parley::FormatTimestamp(*ms));
  if (!back.ok() || *back != *ms) {
    std::fprintf(stderr, "a time read does not round-trip\n");
    std::abort();
  }
  return 0;
}
