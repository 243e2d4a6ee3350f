//! Properties of the coverage engine over the real region tree: the cube answers exactly what a
//! direct count over the periods answers; the children of a region add up to the region; the
//! order in which periods (and their revisions) arrive does not change any answer.

use chrono::NaiveDate;
use paritrana_core::codes::{Category, Funding, ProgrammeSet, Sector, Segment};
use paritrana_core::coverage::{
    CoverageSource, Cube, Deltas, Dimension, PeriodFact, PeriodList, Profile, day,
};
use paritrana_core::region::{Level, RegionCode, RegionTree};
use paritrana_core::worker::Enrolment;
use proptest::prelude::*;
use std::sync::LazyLock;

static TREE: LazyLock<RegionTree> =
    LazyLock::new(|| RegionTree::from_csv(include_str!("../../../data/regions.csv")).unwrap());

/// Villages of two provinces (Kalimantan Timur and Bali), so province and nation sums differ.
static VILLAGES: LazyLock<Vec<RegionCode>> = LazyLock::new(|| {
    TREE.at_level(Level::Village)
        .map(|r| r.code)
        .filter(|c| matches!(c.as_u64() / 100_000_000, 64 | 51))
        .step_by(37)
        .collect()
});

fn base() -> NaiveDate {
    NaiveDate::from_ymd_opt(2021, 1, 1).unwrap()
}

fn enrolment(seed: u32, start: u16, len: Option<u16>) -> Enrolment {
    let segment = Segment::ALL[seed as usize % Segment::ALL.len()];
    let category = Category::ALL[(seed / 4) as usize % Category::ALL.len()];
    let sector = seed
        .is_multiple_of(3)
        .then(|| Sector::ALL[(seed / 7) as usize % Sector::ALL.len()]);
    let funding = Funding::ALL[(seed / 11) as usize % Funding::ALL.len()];
    let start = base() + chrono::Days::new(start as u64);
    Enrolment {
        segment,
        category,
        sector,
        funding,
        csr_company: None,
        programmes: ProgrammeSet::from_bits(1 + (seed % 31) as u8),
        start,
        end: len.map(|l| start + chrono::Days::new(l as u64)),
        wage: None,
    }
}

#[derive(Debug, Clone)]
struct Period {
    village: RegionCode,
    e: Enrolment,
}

fn periods() -> impl Strategy<Value = Vec<Period>> {
    prop::collection::vec(
        (
            0..VILLAGES.len(),
            any::<u32>(),
            0u16..1500,
            prop::option::of(0u16..900),
        ),
        1..300,
    )
    .prop_map(|v| {
        v.into_iter()
            .map(|(vi, seed, start, len)| Period {
                village: VILLAGES[vi],
                e: enrolment(seed, start, len),
            })
            .collect()
    })
}

fn cube_of(periods: &[Period]) -> Cube {
    let mut d = Deltas::new();
    for p in periods {
        d.add(p.village, &p.e);
    }
    Cube::from_rows(d.rows())
}

fn list_of(periods: &[Period]) -> PeriodList {
    PeriodList {
        periods: periods
            .iter()
            .map(|p| PeriodFact {
                village: p.village,
                profile: Profile::of(&p.e),
                start: day(p.e.start),
                end: p.e.end.map(day),
            })
            .collect(),
    }
}

fn dimension() -> impl Strategy<Value = Dimension> {
    prop::sample::select(Dimension::ALL.to_vec())
}

static KALTIM_CODE: LazyLock<RegionCode> = LazyLock::new(|| RegionCode::parse("64").unwrap());

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn cube_equals_a_direct_count(ps in periods(), on in 0i32..2600, dim in dimension()) {
        let (cube, list) = (cube_of(&ps), list_of(&ps));
        let on = day(base()) + on - 100;
        for (within, level) in [
            (RegionCode::NATION, Level::Nation),
            (RegionCode::NATION, Level::Province),
            (RegionCode::NATION, Level::Regency),
            (*KALTIM_CODE, Level::Regency),
        ] {
            prop_assert_eq!(cube.count(within, level, on, dim), list.count(within, level, on, dim));
        }
    }

    #[test]
    fn a_weighted_count_equals_a_direct_sum(ps in periods(), on in 0i32..2600) {
        // BPU workers paid from a regional budget, and programmes held, counted by hand.
        let cube = cube_of(&ps);
        let on = day(base()) + on - 100;
        let regional = |e: &Enrolment| {
            e.segment == Segment::Bpu
                && matches!(e.funding, Funding::ApbdProvinsi | Funding::ApbdKabkota | Funding::DanaDesa)
        };
        for within in [RegionCode::NATION, *KALTIM_CODE, RegionCode::parse("64.01").unwrap()] {
            let live = ps.iter().filter(|p| {
                p.village.is_within(within)
                    && day(p.e.start) <= on
                    && p.e.end.is_none_or(|e| on <= day(e))
            });
            let (bpu, programmes) = live.fold((0i64, 0i64), |(b, n), p| {
                (b + i64::from(regional(&p.e)), n + p.e.programmes.iter().count() as i64)
            });
            let weighted = cube.weighted_count(within, on, |pr| {
                i64::from(pr.segment() == Segment::Bpu
                    && matches!(pr.funding(), Funding::ApbdProvinsi | Funding::ApbdKabkota | Funding::DanaDesa))
            });
            prop_assert_eq!(weighted, bpu);
            prop_assert_eq!(cube.weighted_count(within, on, |pr| pr.programmes().iter().count() as i64), programmes);
        }
    }

    #[test]
    fn children_add_up_to_their_parent(ps in periods(), on in 0i32..2000, dim in dimension()) {
        let list = list_of(&ps);
        let on = day(base()) + on;
        let nation = list.count(RegionCode::NATION, Level::Nation, on, dim);
        let nation = nation.get(&RegionCode::NATION).cloned().unwrap_or_default();
        for level in [Level::Province, Level::Regency, Level::District, Level::Village] {
            let children = list.count(RegionCode::NATION, level, on, dim);
            let total: u64 = children.values().map(|c| c.total).sum();
            prop_assert_eq!(total, nation.total);
            for i in 0..dim.len() {
                let part: u64 = children.values().map(|c| c.by[i]).sum();
                prop_assert_eq!(part, nation.by.get(i).copied().unwrap_or(0));
            }
        }
        // Breakdowns that partition the workers add up to the total.
        if !matches!(dim, Dimension::None | Dimension::Programme) {
            prop_assert_eq!(nation.by.iter().sum::<u64>(), nation.total);
        }
    }

    #[test]
    fn series_equals_counts_on_each_day(ps in periods(), dim in dimension()) {
        let (cube, list) = (cube_of(&ps), list_of(&ps));
        let days: Vec<i32> = (0..40).map(|m| day(base()) - 30 + m * 61).collect();
        prop_assert_eq!(
            cube.series(RegionCode::NATION, &days, dim),
            list.series(RegionCode::NATION, &days, dim)
        );
        let a = cube.series(*KALTIM_CODE, &days, dim);
        let b = list.series(*KALTIM_CODE, &days, dim);
        prop_assert_eq!(&a, &b);
        for (k, d) in days.iter().enumerate() {
            let c = cube.count(*KALTIM_CODE, Level::Province, *d, dim);
            let total = c.get(&*KALTIM_CODE).map_or(0, |c| c.total);
            prop_assert_eq!(a[k].total, total);
        }
    }

    #[test]
    fn order_and_revisions_do_not_change_answers(
        ps in periods(),
        revised in periods(),
        on in 0i32..2000,
        dim in dimension(),
    ) {
        // Import `ps`, then revise each period of the first few workers into `revised`
        // (remove the recorded version, add the new) — in any order, the cube equals one
        // built from the final state alone.
        let n = ps.len().min(revised.len());
        let mut final_state = ps.clone();
        let mut d = Deltas::new();
        for p in ps.iter().rev() {
            d.add(p.village, &p.e);
        }
        for i in 0..n {
            d.remove(ps[i].village, &ps[i].e);
            d.add(revised[i].village, &revised[i].e);
            final_state[i] = revised[i].clone();
        }
        let on = day(base()) + on;
        let incremental = Cube::from_rows(d.rows());
        let direct = cube_of(&final_state);
        prop_assert_eq!(
            incremental.count(RegionCode::NATION, Level::Regency, on, dim),
            direct.count(RegionCode::NATION, Level::Regency, on, dim)
        );
    }
}

#[test]
fn the_cube_stays_small_when_periods_share_month_boundaries() {
    // 10,000 workers of one kab/kota starting on the first of a month and ending at a month
    // end: the cube keeps at most two change days per month per profile.
    let paser: Vec<RegionCode> = TREE
        .at_level(Level::Village)
        .map(|r| r.code)
        .filter(|c| c.as_u64() / 1_000_000 == 6401)
        .collect();
    let mut d = Deltas::new();
    for i in 0..10_000u32 {
        let mut e = enrolment(i % 4, 0, None);
        e.start = NaiveDate::from_ymd_opt(2021 + (i % 3) as i32, 1 + i % 12, 1).unwrap();
        d.add(paser[i as usize % paser.len()], &e);
    }
    let cube = Cube::from_rows(d.rows());
    let (cells, days) = cube.size();
    assert!(cells <= 4, "{cells}");
    assert!(days <= 4 * 36, "{days}");
    let on = day(NaiveDate::from_ymd_opt(2030, 1, 1).unwrap());
    let n = cube.count(RegionCode::NATION, Level::Nation, on, Dimension::None);
    assert_eq!(n[&RegionCode::NATION].total, 10_000);
}
