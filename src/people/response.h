// How often and how fast brands answer the posts that wait for them: the
// care team's own numbers (reply rate, time to first answer, the share
// answered within an hour and within a day), each with its interval.
//
// The posts are those the care queue judges (queue.h states the rules):
// every post created in the window that needed an answer from a brand with
// accounts. A post is answered when the queue would drop it as answered (a
// post by an awaited brand's account later in its thread, or any brand's
// account replying to it), at that post's time, or when its own record
// carries the business's reply (RepliedInRecord(): answered, at no known
// time). A post neither answered nor marked handled still waits.
//
// Times to answer are those of the posts answered: the posts still waiting
// are not in them (they may be answered later, or never), so the median
// says how fast answers come, and the reply rate how many come. "Within an
// hour" is a share of the posts whose hour is over (created an hour or
// more before now, or answered): a post of ten minutes ago that waits may
// still be answered within its hour.
//
// Thread safety: functions use the given Store, which is single-threaded.
#ifndef PARLEY_PEOPLE_RESPONSE_H_
#define PARLEY_PEOPLE_RESPONSE_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "parley/status.h"
#include "src/metrics/intervals.h"
#include "src/people/accounts.h"
#include "src/people/queue.h"
#include "src/storage/store.h"

namespace parley::people {

struct ResponseStats {
  std::string brand;               // a taxonomy id; "*": every brand's posts, each post once
  // The bucket (its start) of the posts counted, by when they were
  // created; unset: every post of the window.
  std::optional<int64_t> bucket_ms;
  int64_t needed = 0;              // posts that waited for an answer
  int64_t answered = 0;            // answered in the data or in their own record
  int64_t answered_in_record = 0;  // of those, in their record (no time)
  int64_t handled = 0;             // not answered in the data, marked handled (queue done)
  int64_t waiting = 0;             // neither: in the queue
  Interval reply_rate;             // answered / needed (Wilson)
  // Time to first answer of the posts answered at a known time: its
  // median, with a distribution-free interval (order statistics; with
  // fewer than 6 times, 95% is out of reach and it spans them all), and
  // the time within which 90% of them were answered.
  int64_t timed = 0;
  std::optional<Interval> median_ms;
  std::optional<int64_t> p90_ms;
  // Answered within an hour and within a day, a share of the posts whose
  // hour (day) is over; posts answered at no known time and posts marked
  // handled are left out (when they were answered is not known).
  int64_t hour_over = 0, day_over = 0;
  Interval within_hour{0, 0, 1}, within_day{0, 0, 1};
};

struct ResponseReport {
  int64_t now_ms = 0;  // as QueueQuery::now_ms, or the store's ConversationNow
  double confidence = 0.95;
  // "*" first, then each brand with posts that waited for it, most first;
  // with buckets, then the same for each bucket with posts, oldest first.
  std::vector<ResponseStats> brands;
  // The buckets' granularity and zone (ResponseBuckets), for showing them.
  std::optional<Granularity> granularity;
  std::shared_ptr<const TimeZone> zone;
};

// Buckets for the figures over time (how the reply rate moves week by
// week): unset granularity, none.
struct ResponseBuckets {
  std::optional<Granularity> granularity;
  std::shared_ptr<const TimeZone> zone;  // days and weeks cut at its midnight; null: UTC
};

// The response figures of the posts `query` selects (window, source,
// brands; its limit and include_handled do not apply).
StatusOr<ResponseReport> BuildResponseReport(Store& store, const QueueQuery& query,
                                             const OwnAccounts& accounts, double confidence = 0.95,
                                             const ResponseBuckets& buckets = {});

// The distribution-free interval of the median of `sorted` (ascending):
// the order statistics x(r) and x(n+1-r), r the largest with P(B < r) <=
// (1 - confidence) / 2 for B ~ Binomial(n, 1/2) (the normal approximation
// above 1,000 values); estimate the sample median. Empty: nullopt.
std::optional<Interval> MedianInterval(const std::vector<double>& sorted, double confidence);

// "45s", "12m", "1h 05m", "2d 03h": a duration as a care team reads it.
std::string ShortDuration(int64_t ms);

// The table (one line a brand, or a bucket and brand, its bucket's start
// on the report's zone's clock), JSON (an object a line; `bucket` a UTC
// instant, null for the whole window) and CSV (the same, `bucket` empty
// for the whole window) renderings.
std::string ResponseTable(const ResponseReport& r);
std::string ResponseNdjson(const ResponseReport& r);
// The same rows as one object, as the API answers: {"now", "confidence",
// "brands": [...]}.
std::string ResponseJson(const ResponseReport& r);
std::string ResponseCsv(const ResponseReport& r);

}  // namespace parley::people

#endif  // PARLEY_PEOPLE_RESPONSE_H_
