#!/usr/bin/env bash
# What a taxonomy costs per post: runs taxonomy_benchmark (VADER + tokenize,
# then the tagger with 100 or 10,000 phrases on Hyperscan and on RE2) and
# prints each case's posts/s and its ratio to no taxonomy. The issue's bar:
# with 10,000 phrases, within 20% of the no-taxonomy rate (ratio >= 0.80).
#
# Then the same question end to end, as a user meets it: `parley analyze -j1`
# (read, tokenize, VADER, tag, write NDJSON) on POSTS posts from make_posts.py,
# without a taxonomy and with a generated one of 10,000 made-up phrases (500
# topics). Loading and compiling the taxonomy is paid once a run, so it is
# timed on its own (the same command on a header-only file) and taken out:
# the ratio printed is the steady state of the per-post work. BM_Analyze
# takes the analyzer's paths (the chunks that may hold a cue tokenized
# without a taxonomy and for posts the tagging gate turns away, the chunks
# around intents' cues for posts where only those may match, the whole post
# for the rest), on short synthetic posts dense in the built-in intents' cue
# words, where the gate turns few away.
#
#   bash bench/taxonomy.sh      (needs a developer build: scripts/setup --dev)
#
# Environment: BIN (the benchmark), PARLEY (default build/bin/parley; the
# end-to-end part is skipped when it is missing), POSTS (default 1000000),
# RUNS (rounds, each running every case once, the best of each kept;
# default 3), INSTRUCTIONS (when set, also count each case's instructions
# a post with callgrind on the first INSTRUCTIONS posts, e.g. 20000).
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${BIN:-build-dev/src/taxonomy/taxonomy_benchmark}
PARLEY=${PARLEY:-build/bin/parley}
POSTS=${POSTS:-1000000}
RUNS=${RUNS:-3}
if [[ ! -x $BIN ]]; then
  echo "taxonomy.sh: $BIN not found; build it with scripts/setup --dev" >&2
  exit 2
fi
json=$(mktemp)
trap 'rm -f "$json"' EXIT
"$BIN" --benchmark_filter=BM_Analyze --benchmark_min_time=1 --benchmark_format=json >"$json" 2>/dev/null
python3 - "$json" <<'PY'
import json, sys
runs = json.load(open(sys.argv[1]))["benchmarks"]
base = next(r["posts/s"] for r in runs if "phrases:0/" in r["name"])
print("%-32s %9s %12s %8s" % ("case", "patterns", "posts/s", "vs none"))
for r in runs:
    name = r["name"].replace("BM_Analyze/", "")
    print("%-32s %9d %12.0f %8.2f" % (name, int(r.get("patterns", 0)), r["posts/s"], r["posts/s"] / base))
PY

if [[ ! -x $PARLEY ]]; then
  echo "taxonomy.sh: $PARLEY not found, end-to-end part skipped (build it with scripts/setup)" >&2
  exit 0
fi
command -v /usr/bin/time >/dev/null || { echo "taxonomy.sh: needs /usr/bin/time (apt-get install time)" >&2; exit 2; }
OUT=bench/out
mkdir -p "$OUT"
POSTS_FILE=$OUT/posts-$POSTS.csv
[[ -f $POSTS_FILE ]] || python3 bench/make_posts.py -n "$POSTS" "$POSTS_FILE"
TAX=$OUT/taxonomy-10000.toml
# 500 topics of 20 made-up phrases of one to three words each, by a fixed seed.
python3 - "$TAX" <<'PY'
import random, sys
rng = random.Random(7)
syllables = ["ka", "lo", "mi", "tu", "re", "sa", "no", "vi", "da", "pe", "zo", "ru", "fi", "ga", "he", "ju"]
def word():
    return "".join(rng.choice(syllables) for _ in range(rng.randint(2, 3)))
with open(sys.argv[1], "w") as f:
    f.write('[taxonomy]\nname = "bench-10000"\nversion = 1\n')
    for t in range(500):
        phrases = set()
        while len(phrases) < 20:
            phrases.add(" ".join(word() for _ in range(rng.randint(1, 3))))
        f.write("\n[topics.t%d]\nphrases = [%s]\n" % (t, ", ".join('"%s"' % p for p in sorted(phrases))))
PY
HEADER=$OUT/posts-header.csv
head -1 "$POSTS_FILE" >"$HEADER"
# Where the cost goes: a taxonomy brings the built-in intents and price words
# (data/taxonomy/README.md) unless it says `defaults = false`, so the same
# runs also take the built-ins alone (a taxonomy of one made-up phrase) and
# the 10,000 phrases alone.
ONE=$OUT/taxonomy-1.toml
BARE=$OUT/taxonomy-10000-bare.toml
printf '[taxonomy]\nname = "bench-1"\nversion = 1\n\n[topics.t0]\nphrases = ["zorblax"]\n' >"$ONE"
sed 's/^version = 1$/version = 1\ndefaults = false/' "$TAX" >"$BARE"
# And a taxonomy written for real conversation, with topics that match about
# half the bench posts (whose tagging, aspects included, is then the work):
# the airline example.
REAL=data/taxonomy/airlines.toml
CASES=(none "$TAX" "$ONE" "$BARE" "$REAL")
args() { [[ $1 == none ]] || echo "--taxonomy $1"; }

# CPU seconds (user + sys) of one run.
cpu_once() {
  local t
  t=$( { /usr/bin/time -f "%U %S" "$PARLEY" analyze -j1 -q "$@" >/dev/null; } 2>&1 | tail -1)
  awk -v s="$t" 'BEGIN { split(s, a, " "); print a[1] + a[2] }'
}
# The least of $RUNS rounds, each round running every case once in turn, so
# that a VM's slower minutes fall on all cases alike; a case's setup (the
# same command on a header-only file) is taken out.
declare -A best
keep_best() {  # keep_best KEY SECONDS
  if [[ -z ${best[$1]:-} ]] || awk -v a="$2" -v b="${best[$1]}" 'BEGIN { exit !(a < b) }'; then
    best[$1]=$2
  fi
}
for ((r = 0; r < RUNS; r++)); do
  for c in "${CASES[@]}"; do
    # shellcheck disable=SC2046
    keep_best "$c" "$(cpu_once $(args "$c") "$POSTS_FILE")"
    # shellcheck disable=SC2046
    keep_best "$c.0" "$(cpu_once $(args "$c") "$HEADER")"
  done
done
echo
echo "parley analyze -j1, $POSTS posts ($(du -m "$POSTS_FILE" | cut -f1) MB), CPU seconds, best of $RUNS rounds"
# report ARRAY POSTS UNIT: the rates and ratios of the cases' figures in the
# associative array ARRAY (keys: a case, and the case with ".0" for its setup).
report() {
  local -n f=$1
  awk -v n="${f[none]}" -v n0="${f[none.0]}" -v t="${f[$TAX]}" -v t0="${f[$TAX.0]}" \
      -v o="${f[$ONE]}" -v o0="${f[$ONE.0]}" -v b="${f[$BARE]}" -v b0="${f[$BARE.0]}" \
      -v r="${f[$REAL]}" -v r0="${f[$REAL.0]}" \
      -v p="$2" -v u="$3" 'BEGIN {
    printf "%-32s %12.0f posts/%s\n", "no taxonomy", p / (n - n0), u
    printf "%-32s %12.0f posts/%s\n", "10,000 phrases", p / (t - t0), u
    printf "steady-state ratio %.2f (target >= 0.80)\n", (n - n0) / (t - t0)
    printf "%-32s %12.0f posts/%s  %.2f of none\n", "built-ins, 1 phrase", p / (o - o0), u, (n - n0) / (o - o0)
    printf "%-32s %12.0f posts/%s  %.2f of none\n", "10,000 phrases, no built-ins", p / (b - b0), u, (n - n0) / (b - b0)
    printf "the 10,000 phrases on top of the built-ins: %.2f of the built-ins alone\n", (o - o0) / (t - t0)
    printf "%-32s %12.0f posts/%s  %.2f of none\n", "airlines.toml (real topics)", p / (r - r0), u, (n - n0) / (r - r0)
  }'
}
for c in "${CASES[@]}"; do
  printf '  %-40s %6.2f s (setup %.2f s)\n' "$(basename "$c")" "${best[$c]}" "${best[$c.0]}"
done
report best "$POSTS" "CPU s"

# INSTRUCTIONS=N: the same cases counted in instructions by callgrind on the
# first N posts, less the header-only run: a figure that does not move with
# the VM's load (but counts no cache miss nor mispredicted branch).
if [[ -n ${INSTRUCTIONS:-} ]]; then
  command -v valgrind >/dev/null || { echo "taxonomy.sh: INSTRUCTIONS needs valgrind" >&2; exit 2; }
  FIRST=$OUT/posts-first-$INSTRUCTIONS.csv
  head -n $((INSTRUCTIONS + 1)) "$POSTS_FILE" >"$FIRST"
  counted=$(($(wc -l <"$FIRST") - 1))
  cg=$(mktemp)
  instructions() {
    valgrind --tool=callgrind --callgrind-out-file="$cg" "$PARLEY" analyze -j1 -q "$@" \
      >/dev/null 2>&1
    callgrind_annotate "$cg" | awk '/PROGRAM TOTALS/ && !n++ { gsub(",", "", $1); printf "%.6f\n", $1 / 1e9 }'
  }
  declare -A ins
  for c in "${CASES[@]}"; do
    # shellcheck disable=SC2046
    ins[$c]=$(instructions $(args "$c") "$FIRST")
    # shellcheck disable=SC2046
    ins[$c.0]=$(instructions $(args "$c") "$HEADER")
  done
  rm -f "$cg"
  echo
  echo "instructions (callgrind), first $counted posts"
  for c in "${CASES[@]}"; do
    printf '  %-40s %8.0f a post\n' "$(basename "$c")" \
      "$(awk -v a="${ins[$c]}" -v b="${ins[$c.0]}" -v p="$counted" 'BEGIN { print (a - b) * 1e9 / p }')"
  done
  report ins "$counted" "10^9 instructions"
fi
