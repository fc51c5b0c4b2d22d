// A time zone of the IANA database ("Europe/Paris", "America/New_York"),
// for times an export writes as a wall clock shows them, with no zone (a
// spreadsheet's "14/03/2024 14:05"): --time-zone says where that clock was.
// Backed by ICU's zone data (icu::TimeZone), so daylight-saving rules and
// their history are the library's, not parley's.
//
// Thread safety: immutable; ToUtc() may run on many threads.
#ifndef PARLEY_CORE_TIME_ZONE_H_
#define PARLEY_CORE_TIME_ZONE_H_

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "parley/status.h"

namespace parley {

class TimeZone {
 public:
  // The zone named `name`: an IANA name ("Europe/Paris"), "UTC", or a fixed
  // offset ("+05:30", "-0800", "UTC+2"). InvalidArgument for a name ICU does
  // not know, saying what names look like.
  static StatusOr<std::shared_ptr<const TimeZone>> Find(std::string_view name);

  // Every zone name ICU knows here (those of the IANA database, old names
  // as "Asia/Calcutta" too, and "UTC"), sorted: what Find() takes but
  // offsets. Made once.
  static const std::vector<std::string>& Names();
  ~TimeZone();

  // The UTC milliseconds of the wall-clock time `local_ms` (the time as if
  // it were UTC) in this zone. A time the clocks show twice (the hour they
  // go back) is the first of the two; one they never show (the hour they
  // skip going forward) is read with the offset before the change, as a
  // clock not yet put forward shows it ("02:30" is 03:30 summer time).
  int64_t ToUtc(int64_t local_ms) const;

  // The wall-clock time (as if it were UTC) this zone shows at the UTC
  // instant `utc_ms`: ToUtc(ToLocal(t)) is t, but in the hour clocks go back.
  int64_t ToLocal(int64_t utc_ms) const;

  // The name as ICU knows it ("Europe/Paris", "GMT+05:30").
  const std::string& name() const { return name_; }

 private:
  TimeZone() = default;
  struct Impl;
  std::unique_ptr<Impl> impl_;
  std::string name_;
};

// A time that `text` gives, read as `ms` (ParseTimestamp()), on `zone`'s
// clock: the instant `zone` shows it at when `text` names no zone of its
// own ("2026-03-01", "2026-03-01 09:00"); `ms` as it is when `text` names
// one ("...Z", "+01:00") or `zone` is null. For the flags and API
// parameters that take times on a chosen clock (--since, `from`).
int64_t OnClock(std::string_view text, int64_t ms, const TimeZone* zone);

}  // namespace parley

#endif  // PARLEY_CORE_TIME_ZONE_H_
