//! The registry: imports read back, counted and logged; dry runs; the version; targets.

use super::Backend;
use super::data::{code, counts, date, import, source, worker};
use crate::TargetBatch;
use paritrana_core::codes::Segment;
use paritrana_core::region::Level;
use paritrana_core::target::Target;

/// Three workers of Kaltim: two in Kab. Paser (one of them left at the end of 2023), one in
/// Kutai Barat from 2024.
fn three() -> Vec<(
    paritrana_core::worker::Person,
    paritrana_core::worker::Enrolment,
)> {
    vec![
        worker("64.01.01.2001", 1, "2023-01-01", None),
        worker("64.01.02.2001", 2, "2023-01-01", Some("2023-12-31")),
        worker("64.02.01.2001", 3, "2024-01-01", None),
    ]
}

pub fn an_import_is_read_back_and_counted(backend: &dyn Backend) {
    let db = backend.fresh();
    let store = db.store.as_ref();
    let workers = three();
    let out = import(store, "kaltim.csv", &workers, false);
    assert!(out.committed);
    assert!(out.import_id.is_some());
    assert_eq!((out.imported, out.updated, out.unchanged), (3, 0, 0));
    assert_eq!(out.refused, 0);

    // Each worker comes back as imported.
    for (person, enrolment) in &workers {
        let w = store.worker(person.nik).unwrap().expect("imported worker");
        assert_eq!(w.person, *person);
        assert_eq!(w.periods, vec![enrolment.clone()]);
    }
    let paser = store.find_workers(code("64.01"), "pekerja", 0, 10).unwrap();
    assert_eq!(paser.len(), 2);
    assert!(
        paser[0].person.name < paser[1].person.name,
        "ordered by name"
    );
    assert_eq!(
        store
            .find_workers(code("64.01"), "PEKERJA", 1, 10)
            .unwrap()
            .len(),
        1,
        "case-insensitive, paged"
    );
    assert!(
        store
            .find_workers(code("64.03"), "", 0, 10)
            .unwrap()
            .is_empty()
    );

    // Figures and the log.
    let stats = store.registry_stats(date("2024-06-30")).unwrap();
    assert_eq!(
        (stats.workers, stats.enrolments, stats.active, stats.imports),
        (3, 3, 2, 1)
    );
    let log = store.imports(10).unwrap();
    assert_eq!(log.len(), 1);
    assert_eq!(
        (log[0].kind.as_str(), log[0].imported, log[0].rows_read),
        ("participants", 3, 3)
    );
    assert_eq!(log[0].file_name, "kaltim.csv");
    assert_eq!(store.import(log[0].id).unwrap().unwrap().id, log[0].id);

    // Coverage from the cube (kab/kota and above) and from the periods (below).
    let cube = store.coverage_cube().unwrap();
    assert_eq!(
        counts(cube.as_ref(), "64", Level::Regency, "2023-06-30"),
        vec![("64.01".to_string(), 2)]
    );
    assert_eq!(
        counts(cube.as_ref(), "64", Level::Regency, "2024-06-30"),
        vec![("64.01".to_string(), 1), ("64.02".to_string(), 1)]
    );
    let periods = store.coverage_periods(code("64.01")).unwrap();
    assert_eq!(
        counts(&periods, "64.01", Level::District, "2023-06-30"),
        vec![("64.01.01".to_string(), 1), ("64.01.02".to_string(), 1)]
    );
    let source = store
        .coverage_source(code("64.01"), Level::Village)
        .unwrap();
    assert_eq!(
        counts(source.as_ref(), "64.01", Level::Village, "2024-06-30"),
        vec![("64.01.01.2001".to_string(), 1)]
    );

    // The same file again changes nothing; a later end date updates the worker who left.
    let again = import(store, "kaltim.csv", &workers, false);
    assert_eq!((again.imported, again.updated, again.unchanged), (0, 0, 3));
    let back = vec![worker("64.01.02.2001", 2, "2023-01-01", None)];
    let extended = import(store, "kembali.csv", &back, false);
    assert_eq!(
        (extended.imported, extended.updated, extended.unchanged),
        (0, 1, 0)
    );
    assert_eq!(
        counts(
            store.coverage_cube().unwrap().as_ref(),
            "64",
            Level::Regency,
            "2024-06-30"
        ),
        vec![("64.01".to_string(), 2), ("64.02".to_string(), 1)]
    );
    assert_eq!(store.registry_stats(date("2024-06-30")).unwrap().active, 3);
}

pub fn a_dry_run_stores_nothing(backend: &dyn Backend) {
    let db = backend.fresh();
    let store = db.store.as_ref();
    import(store, "kaltim.csv", &three(), false);
    let version = store.version().unwrap();
    let mut more = three();
    more.push(worker("64.01.01.2001", 9, "2024-02-01", None));
    let dry = import(store, "coba.csv", &more, true);
    assert!(!dry.committed);
    assert_eq!(dry.import_id, None);
    assert_eq!(
        (dry.imported, dry.updated, dry.unchanged),
        (1, 0, 3),
        "says what would happen"
    );
    assert_eq!(store.registry_stats(date("2024-06-30")).unwrap().workers, 3);
    assert_eq!(
        store.imports(10).unwrap().len(),
        1,
        "a dry run is not logged"
    );
    assert_eq!(store.version().unwrap(), version);
    assert!(store.worker(more[3].0.nik).unwrap().is_none());
}

pub fn the_version_moves_with_every_commit(backend: &dyn Backend) {
    let db = backend.fresh();
    let store = db.store.as_ref();
    let v0 = store.version().unwrap();
    let cube0 = store.coverage_cube().unwrap();
    import(store, "a.csv", &three(), false);
    let v1 = store.version().unwrap();
    assert_ne!(v1, v0, "an import commits a new version");
    let cube1 = store.coverage_cube().unwrap();
    assert!(
        !std::sync::Arc::ptr_eq(&cube0, &cube1),
        "the cube is rebuilt"
    );
    assert_eq!(store.version().unwrap(), v1, "reading does not move it");
    assert!(
        std::sync::Arc::ptr_eq(&cube1, &store.coverage_cube().unwrap()),
        "an unchanged version keeps the cube"
    );
    // Another handle sees the same version and the same counts.
    let other = (db.another)();
    assert_eq!(other.version().unwrap(), v1);
    let targets = [target("64.01", 2024, 90_052)];
    store
        .apply_targets(&TargetBatch {
            source: source("target.csv"),
            targets: &targets,
            rows_read: 1,
            rejected_before_store: 0,
            strict: true,
            dry_run: false,
        })
        .unwrap();
    let v2 = store.version().unwrap();
    assert!(v2 != v1 && v2 != v0, "targets commit a new version too");
    assert_eq!(other.version().unwrap(), v2);
}

fn target(region: &str, year: i32, workers: u64) -> Target {
    Target {
        region: code(region),
        year,
        segment: None,
        workers,
        source: "BPS Sakernas Agustus 2023".into(),
        estimate: false,
    }
}

pub fn targets_are_kept_and_replaced_with_history(backend: &dyn Backend) {
    let db = backend.fresh();
    let store = db.store.as_ref();
    let apply = |targets: &[Target], dry_run: bool| {
        store
            .apply_targets(&TargetBatch {
                source: source("target.csv"),
                targets,
                rows_read: targets.len() as u64,
                rejected_before_store: 0,
                strict: true,
                dry_run,
            })
            .unwrap()
    };
    let mut bpu = target("64.01", 2023, 40_000);
    bpu.segment = Some(Segment::Bpu);
    let first = apply(&[target("64.01", 2023, 90_052), bpu.clone()], false);
    assert!(first.committed);
    assert_eq!((first.inserted, first.replaced, first.unchanged), (2, 0, 0));
    let stored = store.targets().unwrap();
    assert_eq!(stored.len(), 2);
    assert_eq!(stored[0].segment, None, "ordered by region, year, segment");
    assert_eq!(stored[0].workers, 90_052);

    let dry = apply(&[target("64.01", 2023, 91_000)], true);
    assert_eq!((dry.committed, dry.replaced), (false, 1));
    assert_eq!(store.targets().unwrap()[0].workers, 90_052);

    let second = apply(&[target("64.01", 2023, 91_000), bpu], false);
    assert_eq!(
        (second.inserted, second.replaced, second.unchanged),
        (0, 1, 1)
    );
    assert_eq!(store.targets().unwrap()[0].workers, 91_000);
    let log = store.imports(10).unwrap();
    assert_eq!(log.len(), 2);
    assert!(log.iter().all(|e| e.kind == "targets"));
}
