#!/usr/bin/env bash
# Load test of the public pages (dashboard and region pages) with N generated workers in the
# store (default 10,000,000), with wrk on loopback, bounded in time. Anonymous requests, as the
# public and a ranking-checking visitor make them; gzip accepted as browsers do.
#
#   bash scripts/bench-web.sh                    # 10M workers (reuses bench-coverage's store)
#   ROWS=1000000 DURATION=10s bash scripts/bench-web.sh
#   PARITRANA_BIN=target/release/paritrana bash scripts/bench-web.sh   # no cargo build
set -euo pipefail
cd "$(dirname "$0")/.."
ROWS=${ROWS:-10000000}
OUT=${OUT:-bench-out}
PORT=${PORT:-18081}
DURATION=${DURATION:-20s}
CONNECTIONS=${CONNECTIONS:-32}
THREADS=${THREADS:-2}
mkdir -p "$OUT"
command -v wrk >/dev/null || { echo "wrk is needed: apt-get install -y wrk" >&2; exit 2; }

if [ -n "${PARITRANA_BIN:-}" ]; then
  BIN=$PARITRANA_BIN # a built binary: no build
else
  cargo build --release -q -p paritrana
  BIN=target/release/paritrana
fi
export PARITRANA_TODAY=2026-11-23 PARITRANA_LOG=warn
CSV="$OUT/peserta-$ROWS.csv"
DATA="$OUT/data-$ROWS"
if [ ! -f "$DATA/paritrana.db" ] && [ ! -f "$CSV" ]; then
  $BIN gen participants --rows "$ROWS" --seed 11 --out "$CSV"
fi
if [ ! -f "$DATA/paritrana.db" ]; then
  $BIN --data-dir "$DATA" import participants "$CSV" --format json > "$OUT/import-$ROWS.json" || true
fi
echo "workers in the store: $(sqlite3 "$DATA/paritrana.db" 'SELECT COUNT(*) FROM workers')"

# --demo adds the demo target estimates when the store has none (the registry is kept).
$BIN --data-dir "$DATA" serve --demo --addr "127.0.0.1:$PORT" > "$OUT/serve-web.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true' EXIT
for _ in $(seq 600); do curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 0.2; done
BASE="http://127.0.0.1:$PORT"

PAGES=(/ /wilayah/64 /wilayah/64.01 /wilayah/64.01.01 "/wilayah/64.01?urut=cakupan&arah=turun" "/?lang=en")
for p in "${PAGES[@]}"; do
  # Warm-up: the first request builds the page (and, the first time, the cube) and fills the
  # page cache; its time is the cold figure.
  cold=$(curl -sf --compressed -o /dev/null -w '%{time_total}' "$BASE$p")
  size=$(curl -s -H 'Accept-Encoding: gzip' -o /dev/null -w '%{size_download}' "$BASE$p")
  echo; echo "== $p ($size bytes gzip; first request, uncached: ${cold} s) =="
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency -H 'Accept-Encoding: gzip' "$BASE$p" \
    | grep -E "^\s+(50|90|99)%|Requests/sec|Non-2xx|Socket errors"
done
# Every kab/kota page in turn, right after an import would have emptied the cache: the first pass
# builds each of the 514 pages, later passes are served from the cache.
LUA="$OUT/kabkota.lua"
{
  echo 'local paths = {'
  awk -F, 'NR > 1 && $1 ~ /^[0-9][0-9]\.[0-9][0-9]$/ { printf "\"/wilayah/%s\",\n", $1 }' data/regions.csv
  echo '}'
  echo 'local i = 0'
  echo 'request = function() i = i % #paths + 1; return wrk.format("GET", paths[i]) end'
} > "$LUA"
echo; echo "== the 514 kab/kota pages in turn, from an empty cache ($(grep -c wilayah "$LUA") paths) =="
kill $SERVER; wait $SERVER 2>/dev/null || true
$BIN --data-dir "$DATA" serve --demo --addr "127.0.0.1:$PORT" > "$OUT/serve-web.log" 2>&1 &
SERVER=$!
for _ in $(seq 600); do curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 0.2; done
curl -sf --compressed -o /dev/null "$BASE/wilayah/64" # the cube, built once per start
wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency -H 'Accept-Encoding: gzip' -s "$LUA" "$BASE" \
  | grep -E "^\s+(50|90|99)%|Requests/sec|Non-2xx|Socket errors"

echo; echo "server memory: $(grep -E 'VmRSS|VmHWM' /proc/$SERVER/status | tr -s ' ' | tr '\n' ' ')"
