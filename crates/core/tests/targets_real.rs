//! Estimated targets over the shipped reference data (regions, Dukcapil population, BPS rates),
//! and the target book resolving every province and kab/kota of Indonesia.

use paritrana_core::region::{Level, RegionCode, RegionTree};
use paritrana_core::target::{SHARE_15_PLUS, Target, TargetBook, estimate_targets};
use std::sync::LazyLock;

static TREE: LazyLock<RegionTree> =
    LazyLock::new(|| RegionTree::from_csv(include_str!("../../../data/regions.csv")).unwrap());
const POPULATION: &str = include_str!("../../../data/population_dukcapil_2024s2.csv");
const RATES: &str = include_str!("../../../data/labour_rates_kabkota.csv");

fn estimate(year: i32) -> Vec<Target> {
    estimate_targets(POPULATION, RATES, &TREE, year).unwrap()
}

#[test]
fn every_kabkota_gets_a_plausible_estimate_for_2023() {
    let targets = estimate(2023);
    assert_eq!(targets.len(), 514);
    assert!(targets.iter().all(|t| t.workers > 0 && t.estimate));
    let nation: u64 = targets.iter().map(|t| t.workers).sum();
    // BPS counted 139.85 million employed persons in August 2023.
    assert!(
        (100_000_000..160_000_000).contains(&nation),
        "national estimate {nation}"
    );
    let paser = targets
        .iter()
        .find(|t| t.region.to_string() == "64.01")
        .unwrap();
    // 309,667 people × 0.763 × 62.95 % × (1 − 4.72 %)
    let expected = (309_667.0 * SHARE_15_PLUS * 0.6295 * (1.0 - 0.0472)).round() as u64;
    assert_eq!(paser.workers, expected);
    assert!(
        paser.source.ends_with("BPS Sakernas 2023"),
        "{}",
        paser.source
    );
    println!(
        "estimate 2023: Kab. Paser {} ({}); nation {nation}",
        paser.workers, paser.source
    );
}

#[test]
fn years_without_rates_fall_back_to_the_latest_earlier_year() {
    // Paser has no 2024 rates in the source: its 2024 estimate uses 2023's.
    let targets = estimate(2024);
    let paser = targets
        .iter()
        .find(|t| t.region.to_string() == "64.01")
        .unwrap();
    assert!(
        paser.source.ends_with("BPS Sakernas 2023"),
        "{}",
        paser.source
    );
    assert_eq!(paser.year, 2024);
}

#[test]
fn the_book_resolves_all_of_indonesia_from_the_kabkota_estimates() {
    let targets = estimate(2023);
    let sum: u64 = targets.iter().map(|t| t.workers).sum();
    let book = TargetBook::new(targets, &TREE);
    let regions: Vec<RegionCode> = std::iter::once(RegionCode::NATION)
        .chain(TREE.at_level(Level::Province).map(|r| r.code))
        .chain(TREE.at_level(Level::Regency).map(|r| r.code))
        .collect();
    assert_eq!(regions.len(), 553);

    let started = std::time::Instant::now();
    let resolved: Vec<_> = regions
        .iter()
        .map(|&r| book.resolve(r, 2025, None))
        .collect();
    let elapsed = started.elapsed();
    println!("resolved {} regions in {elapsed:?}", resolved.len());

    assert!(resolved.iter().all(Option::is_some));
    let nation = resolved[0].as_ref().unwrap();
    assert_eq!(nation.workers, sum);
    assert_eq!(nation.year, 2023);
    assert!(nation.rolled_up && nation.estimate);
    let kaltim = book
        .resolve(RegionCode::parse("64").unwrap(), 2023, None)
        .unwrap();
    assert!(kaltim.rolled_up);
}

#[test]
fn a_book_of_eight_years_of_estimates_builds_quickly() {
    let targets: Vec<Target> = (2019..=2026).flat_map(estimate).collect();
    assert_eq!(targets.len(), 8 * 514);
    let started = std::time::Instant::now();
    let book = TargetBook::new(targets, &TREE);
    println!("built a book of 8 × 514 targets in {:?}", started.elapsed());
    assert_eq!(book.years().len(), 8);
    let paser = RegionCode::parse("64.01").unwrap();
    assert_eq!(book.resolve(paser, 2030, None).unwrap().year, 2026);
    assert_eq!(book.resolve(paser, 2018, None), None);
}
