#!/usr/bin/env bash
# Benchmark: import N generated participant rows (default 1,000,000) into a fresh embedded store
# with full validation, and load the same file with sqlite3's bare `.import` into a table with a
# primary key on NIK, in the same run. Prints rows/s, the ratio and peak memory.
#
#   bash scripts/bench-import.sh            # 1,000,000 rows
#   ROWS=200000 bash scripts/bench-import.sh
#   BIN=/tmp/paritrana bash scripts/bench-import.sh   # an already built binary
set -euo pipefail
cd "$(dirname "$0")/.."
ROWS=${ROWS:-1000000}
OUT=${OUT:-bench-out}
mkdir -p "$OUT"
command -v sqlite3 >/dev/null || { echo "sqlite3 is needed: apt-get install -y sqlite3" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "GNU time is needed: apt-get install -y time" >&2; exit 2; }

# BIN=path/to/paritrana measures a binary already built (e.g. by `cargo test --release`).
if [ -z "${BIN:-}" ]; then
  cargo build --release -q -p paritrana
  BIN=target/release/paritrana
fi
export PARITRANA_TODAY=2026-11-23 PARITRANA_LOG=warn
CSV="$OUT/peserta-$ROWS.csv"
[ -f "$CSV" ] || $BIN gen participants --rows "$ROWS" --seed 7 --out "$CSV"
ls -l "$CSV" | awk '{printf "file: %s, %.1f MB\n", $9, $5/1e6}'

now() { date +%s.%N; }

# 1. Paritrana: full validation + registry write, fresh database, one transaction.
rm -rf "$OUT/data"
t0=$(now)
/usr/bin/time -f "%M" -o "$OUT/paritrana.rss" $BIN --data-dir "$OUT/data" import participants "$CSV" --format json > "$OUT/paritrana.json"
t1=$(now)
p_secs=$(echo "$t1 - $t0" | bc -l)
p_rss_kb=$(cat "$OUT/paritrana.rss")

# 2. sqlite3 .import into a table with a primary key on NIK.
rm -f "$OUT/bare.db"
cols=$(head -1 "$CSV" | tr -d '\r' | awk -F, '{for(i=1;i<=NF;i++){n=$i; gsub(/[^A-Za-z0-9]/,"_",n); printf "%s\"%s\" TEXT%s", (i>1?", ":""), n, (i==1?" PRIMARY KEY":"")}}')
sqlite3 "$OUT/bare.db" "CREATE TABLE peserta ($cols);"
t0=$(now)
/usr/bin/time -f "%M" -o "$OUT/sqlite3.rss" sqlite3 "$OUT/bare.db" ".import --csv --skip 1 $CSV peserta"
t1=$(now)
s_secs=$(echo "$t1 - $t0" | bc -l)
s_rows=$(sqlite3 "$OUT/bare.db" "SELECT COUNT(*) FROM peserta")

imported=$(python3 -c "import json;print(json.load(open('$OUT/paritrana.json'))['imported'])")
printf '\nrows in file:            %d\n' "$ROWS"
printf 'paritrana import:        %.2f s  %.0f rows/s  (imported %d)  peak RSS %.0f MB\n' "$p_secs" "$(echo "$ROWS / $p_secs" | bc -l)" "$imported" "$(echo "$p_rss_kb / 1024" | bc -l)"
printf 'sqlite3 .import (PK):    %.2f s  %.0f rows/s  (rows %d)  peak RSS %.0f MB\n' "$s_secs" "$(echo "$ROWS / $s_secs" | bc -l)" "$s_rows" "$(echo "$(cat "$OUT/sqlite3.rss") / 1024" | bc -l)"
printf 'ratio paritrana/sqlite3: %.2f  (goal <= 1.0)\n' "$(echo "$p_secs / $s_secs" | bc -l)"
