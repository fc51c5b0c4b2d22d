#include "src/people/influence.h"

#include <algorithm>
#include <numeric>
#include <unordered_map>
#include <unordered_set>

#include "src/people/links.h"
#include "src/storage/spans.h"

namespace parley::people {
namespace {

// Each value's mid-rank percentile in [0, 1]: (values below + half of the
// values equal) / n.
std::vector<double> MidRankPercentiles(const std::vector<double>& values) {
  const size_t n = values.size();
  std::vector<size_t> order(n);
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(), [&](size_t a, size_t b) { return values[a] < values[b]; });
  std::vector<double> out(n);
  for (size_t i = 0; i < n;) {
    size_t j = i;
    while (j < n && values[order[j]] == values[order[i]]) ++j;
    double p = (static_cast<double>(i) + 0.5 * static_cast<double>(j - i)) / static_cast<double>(n);
    for (size_t k = i; k < j; ++k) out[order[k]] = p;
    i = j;
  }
  return out;
}

// Builds the graph from every post, with each author's reach and the
// likes and shares their posts received.
class GraphBuilder {
 public:
  explicit GraphBuilder(const GraphOptions& options) : graph_(options) {}

  Status Add(const StoredPost& sp) {
    const Post& p = sp.post;
    uint32_t a = graph_.Node(p.source, p.author);
    graph_.SetDisplayHandle(a, p.author);
    Grow(a);
    if (p.metrics.followers) reach_[a] = std::max(reach_[a], *p.metrics.followers);
    engagement_[a] +=
        static_cast<double>(p.metrics.likes.value_or(0) + p.metrics.shares.value_or(0));
    linked_.clear();
    if (!p.parent.empty()) {
      auto it = post_author_.find(PostKey(p.source, p.parent));
      if (it != post_author_.end()) Link(a, it->second, LinkKind::kReply, p.created_at_ms);
    }
    std::string_view quoted = QuotedAuthor(p);
    if (!quoted.empty()) Link(a, graph_.Node(p.source, quoted), LinkKind::kShare, p.created_at_ms);
    for (const std::string& m : sp.analysis.mentions) {
      uint32_t b = graph_.Node(p.source, m);
      if (!linked_.count(b)) Link(a, b, LinkKind::kMention, p.created_at_ms);
    }
    post_author_.emplace(PostKey(p.source, p.id), a);
    return Status::OK();
  }

  InteractionGraph& graph() { return graph_; }
  std::vector<int64_t>& reach() { return reach_; }
  // Likes and shares of their posts plus what the graph gave them.
  std::vector<double> Engagement() {
    Grow(static_cast<uint32_t>(graph_.node_count()) - 1);
    std::vector<double> e = engagement_;
    for (size_t i = 0; i < graph_.node_count(); ++i) {
      const GraphNode& n = graph_.node(static_cast<uint32_t>(i));
      e[i] += static_cast<double>(n.replies_received + n.mentions_received + n.shares_received);
    }
    return e;
  }

 private:
  static std::string PostKey(std::string_view source, std::string_view id) {
    std::string k(source);
    k.push_back('\x1f');
    k += id;
    return k;
  }
  // One link per target and post: a reply to @x that also mentions @x is
  // one reply, a share "RT @x:" is not also a mention of x.
  void Link(uint32_t from, uint32_t to, LinkKind kind, int64_t at_ms) {
    if (!linked_.insert(to).second) return;
    graph_.Add(from, to, kind, at_ms);
  }
  void Grow(uint32_t i) {
    if (reach_.size() <= i) {
      reach_.resize(graph_.node_count(), 0);
      engagement_.resize(graph_.node_count(), 0);
    }
  }

  InteractionGraph graph_;
  std::unordered_map<std::string, uint32_t> post_author_;
  std::unordered_set<uint32_t> linked_;
  std::vector<int64_t> reach_;
  std::vector<double> engagement_;
};

bool Excluded(const AuthorInfluence& row, const InfluenceQuery& q,
              const std::unordered_set<std::string>& exclude) {
  if (!q.source.empty() && row.source != q.source) return true;
  return exclude.count(NormalizeHandle(row.handle)) > 0;
}

// Keeps the rows the query wants, up to its limit.
void Filter(const InfluenceQuery& q, std::vector<AuthorInfluence>* rows) {
  std::unordered_set<std::string> exclude;
  for (const std::string& h : q.exclude) exclude.insert(NormalizeHandle(h));
  std::erase_if(*rows, [&](const AuthorInfluence& r) { return Excluded(r, q, exclude); });
  if (q.limit >= 0 && rows->size() > static_cast<size_t>(q.limit)) rows->resize(q.limit);
}

// Serves the stored ranking: reads more rows until the filtered rows fill
// the limit or the table ends.
StatusOr<std::vector<AuthorInfluence>> StoredRows(Store& store, const InfluenceQuery& q) {
  bool filtered = !q.source.empty() || !q.exclude.empty();
  int64_t n = q.limit < 0 ? -1 : q.limit + static_cast<int64_t>(q.exclude.size());
  if (filtered && n >= 0) n = std::max<int64_t>(n * 2, 64);
  while (true) {
    PARLEY_ASSIGN_OR_RETURN(std::vector<AuthorInfluence> rows, store.Influence(n));
    bool complete = n < 0 || static_cast<int64_t>(rows.size()) < n;
    Filter(q, &rows);
    if (complete || q.limit < 0 || static_cast<int64_t>(rows.size()) >= q.limit) return rows;
    n *= 4;
  }
}

// Computes, then stores the ranking when the store takes writes.
StatusOr<InfluenceRanking> ComputeAndStore(Store& store, const InfluenceOptions& options) {
  PARLEY_ASSIGN_OR_RETURN(InfluenceRanking r, ComputeInfluence(store, options));
  Status s = store.PutInfluence(r.data_version, r.rows);
  // A read-only store serves the ranking computed now without keeping it.
  if (!s.ok() && s.code() != StatusCode::kFailedPrecondition) return s;
  return r;
}

}  // namespace

std::vector<AuthorInfluence> RankAuthors(const InteractionGraph& graph,
                                         const std::vector<double>& pagerank,
                                         const std::vector<int64_t>& reach,
                                         const std::vector<double>& engagement,
                                         const InfluenceOptions& o) {
  const size_t n = graph.node_count();
  std::vector<double> reach_d(reach.begin(), reach.end());
  std::vector<double> p_pr = MidRankPercentiles(pagerank), p_reach = MidRankPercentiles(reach_d),
                      p_eng = MidRankPercentiles(engagement);
  std::vector<double> score(n);
  for (size_t i = 0; i < n; ++i) {
    score[i] = 100 * (o.pagerank_weight * p_pr[i] + o.reach_weight * p_reach[i] +
                      o.engagement_weight * p_eng[i]);
  }
  std::vector<double> pct = MidRankPercentiles(score);
  std::vector<AuthorInfluence> rows(n);
  for (size_t i = 0; i < n; ++i) {
    const GraphNode& g = graph.node(static_cast<uint32_t>(i));
    AuthorInfluence& r = rows[i];
    r.source = g.source;
    r.handle = g.handle;
    r.score = score[i];
    r.percentile = 100 * pct[i];
    r.pagerank = pagerank[i];
    r.reach = reach[i];
    r.engagement = engagement[i];
    r.replies_received = g.replies_received;
    r.mentions_received = g.mentions_received;
    r.shares_received = g.shares_received;
  }
  std::sort(rows.begin(), rows.end(), [](const AuthorInfluence& a, const AuthorInfluence& b) {
    if (a.score != b.score) return a.score > b.score;
    if (a.pagerank != b.pagerank) return a.pagerank > b.pagerank;
    return a.source != b.source ? a.source < b.source : a.handle < b.handle;
  });
  for (size_t i = 0; i < n; ++i) rows[i].rank = static_cast<int64_t>(i) + 1;
  return rows;
}

StatusOr<InfluenceRanking> ComputeInfluence(Store& store, const InfluenceOptions& options) {
  InfluenceRanking r;
  PARLEY_ASSIGN_OR_RETURN(r.data_version, store.DataVersion());
  GraphBuilder b(options.graph);
  PARLEY_RETURN_IF_ERROR(
      store.ScanPosts(PostScan{}, [&](const StoredPost& sp) { return b.Add(sp); }));
  InteractionGraph& g = b.graph();
  r.computed_now = true;
  r.authors = static_cast<int64_t>(g.node_count());
  if (g.node_count() == 0) return r;
  // Recency is measured to the conversation's now, which posts dated years
  // ahead cannot move (the newest interaction could be such a post).
  PARLEY_ASSIGN_OR_RETURN(int64_t now, ConversationNow(store));
  std::vector<WeightedEdge> edges = g.Edges(now);
  r.edges = static_cast<int64_t>(edges.size());
  PARLEY_ASSIGN_OR_RETURN(std::vector<double> pr,
                          WeightedPageRank(g.node_count(), edges, options.damping));
  std::vector<double> engagement = b.Engagement();
  b.reach().resize(g.node_count(), 0);
  r.rows = RankAuthors(g, pr, b.reach(), engagement, options);
  return r;
}

StatusOr<InfluenceRanking> Influencers(Store& store, const InfluenceQuery& query) {
  PARLEY_ASSIGN_OR_RETURN(int64_t version, store.DataVersion());
  PARLEY_ASSIGN_OR_RETURN(std::optional<int64_t> stored, store.InfluenceVersion());
  bool compute = query.refresh == Refresh::kAlways ||
                 (query.refresh == Refresh::kIfStale && stored != version);
  if (compute) {
    PARLEY_ASSIGN_OR_RETURN(InfluenceRanking r, ComputeAndStore(store, query.options));
    Filter(query, &r.rows);
    return r;
  }
  InfluenceRanking r;
  r.data_version = stored.value_or(0);
  PARLEY_ASSIGN_OR_RETURN(r.authors, store.InfluenceCount());
  PARLEY_ASSIGN_OR_RETURN(r.rows, StoredRows(store, query));
  return r;
}

StatusOr<std::optional<AuthorInfluence>> InfluenceOfAuthor(Store& store, std::string_view source,
                                                           std::string_view handle,
                                                           Refresh refresh) {
  if (refresh != Refresh::kNever) {
    InfluenceQuery q;
    q.limit = 0;
    q.refresh = refresh;
    PARLEY_RETURN_IF_ERROR(Influencers(store, q).status());
  }
  return store.InfluenceOf(source, handle);
}

}  // namespace parley::people
