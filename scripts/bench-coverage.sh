#!/usr/bin/env bash
# Benchmark: coverage questions over a registry of N generated workers (default 10,000,000),
# through the crate API (criterion), through HTTP (wrk against `paritrana serve`), and the same
# questions asked of DuckDB over the same CSV, in one run. Also the server's resident memory.
#
#   bash scripts/bench-coverage.sh               # 10,000,000 workers (~25 min the first time)
#   ROWS=1000000 bash scripts/bench-coverage.sh
set -euo pipefail
cd "$(dirname "$0")/.."
ROWS=${ROWS:-10000000}
OUT=${OUT:-bench-out}
PORT=${PORT:-18080}
mkdir -p "$OUT"
command -v wrk >/dev/null || { echo "wrk is needed: apt-get install -y wrk" >&2; exit 2; }
python3 -c "import duckdb" 2>/dev/null || pip install -q duckdb

cargo build --release -q -p paritrana
BIN=target/release/paritrana
export PARITRANA_TODAY=2026-11-23 PARITRANA_LOG=warn
CSV="$OUT/peserta-$ROWS.csv"
DATA="$OUT/data-$ROWS"
if [ ! -f "$CSV" ]; then
  t0=$(date +%s.%N)
  $BIN gen participants --rows "$ROWS" --seed 11 --out "$CSV"
  echo "generated $ROWS rows in $(echo "$(date +%s.%N) - $t0" | bc -l | xargs printf '%.1f') s"
fi
if [ ! -f "$DATA/paritrana.db" ]; then
  t0=$(date +%s.%N)
  $BIN --data-dir "$DATA" import participants "$CSV" --format json > "$OUT/import-$ROWS.json" || true
  echo "imported in $(echo "$(date +%s.%N) - $t0" | bc -l | xargs printf '%.1f') s: $(python3 -c "import json;d=json.load(open('$OUT/import-$ROWS.json'));print(d['imported'],'workers')")"
fi
sqlite3 "$DATA/paritrana.db" "SELECT 'coverage_deltas rows: ' || COUNT(*) FROM coverage_deltas"

echo; echo "== crate API (criterion) =="
PARITRANA_BENCH_DATA="$PWD/$DATA" cargo bench -q -p paritrana-web --bench coverage -- --noplot 2>&1 \
  | grep -E "registry|cube|coverage/|time:" || true

echo; echo "== HTTP (wrk, 1 connection, 10 s each) =="
$BIN --data-dir "$DATA" serve --addr "127.0.0.1:$PORT" > "$OUT/serve.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true' EXIT
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 0.1; done
Q1="/api/v1/coverage?level=kabkota&date=2025-12-31&by=segment"
Q2="/api/v1/coverage?series=monthly&from=2021-01-01&to=2025-12-31"
curl -sf "http://127.0.0.1:$PORT$Q1" > /dev/null  # loads the cube
for q in "$Q1" "$Q2"; do
  echo "$q"
  wrk -t1 -c1 -d10s --latency "http://127.0.0.1:$PORT$q" | grep -E "^\s+(50|90|99)%|Requests/sec"
done
echo "server memory: $(grep -E 'VmRSS|VmHWM' /proc/$SERVER/status | tr -s ' ' | tr '\n' ' ')"
kill $SERVER; wait $SERVER 2>/dev/null || true
trap - EXIT

echo; echo "== DuckDB over the same CSV =="
python3 scripts/bench_coverage_duckdb.py "$CSV" 10
