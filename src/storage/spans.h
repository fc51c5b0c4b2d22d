// The spans of the stored conversation, and the "now" that follows from them.
//
// A gap of more than kSpanGapHours with no post at all ends one span and
// starts the next. A stray post far from the rest (a 2015 tweet in a 2026
// export, a year typed wrong, a date in 9999) is thus a span of its own:
// the change detectors read each span apart (src/change/run.h), and the
// people commands take their default "now" from the spans so that a handful
// of such posts cannot move it (ConversationNow).
//
// Thread safety: functions use the given Store, which is single-threaded.
#ifndef PARLEY_STORAGE_SPANS_H_
#define PARLEY_STORAGE_SPANS_H_

#include <cstdint>
#include <vector>

#include "parley/status.h"
#include "src/storage/store.h"

namespace parley {

// A gap in the stored conversation longer than this (no post at all) ends
// one span of it and starts another.
inline constexpr int kSpanGapHours = 7 * 24;

struct ConversationSpan {
  int64_t first_hour_ms = 0, last_hour_ms = 0;  // starts of its first and last hour with a post
  int64_t posts = 0;
};

// The spans of all sources' posts together, in time order (from the hourly
// rollups); empty for an empty store.
StatusOr<std::vector<ConversationSpan>> ConversationSpans(Store& store);

// The time of the newest post of the main span: the latest span that holds
// at least 10 posts and at least a tenth as many as the largest span (when
// no span holds 10, the latest of the largest). That is the newest post in
// the store unless it sits in a small span far from the rest: a handful of
// posts dated years ahead would otherwise age every real post by years.
// 0 for an empty store.
//
// `clock_ms`, when not 0, is the wall clock's time: then a live span (its
// newest post at most kSpanGapHours before the clock and not after it,
// give or take an hour) of 10 posts or more is the main span, whatever
// the size of the others: after a large backfill, a gap and a little live
// data, the live posts are the present. An export of the past (no span
// near the clock) and strays dated ahead are read as without the clock.
StatusOr<int64_t> ConversationNow(Store& store, int64_t clock_ms = 0);

}  // namespace parley

#endif  // PARLEY_STORAGE_SPANS_H_
