#!/usr/bin/env bash
# How fast `parley ingest` stores posts in the embedded SQLite store: on the
# same posts file, a fresh database each run, on 1 thread and on all threads,
# with and without the demo taxonomy (which adds brand and topic rollups), and
# a second ingest of the same file (every post already stored: "unchanged").
# Prints posts/s by wall clock and per CPU second, against the issue's target
# of 200,000 posts/s on one core.
#
#   bash bench/ingest.sh                 # 400,000 posts from parley synth
#   POSTS=1000000 bash bench/ingest.sh
#
# Environment: POSTS (default 400000), RUNS (best of; default 2), PARLEY
# (default build/bin/parley). Writes its files under bench/out/.
set -euo pipefail
cd "$(dirname "$0")/.."

PARLEY=${PARLEY:-build/bin/parley}
POSTS=${POSTS:-400000}
RUNS=${RUNS:-2}
OUT=bench/out
TARGET=200000
if [[ ! -x $PARLEY ]]; then
  echo "ingest.sh: $PARLEY not found; build it first with scripts/setup" >&2
  exit 2
fi
command -v /usr/bin/time >/dev/null || { echo "ingest.sh: needs /usr/bin/time (apt-get install time)" >&2; exit 2; }
mkdir -p "$OUT"
FILE=$OUT/synth-$POSTS.csv
[[ -f $FILE ]] || "$PARLEY" synth -q -n "$POSTS" --seed 1 -o "$FILE"
DB=$OUT/ingest-bench.db

# run NAME FRESH ARGS...: best wall and CPU seconds of $RUNS runs.
run() {
  local name=$1 fresh=$2; shift 2
  local best_wall="" best_cpu=""
  for ((i = 0; i < RUNS; i++)); do
    [[ $fresh == 1 ]] && rm -f "$DB" "$DB-wal" "$DB-shm"
    local t
    t=$( { /usr/bin/time -f "%e %U %S" "$PARLEY" ingest -q "$@" "$FILE" --db "$DB" \
            --rejects "$OUT/ingest-rejects.ndjson" >/dev/null; } 2>&1 | tail -1)
    read -r wall user sys <<<"$t"
    local cpu
    cpu=$(awk -v a="$user" -v b="$sys" 'BEGIN { print a + b }')
    if [[ -z $best_wall ]] || awk -v a="$wall" -v b="$best_wall" 'BEGIN { exit !(a < b) }'; then best_wall=$wall; fi
    if [[ -z $best_cpu ]] || awk -v a="$cpu" -v b="$best_cpu" 'BEGIN { exit !(a < b) }'; then best_cpu=$cpu; fi
  done
  awk -v n="$name" -v w="$best_wall" -v c="$best_cpu" -v p="$POSTS" \
    'BEGIN { printf "%-36s %7.2f s %10.0f posts/s %7.2f CPU s %10.0f posts/CPU s\n", n, w, p / w, c, p / c }'
}

echo "parley ingest, $POSTS posts from parley synth ($(du -m "$FILE" | cut -f1) MB), $(nproc) cores, best of $RUNS"
run "fresh store, -j1" 1 -j1
run "fresh store, -j$(nproc)" 1 -j"$(nproc)"
run "fresh store, -j1, demo taxonomy" 1 -j1 --taxonomy data/taxonomy/demo.toml
run "fresh store, -j$(nproc), demo taxonomy" 1 -j"$(nproc)" --taxonomy data/taxonomy/demo.toml
run "same file again (all unchanged)" 0 -j"$(nproc)" --taxonomy data/taxonomy/demo.toml
echo "target: $TARGET posts/s sustained on one core (the -j1 rows)"
