// Parsing and formatting of instants, always normalized to UTC.
#ifndef PARLEY_CORE_TIMESTAMP_H_
#define PARLEY_CORE_TIMESTAMP_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "parley/status.h"

namespace parley {

// Parses the time formats found in conversation exports into UTC milliseconds
// since the epoch:
//   ISO-8601 / RFC 3339: 2015-02-24T11:35:52Z, 2015-02-24T11:35:52.123+01:00,
//                        2015-02-24 11:35:52 (no zone = UTC), 2015-02-24
//   export style:        2015-02-24 10:15:29 -0800
//   Twitter API:         Tue Feb 24 10:15:29 +0000 2015
//   Unix epoch:          1424778929 (seconds) or 1424778929123 (milliseconds)
// Returns InvalidArgument naming the text when none matches.
StatusOr<int64_t> ParseTimestamp(std::string_view text);
// The same without building a Status: false where ParseTimestamp fails (for
// decoders that only need the message of the rare bad time).
bool TryParseTimestamp(std::string_view text, int64_t* ms);

// Formats as ISO-8601 UTC: "2015-02-24T18:15:29Z", with ".123" when the
// milliseconds are not zero.
std::string FormatTimestamp(int64_t ms);
void AppendTimestamp(int64_t ms, std::string* out);
// Writes the same text at `out` (room for 24 bytes) and returns its end.
char* WriteTimestamp(int64_t ms, char* out);

// Days since 1970-01-01 for a proleptic Gregorian date.
int64_t DaysFromCivil(int64_t y, unsigned m, unsigned d);

}  // namespace parley

#endif  // PARLEY_CORE_TIMESTAMP_H_
