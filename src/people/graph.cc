#include "src/people/graph.h"

#include <igraph/igraph.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <mutex>

#include "src/people/links.h"

namespace parley::people {
namespace {

// The floor of a decayed weight: the smallest normal double, far below any
// weight that matters, yet not 0 (PageRank drops an edge weighted 0).
constexpr double kSmallestWeight = std::numeric_limits<double>::min();

}  // namespace

const char* LinkKindName(LinkKind kind) {
  switch (kind) {
    case LinkKind::kReply:
      return "reply";
    case LinkKind::kMention:
      return "mention";
    case LinkKind::kShare:
      return "share";
  }
  return "?";
}

std::string InteractionGraph::Key(std::string_view source, std::string_view handle) {
  std::string key(source);
  key.push_back('\x1f');
  key += NormalizeHandle(handle);
  return key;
}

uint32_t InteractionGraph::Node(std::string_view source, std::string_view handle) {
  std::string key = Key(source, handle);
  auto [it, inserted] = index_.try_emplace(std::move(key), static_cast<uint32_t>(nodes_.size()));
  if (inserted) {
    GraphNode n;
    n.source = source;
    n.handle = (!handle.empty() && handle[0] == '@') ? handle.substr(1) : handle;
    nodes_.push_back(std::move(n));
  }
  return it->second;
}

int64_t InteractionGraph::Find(std::string_view source, std::string_view handle) const {
  auto it = index_.find(Key(source, handle));
  return it == index_.end() ? -1 : static_cast<int64_t>(it->second);
}

void InteractionGraph::Add(uint32_t from, uint32_t to, LinkKind kind, int64_t at_ms) {
  if (from == to) return;
  GraphNode& target = nodes_[to];
  switch (kind) {
    case LinkKind::kReply:
      ++target.replies_received;
      break;
    case LinkKind::kMention:
      ++target.mentions_received;
      break;
    case LinkKind::kShare:
      ++target.shares_received;
      break;
  }
  interactions_.push_back({from, to, kind, at_ms});
}

std::vector<WeightedEdge> InteractionGraph::Edges(int64_t now_ms) const {
  std::vector<WeightedEdge> raw;
  raw.reserve(interactions_.size());
  const double half_life_ms = options_.half_life_days * 86400000.0;
  for (const Interaction& i : interactions_) {
    double kind_weight = i.kind == LinkKind::kReply     ? options_.reply_weight
                         : i.kind == LinkKind::kMention ? options_.mention_weight
                                                        : options_.share_weight;
    if (!(kind_weight > 0)) continue;
    // Ages in doubles: now_ms - at_ms could overflow int64 for dates far apart.
    double age = std::max(0.0, static_cast<double>(now_ms) - static_cast<double>(i.at_ms));
    double decay = half_life_ms > 0 ? std::exp2(-age / half_life_ms) : 1;
    raw.push_back({i.from, i.to, std::max(kind_weight * decay, kSmallestWeight)});
  }
  std::sort(raw.begin(), raw.end(), [](const WeightedEdge& a, const WeightedEdge& b) {
    return a.from != b.from ? a.from < b.from : a.to < b.to;
  });
  std::vector<WeightedEdge> out;
  for (const WeightedEdge& e : raw) {
    if (!out.empty() && out.back().from == e.from && out.back().to == e.to) {
      out.back().weight += e.weight;
    } else {
      out.push_back(e);
    }
  }
  return out;
}

namespace {

// igraph's default error handler aborts the process; parley turns igraph's
// error codes into a Status instead, so errors must return.
void UseReturningErrorHandler() {
  static std::once_flag once;
  std::call_once(once, [] { igraph_set_error_handler(igraph_error_handler_ignore); });
}

Status IgraphError(igraph_error_t rc, const char* what) {
  return InternalError(std::string("igraph: ") + what + ": " + igraph_strerror(rc));
}

// Owns the igraph objects of one PageRank call.
struct IgraphPageRank {
  igraph_t graph;
  igraph_vector_int_t edges;
  igraph_vector_t weights, result;
  bool graph_made = false;

  IgraphPageRank() {
    igraph_vector_int_init(&edges, 0);
    igraph_vector_init(&weights, 0);
    igraph_vector_init(&result, 0);
  }
  ~IgraphPageRank() {
    if (graph_made) igraph_destroy(&graph);
    igraph_vector_int_destroy(&edges);
    igraph_vector_destroy(&weights);
    igraph_vector_destroy(&result);
  }
};

}  // namespace

StatusOr<std::vector<double>> WeightedPageRank(size_t nodes, std::span<const WeightedEdge> edges,
                                               double damping) {
  if (nodes == 0) return std::vector<double>();
  if (!(damping >= 0 && damping <= 1)) return InvalidArgumentError("damping must be in [0, 1]");
  UseReturningErrorHandler();
  IgraphPageRank ig;
  if (igraph_error_t rc = igraph_vector_int_resize(&ig.edges, 2 * edges.size()); rc) {
    return IgraphError(rc, "cannot allocate edges");
  }
  if (igraph_error_t rc = igraph_vector_resize(&ig.weights, edges.size()); rc) {
    return IgraphError(rc, "cannot allocate weights");
  }
  for (size_t i = 0; i < edges.size(); ++i) {
    const WeightedEdge& e = edges[i];
    if (e.from >= nodes || e.to >= nodes) return InvalidArgumentError("edge names a missing node");
    if (!(e.weight > 0)) return InvalidArgumentError("edge weights must be positive");
    VECTOR(ig.edges)[2 * i] = e.from;
    VECTOR(ig.edges)[2 * i + 1] = e.to;
    VECTOR(ig.weights)[i] = e.weight;
  }
  if (igraph_error_t rc = igraph_create(&ig.graph, &ig.edges, static_cast<igraph_integer_t>(nodes),
                                        IGRAPH_DIRECTED);
      rc) {
    return IgraphError(rc, "cannot build the graph");
  }
  ig.graph_made = true;
  igraph_real_t value = 0;
  if (igraph_error_t rc = igraph_pagerank(&ig.graph, IGRAPH_PAGERANK_ALGO_PRPACK, &ig.result,
                                          &value, igraph_vss_all(), IGRAPH_DIRECTED, damping,
                                          edges.empty() ? nullptr : &ig.weights, nullptr);
      rc) {
    return IgraphError(rc, "PageRank failed");
  }
  std::vector<double> out(nodes);
  for (size_t i = 0; i < nodes; ++i) out[i] = VECTOR(ig.result)[i];
  return out;
}

}  // namespace parley::people
