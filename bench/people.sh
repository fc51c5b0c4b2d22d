#!/usr/bin/env bash
# Influence ranking at scale, parley against networkx in one run:
#   bench/people.sh [EDGES] [NODES]   (default 1,000,000 edges, 100,000 authors)
# Writes a weighted directed graph (targets Zipf-like, as attention is), then
# times the same PageRank (damping 0.85, weights, uniform dangling and
# teleport) with parley (igraph PRPACK, via build-dev's pagerank_benchmark,
# pinned to one core) and with networkx.pagerank (Debian python3-networkx,
# scipy backend, also one core) and prints the ratio. That the two agree to
# 1e-6 is checked by the PageRank.MatchesNetworkx test (src/people).
# Needs a developer build (scripts/setup --dev).
set -euo pipefail
cd "$(dirname "$0")/.."
edges=${1:-1000000}
nodes=${2:-100000}
build=${PARLEY_BUILD_DIR:-build-dev}
bench="$build/src/people/pagerank_benchmark"
[[ -x $bench ]] || { echo "people.sh: build $bench first (cmake --build $build --target pagerank_benchmark)" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

/usr/bin/python3 - "$work/g.txt" "$edges" "$nodes" <<'PY'
import random, sys
path, m, n = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
rng = random.Random(42)
pairs = {}
for _ in range(m):
    a = rng.randrange(n)
    b = int(n * rng.random() ** 3) % n
    if a == b:
        b = (b + 1) % n
    pairs[(a, b)] = pairs.get((a, b), 0.0) + rng.choice((1.0, 0.5, 1.0)) * 0.5 ** (rng.random() * 2)
with open(path, "w") as f:
    f.write("%d\n" % n)
    for (a, b), w in pairs.items():
        f.write("%d %d %.17g\n" % (a, b, w))
print("graph: %d nodes, %d distinct edges (from %d interactions)" % (n, len(pairs), m), file=sys.stderr)
PY

parley_ms=$(PARLEY_PAGERANK_EDGES="$work/g.txt" taskset -c 0 "$bench" \
  --benchmark_filter='BM_PageRankFile$' --benchmark_repetitions=3 \
  --benchmark_report_aggregates_only=true --benchmark_format=csv 2>/dev/null |
  awk -F, '/BM_PageRankFile_median/ {print $3}')
# networkx: only the pagerank call is timed (not reading the file).
nx_s=$(OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1 taskset -c 0 /usr/bin/python3 \
  src/people/networkx_pagerank.py "$work/g.txt" --time)
echo "parley (igraph PRPACK): ${parley_ms} ms per ranking (median of 3)"
echo "networkx $(/usr/bin/python3 -c 'import networkx; print(networkx.__version__)'): $(awk -v s="$nx_s" 'BEGIN {printf "%.0f", s * 1000}') ms"
awk -v p="$parley_ms" -v s="$nx_s" 'BEGIN {printf "networkx / parley: %.1fx\n", s * 1000 / p}'
