// libFuzzer target for TimeLayout (src/core/time_layout.h), --time-format's
// reader. The input's first line is the layout, the rest a value. Parse()
// and Read() must return on any bytes; a time read must be one that
// FormatTimestamp() writes and ParseTimestamp() reads back to the same
// instant (years 1 to 9999, the zone applied), unless it is Unix seconds,
// which reach further. Then GuessTimeLayout() on the value's lines: what it
// guesses must parse, and read every line of the shape it took (kLayout),
// or both of its layouts must parse (kAmbiguous); its parsed layout
// (kLayout) must be the one it names.
//
//   time_layout_fuzzer fuzz/corpus/time_layout_fuzzer -max_total_time=60
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "src/core/time_layout.h"
#include "src/core/timestamp.h"

namespace {

void CheckGuess(std::string_view text) {
  std::vector<std::string_view> values;
  while (!text.empty()) {
    const size_t lf = text.find('\n');
    values.push_back(text.substr(0, lf));
    if (lf == std::string_view::npos) break;
    text.remove_prefix(lf + 1);
  }
  const parley::TimeLayoutGuess g = parley::GuessTimeLayout(values);
  using Kind = parley::TimeLayoutGuess::Kind;
  if (g.kind == Kind::kNone) return;
  if (!parley::TimeLayout::Parse(g.layout).ok() ||
      (g.kind == Kind::kAmbiguous && !parley::TimeLayout::Parse(g.day_first).ok())) {
    std::fprintf(stderr, "guessed a layout that does not parse\n");
    std::abort();
  }
  if (!parley::TimeLayout::Parse(g.layout)->Read(g.example).ok()) {
    std::fprintf(stderr, "guessed a layout that does not read its example\n");
    std::abort();
  }
  if (g.kind == Kind::kLayout &&
      (g.parsed == nullptr || g.parsed->layout() != g.layout || !g.parsed->Read(g.example).ok())) {
    std::fprintf(stderr, "a guess's parsed layout is not its layout\n");
    std::abort();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const size_t lf = input.find('\n');
  const std::string_view layout = input.substr(0, lf);
  const std::string_view value = lf == std::string_view::npos ? "" : input.substr(lf + 1);
  CheckGuess(value);
  parley::StatusOr<parley::TimeLayout> t = parley::TimeLayout::Parse(layout);
  if (!t.ok()) return 0;
  parley::StatusOr<int64_t> ms = t->Read(value);
  if (!ms.ok() || layout.find("%s") != std::string_view::npos) return 0;
  // Years 1 to 9999 before the zone, which moves a time a day at most.
  constexpr int64_t kFirst = -62135596800000 - 86400000, kLast = 253402300800000 + 86400000;
  if (*ms < kFirst || *ms >= kLast) {
    std::fprintf(stderr, "time layout read %lld outside years 1 to 9999\n",
                 static_cast<long long>(*ms));
    std::abort();
  }
  if (*ms >= kFirst + 86400000 && *ms < kLast - 86400000) {
    parley::StatusOr<int64_t> back = parley::ParseTimestamp(parley::FormatTimestamp(*ms));
    if (!back.ok() || *back != *ms) {
      std::fprintf(stderr, "time layout read a time that does not round-trip\n");
      std::abort();
    }
  }
  return 0;
}
