// Who is listened to: an influence score per author from the interaction
// graph (graph.h), reach and engagement received.
//
// score = 100 * (w_pr * P(pagerank) + w_reach * P(reach) + w_eng * P(engagement))
// where P(x) is the author's mid-rank percentile of x among all authors in
// the graph (0..1; ties share their mean rank), w_pr = 0.6, w_reach = 0.2,
// w_eng = 0.2 (InfluenceOptions), reach = the largest follower count the
// source gave for the author (0 when it has none) and engagement = likes +
// shares their posts received + replies, mentions and shares received in
// the graph. Percentiles make the three terms comparable whatever their
// scales (followers span six orders of magnitude). `percentile` is the
// author's mid-rank percentile of score (0..100); rank 1 = highest score
// (ties by pagerank, then handle).
//
// Computing reads every post (ComputeInfluence), so the ranking is stored
// with the store's DataVersion (Store::PutInfluence) and served from there:
// Influencers() recomputes only when the stored ranking is older than the
// posts (or on request), and stores the result when the store is writable.
// `parley influencers --refresh` forces it; ingest does not compute it.
//
// Thread safety: functions use the given Store, which is single-threaded.
#ifndef PARLEY_PEOPLE_INFLUENCE_H_
#define PARLEY_PEOPLE_INFLUENCE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "parley/status.h"
#include "src/people/graph.h"
#include "src/storage/store.h"

namespace parley::people {

// One author's influence (as stored by the store).
using AuthorInfluence = StoredInfluence;

struct InfluenceOptions {
  GraphOptions graph;
  double damping = 0.85;
  double pagerank_weight = 0.6;
  double reach_weight = 0.2;
  double engagement_weight = 0.2;
};

struct InfluenceRanking {
  int64_t data_version = 0;           // the store's DataVersion the ranking is of
  bool computed_now = false;          // false: read from the stored ranking
  int64_t authors = 0;                // authors ranked in all
  int64_t edges = 0;                  // graph edges, when computed now (else 0)
  std::vector<AuthorInfluence> rows;  // by rank; limited by the query
};

// Reads every post of `store` and ranks every author who posted or was
// replied to, mentioned or shared. Rows by rank, all of them.
StatusOr<InfluenceRanking> ComputeInfluence(Store& store, const InfluenceOptions& options = {});

// Computes the ranking of the graph's nodes from PageRank, reach and
// engagement arrays of the same length (the score formula above); rows by
// rank. `reach` and `engagement` are indexed like graph.node(i).
std::vector<AuthorInfluence> RankAuthors(const InteractionGraph& graph,
                                         const std::vector<double>& pagerank,
                                         const std::vector<int64_t>& reach,
                                         const std::vector<double>& engagement,
                                         const InfluenceOptions& options);

enum class Refresh {
  kIfStale,  // recompute when the stored ranking is older than the posts
  kAlways,   // recompute
  kNever,    // serve what is stored (empty when nothing is)
};

struct InfluenceQuery {
  int64_t limit = 20;  // rows returned; negative: all
  std::string source;  // empty: all sources
  // Handles left out of the rows (compared normalized), e.g. the brands'
  // own accounts, which a graph puts on top.
  std::vector<std::string> exclude;
  Refresh refresh = Refresh::kIfStale;
  InfluenceOptions options;
};

// The ranking, served from the store (see the file comment). Ranks and
// percentiles stay those of the whole ranking when rows are excluded.
StatusOr<InfluenceRanking> Influencers(Store& store, const InfluenceQuery& query);

// The stored influence of one author (the ranking is refreshed first when
// stale and `refresh` says so); nullopt when not ranked.
StatusOr<std::optional<AuthorInfluence>> InfluenceOfAuthor(Store& store, std::string_view source,
                                                           std::string_view handle,
                                                           Refresh refresh = Refresh::kIfStale);

}  // namespace parley::people

#endif  // PARLEY_PEOPLE_INFLUENCE_H_
