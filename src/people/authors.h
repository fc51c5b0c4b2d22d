// One author, profiled: when they were seen, how much they post, how their
// sentiment moved, what and whom they talk about, their reach and influence,
// and their complaints that still wait for an answer.
//
// Thread safety: GetAuthorProfile uses the given Store, which is
// single-threaded.
#ifndef PARLEY_PEOPLE_AUTHORS_H_
#define PARLEY_PEOPLE_AUTHORS_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "parley/status.h"
#include "src/people/accounts.h"
#include "src/people/influence.h"
#include "src/people/post_view.h"
#include "src/people/queue.h"
#include "src/metrics/intervals.h"
#include "src/storage/rollup.h"
#include "src/storage/store.h"

namespace parley::people {

// Sentiment of the author's posts in one time bucket, with 95% intervals:
// the mean score's (Student's t; [-1, 1] for one post) and the negative
// share's (Wilson).
struct SentimentPoint {
  int64_t bucket_start_ms = 0;
  int64_t n = 0, negative = 0, neutral = 0, positive = 0;
  double mean_score = 0;
  double mean_low = -1, mean_high = 1;
  Interval negative_share;
};

struct KeyCount {
  std::string key;
  int64_t n = 0;
};

struct AuthorProfile {
  std::string handle, name;
  std::vector<std::string> sources;  // where they posted
  int64_t first_seen_ms = 0, last_seen_ms = 0;
  int64_t posts = 0;
  int64_t negative = 0, neutral = 0, positive = 0;
  double mean_score = 0;
  double mean_low = -1, mean_high = 1;  // 95% interval, as SentimentPoint's
  Interval negative_share;
  std::optional<int64_t> followers;  // reach: the largest count seen
  Granularity granularity = Granularity::kWeek;
  std::vector<SentimentPoint> trajectory;                   // time order, empty buckets absent
  std::vector<KeyCount> topics, brands, intents, mentions;  // most first
  std::optional<AuthorInfluence> influence;
  std::vector<QueueItem> open_complaints;  // their posts in the care queue
  std::vector<PostView> recent;            // newest first
};

struct AuthorQuery {
  // In any case, with or without '@'. The profile is of every spelling of
  // it in any case (as the influence graph merges them), shown as written
  // here when posts are stored so, else as the spelling with the most posts.
  std::string handle;
  std::string source;  // empty: every source
  Granularity granularity = Granularity::kWeek;
  // The trajectory's days and weeks cut at this zone's midnight (rollup.h's
  // BucketStart()); null: UTC's.
  std::shared_ptr<const TimeZone> zone;
  int recent = 10;  // recent posts listed
  Refresh influence_refresh = Refresh::kIfStale;
  // The wall clock's time (0: not given), for the open complaints' ages, as
  // QueueQuery::clock_ms.
  int64_t clock_ms = 0;
};

// The profile; nullopt when the store has no post by that handle.
// open_complaints are the author's posts that BuildCareQueue would list
// (complaint, churn or question intent or negative, not answered by the
// brand, not handled), ranked the same way.
StatusOr<std::optional<AuthorProfile>> GetAuthorProfile(Store& store, const AuthorQuery& query,
                                                        const OwnAccounts& accounts);

}  // namespace parley::people

#endif  // PARLEY_PEOPLE_AUTHORS_H_
