//! The synthetic data generator over the shipped region tree and Dukcapil 2024 S2 population:
//! clean rows pass every rule, dirty rows break exactly one, and the same seed gives the same file.

use std::collections::{BTreeMap, HashSet};
use std::sync::LazyLock;

use chrono::NaiveDate;
use paritrana_core::codes::{Category, Funding, ProgrammeSet, Sector, Segment};
use paritrana_core::generate::{
    DirtyKind, GenOptions, GeneratedRow, Generator, HEADER, PopulationWeights, col,
};
use paritrana_core::nik::{self, NikProblem, Sex};
use paritrana_core::region::{Level, RegionCode, RegionTree};
use paritrana_core::worker::{Enrolment, EnrolmentProblem, Rupiah};

static TREE: LazyLock<RegionTree> =
    LazyLock::new(|| RegionTree::from_csv(include_str!("../../../data/regions.csv")).unwrap());
static WEIGHTS: LazyLock<PopulationWeights> = LazyLock::new(|| {
    PopulationWeights::from_csv(include_str!("../../../data/population_dukcapil_2024s2.csv"))
        .unwrap()
});

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
}

fn generate(n: u64, seed: u64, dirty: f64) -> Vec<GeneratedRow> {
    let opts = GenOptions {
        rows: n,
        seed,
        dirty,
        today: today(),
    };
    Generator::new(&TREE, &WEIGHTS, opts).unwrap().collect()
}

fn iso(s: &str) -> Option<NaiveDate> {
    (s.len() == 10)
        .then(|| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok())
        .flatten()
}

/// The columns an importer would reject, as plain rules over the cells. `seen` holds the NIKs
/// of earlier rows, for duplicates.
fn rejected_columns(f: &[String; 14], seen: &HashSet<String>) -> Vec<usize> {
    let mut bad = Vec::new();
    let check = nik::check(&f[col::NIK], &TREE, today());
    if !check.valid || seen.contains(&f[col::NIK]) {
        bad.push(col::NIK);
    }
    if f[col::NAME].trim().is_empty() {
        bad.push(col::NAME);
    }
    let facts = check.facts.as_ref();
    match Sex::parse(&f[col::SEX]) {
        Some(s) if facts.is_none_or(|x| x.sex == s) => {}
        _ => bad.push(col::SEX),
    }
    match iso(&f[col::BIRTH_DATE]) {
        Some(d) if facts.is_none_or(|x| x.birth_date == d) => {}
        _ => bad.push(col::BIRTH_DATE),
    }
    match RegionCode::parse(&f[col::VILLAGE]) {
        Ok(c)
            if c.level() == Level::Village && TREE.contains(c) && f[col::VILLAGE].contains('.') => {
        }
        _ => bad.push(col::VILLAGE),
    }
    let segment = Segment::parse(&f[col::SEGMENT]);
    let category = Category::parse(&f[col::CATEGORY]);
    let sector = match f[col::SECTOR].as_str() {
        "" => Some(None),
        s => Sector::parse(s).map(Some),
    };
    let funding = Funding::parse(&f[col::FUNDING]);
    let programmes = ProgrammeSet::parse(&f[col::PROGRAMME]).ok();
    let start = iso(&f[col::START]);
    let end = match f[col::END].as_str() {
        "" => Some(None),
        s => iso(s).map(Some),
    };
    let wage = f[col::WAGE].parse::<i64>().ok();
    for (ok, c) in [
        (segment.is_some(), col::SEGMENT),
        (category.is_some(), col::CATEGORY),
        (sector.is_some(), col::SECTOR),
        (funding.is_some(), col::FUNDING),
        (programmes.is_some(), col::PROGRAMME),
        (start.is_some(), col::START),
        (end.is_some(), col::END),
        (wage.is_some(), col::WAGE),
    ] {
        if !ok {
            bad.push(c);
        }
    }
    if let (
        Some(segment),
        Some(category),
        Some(sector),
        Some(funding),
        Some(programmes),
        Some(start),
        Some(end),
        Some(wage),
    ) = (
        segment, category, sector, funding, programmes, start, end, wage,
    ) {
        let e = Enrolment {
            segment,
            category,
            sector,
            funding,
            csr_company: Some(f[col::CSR_COMPANY].clone()).filter(|c| !c.is_empty()),
            programmes,
            start,
            end,
            wage: Some(Rupiah(wage)),
        };
        for p in e.problems() {
            bad.push(match p {
                EnrolmentProblem::EndBeforeStart { .. } => col::END,
                EnrolmentProblem::SectorRequired => col::SECTOR,
                EnrolmentProblem::CsrCompanyRequired => col::CSR_COMPANY,
                EnrolmentProblem::WageNotPositive { .. } => col::WAGE,
                _ => col::PROGRAMME,
            });
        }
    }
    bad.sort_unstable();
    bad.dedup();
    bad
}

#[test]
fn the_header_is_in_bahasa_indonesia() {
    assert_eq!(HEADER[0], "NIK");
    assert_eq!(HEADER[col::VILLAGE], "Kode Desa");
    assert_eq!(HEADER[col::WAGE], "Upah");
}

#[test]
fn twenty_thousand_clean_rows_all_pass_and_follow_the_population() {
    let rows = generate(20_000, 2024, 0.0);
    assert_eq!(rows.len(), 20_000);
    let mut niks = HashSet::new();
    let mut per_province: BTreeMap<u64, u64> = BTreeMap::new();
    let mut same_kecamatan = 0;
    let mut bpu = 0;
    let mut upper = 0;
    for row in &rows {
        let f = &row.fields;
        assert_eq!(row.dirty, None);
        assert_eq!(
            rejected_columns(f, &HashSet::new()),
            Vec::<usize>::new(),
            "{f:?}"
        );
        assert!(
            niks.insert(f[col::NIK].clone()),
            "NIK {} issued twice",
            f[col::NIK]
        );

        let check = nik::check(&f[col::NIK], &TREE, today());
        assert!(check.warnings.is_empty(), "{f:?}: {:?}", check.warnings);
        let facts = check.facts.unwrap();
        let village = RegionCode::parse(&f[col::VILLAGE]).unwrap();
        let regency = village.ancestor(Level::Regency).unwrap();
        assert!(
            facts.district.is_within(regency),
            "NIK kecamatan outside the kab/kota: {f:?}"
        );
        same_kecamatan += u64::from(village.parent() == Some(facts.district));
        let age_years = (today() - facts.birth_date).num_days() / 365;
        assert!((18..=66).contains(&age_years), "{f:?}");

        *per_province
            .entry(village.as_u64() / 100_000_000)
            .or_default() += 1;
        bpu += u64::from(f[col::SEGMENT] == "BPU");
        upper += u64::from(f[col::NAME] == f[col::NAME].to_ascii_uppercase());
        assert_eq!(
            f[col::SECTOR].is_empty(),
            f[col::CATEGORY] != "PEKERJA_RENTAN"
        );
        assert!(f[col::START].ends_with("-01"));
    }

    let share = |n: u64| n as f64 / rows.len() as f64;
    let total: u64 = WEIGHTS.total();
    let jabar: u64 = WEIGHTS
        .regencies()
        .iter()
        .filter(|(c, _)| c.as_u64() / 100 == 32)
        .map(|&(_, p)| p)
        .sum();
    let expected = jabar as f64 / total as f64;
    let got = share(per_province[&32]);
    assert!(
        (got - expected).abs() < 0.02,
        "Jawa Barat {got:.3} vs population {expected:.3}"
    );
    let kaltara = share(per_province.get(&65).copied().unwrap_or(0));
    assert!(kaltara < 0.01, "Kalimantan Utara is small: {kaltara}");
    assert!(
        (0.80..0.92).contains(&share(same_kecamatan)),
        "{}",
        share(same_kecamatan)
    );
    assert!((0.62..0.68).contains(&share(bpu)), "BPU {}", share(bpu));
    assert!(
        (0.45..0.55).contains(&share(upper)),
        "upper case {}",
        share(upper)
    );
}

#[test]
fn the_same_seed_gives_the_same_rows_and_another_seed_does_not() {
    let a = generate(3_000, 7, 0.1);
    let b = generate(3_000, 7, 0.1);
    assert_eq!(a, b);
    let c = generate(3_000, 8, 0.1);
    assert_ne!(a, c);
    assert_ne!(a[0].fields, c[0].fields);
}

#[test]
fn a_tenth_dirty_gives_about_a_tenth_of_dirty_rows() {
    let rows = generate(20_000, 11, 0.1);
    let dirty = rows.iter().filter(|r| r.dirty.is_some()).count() as f64 / 20_000.0;
    assert!((0.09..0.11).contains(&dirty), "{dirty}");
    assert!(generate(2_000, 11, 0.0).iter().all(|r| r.dirty.is_none()));
    assert!(generate(2_000, 11, 1.0).iter().all(|r| r.dirty.is_some()));
}

#[test]
fn every_dirty_kind_appears_and_breaks_exactly_its_own_column() {
    let rows = generate(20_000, 3, 0.5);
    let mut seen = HashSet::new();
    let mut count: BTreeMap<DirtyKind, u32> = BTreeMap::new();
    for row in &rows {
        let f = &row.fields;
        let bad = rejected_columns(f, &seen);
        match row.dirty {
            None => assert!(bad.is_empty(), "clean row rejected in {bad:?}: {f:?}"),
            Some(kind) => {
                *count.entry(kind).or_default() += 1;
                assert_eq!(bad, vec![kind.column()], "{kind:?}: {f:?}");
                let check = nik::check(&f[col::NIK], &TREE, today());
                assert_eq!(kind.is_nik_defect(), !check.valid, "{kind:?}: {f:?}");
                let expected = match kind {
                    DirtyKind::NikTooShort => Some(NikProblem::WrongLength { length: 15 }),
                    DirtyKind::NikWithLetter | DirtyKind::NikScientificNotation => {
                        Some(NikProblem::NotDigits)
                    }
                    DirtyKind::NikZeroSerial => Some(NikProblem::ZeroSerial),
                    _ => None,
                };
                if let Some(p) = expected {
                    assert!(check.problems.contains(&p), "{kind:?}: {f:?}");
                }
                match kind {
                    DirtyKind::NikUnknownProvince => assert!(matches!(
                        check.problems[..],
                        [NikProblem::UnknownProvince { .. }]
                    )),
                    DirtyKind::NikImpossibleBirthDate => assert!(matches!(
                        check.problems[..],
                        [NikProblem::InvalidBirthDate { .. }]
                    )),
                    DirtyKind::NikScientificNotation => {
                        assert!(f[col::NIK].ends_with("E+15"), "{f:?}");
                    }
                    DirtyKind::InvalidDate => {
                        assert!(NaiveDate::parse_from_str(&f[col::START], "%d/%m/%Y").is_err());
                    }
                    DirtyKind::TwoDigitYear => {
                        assert_eq!(f[col::BIRTH_DATE].len(), 8, "{f:?}");
                    }
                    DirtyKind::DuplicateNik => {
                        assert!(seen.contains(&f[col::NIK]) && check.valid);
                    }
                    _ => {}
                }
            }
        }
        seen.insert(f[col::NIK].clone());
    }
    for kind in DirtyKind::ALL {
        assert!(
            count.get(&kind).is_some_and(|&n| n > 100),
            "{kind:?}: {count:?}"
        );
    }
}

#[test]
fn bad_options_are_refused() {
    let opts = GenOptions {
        rows: 1,
        seed: 1,
        dirty: 1.5,
        today: today(),
    };
    assert!(Generator::new(&TREE, &WEIGHTS, opts).is_err());
}
