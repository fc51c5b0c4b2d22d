#include "src/people/authors.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <unordered_set>

#include "src/people/care_scan.h"
#include "src/people/links.h"
#include "src/people/threads.h"

namespace parley::people {
namespace {

// Counts keys, then lists them most frequent first (ties by key).
class Counter {
 public:
  void Add(const std::vector<std::string>& keys) {
    for (const std::string& k : keys) ++counts_[k];
  }
  std::vector<KeyCount> Sorted() const {
    std::vector<KeyCount> out;
    for (const auto& [k, n] : counts_) out.push_back({k, n});
    std::stable_sort(out.begin(), out.end(),
                     [](const KeyCount& a, const KeyCount& b) { return a.n > b.n; });
    return out;
  }

 private:
  std::map<std::string, int64_t> counts_;
};

// The 95% interval of a mean score from its sum, sum of squares and count:
// Student's t on the sample's spread, within [-1, 1] (scores are); [-1, 1]
// for fewer than two posts, which say nothing of the spread.
void MeanInterval(double sum, double sum_sq, int64_t n, double* low, double* high) {
  *low = -1;
  *high = 1;
  if (n < 2) return;
  // t(0.975, df) for df 1..30; past 30, 1.96 is within 4%.
  static constexpr double kT[] = {12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306,
                                  2.262,  2.228, 2.201, 2.179, 2.160, 2.145, 2.131, 2.120,
                                  2.110,  2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064,
                                  2.060,  2.056, 2.052, 2.048, 2.045, 2.042};
  const auto count = static_cast<double>(n);
  const double mean = sum / count;
  const double var = std::max(0.0, (sum_sq - count * mean * mean) / (count - 1));
  const double t = n - 1 <= 30 ? kT[n - 2] : 1.96;
  const double half = t * std::sqrt(var / count);
  *low = std::max(-1.0, mean - half);
  *high = std::min(1.0, mean + half);
}

class ProfileBuilder {
 public:
  ProfileBuilder(const AuthorQuery& q, AuthorProfile* p) : q_(q), p_(p) {}

  void Add(const StoredPost& sp) {
    const Post& post = sp.post;
    const Sentiment& s = sp.analysis.sentiment;
    if (p_->posts == 0) p_->first_seen_ms = post.created_at_ms;
    p_->last_seen_ms = post.created_at_ms;
    ++p_->posts;
    if (!post.author_name.empty()) p_->name = post.author_name;
    sources_.insert(post.source);
    (s.label == SentimentLabel::kNegative   ? p_->negative
     : s.label == SentimentLabel::kPositive ? p_->positive
                                            : p_->neutral)++;
    score_sum_ += s.score;
    score_sq_ += s.score * s.score;
    if (post.metrics.followers) {
      p_->followers = std::max(p_->followers.value_or(0), *post.metrics.followers);
    }
    AddToTrajectory(post.created_at_ms, s);
    topics_.Add(sp.analysis.topics);
    brands_.Add(sp.analysis.brands);
    intents_.Add(sp.analysis.intents);
    mentions_.Add(sp.analysis.mentions);
    if (internal::NeedsAnswer(sp.analysis.intents, s.label)) waiting_.push_back(ToPostView(sp));
    recent_.push_back(ToPostView(sp));
    if (recent_.size() > static_cast<size_t>(std::max(0, q_.recent)))
      recent_.erase(recent_.begin());
  }

  void Finish() {
    p_->sources.assign(sources_.begin(), sources_.end());
    p_->mean_score = p_->posts ? score_sum_ / static_cast<double>(p_->posts) : 0;
    MeanInterval(score_sum_, score_sq_, p_->posts, &p_->mean_low, &p_->mean_high);
    p_->negative_share = WilsonInterval(static_cast<uint64_t>(p_->negative),
                                        static_cast<uint64_t>(p_->posts));
    p_->granularity = q_.granularity;
    for (size_t k = 0; k < p_->trajectory.size(); ++k) {
      SentimentPoint& pt = p_->trajectory[k];
      MeanInterval(pt.mean_score, trajectory_sq_[k], pt.n, &pt.mean_low, &pt.mean_high);
      pt.negative_share = WilsonInterval(static_cast<uint64_t>(pt.negative),
                                         static_cast<uint64_t>(pt.n));
      pt.mean_score /= static_cast<double>(pt.n);
    }
    p_->topics = topics_.Sorted();
    p_->brands = brands_.Sorted();
    p_->intents = intents_.Sorted();
    p_->mentions = mentions_.Sorted();
    p_->recent.assign(recent_.rbegin(), recent_.rend());
  }

  // Their posts that ask for an answer (candidates for open complaints).
  const std::vector<PostView>& waiting() const { return waiting_; }

 private:
  void AddToTrajectory(int64_t ms, const Sentiment& s) {
    int64_t start = BucketStart(q_.granularity, ms, q_.zone.get());
    if (p_->trajectory.empty() || p_->trajectory.back().bucket_start_ms != start) {
      SentimentPoint point;
      point.bucket_start_ms = start;
      p_->trajectory.push_back(point);
      trajectory_sq_.push_back(0);
    }
    SentimentPoint& pt = p_->trajectory.back();
    trajectory_sq_.back() += s.score * s.score;
    ++pt.n;
    (s.label == SentimentLabel::kNegative   ? pt.negative
     : s.label == SentimentLabel::kPositive ? pt.positive
                                            : pt.neutral)++;
    pt.mean_score += s.score;  // a sum until Finish
  }

  const AuthorQuery& q_;
  AuthorProfile* p_;
  std::set<std::string> sources_;
  double score_sum_ = 0, score_sq_ = 0;
  std::vector<double> trajectory_sq_;  // per trajectory point, its scores squared, summed
  Counter topics_, brands_, intents_, mentions_;
  std::vector<PostView> waiting_;
  std::vector<PostView> recent_;
};

// The stored posts of the thread `post` belongs to, in time order: the
// thread GetThread finds from it, so that the queue's rules see what
// `parley thread` shows (replies stored without the thread id included).
StatusOr<std::vector<StoredPost>> ThreadPosts(Store& store, const PostView& post) {
  std::vector<StoredPost> out;
  PARLEY_ASSIGN_OR_RETURN(std::optional<Thread> t,
                          GetThread(store, {post.source, post.id, ThreadOrder::kOldest}));
  if (!t) return out;
  for (const ThreadNode& n : t->posts) {
    PARLEY_ASSIGN_OR_RETURN(std::optional<StoredPost> sp, store.GetPost(n.post.source, n.post.id));
    if (sp) out.push_back(std::move(*sp));
  }
  return out;
}

// The author's posts that the care queue lists, ranked as it ranks them.
StatusOr<std::vector<QueueItem>> OpenComplaints(Store& store, const AuthorQuery& q,
                                                const std::vector<PostView>& waiting,
                                                const OwnAccounts& accounts) {
  std::vector<QueueItem> items;
  if (waiting.empty() || accounts.empty()) return items;
  PARLEY_ASSIGN_OR_RETURN(std::unordered_set<std::string> handled, internal::HandledKeys(store));
  PARLEY_ASSIGN_OR_RETURN(int64_t now, internal::DefaultNow(store, 0, q.clock_ms));
  std::unordered_set<std::string> seen_threads;
  for (const PostView& w : waiting) {
    std::string key = internal::CareScan::PostKey(w.source, w.thread.empty() ? w.id : w.thread);
    if (!seen_threads.insert(key).second) continue;
    PARLEY_ASSIGN_OR_RETURN(std::vector<StoredPost> posts, ThreadPosts(store, w));
    internal::CareScan scan(accounts, {}, kMinTime, kMaxTime);
    for (const StoredPost& sp : posts) scan.Add(sp);
    int64_t handled_count = 0;
    for (internal::Pending& p : scan.Take(handled, false, &handled_count)) {
      if (NormalizeHandle(p.post.author) != NormalizeHandle(q.handle)) continue;
      std::string id_key = internal::CareScan::PostKey(p.post.source, p.post.id);
      if (!seen_threads.insert("item\x1f" + id_key).second) continue;
      PARLEY_ASSIGN_OR_RETURN(std::optional<AuthorInfluence> inf,
                              store.InfluenceOf(p.post.source, p.post.author));
      double pct = inf ? inf->percentile : 0;
      items.push_back(internal::ScoreItem(std::move(p), pct, now, {}));
    }
  }
  internal::SortItems(&items);
  return items;
}

// Handles are case-blind (the graph and mentions compare them lower-cased):
// an author is every spelling of the handle in any case, shown as asked when
// posts are stored so, else as the spelling with the most posts
// ("pointspilot" is "PointsPilot"). The spellings stored, in *shown the one
// shown.
StatusOr<std::vector<std::string>> Spellings(Store& store, const AuthorQuery& q,
                                             std::string* shown) {
  PARLEY_ASSIGN_OR_RETURN(std::vector<StoredAuthor> any,
                          store.GetAuthors(q.source, q.handle, /*any_case=*/true));
  std::map<std::string, int64_t> posts;
  for (const StoredAuthor& a : any) posts[a.handle] += a.posts;
  const auto best = std::max_element(
      posts.begin(), posts.end(), [](const auto& a, const auto& b) { return a.second < b.second; });
  *shown = best == posts.end() || posts.count(q.handle) ? q.handle : best->first;
  std::vector<std::string> out;
  for (const auto& [handle, _] : posts) out.push_back(handle);
  return out;
}

// The posts of all the spellings, in time order.
StatusOr<std::vector<StoredPost>> PostsOf(Store& store, const std::string& source,
                                          const std::vector<std::string>& spellings) {
  std::vector<StoredPost> out;
  for (const std::string& handle : spellings) {
    PostScan scan;
    scan.source = source;
    scan.author = handle;
    PARLEY_RETURN_IF_ERROR(store.ScanPosts(scan, [&](const StoredPost& sp) {
      out.push_back(sp);
      return Status::OK();
    }));
  }
  std::stable_sort(out.begin(), out.end(), [](const StoredPost& a, const StoredPost& b) {
    return a.post.created_at_ms < b.post.created_at_ms;
  });
  return out;
}

}  // namespace

StatusOr<std::optional<AuthorProfile>> GetAuthorProfile(Store& store, const AuthorQuery& query,
                                                        const OwnAccounts& accounts) {
  if (query.handle.starts_with('@')) {  // "@frank", as mentions and the graph print handles
    AuthorQuery bare = query;
    bare.handle.erase(0, bare.handle.find_first_not_of('@'));
    return GetAuthorProfile(store, bare, accounts);
  }
  if (query.handle.empty()) return InvalidArgumentError("an author handle is needed");
  AuthorProfile p;
  PARLEY_ASSIGN_OR_RETURN(std::vector<std::string> spellings, Spellings(store, query, &p.handle));
  AuthorQuery shown = query;
  shown.handle = p.handle;
  ProfileBuilder b(shown, &p);
  PARLEY_ASSIGN_OR_RETURN(std::vector<StoredPost> posts, PostsOf(store, query.source, spellings));
  for (const StoredPost& sp : posts) b.Add(sp);
  if (p.posts == 0) return std::optional<AuthorProfile>();
  b.Finish();
  for (size_t i = 0; i < p.sources.size(); ++i) {
    Refresh r = i == 0 ? query.influence_refresh : Refresh::kNever;
    PARLEY_ASSIGN_OR_RETURN(std::optional<AuthorInfluence> inf,
                            InfluenceOfAuthor(store, p.sources[i], p.handle, r));
    if (inf && (!p.influence || inf->score > p.influence->score)) p.influence = std::move(inf);
  }
  PARLEY_ASSIGN_OR_RETURN(p.open_complaints, OpenComplaints(store, shown, b.waiting(), accounts));
  return std::optional<AuthorProfile>(std::move(p));
}

}  // namespace parley::people
