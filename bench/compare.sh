#!/usr/bin/env bash
# Times `parley analyze` (1 thread and all threads) against the npm packages
# vader-sentiment and sentiment on the same posts file, in one run, and prints
# posts/s, MB/s and each tool's ratio to vader-sentiment.
#
#   bash bench/compare.sh                 # 200,000 posts
#   POSTS=1000000 bash bench/compare.sh   # more posts
#
# Environment: POSTS (default 200000), RUNS (parley runs, best kept; default 3),
# PEER_RUNS (runs of each peer, best kept; default 1, vader-sentiment is slow),
# PARLEY (the binary, relative to the repository root; default build/bin/parley).
# Builds nothing: build parley first (scripts/setup). Every tool reads the file,
# scores every post and writes one JSON line per post to /dev/null.
set -euo pipefail
cd "$(dirname "$0")/.."

PARLEY=${PARLEY:-build/bin/parley}
POSTS=${POSTS:-200000}
RUNS=${RUNS:-3}
PEER_RUNS=${PEER_RUNS:-1}
OUT=bench/out
FILE=$OUT/posts-$POSTS.csv
THREADS=$(nproc)
TARGET_POSTS_PER_S=1000000
TARGET_RATIO=300

if [[ ! -x $PARLEY ]]; then
  echo "compare.sh: $PARLEY not found; build it first with scripts/setup" >&2
  exit 2
fi

# The wall clock in seconds. EPOCHREALTIME (bash 5) has microseconds;
# /usr/bin/time's %e only has centiseconds, too coarse when parley takes a
# fifth of a second.
now() {
  if [[ -n ${EPOCHREALTIME:-} ]]; then echo "${EPOCHREALTIME/,/.}"; else date +%s.%N; fi
}

# Runs "$@" with stdout to $STDOUT_TO and prints "WALL CPU": wall-clock
# seconds and the child's user+system CPU seconds ("-" without /usr/bin/time).
# On a shared machine CPU seconds show what contention did to the wall clock.
timed() {
  local t0 t1 cpu=-
  t0=$(now)
  if [[ -x /usr/bin/time ]]; then
    /usr/bin/time -o "$OUT/cpu.txt" -f '%U %S' "$@" >"$STDOUT_TO"
  else
    "$@" >"$STDOUT_TO"
  fi
  t1=$(now)
  [[ -x /usr/bin/time ]] && cpu=$(awk '{ print $1 + $2 }' "$OUT/cpu.txt")
  awk -v a="$t0" -v b="$t1" -v cpu="$cpu" 'BEGIN { printf "%.3f %s\n", b - a, cpu }'
}

# The fastest (by wall clock) of $1 timed runs of the rest: "WALL CPU".
best_of() {
  local n=$1 best="" t
  shift
  for ((i = 0; i < n; i++)); do
    t=$(timed "$@")
    if [[ -z $best ]] || awk -v a="${t%% *}" -v b="${best%% *}" 'BEGIN { exit !(a < b) }'; then
      best=$t
    fi
  done
  echo "$best"
}

ensure_posts() {
  mkdir -p "$OUT"
  if [[ ! -f $FILE ]]; then
    echo "compare.sh: writing $POSTS posts to $FILE" >&2
    python3 bench/make_posts.py -n "$POSTS" "$FILE"
  fi
}

# Results, one "tool posts wall_seconds cpu_seconds" line each, in table order.
RESULTS=()

run_parley() {
  local threads=$1 posts times
  # An untimed run counts the output records and warms the page cache.
  posts=$("$PARLEY" analyze -j"$threads" -q --rejects "$OUT/parley-rejects.ndjson" "$FILE" | wc -l)
  STDOUT_TO=/dev/null
  times=$(best_of "$RUNS" "$PARLEY" analyze -j"$threads" -q --rejects "$OUT/parley-rejects.ndjson" "$FILE")
  RESULTS+=("parley-j$threads $posts $times")
}

# A peer prints {"posts":N,"seconds":S}; the table uses the wall clock measured
# here, like parley's, so node's start-up counts too (about 0.05 s).
run_peer() {
  local name=$1 script=$2 times posts
  STDOUT_TO=$OUT/$name.json
  times=$(best_of "$PEER_RUNS" node "$script" "$FILE")
  posts=$(sed -E 's/.*"posts":([0-9]+).*/\1/' "$OUT/$name.json")
  RESULTS+=("$name $posts $times")
}

have_peers() {
  command -v node >/dev/null && [[ -d node_modules/vader-sentiment && -d node_modules/sentiment ]]
}

print_table() {
  local bytes=$1
  printf '%s\n' "${RESULTS[@]}" | awk -v bytes="$bytes" -v target="$TARGET_POSTS_PER_S" \
      -v target_ratio="$TARGET_RATIO" '
    { tool[NR] = $1; posts[NR] = $2; secs[NR] = $3; cpu[NR] = $4; rate[NR] = $2 / $3
      if ($1 == "vader-sentiment") vader = rate[NR]
      if ($1 == "parley-j1") single = rate[NR] }
    END {
      printf "%-16s %9s %9s %9s %12s %9s %10s\n", "tool", "posts", "seconds", "cpu s", "posts/s",
             "MB/s", "vs vader"
      for (i = 1; i <= NR; i++) {
        ratio = vader ? sprintf("%.1fx", rate[i] / vader) : "n/a"
        printf "%-16s %9d %9.3f %9s %12.0f %9.1f %10s\n", tool[i], posts[i], secs[i], cpu[i],
               rate[i], bytes / secs[i] / 1e6, ratio
      }
      print "\nseconds: wall clock, best run; cpu s: user+system CPU of that run; rates use wall clock"
      printf "target %d posts/s on one core: %s (parley -j1: %.0f posts/s, %.0f%% of target)\n",
             target, (single >= target ? "met" : "not met"), single, 100 * single / target
      if (vader)
        printf "target %dx vader-sentiment on one core: %s (parley -j1: %.0fx)\n",
               target_ratio, (single / vader >= target_ratio ? "met" : "not met"), single / vader
    }'
}

check_counts() {
  local first
  first=$(printf '%s\n' "${RESULTS[@]}" | awk 'NR == 1 { print $2 }')
  printf '%s\n' "${RESULTS[@]}" | awk -v n="$first" '$2 != n {
    printf "compare.sh: warning: %s handled %d posts, parley-j1 %d\n", $1, $2, n > "/dev/stderr" }'
}

main() {
  ensure_posts
  local bytes
  bytes=$(wc -c <"$FILE")
  echo "input: $FILE ($POSTS posts, $(awk -v b="$bytes" 'BEGIN { printf "%.1f", b / 1e6 }') MB);" \
       "$(nproc) cores; parley best of $RUNS, peers best of $PEER_RUNS"
  run_parley 1
  run_parley "$THREADS"
  if have_peers; then
    run_peer vader-sentiment bench/peers/vader.js
    run_peer sentiment bench/peers/sentiment.js
  else
    echo "compare.sh: node or node_modules missing (run scripts/setup); peers skipped" >&2
  fi
  check_counts
  print_table "$bytes"
}

main
