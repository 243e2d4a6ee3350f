#!/usr/bin/env bash
# Benchmark: a monthly update of 10,000 rows into a big registry, beside a staged upsert in
# sqlite3 (same pragmas) and PostgreSQL, and how soon the update is visible to a coverage
# question from the CLI. Run after scripts/bench-import.sh with the same ROWS: it reuses its
# registry (bench-out/data), its sqlite3 table (bench-out/pk.db) and its CSV.
#
#   ROWS=10000000 BIN=target/release/paritrana bash scripts/bench-update.sh
#
# The update: 5,000 recorded workers whose open or later periods now end on 2026-10-31 (revised),
# and 5,000 new workers (another seed). Every tool gets the same 10,000-row CSV.
set -euo pipefail
cd "$(dirname "$0")/.."
ROWS=${ROWS:-1000000}
OUT=${OUT:-bench-out}
BIN=${BIN:-target/release/paritrana}
export PARITRANA_TODAY=2026-11-23 PARITRANA_LOG=warn
CSV="$OUT/peserta-$ROWS.csv"
[ -f "$CSV" ] && [ -f "$OUT/data/paritrana.db" ] && [ -f "$OUT/pk.db" ] || {
  echo "run scripts/bench-import.sh with ROWS=$ROWS first" >&2; exit 2; }
UPDATE="$OUT/update-10k.csv"
$BIN gen participants --rows 5000 --seed 4242 --out "$OUT/new-5k.csv" >/dev/null
python3 - "$CSV" "$OUT/new-5k.csv" "$UPDATE" <<'EOF'
import csv, sys
big, new, out = sys.argv[1:]
with open(big, newline="") as f, open(out, "w", newline="") as o:
    r = csv.reader(f); w = csv.writer(o)
    header = next(r); w.writerow(header)
    start, end = header.index("Mulai"), header.index("Selesai")
    n = 0
    for row in r:
        if row[start] < "2026-10-01" and (row[end] == "" or row[end] > "2026-10-31"):
            row[end] = "2026-10-31"
            w.writerow(row); n += 1
            if n == 5000:
                break
    with open(new, newline="") as g:
        g = csv.reader(g); next(g)
        for row in g:
            w.writerow(row)
EOF
echo "update file: $(($(wc -l < "$UPDATE") - 1)) rows"

now() { date +%s.%N; }
secs() { echo "$2 - $1" | bc -l | xargs printf '%.2f'; }

# Paritrana: the update, then a coverage question from a new process (the CLI's answer).
cp "$OUT/data/paritrana.db" "$OUT/update.db"
t0=$(now)
$BIN --database-url "$OUT/update.db" import participants "$UPDATE" --format json > "$OUT/update.json" || true
t1=$(now)
$BIN --database-url "$OUT/update.db" coverage --region 64.01 --date 2026-11-30 > /dev/null
t2=$(now)
$BIN --database-url "$OUT/update.db" coverage --region 64.01 --date 2026-11-30 > /dev/null
t3=$(now)
python3 -c "import json;d=json.load(open('$OUT/update.json'));print('paritrana counts:', {k: d[k] for k in ('read','imported','updated','unchanged','rejected')})"
echo "paritrana update:                 $(secs "$t0" "$t1") s"
echo "paritrana coverage question (CLI): $(secs "$t1" "$t2") s first, $(secs "$t2" "$t3") s again"

# sqlite3: stage the CSV, then one upsert, with Paritrana's pragmas.
PRAGMAS="PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA cache_size=-16384; PRAGMA temp_store=MEMORY;"
cp "$OUT/pk.db" "$OUT/pk-update.db"
cols=$(head -1 "$CSV" | tr -d '\r' | awk -F, '{for(i=1;i<=NF;i++){n=$i; gsub(/[^A-Za-z0-9]/,"_",n); printf "%s\"%s\"", (i>1?", ":""), n}}')
sets=$(head -1 "$CSV" | tr -d '\r' | awk -F, '{for(i=2;i<=NF;i++){n=$i; gsub(/[^A-Za-z0-9]/,"_",n); printf "%s\"%s\" = excluded.\"%s\"", (i>2?", ":""), n, n}}')
t0=$(now)
sqlite3 "$OUT/pk-update.db" "$PRAGMAS" "CREATE TEMP TABLE staging ($cols);" ".import --csv --skip 1 $UPDATE staging" \
  "BEGIN; INSERT INTO peserta SELECT * FROM staging WHERE true ON CONFLICT (NIK) DO UPDATE SET $sets; COMMIT;" > /dev/null
t1=$(now)
echo "sqlite3 staged upsert:            $(secs "$t0" "$t1") s"
rm -f "$OUT/pk-update.db"*
