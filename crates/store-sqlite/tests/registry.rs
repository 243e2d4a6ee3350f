//! The registry as the store keeps it under concurrent writers: the registry version (bumped
//! once by every committed import, untouched by a refused or dry one), the coverage cube cache
//! keyed on it, plans executed across batches, coverage sums added by the database (two imports
//! at once both count, no zero sum is left), and two imports at once through two stores on the
//! same file or one shared store.

use chrono::NaiveDate;
use paritrana_core::auth::Scope;
use paritrana_core::codes::{Category, Funding, ProgrammeSet, Sector, Segment};
use paritrana_core::coverage::{CoverageSource, Dimension, day};
use paritrana_core::nik::{Nik, Sex};
use paritrana_core::region::{Level, RegionCode};
use paritrana_core::registry::RegistryConflict;
use paritrana_core::target::Target;
use paritrana_core::worker::{Enrolment, Person};
use paritrana_store::{
    Actor, ImportBatch, ImportOutcome, ImportSource, IncomingRow, RowsInMemory, Store, TargetBatch,
};
use paritrana_store_sqlite::SqliteStore;
use paritrana_store_sqlite::maintenance;
use std::path::{Path, PathBuf};
use std::sync::Arc;

const PASER: &str = "64.01";
/// Muara Pasir, Kec. Tanah Grogot, Kab. Paser.
const MUARA_PASIR: &str = "64.01.04.2010";
/// Tanah Grogot, the same kecamatan.
const TANAH_GROGOT: &str = "64.01.04.1001";

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn code(s: &str) -> RegionCode {
    RegionCode::parse(s).unwrap()
}

fn today() -> NaiveDate {
    d(2026, 11, 23)
}

/// The `i`-th worker of a test (i < 9,999 per `offset`): men of Kec. Tanah Grogot born on
/// 4 July 1982 + `offset` days (so two sets of workers never share a NIK).
fn person(i: u64, offset: u64, village: &str) -> Person {
    let born = d(1982, 7, 4) + chrono::Days::new(offset);
    let nik = format!("640104{}{:04}", born.format("%d%m%y"), i + 1)
        .parse()
        .unwrap();
    Person {
        nik: Nik::from_stored(nik).unwrap(),
        name: format!("Pekerja {offset}-{i}"),
        sex: Sex::Male,
        birth_date: born,
        village: code(village),
    }
}

fn period(start: NaiveDate, end: Option<NaiveDate>) -> Enrolment {
    Enrolment {
        segment: Segment::Bpu,
        category: Category::PekerjaRentan,
        sector: Some(Sector::Nelayan),
        funding: Funding::ApbdKabkota,
        csr_company: None,
        programmes: ProgrammeSet::parse("JKK,JKM").unwrap(),
        start,
        end,
        wage: None,
    }
}

fn open(path: &Path) -> SqliteStore {
    SqliteStore::open(path).unwrap()
}

fn fresh() -> (tempfile::TempDir, PathBuf, SqliteStore) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("p.db");
    let store = open(&path);
    (dir, path, store)
}

struct Options {
    strict: bool,
    dry_run: bool,
}

const COMMIT: Options = Options {
    strict: false,
    dry_run: false,
};

/// Imports `(person, period)` rows (sorted by NIK here, as the import pipeline hands them).
fn import(store: &dyn Store, rows: &[(Person, Enrolment)], opts: Options) -> ImportOutcome {
    import_with(store, rows, opts, &|_| {}).0
}

/// Imports rows (line = position + 2) and answers the outcome and the rows refused by the
/// registry, as (line, NIK, reason).
fn import_with(
    store: &dyn Store,
    rows: &[(Person, Enrolment)],
    opts: Options,
    progress: &dyn Fn(u64),
) -> (ImportOutcome, Vec<(u64, Nik, RegistryConflict)>) {
    let incoming: Vec<IncomingRow> = rows
        .iter()
        .enumerate()
        .map(|(i, (p, e))| IncomingRow {
            line: i as u64 + 2,
            person: p.clone(),
            enrolment: e.clone(),
        })
        .collect();
    let batch = ImportBatch {
        source: ImportSource {
            file_name: "peserta.csv".into(),
            file_sha256: "0".repeat(64),
            actor: Actor::system("test"),
            scope: Scope::National,
        },
        rows_read: incoming.len() as u64,
        strict: opts.strict,
        dry_run: opts.dry_run,
        today: today(),
    };
    let mut rows = RowsInMemory::new(incoming);
    let out = store.apply_import(&batch, &mut rows, progress).unwrap();
    assert_eq!(out.refused, rows.refused.len() as u64);
    (out, rows.refused)
}

/// Workers protected in Kab. Paser on `on`, as the cube counts them.
fn protected(store: &dyn Store, on: NaiveDate) -> u64 {
    let cube = store.coverage_cube().unwrap();
    cube.count(code(PASER), Level::Regency, day(on), Dimension::None)
        .get(&code(PASER))
        .map_or(0, |c| c.total)
}

/// Rows of the aggregate table whose sum is zero (none may stay).
fn zero_sums(path: &Path) -> i64 {
    let conn = rusqlite::Connection::open(path).unwrap();
    conn.query_row(
        "SELECT COUNT(*) FROM coverage_deltas WHERE delta = 0",
        [],
        |r| r.get(0),
    )
    .unwrap()
}

fn many(n: u64, offset: u64, start: NaiveDate) -> Vec<(Person, Enrolment)> {
    (0..n)
        .map(|i| (person(i, offset, MUARA_PASIR), period(start, None)))
        .collect()
}

#[test]
fn the_version_moves_once_per_committed_import_and_never_for_a_refused_one() {
    let (_dir, _path, store) = fresh();
    let v0 = store.version().unwrap();
    let first = many(3, 0, d(2024, 1, 1));
    assert!(import(&store, &first, COMMIT).committed);
    let v1 = store.version().unwrap();
    assert_eq!(v1, v0 + 1);

    // A dry run and a strict import refused for a conflict store nothing, version included.
    let dry = import(
        &store,
        &many(2, 1, d(2024, 1, 1)),
        Options {
            strict: false,
            dry_run: true,
        },
    );
    assert!(!dry.committed);
    let overlapping = vec![(
        first[0].0.clone(),
        period(d(2023, 6, 1), Some(d(2024, 6, 30))),
    )];
    let (refused, conflicts) = import_with(
        &store,
        &overlapping,
        Options {
            strict: true,
            dry_run: false,
        },
        &|_| {},
    );
    assert!(!refused.committed);
    assert!(matches!(
        conflicts[0].2,
        RegistryConflict::OverlapsRecordedPeriod { .. }
    ));
    assert_eq!(store.version().unwrap(), v1);

    // Not strict: the conflict is refused, the import itself commits (its log entry).
    let logged = import(&store, &overlapping, COMMIT);
    assert!(logged.committed);
    assert_eq!(logged.refused, 1);
    assert_eq!(store.version().unwrap(), v1 + 1);

    // An import of targets moves it too (pages show targets), once.
    let targets = [Target {
        region: code(PASER),
        year: 2026,
        segment: None,
        workers: 1_000,
        source: "uji".into(),
        estimate: false,
    }];
    let t = store
        .apply_targets(&TargetBatch {
            source: ImportSource {
                file_name: "target.csv".into(),
                file_sha256: "0".repeat(64),
                actor: Actor::system("test"),
                scope: Scope::National,
            },
            targets: &targets,
            rows_read: 1,
            rejected_before_store: 0,
            strict: false,
            dry_run: false,
        })
        .unwrap();
    assert!(t.committed);
    assert_eq!(store.version().unwrap(), v1 + 2);
}

#[test]
fn the_version_is_shared_by_every_store_on_the_file_and_survives_reopening() {
    let (_dir, path, store) = fresh();
    let other = open(&path);
    import(&store, &many(2, 0, d(2024, 1, 1)), COMMIT);
    assert_eq!(other.version().unwrap(), store.version().unwrap());
    let v = store.version().unwrap();
    drop((store, other));
    assert_eq!(open(&path).version().unwrap(), v);
}

#[test]
fn the_cube_is_reloaded_after_an_import_and_kept_while_nothing_changes() {
    let (_dir, path, store) = fresh();
    import(&store, &many(3, 0, d(2024, 1, 1)), COMMIT);
    let a = store.coverage_cube().unwrap();
    assert!(Arc::ptr_eq(&a, &store.coverage_cube().unwrap()));
    assert_eq!(protected(&store, d(2025, 1, 1)), 3);

    // An import through another store on the same file (another process): the version moves,
    // so this store's cached cube is stale and is reloaded.
    let other = open(&path);
    import(&other, &many(2, 1, d(2024, 6, 1)), COMMIT);
    let b = store.coverage_cube().unwrap();
    assert!(!Arc::ptr_eq(&a, &b));
    assert_eq!(protected(&store, d(2025, 1, 1)), 5);
    assert_eq!(protected(&store, d(2024, 3, 1)), 3);
}

#[test]
fn plans_are_executed_across_batches_with_the_recorded_state_of_each_row() {
    let (_dir, path, store) = fresh();
    // More rows than one batch (1,000), some recorded and some not; starts on 100 different
    // days, so the aggregates take more sums than one multi-row statement writes.
    let first: Vec<_> = (0..2_500)
        .map(|i| {
            (
                person(i, 0, MUARA_PASIR),
                period(
                    d(2023, 1, 1) + chrono::Days::new(i % 100),
                    Some(d(2023, 12, 31)),
                ),
            )
        })
        .collect();
    let out = import(&store, &first, COMMIT);
    assert_eq!((out.imported, out.updated, out.unchanged), (2_500, 0, 0));

    // Every third worker unchanged, every third revised (a later end), every third
    // re-enrolled and moved within the kecamatan (a new village), plus 600 new workers.
    let mut second: Vec<(Person, Enrolment)> = Vec::new();
    for (i, (p, e)) in first.iter().enumerate() {
        match i % 3 {
            0 => second.push((p.clone(), e.clone())),
            1 => second.push((p.clone(), period(e.start, Some(d(2024, 6, 30))))),
            _ => {
                let mut moved = p.clone();
                moved.village = code(TANAH_GROGOT);
                second.push((moved, period(d(2025, 1, 1), None)));
            }
        }
    }
    second.extend((0..600).map(|i| (person(i, 1, MUARA_PASIR), period(d(2025, 1, 1), None))));
    let out = import(&store, &second, COMMIT);
    let (unchanged, revised, moved) = (834, 833, 833);
    assert_eq!(
        (out.imported, out.updated, out.unchanged, out.refused),
        (600, revised + moved, unchanged, 0)
    );
    assert_eq!(protected(&store, d(2023, 6, 1)), 2_500);
    assert_eq!(protected(&store, d(2023, 1, 10)), 250);
    assert_eq!(protected(&store, d(2024, 3, 1)), revised);
    assert_eq!(protected(&store, d(2025, 3, 1)), moved + 600);

    let w = store.worker(first[2].0.nik).unwrap().unwrap();
    assert_eq!(w.person.village, code(TANAH_GROGOT));
    assert_eq!(w.periods.len(), 2);
    let w = store.worker(first[1].0.nik).unwrap().unwrap();
    assert_eq!(w.periods[0].end, Some(d(2024, 6, 30)));

    // The aggregates are exactly the registry, and no zero sum was left behind.
    assert_eq!(zero_sums(&path), 0);
    let check = maintenance::check_file(&path, false).unwrap();
    assert!(check.ok(), "{check:?}");
}

#[test]
fn a_sum_brought_to_zero_is_deleted() {
    let (_dir, path, store) = fresh();
    let p = person(0, 0, MUARA_PASIR);
    import(
        &store,
        &[(p.clone(), period(d(2024, 1, 1), Some(d(2024, 6, 30))))],
        COMMIT,
    );
    // The end moves: the sum at 1 July 2024 comes back to zero.
    import(
        &store,
        &[(p.clone(), period(d(2024, 1, 1), Some(d(2024, 12, 31))))],
        COMMIT,
    );
    assert_eq!(zero_sums(&path), 0);
    let conn = rusqlite::Connection::open(&path).unwrap();
    let rows: i64 = conn
        .query_row("SELECT COUNT(*) FROM coverage_deltas", [], |r| r.get(0))
        .unwrap();
    assert_eq!(rows, 2);
    // The delete finds the zero sums through the partial index, not by a scan of the table.
    let plan: String = conn
        .query_row(
            "EXPLAIN QUERY PLAN DELETE FROM coverage_deltas WHERE delta = 0",
            [],
            |r| r.get(3),
        )
        .unwrap();
    assert!(plan.contains("coverage_deltas_zero"), "{plan}");
    assert!(maintenance::check_file(&path, false).unwrap().ok());
}

/// Two sets of workers with the same profile and start (so their coverage sums share keys),
/// imported at the same time by two threads; both land and the coverage is their sum.
fn two_imports_at_once(a: &dyn Store, b: &dyn Store, reader: &dyn Store, path: &Path) {
    // A recorded worker each import revises, so both also subtract from shared keys.
    let shared_start = d(2024, 1, 1);
    let base_a = many(50, 10, shared_start);
    let base_b = many(50, 11, shared_start);
    let mut base = base_a.clone();
    base.extend(base_b.iter().cloned());
    import(reader, &base, COMMIT);
    let v0 = reader.version().unwrap();
    let mut rows_a = many(400, 0, d(2025, 1, 1));
    rows_a.extend(
        base_a
            .iter()
            .map(|(p, _)| (p.clone(), period(shared_start, Some(d(2025, 6, 30))))),
    );
    let mut rows_b = many(300, 1, d(2025, 1, 1));
    rows_b.extend(
        base_b
            .iter()
            .map(|(p, _)| (p.clone(), period(shared_start, Some(d(2025, 6, 30))))),
    );
    let barrier = std::sync::Barrier::new(2);
    let (out_a, out_b) = std::thread::scope(|s| {
        let ta = s.spawn(|| {
            barrier.wait();
            import(a, &rows_a, COMMIT)
        });
        let tb = s.spawn(|| {
            barrier.wait();
            import(b, &rows_b, COMMIT)
        });
        (ta.join().unwrap(), tb.join().unwrap())
    });
    assert!(out_a.committed && out_b.committed);
    assert_eq!((out_a.imported, out_a.updated), (400, 50));
    assert_eq!((out_b.imported, out_b.updated), (300, 50));
    assert_ne!(out_a.import_id, out_b.import_id);
    assert_eq!(reader.version().unwrap(), v0 + 2);
    assert_eq!(protected(reader, d(2025, 3, 1)), 400 + 300 + 100);
    assert_eq!(protected(reader, d(2025, 7, 1)), 400 + 300);
    assert_eq!(protected(reader, d(2024, 6, 1)), 100);
    assert_eq!(zero_sums(path), 0);
    let check = maintenance::check_file(path, false).unwrap();
    assert!(check.ok(), "{check:?}");
}

#[test]
fn two_imports_at_once_through_two_stores_on_one_file_both_count() {
    let (_dir, path, store) = fresh();
    let (a, b) = (open(&path), open(&path));
    two_imports_at_once(&a, &b, &store, &path);
}

#[test]
fn two_imports_at_once_through_one_shared_store_both_count() {
    let (_dir, path, store) = fresh();
    let shared = Arc::new(store);
    two_imports_at_once(shared.as_ref(), shared.as_ref(), shared.as_ref(), &path);
}

#[test]
fn two_first_imports_at_once_into_an_empty_registry_both_count() {
    // Both may find the registry empty when they start; the second to take the write lock
    // sees the first's workers and plans against them.
    let (_dir, path, store) = fresh();
    let (a, b) = (open(&path), open(&path));
    let rows_a = many(500, 0, d(2024, 1, 1));
    let rows_b = many(500, 1, d(2024, 1, 1));
    let barrier = std::sync::Barrier::new(2);
    let (out_a, out_b) = std::thread::scope(|s| {
        let ta = s.spawn(|| {
            barrier.wait();
            import(&a, &rows_a, COMMIT)
        });
        let tb = s.spawn(|| {
            barrier.wait();
            import(&b, &rows_b, COMMIT)
        });
        (ta.join().unwrap(), tb.join().unwrap())
    });
    assert_eq!(out_a.imported + out_b.imported, 1_000);
    assert_eq!(protected(&store, d(2024, 6, 1)), 1_000);
    let conn = rusqlite::Connection::open(&path).unwrap();
    let index: i64 = conn
        .query_row(
            "SELECT COUNT(*) FROM sqlite_master WHERE type = 'index' AND name = 'workers_village'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(index, 1);
    assert!(maintenance::check_file(&path, false).unwrap().ok());
}

#[test]
fn an_approved_transfer_moves_the_version_once_and_a_refused_one_not_at_all() {
    use paritrana_core::transfer::Decision;
    use paritrana_store::TransferStore;
    use paritrana_store::transfers::NewTransfer;
    let (_dir, _path, store) = fresh();
    let workers = many(2, 0, d(2024, 1, 1));
    import(&store, &workers, COMMIT);
    let ask = |i: usize| {
        store
            .request_transfer(
                &NewTransfer {
                    nik: workers[i].0.nik,
                    to_village: code("64.02.01.2001"),
                    reason: "pindah kerja".into(),
                    requester_scope: Scope::Region(code("64.02")),
                },
                today(),
                &Actor::system("test"),
            )
            .unwrap()
    };
    let v = store.version().unwrap();
    let refused = ask(0);
    store
        .decide_transfer(
            refused.id,
            Decision::Refuse,
            None,
            today(),
            &Actor::system("test"),
        )
        .unwrap();
    assert_eq!(store.version().unwrap(), v);
    let approved = ask(1);
    assert_eq!(store.version().unwrap(), v);
    store
        .decide_transfer(
            approved.id,
            Decision::Approve,
            None,
            today(),
            &Actor::system("test"),
        )
        .unwrap();
    assert_eq!(store.version().unwrap(), v + 1);
    // The cube was reloaded: one worker now counts in Kutai Kartanegara.
    let cube = store.coverage_cube().unwrap();
    let kukar = cube.count(code("64.02"), Level::Regency, day(today()), Dimension::None);
    assert_eq!(kukar.get(&code("64.02")).map(|c| c.total), Some(1));
    assert_eq!(protected(&store, today()), 1);
}

#[test]
fn a_database_from_before_the_version_table_starts_where_the_former_version_stood() {
    let (_dir, path, store) = fresh();
    import(&store, &many(2, 0, d(2024, 1, 1)), COMMIT);
    import(&store, &many(2, 1, d(2024, 1, 1)), COMMIT);
    drop(store);
    // Back to schema 9: no version table, no zero-sum index.
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.execute_batch(
        "DROP TABLE registry_version; DROP TRIGGER transfers_approved_bump_version; \
         DROP INDEX coverage_deltas_zero; DELETE FROM schema_migrations WHERE version = 10;",
    )
    .unwrap();
    let last_import: i64 = conn
        .query_row("SELECT MAX(id) FROM imports", [], |r| r.get(0))
        .unwrap();
    drop(conn);
    let store = open(&path);
    assert_eq!(store.version().unwrap(), last_import);
    import(&store, &many(2, 2, d(2024, 1, 1)), COMMIT);
    assert_eq!(store.version().unwrap(), last_import + 1);
}

#[test]
fn a_reader_during_a_first_import_sees_the_registry_as_it_was_with_its_index() {
    // A first import drops the village index and builds it after the rows, in its transaction:
    // another connection reading meanwhile still has the index and the empty registry.
    let (_dir, path, store) = fresh();
    let reader = open(&path);
    let rows: Vec<_> = (0..10_500)
        .map(|i| {
            let offset = i / 9_000;
            (
                person(i % 9_000, offset, MUARA_PASIR),
                period(d(2024, 1, 1), None),
            )
        })
        .collect();
    let seen = std::sync::Mutex::new(Vec::new());
    let (out, _) = import_with(&store, &rows, COMMIT, &|done| {
        if done == 10_000 {
            let conn = rusqlite::Connection::open(&path).unwrap();
            let index: i64 = conn
                .query_row(
                    "SELECT COUNT(*) FROM sqlite_master WHERE name = 'workers_village'",
                    [],
                    |r| r.get(0),
                )
                .unwrap();
            let periods = reader.coverage_periods(code(PASER)).unwrap().periods.len();
            seen.lock().unwrap().push((index, periods));
        }
    });
    assert_eq!(out.imported, 10_500);
    assert_eq!(*seen.lock().unwrap(), vec![(1, 0)]);
    assert_eq!(
        reader.coverage_periods(code(PASER)).unwrap().periods.len(),
        10_500
    );
    assert!(maintenance::check_file(&path, false).unwrap().ok());
}

#[test]
fn a_batch_with_a_nik_twice_is_refused_whole() {
    // Plans of a batch are made before its rows are written: the store is handed each NIK
    // once (the in-file duplicate rule runs before), and says so when it is not.
    let (_dir, _path, store) = fresh();
    let p = person(0, 0, MUARA_PASIR);
    let (a, b) = (period(d(2023, 1, 1), None), period(d(2024, 1, 1), None));
    let rows = vec![
        IncomingRow {
            line: 2,
            person: p.clone(),
            enrolment: a,
        },
        IncomingRow {
            line: 3,
            person: p.clone(),
            enrolment: b,
        },
    ];
    let v = store.version().unwrap();
    let batch = ImportBatch {
        source: ImportSource {
            file_name: "peserta.csv".into(),
            file_sha256: "0".repeat(64),
            actor: Actor::system("test"),
            scope: Scope::National,
        },
        rows_read: 2,
        strict: false,
        dry_run: false,
        today: today(),
    };
    let mut rows = RowsInMemory::unchecked(rows);
    assert!(store.apply_import(&batch, &mut rows, &|_| {}).is_err());
    assert_eq!(store.version().unwrap(), v);
    assert!(store.worker(p.nik).unwrap().is_none());
    assert!(store.imports(10).unwrap().is_empty());
}
