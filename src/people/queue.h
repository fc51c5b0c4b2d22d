// The care queue: posts that need an answer from a brand and have none yet,
// most urgent first, each with the reasons it is there.
//
// A post needs an answer when it is about a brand that declares accounts
// (accounts.h) — it names the brand, it is a follow-up by the author of
// its thread's first post, which names it, or it replies to a post by one
// of the brand's accounts or is in a thread such an account began (the
// comments under the brand's own post); customers talking among themselves
// elsewhere wait for nobody — it is not a share (RT) and not
// by such an account, and it has complaint, churn or question intent or
// negative sentiment. It is answered when a post by one of that brand's
// accounts follows it in the same thread (the thread id; a post without one
// is in its parent's thread, threads.h), or when any brand's account
// replies to it directly (its parent id), or when its own record carries
// the business's reply (a review export's, RepliedInRecord()). Each thread contributes at most
// one item: its oldest unanswered post; the thread's later posts count as
// its spread. Posts marked handled (MarkHandled) leave the queue for good;
// the thread's next waiting post, if any, takes their place.
//
// priority = 100 * (0.30 influence + 0.20 reach + 0.20 recency
//                   + 0.15 spread + 0.15 severity), every term in [0, 1]:
//   influence = the author's influence percentile / 100 (influence.h)
//   reach     = min(1, log10(1 + followers) / 6): a million followers is 1
//   recency   = 0.5^(age_hours / 12), age measured to QueueQuery::now_ms
//   spread    = min(1, log10(1 + replies by others + shares + likes / 10) / 2)
//   severity  = max(intent weight, -score if negative): churn 1.0,
//               complaint 0.9, question 0.6, other 0
// (PriorityWeights holds the weights.)
//
// Thread safety: functions use the given Store, which is single-threaded.
#ifndef PARLEY_PEOPLE_QUEUE_H_
#define PARLEY_PEOPLE_QUEUE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "parley/status.h"
#include "src/people/accounts.h"
#include "src/people/post_view.h"
#include "src/storage/store.h"

namespace parley::people {

struct PriorityWeights {
  double influence = 0.30;
  double reach = 0.20;
  double recency = 0.20;
  double spread = 0.15;
  double severity = 0.15;
  double recency_half_life_hours = 12;
};

// The terms of one item's priority, each in [0, 1].
struct PriorityTerms {
  double influence = 0, reach = 0, recency = 0, spread = 0, severity = 0;
};

// What the terms are computed from.
struct PriorityInputs {
  double influence_percentile = 0;  // 0..100
  std::optional<int64_t> followers;
  double age_hours = 0;
  int64_t replies_from_others = 0;
  int64_t shares = 0, likes = 0;
  std::vector<std::string> intents;
  SentimentLabel label = SentimentLabel::kNeutral;
  double score = 0;
};

PriorityTerms ComputeTerms(const PriorityInputs& in, const PriorityWeights& w);
// 100 * the weighted sum of the terms.
double Priority(const PriorityTerms& t, const PriorityWeights& w);
// The reasons shown with an item, most telling first: intent, sentiment,
// influence, reach, spread and answer state, age.
std::vector<std::string> Reasons(const PriorityInputs& in, const PriorityTerms& t);

struct QueueItem {
  PostView post;
  std::string thread_id;            // the thread it belongs to
  std::vector<std::string> brands;  // whose answer it waits for
  double priority = 0;
  PriorityTerms terms;
  double influence_percentile = 0;
  int64_t replies_from_others = 0;
  std::vector<std::string> reasons;
  bool handled = false;  // only with QueueQuery::include_handled
};

struct QueueQuery {
  // "Now" for recency; 0: the store's ConversationNow (src/storage/spans.h),
  // its newest post unless that is a stray dated far from the rest (so that
  // an old export still ranks sensibly, and a post dated 9999 moves nothing).
  // A post after now is 0 hours old.
  int64_t now_ms = 0;
  // The wall clock's time when the queue is asked for (0: not given): with
  // it, a live stream after an older backfill is the present
  // (ConversationNow()). The CLI and the server give it.
  int64_t clock_ms = 0;
  int64_t from_ms = kMinTime;  // posts created in [from_ms, to_ms) can enter
  int64_t to_ms = kMaxTime;
  std::string source;               // empty: all sources
  std::vector<std::string> brands;  // taxonomy ids; empty: every brand with accounts
  int64_t limit = 50;               // negative: all
  bool include_handled = false;
  PriorityWeights weights;
};

struct CareQueue {
  int64_t now_ms = 0;
  int64_t total = 0;             // waiting (not handled) items before the limit
  int64_t handled = 0;           // items left out because they were marked handled
  std::vector<QueueItem> items;  // by priority, highest first
};

// Builds the queue from the store's posts (reads every post: a post in
// [from_ms, to_ms) is judged exactly as without the window, by its whole
// thread). Influence comes from Influencers() (refreshed if stale).
StatusOr<CareQueue> BuildCareQueue(Store& store, const QueueQuery& query,
                                   const OwnAccounts& accounts);

// Marks the post `id` (of `source`; empty: the only source that has it)
// handled at `at_ms`. NotFound when no post has that id, InvalidArgument
// when several sources do and none was given.
Status MarkDone(Store& store, std::string_view source, std::string_view id, int64_t at_ms,
                std::string_view note = "");

}  // namespace parley::people

#endif  // PARLEY_PEOPLE_QUEUE_H_
