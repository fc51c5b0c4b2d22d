// Parsing and formatting of instants, always normalized to UTC.
#ifndef PARLEY_CORE_TIMESTAMP_H_
#define PARLEY_CORE_TIMESTAMP_H_

#include <cstdint>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>

#include "parley/status.h"
#include "src/core/bytes.h"

namespace parley {

// Parses the time formats found in conversation exports into UTC milliseconds
// since the epoch:
//   ISO-8601 / RFC 3339: 2015-02-24T11:35:52Z, 2015-02-24T11:35:52.123+01:00,
//                        2015-02-24 11:35:52 (no zone = UTC), 2015-02-24
//   export style:        2015-02-24 10:15:29 -0800
//   Twitter API:         Tue Feb 24 10:15:29 +0000 2015, or with a zone's
//                        name: Mon Apr 06 22:19:45 PDT 2009
//   RFC 2822:            Tue, 24 Feb 2015 10:15:29 +0000 (the day's name,
//                        the seconds and the zone optional; mail, RSS, HTTP)
//   (zone names: RFC 822's UT, GMT, Z and EST/EDT, CST/CDT, MST/MDT,
//   PST/PDT, and UTC; no other, since names like IST are ambiguous)
//   Unix epoch:          1424778929 (seconds: 9 or 10 digits) or 1424778929123
//                        (milliseconds: 12 or 13 digits), from 1973 to 2286
// Returns InvalidArgument naming the text when none matches, or when the
// time, once its zone is applied, is outside years 1 to 9999 in UTC.
StatusOr<int64_t> ParseTimestamp(std::string_view text);
// The same without building a Status: false where ParseTimestamp fails (for
// decoders that only need the message of the rare bad time).
bool TryParseTimestamp(std::string_view text, int64_t* ms);
// TryParseTimestamp() that also says whether the text names its zone (or
// is an epoch number): *zoned is false for "2015-02-24 11:35:52",
// "2015-02-24" and an RFC 2822 time without a zone, which the usual forms
// read as UTC and a --time-zone reads as its zone's.
bool TryParseTimestampZone(std::string_view text, int64_t* ms, bool* zoned);

// The system clock's time: UTC milliseconds since the epoch.
int64_t WallClockMs();

// A span of time as flags and parameters write one before now: a count of
// up to nine digits and a unit, s, m, h, d or w ("90d", "12h", "30m",
// "2w"), in milliseconds; nullopt for anything else.
std::optional<int64_t> ParseDurationMs(std::string_view text);

// Formats as ISO-8601 UTC: "2015-02-24T18:15:29Z", with ".123" when the
// milliseconds are not zero.
std::string FormatTimestamp(int64_t ms);
void AppendTimestamp(int64_t ms, std::string* out);
// Writes the same text at `out` (room for 24 bytes) and returns its end.
// Inline: a time in the minute written last (most of a time-ordered
// input's) is a few instructions, which the call, its register saves and the
// caller's spills around it about doubled (the NDJSON writer calls it once a
// post).
inline char* WriteTimestamp(int64_t ms, char* out);

namespace timestamp_internal {

// Whether `ms` is in years 1 to 9999 in UTC, those FormatTimestamp() writes.
bool InRange(int64_t ms);

// Whether y-m-d is a date of years 1 to 9999 (ParseTimestamp()'s test,
// TimeLayout's too).
bool ValidDate(int64_t y, int64_t m, int64_t d);
// UTC milliseconds of a time `days` after 1970-01-01, or of a civil date,
// at h:mi:s.ms `offset_min` minutes east of UTC.
int64_t ComposeDays(int64_t days, int64_t h, int64_t mi, int64_t s, int64_t ms, int64_t offset_min);
int64_t Compose(int64_t y, int64_t mo, int64_t d, int64_t h, int64_t mi, int64_t s, int64_t ms,
                int64_t offset_min);

// The last minute this thread wrote, as "YYYY-MM-DDThh:mm:" (17 bytes), and
// the first milliseconds of that minute and of its day: posts come in time
// order, many to a minute and more to a day.
struct MinutePrefixCache {
  // As unsigned (wrapping) values: a start may lie below INT64_MIN for times
  // near it, and a time's distance from one is then still exact.
  uint64_t minute_start_ms = 0;
  uint64_t day_start_ms = 0;
  char text[17] = {};
  // The starts and text are a written time's, and one within 2^62 ms of
  // the epoch (WriteTimestampNewMinute); text is written either way.
  bool valid = false;
};
// Constant-initialized, so that other files reach it with no call to a
// thread-local wrapper.
extern thread_local constinit MinutePrefixCache minute_prefix_cache;

// The seconds and milliseconds past the cached minute's start, `in_minute`
// in [0, 60000), and the 'Z'.
[[gnu::always_inline]] inline char* WriteSecondsAndZone(const MinutePrefixCache& cache,
                                                         uint64_t in_minute, char* out) {
  std::memcpy(out, cache.text, 17);
  char* p = out + 17;
  const uint64_t frac = in_minute % 1000;
  bytes::PutTwoDigits(in_minute / 1000, p);
  p += 2;
  if (frac != 0) {
    *p++ = '.';
    *p++ = static_cast<char>('0' + frac / 100);
    bytes::PutTwoDigits(frac % 100, p);
    p += 2;
  }
  *p++ = 'Z';
  return p;
}

// A time outside the cached minute: the cache moved to its minute first.
char* WriteTimestampNewMinute(int64_t ms, char* out);

}  // namespace timestamp_internal

// Most times fall in the minute written last (posts come in time order):
// their distance from its start, one unsigned compare, gives the seconds
// and milliseconds without the floor divisions of a signed time.
inline char* WriteTimestamp(int64_t ms, char* out) {
  using namespace timestamp_internal;
  const MinutePrefixCache& cache = minute_prefix_cache;
  // Unsigned: wraps instead of overflowing when ms is far from the start.
  const uint64_t in_minute = static_cast<uint64_t>(ms) - cache.minute_start_ms;
  if (cache.valid && in_minute < 60000) return WriteSecondsAndZone(cache, in_minute, out);
  return WriteTimestampNewMinute(ms, out);
}

// Days since 1970-01-01 for a proleptic Gregorian date.
int64_t DaysFromCivil(int64_t y, unsigned m, unsigned d);

}  // namespace parley

#endif  // PARLEY_CORE_TIMESTAMP_H_
