#!/usr/bin/python3
"""Weighted PageRank of an edge file with networkx, for checking parley's.

Input (argv[1]): first line "N" (node count), then "FROM TO WEIGHT" per
line, nodes 0..N-1. Output: "NODE RANK" per node, in node order, to stdout.
With --time, prints only the seconds networkx.pagerank took.
Exit 3 when networkx (or its numpy/scipy) cannot be imported.
"""
import sys
import time

try:
    import networkx as nx
    import numpy  # noqa: F401  (networkx's pagerank needs numpy and scipy)
    import scipy  # noqa: F401
except ImportError as e:
    print("networkx unavailable: %s" % e, file=sys.stderr)
    sys.exit(3)


def main():
    path = sys.argv[1]
    timing = "--time" in sys.argv[2:]
    damping = 0.85
    for a in sys.argv[2:]:
        if a.startswith("--alpha="):
            damping = float(a.split("=", 1)[1])
    g = nx.DiGraph()
    with open(path) as f:
        n = int(f.readline())
        g.add_nodes_from(range(n))
        for line in f:
            a, b, w = line.split()
            g.add_edge(int(a), int(b), weight=float(w))
    start = time.perf_counter()
    # tol is per node and summed over nodes: 1e-13 settles every rank far
    # below the 1e-6 the comparison asks for.
    pr = nx.pagerank(g, alpha=damping, weight="weight", tol=1e-13, max_iter=1000)
    seconds = time.perf_counter() - start
    if timing:
        print("%.6f" % seconds)
        return
    out = sys.stdout
    for i in range(n):
        out.write("%d %.17g\n" % (i, pr[i]))


if __name__ == "__main__":
    main()
