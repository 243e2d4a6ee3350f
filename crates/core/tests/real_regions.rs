//! The region tree built from the shipped `data/regions.csv` (Kepmendagri 300.2.2-2430/2025).

use paritrana_core::nik;
use paritrana_core::region::{Level, MatchQuality, RegionCode, RegionTree};

fn tree() -> RegionTree {
    RegionTree::from_csv(include_str!("../../../data/regions.csv")).unwrap()
}

#[test]
fn counts_per_level_match_the_decree() {
    let t = tree();
    assert_eq!(t.count(Level::Province), 38);
    assert_eq!(t.count(Level::Regency), 514);
    assert_eq!(t.count(Level::District), 7_285);
    assert_eq!(t.count(Level::Village), 83_762);
    assert_eq!(t.iter().count(), 91_599);
}

#[test]
fn kaltim_has_ten_kabkota_and_paser_is_one() {
    let t = tree();
    let kaltim = RegionCode::parse("64").unwrap();
    assert_eq!(t.get(kaltim).unwrap().name, "Kalimantan Timur");
    assert_eq!(t.children(kaltim).count(), 10);
    let hits = t.find("Kab. Paser", None, 5);
    assert_eq!(hits[0].0.code.to_string(), "64.01");
    assert_eq!(hits[0].1, MatchQuality::Exact);
    // "Kabupaten Penajam Paser Utara" contains the text but is not an exact match
    assert!(
        hits.iter()
            .any(|(r, q)| r.code.to_string() == "64.09" && *q == MatchQuality::Contains)
    );
}

#[test]
fn subtree_of_a_kabkota_is_contiguous_and_complete() {
    let t = tree();
    let paser = RegionCode::parse("64.01").unwrap();
    let below: Vec<_> = t.children_below(paser).collect();
    let by_scan = t
        .iter()
        .filter(|r| r.code != paser && r.code.is_within(paser))
        .count();
    assert_eq!(below.len(), by_scan);
    assert!(below.iter().all(|r| r.code.is_within(paser)));
    assert_eq!(t.children_below(RegionCode::NATION).count(), 91_599);
}

#[test]
fn names_with_typographic_apostrophes_are_found() {
    let t = tree();
    let hits = t.find("Regapu'u", None, 5);
    assert_eq!(hits[0].0.code.to_string(), "53.07.01.2021");
}

#[test]
fn every_kabkota_code_accepts_nik_of_its_kecamatan() {
    let t = tree();
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
    for d in t.at_level(Level::District).step_by(97) {
        let nik = format!("{}0101900001", d.code.undotted());
        let c = nik::check(&nik, &t, today);
        assert!(c.valid && c.warnings.is_empty(), "{nik}: {:?}", c.problems);
    }
}
