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
# RUNS (best of; default 3).
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

# cpu FILE ARGS...: the least CPU seconds (user + sys) of $RUNS runs.
cpu() {
  local file=$1 best=""; shift
  for ((i = 0; i < RUNS; i++)); do
    local t
    t=$( { /usr/bin/time -f "%U %S" "$PARLEY" analyze -j1 -q "$@" "$file" >/dev/null; } 2>&1 | tail -1)
    t=$(awk -v s="$t" 'BEGIN { split(s, a, " "); print a[1] + a[2] }')
    if [[ -z $best ]] || awk -v a="$t" -v b="$best" 'BEGIN { exit !(a < b) }'; then best=$t; fi
  done
  echo "$best"
}
echo
echo "parley analyze -j1, $POSTS posts ($(du -m "$POSTS_FILE" | cut -f1) MB), CPU seconds, best of $RUNS"
none=$(cpu "$POSTS_FILE")
none0=$(cpu "$HEADER")
tax=$(cpu "$POSTS_FILE" --taxonomy "$TAX")
tax0=$(cpu "$HEADER" --taxonomy "$TAX")
awk -v n="$none" -v n0="$none0" -v t="$tax" -v t0="$tax0" -v p="$POSTS" 'BEGIN {
  printf "%-32s %8.2f s  (setup %.2f s) %12.0f posts/CPU s\n", "no taxonomy", n, n0, p / (n - n0)
  printf "%-32s %8.2f s  (setup %.2f s) %12.0f posts/CPU s\n", "10,000 phrases", t, t0, p / (t - t0)
  printf "steady-state ratio %.2f (target >= 0.80)\n", (n - n0) / (t - t0)
}'

# Where that goes: a taxonomy brings the built-in intents and price words
# (data/taxonomy/README.md) unless it says `defaults = false`. The same
# runs with the built-ins alone (a taxonomy of one made-up phrase) and with
# the 10,000 phrases alone.
ONE=$OUT/taxonomy-1.toml
BARE=$OUT/taxonomy-10000-bare.toml
printf '[taxonomy]\nname = "bench-1"\nversion = 1\n\n[topics.t0]\nphrases = ["zorblax"]\n' >"$ONE"
sed 's/^version = 1$/version = 1\ndefaults = false/' "$TAX" >"$BARE"
one=$(cpu "$POSTS_FILE" --taxonomy "$ONE")
one0=$(cpu "$HEADER" --taxonomy "$ONE")
bare=$(cpu "$POSTS_FILE" --taxonomy "$BARE")
bare0=$(cpu "$HEADER" --taxonomy "$BARE")
awk -v n="$none" -v n0="$none0" -v t="$tax" -v t0="$tax0" -v o="$one" -v o0="$one0" \
    -v b="$bare" -v b0="$bare0" -v p="$POSTS" 'BEGIN {
  printf "%-32s %8.2f s  (setup %.2f s) %12.0f posts/CPU s  %.2f of none\n", "built-ins, 1 phrase", o, o0, p / (o - o0), (n - n0) / (o - o0)
  printf "%-32s %8.2f s  (setup %.2f s) %12.0f posts/CPU s  %.2f of none\n", "10,000 phrases, no built-ins", b, b0, p / (b - b0), (n - n0) / (b - b0)
  printf "the 10,000 phrases on top of the built-ins: %.2f of the built-ins alone\n", (o - o0) / (t - t0)
}'
