//! SQL of the coverage aggregates: writing an import's deltas, loading the cube, reading the
//! periods of one region, and rebuilding the aggregates from the registry.

use crate::StoreError;
use paritrana_core::codes::{Category, Funding, ProgrammeSet, Sector, Segment};
use paritrana_core::coverage::{self, Cube, Deltas, PeriodFact, PeriodList, Profile};
use paritrana_core::region::{Level, RegionCode};
use rusqlite::{Connection, Transaction, params};

/// Adds an import's deltas to the aggregates (inside the import's transaction). `empty` says
/// the table holds no row yet (a first import): then plain inserts in key order suffice.
pub fn apply_deltas(tx: &Transaction<'_>, deltas: &Deltas, empty: bool) -> rusqlite::Result<()> {
    if empty {
        let mut insert = tx.prepare_cached(
            "INSERT INTO coverage_deltas (regency, profile, day, delta) VALUES (?1, ?2, ?3, ?4)",
        )?;
        for (regency, profile, day, delta) in deltas.rows() {
            insert.execute(params![regency.as_u64() as i64, profile.bits(), day, delta])?;
        }
        return Ok(());
    }
    let mut upsert = tx.prepare_cached(
        "INSERT INTO coverage_deltas (regency, profile, day, delta) VALUES (?1, ?2, ?3, ?4) \
         ON CONFLICT (regency, profile, day) DO UPDATE SET delta = delta + excluded.delta \
         RETURNING delta",
    )?;
    let mut delete = tx.prepare_cached(
        "DELETE FROM coverage_deltas WHERE regency = ?1 AND profile = ?2 AND day = ?3",
    )?;
    for (regency, profile, day, delta) in deltas.rows() {
        let key = (regency.as_u64() as i64, profile.bits(), day);
        let now: i64 = upsert.query_row(params![key.0, key.1, key.2, delta], |r| r.get(0))?;
        if now == 0 {
            delete.execute(params![key.0, key.1, key.2])?;
        }
    }
    Ok(())
}

/// A version of the registry: changes whenever an import commits or an approved transfer
/// moves a worker (both only ever grow, so their sum does too).
pub fn version(conn: &Connection) -> rusqlite::Result<i64> {
    conn.query_row(
        "SELECT COALESCE((SELECT MAX(id) FROM imports), 0) \
         + (SELECT COUNT(*) FROM transfers WHERE status = 'approved')",
        [],
        |r| r.get(0),
    )
}

/// Loads the whole cube.
pub fn load_cube(conn: &Connection) -> Result<Cube, StoreError> {
    let mut stmt = conn.prepare(
        "SELECT regency, profile, day, delta FROM coverage_deltas ORDER BY regency, profile, day",
    )?;
    let mut rows = Vec::new();
    let mut q = stmt.query([])?;
    while let Some(r) = q.next()? {
        let regency: i64 = r.get(0)?;
        let bits: u32 = r.get(1)?;
        let regency = RegionCode::from_u64(regency as u64)
            .filter(|c| c.level() == Level::Regency)
            .ok_or_else(|| StoreError::Corrupt(format!("coverage_deltas: regency {regency}")))?;
        let profile = Profile::from_bits(bits)
            .ok_or_else(|| StoreError::Corrupt(format!("coverage_deltas: profile {bits}")))?;
        rows.push((regency, profile, r.get(2)?, r.get(3)?));
    }
    Ok(Cube::from_rows(rows))
}

fn corrupt(what: &str, value: &str) -> StoreError {
    StoreError::Corrupt(format!("stored {what} `{value}` is not valid"))
}

/// Every period of the workers living in `within` (the whole registry for the nation).
pub fn periods(conn: &Connection, within: RegionCode) -> Result<PeriodList, StoreError> {
    let range = within.village_range();
    let (lo, hi) = (
        *range.start() as i64,
        (*range.end()).min(i64::MAX as u64) as i64,
    );
    let mut stmt = conn.prepare_cached(
        "SELECT w.village, e.segment, e.category, e.sector, e.funding, e.programmes, \
         e.start_date, e.end_date \
         FROM workers w JOIN enrolments e ON e.nik = w.nik WHERE w.village BETWEEN ?1 AND ?2",
    )?;
    let mut q = stmt.query(params![lo, hi])?;
    let mut periods = Vec::new();
    while let Some(r) = q.next()? {
        let village: i64 = r.get(0)?;
        let text = |i: usize| -> rusqlite::Result<String> { r.get(i) };
        let (seg, cat, fund) = (text(1)?, text(2)?, text(4)?);
        let sector: Option<String> = r.get(3)?;
        let sector = match sector {
            Some(s) => Some(Sector::parse(&s).ok_or_else(|| corrupt("sector", &s))?),
            None => None,
        };
        let profile = Profile::new(
            Segment::parse(&seg).ok_or_else(|| corrupt("segment", &seg))?,
            Category::parse(&cat).ok_or_else(|| corrupt("category", &cat))?,
            sector,
            Funding::parse(&fund).ok_or_else(|| corrupt("funding", &fund))?,
            ProgrammeSet::from_bits(r.get::<_, u8>(5)?),
        );
        periods.push(PeriodFact {
            village: RegionCode::from_u64(village as u64)
                .ok_or_else(|| corrupt("village", &village.to_string()))?,
            profile,
            start: coverage::day(r.get(6)?),
            end: r.get::<_, Option<chrono::NaiveDate>>(7)?.map(coverage::day),
        });
    }
    Ok(PeriodList { periods })
}

/// Recomputes the aggregates from the registry (after the migration that adds them, or to
/// repair). Returns the number of aggregate rows.
pub fn rebuild(conn: &mut Connection) -> Result<usize, StoreError> {
    let list = periods(conn, RegionCode::NATION)?;
    let mut deltas = Deltas::new();
    for p in &list.periods {
        deltas.add_fact(p);
    }
    let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    tx.execute("DELETE FROM coverage_deltas", [])?;
    apply_deltas(&tx, &deltas, true)?;
    let n: i64 = tx.query_row("SELECT COUNT(*) FROM coverage_deltas", [], |r| r.get(0))?;
    tx.commit()?;
    Ok(n as usize)
}

/// Whether the aggregates are missing while the registry has periods (a database created
/// before the aggregates existed).
pub fn needs_rebuild(conn: &Connection) -> rusqlite::Result<bool> {
    conn.query_row(
        "SELECT EXISTS(SELECT 1 FROM enrolments) AND NOT EXISTS(SELECT 1 FROM coverage_deltas)",
        [],
        |r| r.get(0),
    )
}
