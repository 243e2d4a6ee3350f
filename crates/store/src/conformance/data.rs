//! Workers, imports and actors the checks share.

use crate::{Actor, ImportBatch, ImportOutcome, ImportSource, IncomingRow, RowsInMemory, Store};
use chrono::NaiveDate;
use paritrana_core::auth::Scope;
use paritrana_core::codes::{Category, Funding, ProgrammeSet, Segment};
use paritrana_core::coverage::{CoverageSource, Dimension, day};
use paritrana_core::nik::{Nik, Sex};
use paritrana_core::region::{Level, RegionCode};
use paritrana_core::worker::{Enrolment, Person, Rupiah};

pub fn date(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

pub fn code(s: &str) -> RegionCode {
    RegionCode::parse(s).unwrap()
}

pub fn operator() -> Actor {
    Actor {
        name: "op.kaltim".into(),
        user_id: None,
        addr: Some("10.0.0.5".into()),
    }
}

/// A worker living in `village`, the `serial`-th of its district, with one BPU period paid
/// by the regency's budget from `start` to `end`.
pub fn worker(village: &str, serial: u16, start: &str, end: Option<&str>) -> (Person, Enrolment) {
    let village = code(village);
    let district = village.parent().unwrap();
    let birth = date("1985-03-14");
    let sex = if serial.is_multiple_of(2) {
        Sex::Female
    } else {
        Sex::Male
    };
    let nik = Nik::compose(district, birth, sex, serial).unwrap();
    (
        Person {
            nik,
            name: format!("Pekerja {village} {serial:04}"),
            sex,
            birth_date: birth,
            village,
        },
        Enrolment {
            segment: Segment::Bpu,
            category: Category::PekerjaRentan,
            sector: None,
            funding: Funding::ApbdKabkota,
            csr_company: None,
            programmes: ProgrammeSet::parse("JKK,JKM").unwrap(),
            start: date(start),
            end: end.map(date),
            wage: Some(Rupiah(1_000_000)),
        },
    )
}

/// `count` workers of one village, serials from `first`, enrolled from 2023-01-01.
pub fn village_workers(village: &str, first: u16, count: u16) -> Vec<(Person, Enrolment)> {
    (first..first + count)
        .map(|s| worker(village, s, "2023-01-01", None))
        .collect()
}

pub fn source(name: &str) -> ImportSource {
    ImportSource {
        file_name: name.into(),
        file_sha256: format!("{:064}", name.len()),
        actor: operator(),
        scope: Scope::National,
    }
}

/// Imports `workers` in one batch (sorted by NIK, as the importer hands them over).
pub fn import(
    store: &dyn Store,
    name: &str,
    workers: &[(Person, Enrolment)],
    dry_run: bool,
) -> ImportOutcome {
    let mut sorted: Vec<&(Person, Enrolment)> = workers.iter().collect();
    sorted.sort_by_key(|(p, _)| p.nik);
    let rows: Vec<IncomingRow> = sorted
        .iter()
        .enumerate()
        .map(|(i, (person, enrolment))| IncomingRow {
            line: i as u64 + 2,
            person: person.clone(),
            enrolment: enrolment.clone(),
        })
        .collect();
    let batch = ImportBatch {
        source: source(name),
        rows_read: rows.len() as u64,
        strict: false,
        dry_run,
        today: date("2024-06-30"),
    };
    let mut rows = RowsInMemory::new(rows);
    let out = store.apply_import(&batch, &mut rows, &|_| {}).unwrap();
    assert_eq!(
        out.refused,
        rows.refused.len() as u64,
        "every refusal handed over"
    );
    out
}

/// Protected workers per area of `level` inside `within` on `on`, as (area, count) pairs.
pub fn counts(
    source: &dyn CoverageSource,
    within: &str,
    level: Level,
    on: &str,
) -> Vec<(String, u64)> {
    source
        .count(code(within), level, day(date(on)), Dimension::None)
        .into_iter()
        .map(|(area, c)| (area.to_string(), c.total))
        .collect()
}

/// Protected workers of the province on `on`, from the cube.
pub fn province_total(store: &dyn Store, on: &str) -> u64 {
    let cube = store.coverage_cube().unwrap();
    counts(cube.as_ref(), "64", Level::Province, on)
        .into_iter()
        .map(|(_, n)| n)
        .sum()
}
