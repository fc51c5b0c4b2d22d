#!/usr/bin/env bash
# How fast `parley serve` answers the dashboard's two main reads, summary and
# series, on a store of 1,000,000 posts: wrk on loopback, keep-alive
# connections, each endpoint for DURATION seconds. Prints requests/s, the
# latency percentiles wrk measures (p50, p99) and every error (socket errors
# and non-2xx answers), against the target of 10,000 requests/s with p99
# under 20 ms and no errors on 2 cores.
#
#   bash bench/serve.sh                  # 1,000,000 posts, 60 s per endpoint
#   DURATION=10 bash bench/serve.sh      # a quicker look
#
# Environment: POSTS (default 1000000), DURATION (seconds, default 60),
# CONNECTIONS (wrk -c, default 8), WRK_THREADS (wrk -t, default 2),
# SERVER_THREADS (parley serve --threads, default 8), PORT (default 18480),
# PARLEY (default build/bin/parley). The store is built once under bench/out/
# with parley synth + parley ingest and the demo taxonomy.
set -euo pipefail
cd "$(dirname "$0")/.."

PARLEY=${PARLEY:-build/bin/parley}
POSTS=${POSTS:-1000000}
DURATION=${DURATION:-60}
CONNECTIONS=${CONNECTIONS:-8}
WRK_THREADS=${WRK_THREADS:-2}
SERVER_THREADS=${SERVER_THREADS:-8}
PORT=${PORT:-18480}
OUT=bench/out
if [[ ! -x $PARLEY ]]; then
  echo "serve.sh: $PARLEY not found; build it first with scripts/setup" >&2
  exit 2
fi
command -v wrk >/dev/null || { echo "serve.sh: needs wrk (apt-get install wrk; scripts/setup --dev does)" >&2; exit 2; }
command -v curl >/dev/null || { echo "serve.sh: needs curl" >&2; exit 2; }
mkdir -p "$OUT"
DB=$OUT/serve-$POSTS.db
if [[ ! -f $DB ]]; then
  echo "serve.sh: building a store of $POSTS posts in $DB (once)" >&2
  "$PARLEY" synth -q -n "$POSTS" --seed 1 -o "$OUT/serve-$POSTS.csv"
  "$PARLEY" ingest -q "$OUT/serve-$POSTS.csv" --taxonomy data/taxonomy/demo.toml --db "$DB.partial" \
    --rejects "$OUT/serve-rejects.ndjson"
  mv "$DB.partial" "$DB"
  rm -f "$DB.partial-wal" "$DB.partial-shm" "$OUT/serve-$POSTS.csv"
fi

# No rate limit: one benchmark client is not the many clients it guards against.
"$PARLEY" serve --db "$DB" --port "$PORT" --threads "$SERVER_THREADS" --rate-limit 0 --no-dashboard \
  2>"$OUT/serve-bench.log" &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null || true' EXIT
for _ in $(seq 100); do
  curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null && break
  sleep 0.1
done
curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null || { cat "$OUT/serve-bench.log" >&2; exit 1; }

# bench NAME PATH: one wrk run; prints a row of the table.
bench() {
  local name=$1 path=$2 url="http://127.0.0.1:$PORT$2"
  local bytes
  bytes=$(curl -sf "$url" | wc -c)
  local out
  out=$(wrk --latency -t"$WRK_THREADS" -c"$CONNECTIONS" -d"${DURATION}s" "$url")
  echo "$out" >"$OUT/serve-wrk-$name.txt"
  awk -v name="$name" -v bytes="$bytes" '
    /Requests\/sec:/ { rps = $2 }
    /^ +50%/ { p50 = $2 }
    /^ +99%/ { p99 = $2 }
    /requests in/ { total = $1 }
    /Socket errors:/ { gsub(",", ""); socket = $4 + $6 + $8 + $10 }
    /Non-2xx or 3xx responses:/ { non2xx = $5 }
    END { printf "%-44s %7d B %10.0f req/s   p50 %9s   p99 %9s   errors %d (of %d)\n",
                 name, bytes, rps, p50, p99, socket + non2xx, total }' <<<"$out"
}

echo "parley serve on $POSTS posts, wrk -t$WRK_THREADS -c$CONNECTIONS, ${DURATION}s per endpoint, $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
bench summary "/api/summary"
bench series-daily-brand "/api/series?brand=skyloft&granularity=day"
bench series-hourly-brand-topic "/api/series?brand=skyloft&topic=delay&granularity=hour"
echo "target: >= 10,000 req/s and p99 < 20 ms with 0 errors on 2 cores"
