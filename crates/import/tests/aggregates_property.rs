//! The coverage aggregates equal a direct count of the periods after any sequence of streamed
//! imports (issue 16): random lists over a small pool of workers — so rows repeat a NIK within a
//! file, revise, close, overlap and re-enrol across files — are imported one after another, and
//! two at once from two handles on the same database. After each step the aggregate table is
//! recounted from the periods (`maintenance::check_file`), and the cube (the aggregate) answers
//! every province and kab/kota question exactly as the periods themselves do.

use chrono::{Days, NaiveDate};
use paritrana_core::coverage::{CoverageSource, Dimension, day};
use paritrana_core::nik::{Nik, Sex};
use paritrana_core::region::{Level, RegionCode, RegionTree};
use paritrana_import::{Options, import_participants};
use paritrana_store::Store;
use paritrana_store_sqlite::{SqliteStore, maintenance};
use proptest::prelude::*;
use std::path::Path;
use std::sync::LazyLock;

const HEADER: &str = "NIK,Nama,Jenis Kelamin,Tanggal Lahir,Kode Desa,Segmen,Kategori,Sektor,Sumber Dana,Program,Mulai,Selesai,Upah";

static TREE: LazyLock<RegionTree> = LazyLock::new(|| {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data/regions.csv");
    RegionTree::from_csv(&std::fs::read_to_string(root).unwrap()).unwrap()
});

/// Villages of two kecamatan of Kab. Paser and one of Kota Balikpapan, with their kecamatan.
static PLACES: LazyLock<Vec<(RegionCode, RegionCode)>> = LazyLock::new(|| {
    ["64.01.04", "64.01.01", "64.71.01"]
        .iter()
        .flat_map(|d| {
            let district = RegionCode::parse(d).unwrap();
            TREE.children(district)
                .take(3)
                .map(move |v| (district, v.code))
                .collect::<Vec<_>>()
        })
        .collect()
});

/// A worker of the pool: NIK, sex, birth date and village, all consistent.
fn person(i: u8) -> (Nik, Sex, NaiveDate, RegionCode) {
    let (district, village) = PLACES[i as usize % PLACES.len()];
    let sex = if i.is_multiple_of(2) {
        Sex::Male
    } else {
        Sex::Female
    };
    let birth = NaiveDate::from_ymd_opt(
        1970 + (i % 30) as i32,
        1 + (i % 12) as u32,
        1 + (i % 28) as u32,
    )
    .unwrap();
    let nik = Nik::compose(district, birth, sex, 1 + i as u16).unwrap();
    (nik, sex, birth, village)
}

/// One generated row: which worker, which month the period starts (from 2022-01), how many
/// months it lasts (`None`: open), and which programme mix.
type GenRow = (u8, u8, Option<u8>, bool);

fn line(&(who, start, months, pu): &GenRow) -> String {
    let (nik, sex, birth, village) = person(who);
    let base = NaiveDate::from_ymd_opt(2022, 1, 1).unwrap();
    let start = base
        .checked_add_months(chrono::Months::new(start as u32))
        .unwrap();
    let end = months
        .map(|m| {
            (start
                .checked_add_months(chrono::Months::new(m as u32 + 1))
                .unwrap()
                - Days::new(1))
            .to_string()
        })
        .unwrap_or_default();
    let sex = if sex == Sex::Male { "L" } else { "P" };
    let birth = birth.format("%d/%m/%Y");
    let village = village.to_string();
    if pu {
        format!(
            "{nik},Pekerja {who},{sex},{birth},{village},PU,NON_ASN,,APBD_KABKOTA,\"JKK,JKM\",{start},{end},3000000"
        )
    } else {
        format!(
            "{nik},Pekerja {who},{sex},{birth},{village},BPU,PEKERJA_RENTAN,NELAYAN,DANA_DESA,\"JKK,JKM\",{start},{end},1000000"
        )
    }
}

fn options() -> Options {
    Options {
        strict: false,
        dry_run: false,
        regency: None,
        today: NaiveDate::from_ymd_opt(2026, 11, 23).unwrap(),
        actor: paritrana_store::Actor::system("test"),
        scope: paritrana_core::auth::Scope::National,
        spill_dir: None,
    }
}

fn import(store: &dyn Store, dir: &Path, name: &str, rows: &[GenRow]) -> paritrana_import::Summary {
    let path = dir.join(name);
    let body: Vec<String> = rows.iter().map(line).collect();
    std::fs::write(&path, format!("{HEADER}\n{}\n", body.join("\n"))).unwrap();
    let (summary, _) = import_participants(store, &TREE, &path, &options(), &|_, _| {}).unwrap();
    assert_eq!(summary.read, rows.len() as u64);
    summary
}

/// Workers named in `rows`, each once.
fn distinct(rows: &[GenRow]) -> u64 {
    rows.iter()
        .map(|r| r.0)
        .collect::<std::collections::BTreeSet<_>>()
        .len() as u64
}

/// The aggregate table equals a recount of the periods, and the cube answers as the periods do.
fn assert_consistent(store: &dyn Store, db: &Path) {
    let report = maintenance::check_file(db, false).unwrap();
    assert!(report.ok(), "{report:?}");
    let cube = store.coverage_cube().unwrap();
    // The cube answers down to kab/kota; below, questions are answered from the periods.
    for (within, level) in [
        (RegionCode::NATION, Level::Province),
        (RegionCode::parse("64").unwrap(), Level::Regency),
        (RegionCode::parse("64.01").unwrap(), Level::Regency),
    ] {
        let periods = store.coverage_periods(within).unwrap();
        for month in (0..60).step_by(5) {
            let on = NaiveDate::from_ymd_opt(2022, 1, 15).unwrap() + Days::new(month * 30);
            let from_cube = cube.count(within, level, day(on), Dimension::Segment);
            let direct = periods.count(within, level, day(on), Dimension::Segment);
            assert_eq!(from_cube, direct, "{within} by {level:?} on {on}");
        }
    }
}

fn rows(max: usize) -> impl Strategy<Value = Vec<GenRow>> {
    prop::collection::vec(
        (0u8..24, 0u8..48, prop::option::of(0u8..30), any::<bool>()),
        0..max,
    )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn aggregates_equal_direct_counts_after_streamed_and_incremental_imports(
        files in prop::collection::vec(rows(40), 1..4),
    ) {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("p.db");
        let store = SqliteStore::open(&db).unwrap();
        for (i, rows) in files.iter().enumerate() {
            let summary = import(&store, dir.path(), &format!("daftar-{i}.csv"), rows);
            if i == 0 {
                // Into an empty registry: the first row of each worker is stored, every later
                // one is a duplicate of the file.
                prop_assert_eq!(summary.imported, distinct(rows));
                prop_assert_eq!(summary.rejected, rows.len() as u64 - distinct(rows));
            }
            assert_consistent(&store, &db);
        }
    }

    #[test]
    fn aggregates_equal_direct_counts_after_two_imports_at_once(
        first in rows(40),
        a in rows(40),
        b in rows(40),
    ) {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("p.db");
        let one = SqliteStore::open(&db).unwrap();
        let two = SqliteStore::open(&db).unwrap();
        let summary = import(&one, dir.path(), "awal.csv", &first);
        prop_assert_eq!(summary.imported, distinct(&first));
        std::thread::scope(|s| {
            s.spawn(|| import(&one, dir.path(), "a.csv", &a));
            s.spawn(|| import(&two, dir.path(), "b.csv", &b));
        });
        assert_consistent(&one, &db);
        assert_consistent(&two, &db);
    }
}
