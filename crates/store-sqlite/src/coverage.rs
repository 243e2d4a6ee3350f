//! SQL of the coverage aggregates: writing an import's deltas, loading the cube, reading the
//! periods of one region, and rebuilding the aggregates from the registry.

use crate::error::Db;
use paritrana_core::codes::{Category, Funding, ProgrammeSet, Sector, Segment};
use paritrana_core::coverage::{self, Cube, Deltas, PeriodFact, PeriodList, Profile};
use paritrana_core::region::{Level, RegionCode};
use paritrana_store::StoreError;
use rusqlite::{Connection, Transaction, params};

/// Adds deltas to the aggregates inside the caller's transaction (an import, a transfer's
/// move). Each sum is added by the database itself (`delta = delta + excluded.delta`), never
/// read and written back, so two transactions adding to the same key both count; the sums
/// that come to zero are then deleted in one statement, found through the partial index
/// `coverage_deltas_zero` (migration 0010), which only ever holds this transaction's zeros.
/// `empty` says the table is known to hold no row (a rebuild, which deletes them all first):
/// plain inserts in key order then suffice.
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
    let upsert = |rows: usize| {
        let values = vec!["(?, ?, ?, ?)"; rows].join(", ");
        tx.prepare_cached(&format!(
            "INSERT INTO coverage_deltas (regency, profile, day, delta) VALUES {values} \
             ON CONFLICT (regency, profile, day) DO UPDATE SET delta = delta + excluded.delta"
        ))
    };
    let rows = deltas.rows();
    let mut chunks = rows.chunks_exact(UPSERT_ROWS);
    if chunks.len() > 0 {
        let mut many = upsert(UPSERT_ROWS)?;
        for chunk in &mut chunks {
            for (i, (regency, profile, day, delta)) in chunk.iter().enumerate() {
                let at = 1 + i * 4;
                many.raw_bind_parameter(at, regency.as_u64() as i64)?;
                many.raw_bind_parameter(at + 1, profile.bits())?;
                many.raw_bind_parameter(at + 2, day)?;
                many.raw_bind_parameter(at + 3, delta)?;
            }
            many.raw_execute()?;
        }
    }
    let mut one = upsert(1)?;
    for (regency, profile, day, delta) in chunks.remainder() {
        one.execute(params![regency.as_u64() as i64, profile.bits(), day, delta])?;
    }
    tx.prepare_cached("DELETE FROM coverage_deltas WHERE delta = 0")?
        .execute([])?;
    Ok(())
}

/// Sums per multi-row upsert statement.
const UPSERT_ROWS: usize = 64;

/// The registry version: a number that grows by one in every transaction that changes what
/// the coverage and the public pages show (a committed import of workers or targets, an
/// approved transfer), bumped inside that transaction ([`bump_version`]). Commits are
/// serialised on the version's row, so versions follow the commit order.
pub fn version(conn: &Connection) -> rusqlite::Result<i64> {
    conn.query_row(
        "SELECT version FROM registry_version WHERE id = 1",
        [],
        |r| r.get(0),
    )
}

/// Moves the registry version on, inside the caller's write transaction: the last statement
/// before the commit (an approved transfer does it by the trigger of migration 0010).
pub fn bump_version(tx: &Transaction<'_>) -> rusqlite::Result<()> {
    let n = tx
        .prepare_cached("UPDATE registry_version SET version = version + 1 WHERE id = 1")?
        .execute([])?;
    if n != 1 {
        // The row is made by the migration and cannot be deleted (its trigger).
        return Err(rusqlite::Error::FromSqlConversionFailure(
            0,
            rusqlite::types::Type::Null,
            "the registry_version row is missing".into(),
        ));
    }
    Ok(())
}

/// Loads the whole cube.
pub fn load_cube(conn: &Connection) -> Result<Cube, StoreError> {
    let mut stmt = conn.prepare(
        "SELECT regency, profile, day, delta FROM coverage_deltas ORDER BY regency, profile, day",
    ).db()?;
    let mut rows = Vec::new();
    let mut q = stmt.query([]).db()?;
    while let Some(r) = q.next().db()? {
        let regency: i64 = r.get(0).db()?;
        let bits: u32 = r.get(1).db()?;
        let regency = RegionCode::from_u64(regency as u64)
            .filter(|c| c.level() == Level::Regency)
            .ok_or_else(|| StoreError::Corrupt(format!("coverage_deltas: regency {regency}")))?;
        let profile = Profile::from_bits(bits)
            .ok_or_else(|| StoreError::Corrupt(format!("coverage_deltas: profile {bits}")))?;
        rows.push((regency, profile, r.get(2).db()?, r.get(3).db()?));
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
    let mut stmt = conn
        .prepare_cached(
            "SELECT w.village, e.segment, e.category, e.sector, e.funding, e.programmes, \
         e.start_date, e.end_date \
         FROM workers w JOIN enrolments e ON e.nik = w.nik WHERE w.village BETWEEN ?1 AND ?2",
        )
        .db()?;
    let mut q = stmt.query(params![lo, hi]).db()?;
    let mut periods = Vec::new();
    while let Some(r) = q.next().db()? {
        let village: i64 = r.get(0).db()?;
        let text = |i: usize| -> rusqlite::Result<String> { r.get(i) };
        let (seg, cat, fund) = (text(1).db()?, text(2).db()?, text(4).db()?);
        let sector: Option<String> = r.get(3).db()?;
        let sector = match sector {
            Some(s) => Some(Sector::parse(&s).ok_or_else(|| corrupt("sector", &s))?),
            None => None,
        };
        let profile = Profile::new(
            Segment::parse(&seg).ok_or_else(|| corrupt("segment", &seg))?,
            Category::parse(&cat).ok_or_else(|| corrupt("category", &cat))?,
            sector,
            Funding::parse(&fund).ok_or_else(|| corrupt("funding", &fund))?,
            ProgrammeSet::from_bits(r.get::<_, u8>(5).db()?),
        );
        periods.push(PeriodFact {
            village: RegionCode::from_u64(village as u64)
                .ok_or_else(|| corrupt("village", &village.to_string()))?,
            profile,
            start: coverage::day(r.get(6).db()?),
            end: r
                .get::<_, Option<chrono::NaiveDate>>(7)
                .db()?
                .map(coverage::day),
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
    let tx = conn
        .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
        .db()?;
    tx.execute("DELETE FROM coverage_deltas", []).db()?;
    apply_deltas(&tx, &deltas, true).db()?;
    let n: i64 = tx
        .query_row("SELECT COUNT(*) FROM coverage_deltas", [], |r| r.get(0))
        .db()?;
    tx.commit().db()?;
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
