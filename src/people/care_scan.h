// Internal to src/people: the streaming pass behind the care queue. Posts
// go in in time order; the scan keeps, per thread, the posts that still
// wait for their brand's answer (queue.h states the rules).
//
// Thread safety: one thread at a time.
#ifndef PARLEY_PEOPLE_CARE_SCAN_H_
#define PARLEY_PEOPLE_CARE_SCAN_H_

#include <optional>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "src/people/accounts.h"
#include "src/people/post_view.h"
#include "src/people/queue.h"

namespace parley::people::internal {

// A post waiting for an answer.
struct Pending {
  PostView post;
  std::string thread_id;
  std::vector<std::string> brands;
  int64_t replies_from_others = 0;
  bool handled = false;
};

// True when the post asks for an answer by its intent or sentiment.
bool NeedsAnswer(const std::vector<std::string>& intents, SentimentLabel label);

// True when the post's own record carries the business's reply to it, as
// review exports write one beside the review: a non-blank `replyContent` or
// `replyText` (Google Play, google-play-scraper for Python and for Node),
// `reviewReply` (Google Business Profile) or `companyReply` (Trustpilot)
// among its unmapped columns, any case, or their dotted sub-fields
// (`reviewReply.comment`). Such a post is answered where it stands.
bool RepliedInRecord(const Post& p);

// What became of a post that needed an answer (response.h).
struct Outcome {
  std::string key;                  // CareScan::PostKey(source, id)
  std::vector<std::string> brands;  // whose answer it waited for
  int64_t created_ms = 0;
  // When a post by an awaited brand's account (or any brand's, replying
  // to it) answered it; unset while it waits, or when it was answered in
  // its own record.
  std::optional<int64_t> answered_ms;
  bool in_record = false;  // RepliedInRecord(): answered, at no known time
};

class CareScan {
 public:
  // Posts created in [from_ms, to_ms) can wait; `brands` limits whose
  // answers are awaited (empty: every brand with accounts).
  CareScan(const OwnAccounts& accounts, std::vector<std::string> brands, int64_t from_ms,
           int64_t to_ms)
      : accounts_(accounts), brands_(std::move(brands)), from_ms_(from_ms), to_ms_(to_ms) {}

  // Adds the next post (time order).
  void Add(const StoredPost& sp);

  // The oldest waiting post of each thread that is not in `handled`
  // (keys source + '\x1f' + id), thread by thread in order of that post.
  // Handled posts are counted in *handled_count; with include_handled they
  // are returned too, marked.
  std::vector<Pending> Take(const std::unordered_set<std::string>& handled, bool include_handled,
                            int64_t* handled_count);

  static std::string PostKey(std::string_view source, std::string_view id);

  // Every post that needed an answer, in the order added, and what became
  // of it so far.
  std::vector<Outcome> Outcomes() const;

 private:
  struct ThreadState {
    std::string id;  // the thread id shown: stored, else the root post's
    std::vector<std::string> root_brands;
    std::string root_author;
    std::string started_by;    // the brand whose account wrote its first post, if one did
    std::vector<size_t> open;  // indexes into pending_, time order
  };
  // The post's thread; *created when this post is its first.
  ThreadState& ThreadOf(const Post& p, bool* created);
  std::vector<std::string> AwaitedBrands(const Post& p, const Analysis& a,
                                         const ThreadState& t) const;

  const OwnAccounts& accounts_;
  std::vector<std::string> brands_;
  int64_t from_ms_, to_ms_;
  std::unordered_map<std::string, ThreadState> threads_;
  std::unordered_map<std::string, std::string> thread_of_post_;  // post key -> thread key
  std::unordered_map<std::string, std::string> brand_posts_;     // post key -> its account's brand
  std::vector<Pending> pending_;
  std::vector<bool> answered_;
  std::vector<int64_t> answered_at_;  // per pending_, when answered_
  // Posts answered in their own record, kept for Outcomes() only.
  std::vector<Outcome> in_record_;
};

// The queue item of `p`: its priority terms, priority and reasons, given its
// author's influence percentile (0..100), with recency measured to now_ms.
QueueItem ScoreItem(Pending p, double influence_percentile, int64_t now_ms,
                    const PriorityWeights& w);
// Highest priority first; ties newest first, then by id.
void SortItems(std::vector<QueueItem>* items);
// now_ms, or the store's ConversationNow (src/storage/spans.h) at the wall
// clock's clock_ms (0: none) when it is 0.
StatusOr<int64_t> DefaultNow(Store& store, int64_t now_ms, int64_t clock_ms);
// Adds every post of query.source to `scan`, oldest first: from the first
// post, whatever the window, as a post in the window is judged by its whole
// thread (who started it, about which brand); the scan keeps only posts in
// its window.
Status ScanAll(Store& store, const QueueQuery& query, CareScan* scan);
// The keys (CareScan::PostKey()) of the posts marked handled.
StatusOr<std::unordered_set<std::string>> HandledKeys(Store& store);

}  // namespace parley::people::internal

#endif  // PARLEY_PEOPLE_CARE_SCAN_H_
