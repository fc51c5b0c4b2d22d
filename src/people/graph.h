// The interaction graph between authors and its weighted PageRank.
//
// Nodes are authors (source, normalized handle). An edge A -> B means A
// paid attention to B: A replied to a post of B, mentioned @B, or shared
// (RT @B / a quote field) B. Each interaction adds
//   kind_weight * 0.5^(age / half_life)
// to its edge, where age is measured back from a given "now" (the store's
// ConversationNow, src/storage/spans.h) and an interaction after it has age
// 0: edges are weighted by count and recency. A weight never decays to 0
// (it stops at the smallest normal double), so an old interaction still
// links its authors. Self-loops are dropped (talking to oneself confers no
// influence).
//
// PageRank is igraph's (igraph_pagerank, PRPACK) on the weighted directed
// graph. Its definition matches networkx.pagerank(G, alpha=damping,
// weight="weight"): a node's out-weight is split in proportion to edge
// weights; a dangling node (no out-edges) spreads its rank uniformly over
// all nodes; teleportation is uniform; ranks sum to 1.
//
// Thread safety: InteractionGraph is a value (one writer at a time);
// WeightedPageRank is a pure function.
#ifndef PARLEY_PEOPLE_GRAPH_H_
#define PARLEY_PEOPLE_GRAPH_H_

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "parley/status.h"

namespace parley::people {

enum class LinkKind { kReply, kMention, kShare };
const char* LinkKindName(LinkKind kind);

struct GraphOptions {
  double reply_weight = 1.0;
  double mention_weight = 0.5;  // a mention is cheaper than a reply or share
  double share_weight = 1.0;
  double half_life_days = 30;  // recency: an interaction this old counts half
};

struct WeightedEdge {
  uint32_t from = 0, to = 0;
  double weight = 0;
};

// An author node with what it received.
struct GraphNode {
  std::string source, handle;  // handle as first written (display)
  int64_t replies_received = 0, mentions_received = 0, shares_received = 0;
};

class InteractionGraph {
 public:
  explicit InteractionGraph(GraphOptions options = {}) : options_(options) {}

  // The node of (source, handle), created when new; handles compare
  // normalized (NormalizeHandle).
  uint32_t Node(std::string_view source, std::string_view handle);
  // The node if it exists; -1 otherwise.
  int64_t Find(std::string_view source, std::string_view handle) const;
  // Sets how node i's handle is shown (an author's own spelling beats a
  // lower-cased mention).
  void SetDisplayHandle(uint32_t i, std::string_view handle) { nodes_[i].handle = handle; }
  // Records that `from` interacted with `to` at `at_ms`. Self-loops only
  // count nothing.
  void Add(uint32_t from, uint32_t to, LinkKind kind, int64_t at_ms);

  // The edges with their weights (count and recency, ages measured back
  // from now_ms), one per (from, to) pair, sorted by (from, to). Only an
  // interaction kind weighted <= 0 adds no edge.
  std::vector<WeightedEdge> Edges(int64_t now_ms) const;

  size_t node_count() const { return nodes_.size(); }
  size_t interaction_count() const { return interactions_.size(); }
  const GraphNode& node(uint32_t i) const { return nodes_[i]; }

 private:
  struct Interaction {
    uint32_t from, to;
    LinkKind kind;
    int64_t at_ms;
  };
  static std::string Key(std::string_view source, std::string_view handle);

  GraphOptions options_;
  std::vector<GraphNode> nodes_;
  std::unordered_map<std::string, uint32_t> index_;
  std::vector<Interaction> interactions_;
};

// Weighted PageRank of a graph of `nodes` nodes (see the file comment for
// the definition). Edges with a weight <= 0 or a node >= nodes are
// InvalidArgument. An empty graph gives an empty vector.
StatusOr<std::vector<double>> WeightedPageRank(size_t nodes, std::span<const WeightedEdge> edges,
                                               double damping = 0.85);

}  // namespace parley::people

#endif  // PARLEY_PEOPLE_GRAPH_H_
