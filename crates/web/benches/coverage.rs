//! Coverage questions through the crate's public API, on an existing data dir (the 10M-worker
//! registry built by `scripts/bench-coverage.sh`):
//!
//!   PARITRANA_BENCH_DATA=bench-out/data-10m cargo bench -p paritrana-web --bench coverage
//!
//! Without PARITRANA_BENCH_DATA the benchmark says so and does nothing.

use chrono::NaiveDate;
use criterion::{Criterion, criterion_group, criterion_main};
use paritrana_core::Lang;
use paritrana_core::region::RegionTree;
use paritrana_core::target::TargetBook;
use paritrana_web::coverage::{CoverageParams, answer};
use std::hint::black_box;

fn questions() -> [(&'static str, CoverageParams); 2] {
    [
        (
            "all 514 kab/kota on 2025-12-31 by segment",
            CoverageParams {
                level: Some("kabkota".into()),
                date: Some("2025-12-31".into()),
                by: Some("segment".into()),
                ..Default::default()
            },
        ),
        (
            "national monthly series 2021-2025",
            CoverageParams {
                from: Some("2021-01-01".into()),
                to: Some("2025-12-31".into()),
                series: Some("monthly".into()),
                ..Default::default()
            },
        ),
    ]
}

fn bench(c: &mut Criterion) {
    let Ok(dir) = std::env::var("PARITRANA_BENCH_DATA") else {
        eprintln!("PARITRANA_BENCH_DATA is not set: nothing to measure");
        return;
    };
    let store: Box<dyn paritrana_store::Store> = Box::new(
        paritrana_store_sqlite::open(None, std::path::Path::new(&dir)).expect("store opens"),
    );
    let tree = RegionTree::from_csv(include_str!("../../../data/regions.csv")).expect("tree");
    let today = NaiveDate::from_ymd_opt(2026, 11, 23).expect("date");
    let stats = store.registry_stats(today).expect("stats");
    eprintln!(
        "registry: {} workers, {} periods",
        stats.workers, stats.enrolments
    );
    assert!(
        stats.workers > 0,
        "{dir} holds no worker: give an absolute path to a filled data dir"
    );
    let t0 = std::time::Instant::now();
    let cube = store.coverage_cube().expect("cube");
    eprintln!(
        "cube loaded in {:?}: {:?} (cells, change days)",
        t0.elapsed(),
        cube.size()
    );
    let targets = TargetBook::new(store.targets().expect("targets"), &tree);
    let mut group = c.benchmark_group("coverage");
    group.sample_size(50);
    for (name, params) in questions() {
        let request = params.parse(&tree, today).expect("valid question");
        group.bench_function(name, |b| {
            b.iter(|| {
                black_box(
                    answer(store.as_ref(), &tree, &targets, &request, Lang::Id).expect("answer"),
                )
            })
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
