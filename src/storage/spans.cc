#include "src/storage/spans.h"

#include <algorithm>

namespace parley {
namespace {

// Fewer posts than this in a span of their own are strays, whatever the
// size of the conversation.
constexpr int64_t kFewPosts = 10;

// The span `now` is read from (see ConversationNow): the latest that holds
// at least kFewPosts and a tenth of the largest span's posts, or as many as
// the largest when that holds fewer than kFewPosts.
const ConversationSpan& MainSpan(const std::vector<ConversationSpan>& spans) {
  int64_t largest = 0;
  for (const ConversationSpan& s : spans) largest = std::max(largest, s.posts);
  const int64_t need = std::min(largest, std::max(kFewPosts, (largest + 9) / 10));
  auto main = std::find_if(spans.rbegin(), spans.rend(),
                           [&](const ConversationSpan& s) { return s.posts >= need; });
  return *main;  // the largest span qualifies, so there is one
}

}  // namespace

StatusOr<std::vector<ConversationSpan>> ConversationSpans(Store& store) {
  SeriesQuery everything;
  everything.granularity = Granularity::kHour;
  PARLEY_ASSIGN_OR_RETURN(std::vector<SeriesPoint> hours, store.RollupSeries(everything));
  std::vector<ConversationSpan> spans;
  for (const SeriesPoint& p : hours) {
    if (p.rollup.n == 0) continue;
    if (spans.empty() || p.bucket_start - spans.back().last_hour_ms > kSpanGapHours * kHourMs) {
      spans.push_back({p.bucket_start, p.bucket_start, 0});
    }
    spans.back().last_hour_ms = p.bucket_start;
    spans.back().posts += p.rollup.n;
  }
  return spans;
}

StatusOr<int64_t> ConversationNow(Store& store, int64_t clock_ms) {
  PARLEY_ASSIGN_OR_RETURN(std::vector<ConversationSpan> spans, ConversationSpans(store));
  if (spans.empty()) {  // posts without rollups: only their time range is known
    PARLEY_ASSIGN_OR_RETURN(StoreCounts c, store.Counts());
    return c.last_ms;
  }
  const ConversationSpan* main = &MainSpan(spans);
  if (clock_ms != 0) {
    // The latest span not ahead of the clock: live if it reaches close
    // enough to it and is not a stray.
    auto live = std::find_if(spans.rbegin(), spans.rend(), [&](const ConversationSpan& s) {
      return s.last_hour_ms <= clock_ms + kHourMs;
    });
    if (live != spans.rend() && live->last_hour_ms >= clock_ms - kSpanGapHours * kHourMs &&
        live->posts >= kFewPosts) {
      main = &*live;
    }
  }
  PostScan newest;
  newest.to_ms = main->last_hour_ms + kHourMs;
  newest.newest_first = true;
  newest.limit = 1;
  int64_t now = main->last_hour_ms;
  PARLEY_RETURN_IF_ERROR(store.ScanPosts(newest, [&](const StoredPost& sp) {
    now = sp.post.created_at_ms;
    return Status::OK();
  }));
  return now;
}

}  // namespace parley
