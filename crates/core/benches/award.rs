//! The award's arithmetic at national scale: a provincial round with an entry from every one of
//! the 514 kab/kota (PEMKAB below code 71, PEMKOT from 71, the default frameworks), three
//! assessors per province, every assessor scoring every indicator of both stages of every entry
//! of their province (27,756 score records), UCJ figures for the tie-break.
//!
//!   cargo bench -p paritrana-core --bench award
//!
//! Measures `rank_round` with the mean and with z-score normalisation, and the re-check of the
//! round's export (`RoundExport` from JSON, `verify`), which `paritrana award verify` runs.

use criterion::{Criterion, criterion_group, criterion_main};
use paritrana_core::award::aggregation::Aggregation;
use paritrana_core::award::computed::{Figure, Metric};
use paritrana_core::award::defaults::{default_cycle, default_framework};
use paritrana_core::award::entry::Entry;
use paritrana_core::award::framework::{Framework, Scale};
use paritrana_core::award::ids::{AssessorId, CategoryCode, EntryId};
use paritrana_core::award::panel::Round;
use paritrana_core::award::points::Points;
use paritrana_core::award::reproduce::RoundExport;
use paritrana_core::award::round::{RoundInput, rank_round};
use paritrana_core::award::score::Score;
use paritrana_core::region::{Level, RegionTree};
use std::hint::black_box;

const YEAR: u16 = 2026;
const ASSESSORS_PER_PROVINCE: u32 = 3;

/// A deterministic spread of values (splitmix64).
fn mix(mut x: u64) -> u64 {
    x = x.wrapping_add(0x9e37_79b9_7f4a_7c15);
    x = (x ^ (x >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^ (x >> 31)
}

fn value(scale: &Scale, seed: u64) -> Points {
    match scale {
        Scale::Range { min, max } => {
            let span = (max.milli() - min.milli()) as u64 + 1;
            Points::from_milli(min.milli() + (mix(seed) % span) as i64)
        }
        Scale::Rubric { levels } => levels[(mix(seed) % levels.len() as u64) as usize].score,
    }
}

struct Round514 {
    frameworks: Vec<Framework>,
    entries: Vec<Entry>,
    figures: Vec<Figure>,
    scores: Vec<Score>,
}

fn round_514() -> Round514 {
    let tree = RegionTree::from_csv(include_str!("../../../data/regions.csv")).expect("tree");
    let cycle = default_cycle(YEAR);
    let mut frameworks = Vec::new();
    for code in ["PEMKAB", "PEMKOT"] {
        let category = cycle
            .category(&CategoryCode::parse(code).expect("code"))
            .expect("a default category");
        let mut f = default_framework(YEAR, category);
        f.freeze().expect("the default framework is valid");
        frameworks.push(f);
    }
    let mut entries = Vec::new();
    let mut figures = Vec::new();
    let mut scores = Vec::new();
    for (i, r) in tree.at_level(Level::Regency).enumerate() {
        let id = EntryId(i as u32 + 1);
        let city = r.code.as_u64() % 100 >= 71;
        let category = if city { "PEMKOT" } else { "PEMKAB" };
        entries.push(Entry {
            id,
            category: CategoryCode::parse(category).expect("code"),
            name: r.name.clone(),
            region: r.code,
            company: None,
        });
        figures.push(Figure {
            entry: id,
            metric: Metric::UcjCoverage,
            value: 40_000 + (mix(i as u64) % 60_000) as i64,
            as_of: cycle.cut_off,
        });
        let framework = &frameworks[usize::from(city)];
        let province = (r.code.as_u64() / 100) as u32;
        for k in 0..ASSESSORS_PER_PROVINCE {
            let assessor = AssessorId(i64::from(province * 10 + k));
            for stage in framework.scored_stages() {
                for (_, indicator) in framework.indicators(stage) {
                    let seed = (i as u64) << 20 | u64::from(k) << 16 | scores.len() as u64;
                    scores.push(Score {
                        round: Round::Provincial,
                        assessor,
                        entry: id,
                        stage,
                        indicator: indicator.code.clone(),
                        value: value(&indicator.scale, seed),
                        comment: String::new(),
                    });
                }
            }
        }
    }
    Round514 {
        frameworks,
        entries,
        figures,
        scores,
    }
}

fn bench(c: &mut Criterion) {
    let data = round_514();
    eprintln!(
        "round: {} entries, {} score records",
        data.entries.len(),
        data.scores.len()
    );
    let input = |method| RoundInput {
        round: Round::Provincial,
        method,
        frameworks: &data.frameworks,
        entries: &data.entries,
        figures: &data.figures,
        scores: &data.scores,
        chair_orders: &[],
    };
    let mut group = c.benchmark_group("award");
    group.sample_size(20);
    group.bench_function("rank_round 514 entries, mean", |b| {
        b.iter(|| black_box(rank_round(&input(Aggregation::Mean)).expect("ranks")))
    });
    group.bench_function("rank_round 514 entries, z-score", |b| {
        b.iter(|| black_box(rank_round(&input(Aggregation::ZScore)).expect("ranks")))
    });
    let rankings = rank_round(&input(Aggregation::Mean)).expect("ranks");
    let export = RoundExport {
        year: YEAR,
        round: Round::Provincial,
        method: Aggregation::Mean,
        frameworks: data.frameworks.clone(),
        entries: data.entries.clone(),
        figures: data.figures.clone(),
        scores: data.scores.clone(),
        chair_orders: Vec::new(),
        rankings,
    };
    let json = serde_json::to_string(&export).expect("serialises");
    eprintln!("export: {} bytes of JSON", json.len());
    group.bench_function("verify the export (read JSON, recompute, compare)", |b| {
        b.iter(|| {
            let back: RoundExport = serde_json::from_str(&json).expect("reads");
            let differences = back.verify().expect("verifies");
            assert!(differences.is_empty());
            black_box(differences)
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
