#!/usr/bin/env bash
# Benchmark: import N generated participant rows (default 1,000,000) into a fresh embedded store
# with full validation, beside the tools a user would pick instead, on the same CSV in the same
# run, each with fair settings:
#
#   sqlite3 .import into a table with a NIK primary key, with Paritrana's pragmas
#     (WAL, synchronous=NORMAL, 16 MiB cache, temp_store=MEMORY);
#   sqlite3 .import into a table without keys, then CREATE UNIQUE INDEX (its fastest method);
#   PostgreSQL 15 COPY into a table with a NIK primary key (a throw-away cluster on loopback,
#     default settings), when its server binaries are installed;
#   DuckDB read_csv into a table with a NIK primary key, when `pip install duckdb` works.
#
# Each is run REPS times (default 1), alternating; the first Paritrana run of a rep is into a
# fresh store ("first import"), then the same file is imported again into it ("again": every
# row already recorded, the look-up path). Times are wall clock; memory is the peak resident set
# of the process (GNU time). Cold/warm: the CSV was just written, so it is in the page cache
# for every tool ("warm file"); the databases are new ("cold database") except for "again".
#
#   bash scripts/bench-import.sh                    # 1,000,000 rows
#   ROWS=10000000 bash scripts/bench-import.sh      # 10 million (about 10 minutes)
#   REPS=3 BIN=target/release/paritrana bash scripts/bench-import.sh
set -euo pipefail
cd "$(dirname "$0")/.."
ROWS=${ROWS:-1000000}
REPS=${REPS:-1}
OUT=${OUT:-bench-out}
mkdir -p "$OUT"
command -v sqlite3 >/dev/null || { echo "sqlite3 is needed: apt-get install -y sqlite3" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "GNU time is needed: apt-get install -y time" >&2; exit 2; }
PGBIN=${PGBIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)}
python3 -c "import duckdb" 2>/dev/null || pip install -q duckdb >/dev/null 2>&1 || true

# BIN=path/to/paritrana measures a binary already built (e.g. by `cargo test --release`).
if [ -z "${BIN:-}" ]; then
  cargo build --release -q -p paritrana
  BIN=target/release/paritrana
fi
export PARITRANA_TODAY=2026-11-23 PARITRANA_LOG=warn
CSV="$OUT/peserta-$ROWS.csv"
[ -f "$CSV" ] || $BIN gen participants --rows "$ROWS" --seed 7 --out "$CSV" >/dev/null
CSV_ABS=$(realpath "$CSV")
ls -l "$CSV" | awk '{printf "file: %s, %.1f MB\n", $9, $5/1e6}'

# measure NAME CMD...: runs CMD, appends "NAME seconds peak_MB" to the results.
RESULTS="$OUT/import-results-$ROWS.txt"
: > "$RESULTS"
measure() {
  local name=$1; shift
  local t0 t1
  t0=$(date +%s.%N)
  /usr/bin/time -f "%M" -o "$OUT/rss" "$@" > "$OUT/last.out" 2> "$OUT/last.err" || {
    echo "$name failed:" >&2; tail -5 "$OUT/last.err" >&2; return 1; }
  t1=$(date +%s.%N)
  printf '%s %.3f %.0f\n' "$name" "$(echo "$t1 - $t0" | bc -l)" "$(echo "$(tail -1 "$OUT/rss") / 1024" | bc -l)" | tee -a "$RESULTS"
}

PRAGMAS="PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA cache_size=-16384; PRAGMA temp_store=MEMORY;"
cols() { # the CSV header as SQL columns; $1 = the first column's type
  head -1 "$CSV" | tr -d '\r' | awk -F, -v first="$1" '{for(i=1;i<=NF;i++){n=$i; gsub(/[^A-Za-z0-9]/,"_",n); printf "%s\"%s\" %s", (i>1?", ":""), n, (i==1?first:"TEXT")}}'
}

pg_start() {
  [ -n "$PGBIN" ] && [ -x "$PGBIN/initdb" ] || return 1
  rm -rf "$OUT/pg"
  local user=()
  [ "$(id -u)" = 0 ] && { id postgres >/dev/null 2>&1 || return 1; chown -R postgres "$OUT" 2>/dev/null || true; user=(runuser -u postgres --); }
  PG=("${user[@]}")
  "${PG[@]}" "$PGBIN/initdb" -D "$OUT/pg" -A trust -U bench >/dev/null
  "${PG[@]}" "$PGBIN/pg_ctl" -D "$OUT/pg" -o "-p 55439 -k /tmp -c listen_addresses=''" -l "$OUT/pg.log" start >/dev/null
}
pg_stop() { [ -d "$OUT/pg" ] && "${PG[@]}" "$PGBIN/pg_ctl" -D "$OUT/pg" stop -m fast >/dev/null 2>&1 || true; }
trap pg_stop EXIT
HAVE_PG=0
if pg_start; then HAVE_PG=1; fi
psql_b() { "${PG[@]}" psql -h /tmp -p 55439 -U bench -d postgres -q -v ON_ERROR_STOP=1 "$@"; }

for rep in $(seq 1 "$REPS"); do
  echo "== rep $rep"
  rm -rf "$OUT/data"
  measure paritrana_first "$BIN" --data-dir "$OUT/data" import participants "$CSV" --format json
  cp "$OUT/last.out" "$OUT/paritrana.json"
  measure paritrana_again "$BIN" --data-dir "$OUT/data" import participants "$CSV" --format json

  rm -f "$OUT/pk.db"*
  sqlite3 "$OUT/pk.db" "$PRAGMAS CREATE TABLE peserta ($(cols 'TEXT PRIMARY KEY'));" >/dev/null
  measure sqlite3_pk sqlite3 "$OUT/pk.db" "$PRAGMAS" ".import --csv --skip 1 $CSV peserta"

  rm -f "$OUT/li.db"*
  sqlite3 "$OUT/li.db" "$PRAGMAS CREATE TABLE peserta ($(cols TEXT));" >/dev/null
  measure sqlite3_load_then_index sqlite3 "$OUT/li.db" "$PRAGMAS" ".import --csv --skip 1 $CSV peserta" \
    "CREATE UNIQUE INDEX peserta_nik ON peserta (NIK);"

  if [ "$HAVE_PG" = 1 ]; then
    psql_b -c "DROP TABLE IF EXISTS peserta; CREATE TABLE peserta ($(cols 'TEXT PRIMARY KEY'));"
    measure postgres_copy_pk "${PG[@]}" psql -h /tmp -p 55439 -U bench -d postgres -q -v ON_ERROR_STOP=1 \
      -c "\\copy peserta FROM '$CSV_ABS' WITH (FORMAT csv, HEADER true)"
  fi

  if python3 -c "import duckdb" 2>/dev/null; then
    rm -f "$OUT/duck.db"*
    measure duckdb_pk python3 -c "
import duckdb
c = duckdb.connect('$OUT/duck.db')
c.execute('CREATE TABLE peserta ($(cols 'VARCHAR PRIMARY KEY' | sed "s/\"/\\\\\"/g"))')
c.execute(\"INSERT INTO peserta SELECT * FROM read_csv('$CSV_ABS', header=true, all_varchar=true)\")
c.close()"
  fi
done

imported=$(python3 -c "import json;print(json.load(open('$OUT/paritrana.json'))['imported'])")
echo
echo "rows in file: $ROWS (imported by paritrana: $imported); reps: $REPS"
python3 - "$RESULTS" <<'EOF'
import sys, statistics
runs = {}
for line in open(sys.argv[1]):
    name, secs, mb = line.split()
    runs.setdefault(name, []).append((float(secs), float(mb)))
base = statistics.median(s for s, _ in runs["sqlite3_pk"])
p = statistics.median(s for s, _ in runs["paritrana_first"])
print(f"{'tool':<28}{'median s':>10}{'peak MB':>10}{'÷ sqlite3 PK':>14}{'paritrana ÷':>13}")
for name, rs in runs.items():
    s = statistics.median(x for x, _ in rs)
    mb = max(m for _, m in rs)
    print(f"{name:<28}{s:>10.2f}{mb:>10.0f}{s / base:>14.2f}{p / s:>13.2f}")
print(f"\nratio paritrana first import / sqlite3 .import with PK: {p / base:.2f} (goal <= 0.5)")
EOF
