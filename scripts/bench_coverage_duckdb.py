"""The coverage benchmark's two questions asked of DuckDB over the same generated CSV.

Usage: python3 scripts/bench_coverage_duckdb.py FILE.csv [RUNS]
Prints the load time and, per question, the median and min of RUNS runs in ms, as JSON.
"""

import json
import statistics
import sys
import time

import duckdb

path = sys.argv[1]
runs = int(sys.argv[2]) if len(sys.argv) > 2 else 10
con = duckdb.connect()
t0 = time.perf_counter()
con.execute(
    f"""
    CREATE TABLE peserta AS
    SELECT "NIK" AS nik, substr("Kode Desa", 1, 5) AS kabkota, "Segmen" AS segment,
           CAST("Mulai" AS DATE) AS start_date, CAST("Selesai" AS DATE) AS end_date
    FROM read_csv('{path}', header = true, all_varchar = true)
    """
)
load_s = time.perf_counter() - t0
rows = con.execute("SELECT COUNT(*) FROM peserta").fetchone()[0]

QUESTIONS = {
    "all 514 kab/kota on 2025-12-31 by segment": """
        SELECT kabkota, segment, COUNT(*) AS protected
        FROM peserta
        WHERE start_date <= DATE '2025-12-31'
          AND (end_date IS NULL OR end_date >= DATE '2025-12-31')
        GROUP BY kabkota, segment
    """,
    "national monthly series 2021-2025": """
        WITH months AS (
            SELECT CAST(last_day(d) AS DATE) AS day
            FROM range(DATE '2021-01-01', DATE '2026-01-01', INTERVAL 1 MONTH) t(d)
        )
        SELECT m.day, COUNT(p.nik) AS protected
        FROM months m
        LEFT JOIN peserta p
          ON p.start_date <= m.day AND (p.end_date IS NULL OR p.end_date >= m.day)
        GROUP BY m.day ORDER BY m.day
    """,
}

out = {"rows": rows, "load_s": round(load_s, 2), "questions": {}}
for name, sql in QUESTIONS.items():
    con.execute(sql).fetchall()  # warm-up
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        con.execute(sql).fetchall()
        times.append((time.perf_counter() - t) * 1000)
    out["questions"][name] = {
        "median_ms": round(statistics.median(times), 2),
        "min_ms": round(min(times), 2),
    }
print(json.dumps(out, indent=2))
