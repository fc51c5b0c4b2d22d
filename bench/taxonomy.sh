#!/usr/bin/env bash
# What a taxonomy costs per post: runs taxonomy_benchmark (tokenize + VADER,
# then the tagger with 100 or 10,000 phrases on Hyperscan and on RE2) and
# prints each case's posts/s and its ratio to no taxonomy. The issue's bar:
# with 10,000 phrases, within 20% of the no-taxonomy rate (ratio >= 0.80).
#
#   bash bench/taxonomy.sh      (needs a developer build: scripts/setup --dev)
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${BIN:-build-dev/src/taxonomy/taxonomy_benchmark}
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
