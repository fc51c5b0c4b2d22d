#!/usr/bin/env python3
"""Posts/s through the Python binding against the CLI, and parley.dask scaling.

    PYTHONPATH=build/python /usr/bin/python3 bench/python.py [--posts 200000]

1. `parley synth` writes POSTS posts as NDJSON (once, into bench/out/).
2. The CLI: `parley analyze -j1 FILE > /dev/null` (read, decode, analyze,
   write NDJSON), best of RUNS.
3. The binding on one thread, best of RUNS: `Analyzer.analyze_records()` on
   the same posts as dicts (json.loads, not timed: a Python user has them in
   memory), i.e. dict -> post decoding + analysis + columns; and
   `Analyzer.analyze()` on the bare texts.
   Also `Analyzer.analyze_json()` on the file's lines (what a Dask Bag from
   db.read_text hands over), on one thread and on two threads sharing the
   Analyzer (each half the lines; the GIL is released during analysis).
4. parley.dask.rollup(dedupe=False) of the file read as a Bag of lines on a
   LocalCluster of 1, then 2, single-threaded worker processes (best of RUNS,
   after every worker has built its Analyzer).

Both wall-clock and CPU posts/s are printed: on a shared machine the CPU
figure (posts per CPU second of the process) is the per-core throughput.
Every run uses the demo taxonomy (data/taxonomy/demo.toml), so brands and
topics are tagged too. Exits 2 if the parley binary or the module is missing.
"""
import argparse
import json
import os
import pathlib
import resource
import subprocess
import sys
import time

REPO = pathlib.Path(__file__).resolve().parents[1]
TAXONOMY = str(REPO / "data" / "taxonomy" / "demo.toml")


def children_cpu():
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def best(runs, fn):
    """The least wall and the least CPU seconds of `runs` calls of
    fn() -> (wall, cpu), each on its own (on a shared machine the run with
    the least wall time is not always the one with the least CPU time)."""
    results = [fn() for _ in range(runs)]
    return (min(w for w, _ in results), min(c for _, c in results)), results


def time_cli(parley, path):
    cpu0 = children_cpu()
    t0 = time.perf_counter()
    with open(os.devnull, "w") as devnull:
        subprocess.run([parley, "analyze", "-j1", "-q", "--taxonomy", TAXONOMY, str(path)],
                       stdout=devnull, check=True)
    return time.perf_counter() - t0, children_cpu() - cpu0


def time_call(fn):
    cpu0 = time.process_time()
    t0 = time.perf_counter()
    fn()
    return time.perf_counter() - t0, time.process_time() - cpu0


def dask_rollup(path, workers, posts, runs):
    import dask.bag as db
    import distributed

    import parley.dask

    with distributed.LocalCluster(n_workers=workers, processes=True, threads_per_worker=1,
                                  dashboard_address=None, silence_logs=40) as cluster, \
            distributed.Client(cluster) as client:
        bag = db.read_text(str(path), blocksize=4 << 20)
        # Warm up: every worker imports parley and builds its Analyzer.
        client.run(parley.dask._analyzer, {"taxonomy": TAXONOMY})
        walls = []
        for _ in range(runs):
            t0 = time.perf_counter()
            roll = parley.dask.rollup(bag, taxonomy=TAXONOMY, default_source="posts",
                                      dedupe=False)
            walls.append(time.perf_counter() - t0)
        wall = min(walls)
    n = int(roll.to_pandas().query("granularity == 'week' and brand == '*' and topic == '*'")
            ["n"].sum())
    assert n == posts, (n, posts)
    return wall, bag.npartitions


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--posts", type=int, default=200_000)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--parley", default=os.environ.get("PARLEY", str(REPO / "build/bin/parley")))
    ap.add_argument("--no-dask", action="store_true")
    args = ap.parse_args()
    if not os.access(args.parley, os.X_OK):
        sys.exit(print(f"python.py: no parley binary at {args.parley} (run scripts/setup)")
                 or 2)
    try:
        import parley
    except ImportError as e:
        sys.exit(print(f"python.py: cannot import parley ({e}); run scripts/setup or set "
                       "PYTHONPATH=build/python") or 2)

    out = REPO / "bench" / "out"
    out.mkdir(parents=True, exist_ok=True)
    path = out / f"posts-{args.posts}.ndjson"
    if not path.exists():
        subprocess.run([args.parley, "synth", "-n", str(args.posts), "-f", "ndjson", "-q",
                        "-o", str(path)], check=True)
    with open(path, encoding="utf-8") as f:
        lines = f.readlines()
    records = [json.loads(line) for line in lines]
    texts = [r["text"] for r in records]
    n = len(records)
    analyzer = parley.Analyzer(taxonomy=TAXONOMY)

    (cli_wall, cli_cpu), _ = best(args.runs, lambda: time_cli(args.parley, path))
    (rec_wall, rec_cpu), _ = best(args.runs, lambda: time_call(
        lambda: analyzer.analyze_records(records, default_source="posts")))
    (txt_wall, txt_cpu), _ = best(args.runs, lambda: time_call(lambda: analyzer.analyze(texts)))
    (js_wall, js_cpu), _ = best(args.runs, lambda: time_call(
        lambda: analyzer.analyze_json(lines, default_source="posts")))

    print(f"{n:,} posts ({path.name}), {os.cpu_count()} cores, load {os.getloadavg()[0]:.1f}")
    print(f"{'':34} {'wall s':>7} {'posts/s':>9} {'cpu s':>7} {'posts/cpu-s':>11} {'vs CLI':>7}")

    def row(name, wall, cpu):
        ratio = (n / cpu) / (n / cli_cpu)
        print(f"{name:34} {wall:7.2f} {n / wall:9,.0f} {cpu:7.2f} {n / cpu:11,.0f} "
              f"{ratio:6.0%}")

    row("CLI parley analyze -j1", cli_wall, cli_cpu)
    row("binding analyze_records(dicts)", rec_wall, rec_cpu)
    row("binding analyze_json(lines)", js_wall, js_cpu)
    row("binding analyze(texts)", txt_wall, txt_cpu)
    # The GIL is released during analysis: two threads, each on half the lines.
    from concurrent.futures import ThreadPoolExecutor
    halves = [lines[: n // 2], lines[n // 2:]]

    def two_threads():
        with ThreadPoolExecutor(2) as pool:
            list(pool.map(lambda h: analyzer.analyze_json(h, default_source="posts"), halves))

    (thr_wall, thr_cpu), _ = best(args.runs, lambda: time_call(two_threads))
    row("binding analyze_json, 2 threads", thr_wall, thr_cpu)
    print(f"2 threads vs 1 (wall): x{js_wall / thr_wall:.2f}")
    for name, cpu in (("analyze_json", js_cpu), ("analyze_records", rec_cpu)):
        ratio = cli_cpu / cpu
        print(f"target: {name} >= 80% of the CLI per core: "
              f"{'met' if ratio >= 0.8 else 'NOT met'} ({ratio:.0%})")

    if args.no_dask:
        return
    one, parts = dask_rollup(path, 1, n, args.runs)
    two, _ = dask_rollup(path, 2, n, args.runs)
    print(f"parley.dask.rollup, {parts} partitions: 1 worker {one:.2f} s ({n / one:,.0f} posts/s),"
          f" 2 workers {two:.2f} s ({n / two:,.0f} posts/s): scaling x{one / two:.2f}")


if __name__ == "__main__":
    main()
