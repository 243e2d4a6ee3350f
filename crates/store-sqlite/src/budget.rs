//! SQL of budget questions: the enrolled workers of a region on a date, grouped by what their
//! contribution depends on (segment, funding source, programmes, wage).

use super::iso_date::iso;
use crate::error::Db;
use chrono::NaiveDate;
use paritrana_core::codes::{Funding, ProgrammeSet, Segment};
use paritrana_core::contribution::EnrolledGroup;
use paritrana_core::region::RegionCode;
use paritrana_core::worker::Rupiah;
use paritrana_store::StoreError;
use rusqlite::{Connection, params};

/// Workers living in `within` with a period covering `on`, counted per (segment, funding,
/// programmes, wage). Uses the `workers_village` index for the region's village range.
pub fn enrolled_groups(
    conn: &Connection,
    within: RegionCode,
    on: NaiveDate,
) -> Result<Vec<EnrolledGroup>, StoreError> {
    let range = within.village_range();
    let (lo, hi) = (
        *range.start() as i64,
        (*range.end()).min(i64::MAX as u64) as i64,
    );
    let mut stmt = conn
        .prepare_cached(
            "SELECT e.segment, e.funding, e.programmes, e.wage, COUNT(*) \
         FROM workers w JOIN enrolments e ON e.nik = w.nik \
         WHERE w.village BETWEEN ?1 AND ?2 \
           AND e.start_date <= ?3 AND (e.end_date IS NULL OR e.end_date >= ?3) \
         GROUP BY e.segment, e.funding, e.programmes, e.wage \
         ORDER BY e.funding, e.segment, e.programmes, e.wage",
        )
        .db()?;
    let mut q = stmt.query(params![lo, hi, iso(on)]).db()?;
    let mut out = Vec::new();
    while let Some(r) = q.next().db()? {
        let segment: String = r.get(0).db()?;
        let funding: String = r.get(1).db()?;
        let corrupt = |what: &str, v: &str| StoreError::Corrupt(format!("stored {what} `{v}`"));
        out.push(EnrolledGroup {
            segment: Segment::parse(&segment).ok_or_else(|| corrupt("segment", &segment))?,
            funding: Funding::parse(&funding).ok_or_else(|| corrupt("funding", &funding))?,
            programmes: ProgrammeSet::from_bits(r.get::<_, u8>(2).db()?),
            wage: r.get::<_, Option<i64>>(3).db()?.map(Rupiah),
            workers: r.get::<_, i64>(4).db()?.unsigned_abs(),
        });
    }
    Ok(out)
}
