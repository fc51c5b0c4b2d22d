// Ranking a large interaction graph on one core:
//   BM_PageRank      igraph's weighted PageRank (PRPACK) of 1M edges, from
//                    the edge list: building the igraph graph included
//   BM_RankAuthors   the whole ranking after the post scan: 1M interactions
//                    summed into weighted edges, PageRank, and the influence
//                    score and percentiles of every author
// The graph: 100,000 authors, 1,000,000 edges whose targets are Zipf-like
// (a few authors get most replies, mentions and shares). With the
// environment variable PARLEY_PAGERANK_EDGES naming an edge file ("N" then
// "FROM TO WEIGHT" lines, as bench/people.sh writes it), BM_PageRankFile
// ranks that graph instead, for a side-by-side run with networkx.
// Reports edges/s.
#include <benchmark/benchmark.h>

#include <cmath>
#include <cstdlib>
#include <fstream>
#include <random>

#include "src/people/graph.h"
#include "src/people/influence.h"

namespace parley::people {
namespace {

constexpr uint32_t kNodes = 100000;
constexpr size_t kEdges = 1000000;
constexpr int64_t kNow = 86400000LL * 60;  // interactions fall in the 60 days before

// Zipf-like target: P(id < x) grows like sqrt(x / n).
uint32_t Target(std::mt19937_64& rng) {
  double u = std::uniform_real_distribution<double>(0, 1)(rng);
  return static_cast<uint32_t>(kNodes * u * u * u) % kNodes;
}

const InteractionGraph& Interactions() {
  static InteractionGraph* g = [] {
    auto* graph = new InteractionGraph();
    for (uint32_t i = 0; i < kNodes; ++i) graph->Node("bench", "user" + std::to_string(i));
    std::mt19937_64 rng(42);
    const LinkKind kinds[] = {LinkKind::kReply, LinkKind::kMention, LinkKind::kShare};
    for (size_t e = 0; e < kEdges; ++e) {
      uint32_t from = static_cast<uint32_t>(rng() % kNodes), to = Target(rng);
      if (from == to) to = (to + 1) % kNodes;
      graph->Add(from, to, kinds[e % 3], static_cast<int64_t>(rng() % kNow));
    }
    return graph;
  }();
  return *g;
}

void BM_PageRank(benchmark::State& state) {
  std::vector<WeightedEdge> edges = Interactions().Edges(kNow);
  for (auto _ : state) {
    auto pr = WeightedPageRank(kNodes, edges);
    if (!pr.ok()) state.SkipWithError(pr.status().ToString().c_str());
    benchmark::DoNotOptimize(pr);
  }
  state.counters["edges"] = static_cast<double>(edges.size());
  state.counters["edges/s"] = benchmark::Counter(static_cast<double>(edges.size()),
                                                 benchmark::Counter::kIsIterationInvariantRate);
}
BENCHMARK(BM_PageRank)->Unit(benchmark::kMillisecond);

void BM_RankAuthors(benchmark::State& state) {
  const InteractionGraph& g = Interactions();
  std::vector<int64_t> reach(g.node_count());
  std::vector<double> engagement(g.node_count());
  std::mt19937_64 rng(7);
  for (size_t i = 0; i < reach.size(); ++i) {
    reach[i] = static_cast<int64_t>(rng() % 100000);
    engagement[i] = static_cast<double>(rng() % 50);
  }
  for (auto _ : state) {
    std::vector<WeightedEdge> edges = g.Edges(kNow);
    auto pr = WeightedPageRank(g.node_count(), edges);
    if (!pr.ok()) state.SkipWithError(pr.status().ToString().c_str());
    benchmark::DoNotOptimize(RankAuthors(g, *pr, reach, engagement, {}));
  }
  state.counters["interactions/s"] = benchmark::Counter(
      static_cast<double>(g.interaction_count()), benchmark::Counter::kIsIterationInvariantRate);
}
BENCHMARK(BM_RankAuthors)->Unit(benchmark::kMillisecond);

void BM_PageRankFile(benchmark::State& state) {
  const char* path = std::getenv("PARLEY_PAGERANK_EDGES");
  if (!path) {
    state.SkipWithError("set PARLEY_PAGERANK_EDGES to an edge file (bench/people.sh does)");
    return;
  }
  std::ifstream in(path);
  size_t n = 0;
  in >> n;
  std::vector<WeightedEdge> edges;
  WeightedEdge e;
  while (in >> e.from >> e.to >> e.weight) edges.push_back(e);
  for (auto _ : state) {
    auto pr = WeightedPageRank(n, edges);
    if (!pr.ok()) state.SkipWithError(pr.status().ToString().c_str());
    benchmark::DoNotOptimize(pr);
  }
  state.counters["edges"] = static_cast<double>(edges.size());
}
BENCHMARK(BM_PageRankFile)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace parley::people
