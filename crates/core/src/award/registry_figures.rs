//! The figures of computed indicators taken from Paritrana's own registry: what the registry
//! says about a regional government's region on the cycle's cut-off date (UCJ coverage, growth,
//! BPU workers against their target, workers paid from regional budgets, programmes, villages
//! using Dana Desa, APBD rupiah). The tie-break figure of government categories (UCJ coverage)
//! comes from here too.
//!
//! Pure: the caller hands in the coverage [`Cube`], the [`TargetBook`] and the two facts that
//! need other sources (the villages paying from Dana Desa, from the periods below kab/kota; the
//! APBD cost of the enrolled workers, from the contribution rules). Figures the registry cannot
//! give — non-ASN staff and village apparatus against their headcount, a company's own workers,
//! CSR beneficiaries of a company — are entered by the secretariat.

use super::category::EntrantKind;
use super::computed::{Figure, Metric};
use super::ids::EntryId;
use super::points::div_round;
use crate::codes::{Category, Funding, Programme, Segment};
use crate::coverage::{Cube, Profile, day};
use crate::region::RegionCode;
use crate::target::TargetBook;
use crate::worker::Rupiah;
use chrono::{Datelike, Months, NaiveDate};

/// The metrics [`figures`] computes (for regional governments); every other metric is entered.
pub const FROM_REGISTRY: [Metric; 12] = [
    Metric::UcjCoverage,
    Metric::ProtectedGrowth,
    Metric::VulnerableShare,
    Metric::RegionFundedShare,
    Metric::ApbdAllocated,
    Metric::ApbdPerTargetWorker,
    Metric::DanaDesaVillageShare,
    Metric::ProgrammesPerWorker,
    Metric::CoveredJkk,
    Metric::CoveredJkm,
    Metric::CoveredJht,
    Metric::CoveredJp,
];

/// Worker categories counted as government workers for [`Metric::ProgrammesPerWorker`]: staff
/// and officers whose contributions a regional government or village pays (DOMAIN.md §3).
pub const GOVERNMENT_CATEGORIES: [Category; 7] = [
    Category::NonAsn,
    Category::Thl,
    Category::GuruHonorer,
    Category::KepalaDesa,
    Category::PerangkatDesa,
    Category::Bpd,
    Category::KetuaRtRw,
];

/// Funding sources that count as paid by the region ([`Metric::RegionFundedShare`]).
pub const REGIONAL_FUNDING: [Funding; 3] = [
    Funding::ApbdProvinsi,
    Funding::ApbdKabkota,
    Funding::DanaDesa,
];

/// What the registry says about one region on the cut-off date.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RegionFacts {
    /// Workers protected on the cut-off date.
    pub protected: u64,
    /// Workers protected twelve months earlier.
    pub protected_year_before: u64,
    /// The total target of the cut-off year (or the latest year before it).
    pub target: Option<u64>,
    /// BPU workers protected, and the BPU target when one was imported.
    pub bpu_protected: u64,
    pub bpu_target: Option<u64>,
    /// BPU workers protected whose contribution the APBD or Dana Desa pays.
    pub bpu_region_funded: u64,
    /// Government workers ([`GOVERNMENT_CATEGORIES`]) protected and the programmes they hold.
    pub government_workers: u64,
    pub government_programmes: u64,
    /// Workers protected by JKK, JKM, JHT and JP.
    pub per_programme: [u64; 4],
    /// Desa (not kelurahan) of the region, and those with a worker paid from Dana Desa.
    pub villages: Option<(u64, u64)>,
    /// What the workers enrolled on the cut-off date and paid from the region's own APBD cost
    /// per month.
    pub apbd_per_month: Option<Rupiah>,
}

/// The day twelve months before `date` (the 29th of February becomes the 28th).
pub fn year_before(date: NaiveDate) -> NaiveDate {
    date.checked_sub_months(Months::new(12)).unwrap_or(date)
}

/// The APBD that pays a government entrant's own contribution assistance: the provincial one
/// for a province, the kab/kota one for a regency or city; none for a business.
pub fn own_budget(kind: EntrantKind) -> Option<Funding> {
    match kind {
        EntrantKind::Province => Some(Funding::ApbdProvinsi),
        EntrantKind::Regency | EntrantKind::City => Some(Funding::ApbdKabkota),
        EntrantKind::Business { .. } => None,
    }
}

impl RegionFacts {
    /// Reads the counts of `region` (a province or kab/kota) on `cut_off` from the cube and the
    /// targets from the book. `villages` and `apbd_per_month` are left for the caller.
    pub fn gather(
        cube: &Cube,
        targets: &TargetBook,
        region: RegionCode,
        cut_off: NaiveDate,
    ) -> Self {
        let on = day(cut_off);
        let count = |keep: &dyn Fn(Profile) -> bool| {
            cube.weighted_count(region, on, |p| i64::from(keep(p)))
                .max(0) as u64
        };
        let government = |p: Profile| GOVERNMENT_CATEGORIES.contains(&p.category());
        let mut per_programme = [0u64; 4];
        for (slot, programme) in [
            Programme::Jkk,
            Programme::Jkm,
            Programme::Jht,
            Programme::Jp,
        ]
        .into_iter()
        .enumerate()
        {
            per_programme[slot] = count(&|p| p.programmes().contains(programme));
        }
        let year = cut_off.year();
        RegionFacts {
            protected: count(&|_| true),
            protected_year_before: cube
                .weighted_count(region, day(year_before(cut_off)), |_| 1)
                .max(0) as u64,
            target: targets.resolve(region, year, None).map(|t| t.workers),
            bpu_protected: count(&|p| p.segment() == Segment::Bpu),
            bpu_target: targets
                .resolve(region, year, Some(Segment::Bpu))
                .map(|t| t.workers),
            bpu_region_funded: count(&|p| {
                p.segment() == Segment::Bpu && REGIONAL_FUNDING.contains(&p.funding())
            }),
            government_workers: count(&government),
            government_programmes: cube
                .weighted_count(region, on, |p| {
                    if government(p) {
                        p.programmes().iter().count() as i64
                    } else {
                        0
                    }
                })
                .max(0) as u64,
            per_programme,
            villages: None,
            apbd_per_month: None,
        }
    }
}

/// `part / whole` in thousandths of a percent (90.43 % = `90_430`), rounded half away from zero;
/// none when `whole` is 0.
fn percent(part: u64, whole: u64) -> Option<i64> {
    (whole > 0).then(|| div_round(i128::from(part) * 100_000, i128::from(whole)) as i64)
}

/// The figures of a government entry computed from `facts` on `as_of` (the cut-off date): one
/// per metric of [`FROM_REGISTRY`] that the facts can give. A metric without its denominator (no
/// target, no worker a year before, no desa, no APBD cost) is left out, never 0. A business
/// entry gets none.
pub fn figures(
    entry: EntryId,
    kind: EntrantKind,
    facts: &RegionFacts,
    as_of: NaiveDate,
) -> Vec<Figure> {
    if own_budget(kind).is_none() {
        return Vec::new();
    }
    let annual = facts.apbd_per_month.map(|m| i128::from(m.0) * 12);
    let values: [(Metric, Option<i64>); 12] = [
        (
            Metric::UcjCoverage,
            facts.target.and_then(|t| percent(facts.protected, t)),
        ),
        (
            Metric::ProtectedGrowth,
            (facts.protected_year_before > 0).then(|| {
                let change = i128::from(facts.protected) - i128::from(facts.protected_year_before);
                div_round(change * 100_000, i128::from(facts.protected_year_before)) as i64
            }),
        ),
        (
            Metric::VulnerableShare,
            facts
                .bpu_target
                .and_then(|t| percent(facts.bpu_protected, t)),
        ),
        (
            Metric::RegionFundedShare,
            percent(facts.bpu_region_funded, facts.bpu_protected),
        ),
        (Metric::ApbdAllocated, annual.map(|a| (a * 1000) as i64)),
        (
            Metric::ApbdPerTargetWorker,
            annual
                .zip(facts.target)
                .map(|(a, t)| div_round(a * 1000, i128::from(t)) as i64),
        ),
        (
            Metric::DanaDesaVillageShare,
            facts
                .villages
                .and_then(|(all, funded)| percent(funded, all)),
        ),
        (
            Metric::ProgrammesPerWorker,
            (facts.government_workers > 0).then(|| {
                div_round(
                    i128::from(facts.government_programmes) * 1000,
                    i128::from(facts.government_workers),
                ) as i64
            }),
        ),
        (
            Metric::CoveredJkk,
            Some(facts.per_programme[0] as i64 * 1000),
        ),
        (
            Metric::CoveredJkm,
            Some(facts.per_programme[1] as i64 * 1000),
        ),
        (
            Metric::CoveredJht,
            Some(facts.per_programme[2] as i64 * 1000),
        ),
        (
            Metric::CoveredJp,
            Some(facts.per_programme[3] as i64 * 1000),
        ),
    ];
    values
        .into_iter()
        .filter_map(|(metric, value)| {
            value.map(|value| Figure {
                entry,
                metric,
                value,
                as_of,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::award::category::BusinessScale;
    use crate::codes::{ProgrammeSet, Sector};
    use crate::coverage::Deltas;
    use crate::region::RegionCode;
    use crate::target::Target;
    use crate::worker::Enrolment;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn enrolment(
        segment: Segment,
        category: Category,
        funding: Funding,
        programmes: &[Programme],
        start: NaiveDate,
    ) -> Enrolment {
        let mut set = ProgrammeSet::default();
        for p in programmes {
            set.insert(*p);
        }
        Enrolment {
            segment,
            category,
            sector: (segment == Segment::Bpu).then_some(Sector::Nelayan),
            funding,
            csr_company: None,
            programmes: set,
            start,
            end: None,
            wage: None,
        }
    }

    fn value(figures: &[Figure], metric: Metric) -> Option<i64> {
        figures.iter().find(|f| f.metric == metric).map(|f| f.value)
    }

    #[test]
    fn a_regency_s_figures_come_from_its_workers_and_targets() {
        // Kab. Paser (64.01) on 2025-12-31: six workers, one of them from 2025 only; one worker
        // in Kab. Berau (64.03) does not count.
        let paser = RegionCode::parse("64.01.01.2001").unwrap();
        let berau = RegionCode::parse("64.03.01.2001").unwrap();
        let old = d(2024, 6, 1);
        let new = d(2025, 3, 1);
        use Programme::*;
        let mut deltas = Deltas::new();
        let workers = [
            (
                paser,
                enrolment(
                    Segment::Pu,
                    Category::NonAsn,
                    Funding::ApbdKabkota,
                    &[Jkk, Jkm, Jht, Jp],
                    old,
                ),
            ),
            (
                paser,
                enrolment(
                    Segment::Pu,
                    Category::PerangkatDesa,
                    Funding::DanaDesa,
                    &[Jkk, Jkm],
                    old,
                ),
            ),
            (
                paser,
                enrolment(
                    Segment::Bpu,
                    Category::PekerjaRentan,
                    Funding::ApbdKabkota,
                    &[Jkk, Jkm],
                    old,
                ),
            ),
            (
                paser,
                enrolment(
                    Segment::Bpu,
                    Category::PekerjaRentan,
                    Funding::DanaDesa,
                    &[Jkk, Jkm],
                    old,
                ),
            ),
            (
                paser,
                enrolment(
                    Segment::Bpu,
                    Category::PekerjaRentan,
                    Funding::Mandiri,
                    &[Jkk, Jkm, Jht],
                    old,
                ),
            ),
            (
                paser,
                enrolment(
                    Segment::Bpu,
                    Category::PekerjaRentan,
                    Funding::Csr,
                    &[Jkk, Jkm],
                    new,
                ),
            ),
            (
                berau,
                enrolment(
                    Segment::Bpu,
                    Category::PekerjaRentan,
                    Funding::DanaDesa,
                    &[Jkk, Jkm],
                    old,
                ),
            ),
        ];
        for (village, e) in &workers {
            deltas.add(*village, e);
        }
        let cube = Cube::from_rows(deltas.rows());
        let regency = RegionCode::parse("64.01").unwrap();
        let target = |segment, workers| Target {
            region: regency,
            year: 2025,
            segment,
            workers,
            source: "uji".into(),
            estimate: false,
        };
        let tree =
            crate::region::RegionTree::from_csv(include_str!("../../../../data/regions.csv"))
                .unwrap();
        let book = TargetBook::new(vec![target(None, 8), target(Some(Segment::Bpu), 5)], &tree);
        let cut_off = d(2025, 12, 31);
        let mut facts = RegionFacts::gather(&cube, &book, regency, cut_off);
        assert_eq!(facts.protected, 6);
        assert_eq!(facts.protected_year_before, 5);
        assert_eq!(facts.bpu_protected, 4);
        assert_eq!(facts.bpu_region_funded, 2);
        assert_eq!(facts.government_workers, 2);
        assert_eq!(facts.government_programmes, 6);
        assert_eq!(facts.per_programme, [6, 6, 2, 1]);
        facts.villages = Some((139, 47));
        facts.apbd_per_month = Some(Rupiah(100_800));
        let f = figures(
            crate::award::ids::EntryId(1),
            EntrantKind::Regency,
            &facts,
            cut_off,
        );
        // 6 / 8 = 75 %; 6 vs 5 = +20 %; 4 BPU of 5 = 80 %; 2 of 4 BPU paid by the region = 50 %.
        assert_eq!(value(&f, Metric::UcjCoverage), Some(75_000));
        assert_eq!(value(&f, Metric::ProtectedGrowth), Some(20_000));
        assert_eq!(value(&f, Metric::VulnerableShare), Some(80_000));
        assert_eq!(value(&f, Metric::RegionFundedShare), Some(50_000));
        // 47 of 139 desa = 33.812 %; Rp 100,800 a month = Rp 1,209,600 a year, / 8 = 151,200.
        assert_eq!(value(&f, Metric::DanaDesaVillageShare), Some(33_813));
        assert_eq!(value(&f, Metric::ApbdAllocated), Some(1_209_600_000));
        assert_eq!(value(&f, Metric::ApbdPerTargetWorker), Some(151_200_000));
        // 6 programmes over 2 government workers = 3.
        assert_eq!(value(&f, Metric::ProgrammesPerWorker), Some(3_000));
        assert_eq!(value(&f, Metric::CoveredJp), Some(1_000));
        assert!(f.iter().all(|x| x.as_of == cut_off));
    }

    #[test]
    fn missing_denominators_leave_figures_out_and_businesses_get_none() {
        let facts = RegionFacts {
            protected: 10,
            ..RegionFacts::default()
        };
        let f = figures(
            crate::award::ids::EntryId(2),
            EntrantKind::City,
            &facts,
            d(2025, 12, 31),
        );
        for metric in [
            Metric::UcjCoverage,
            Metric::ProtectedGrowth,
            Metric::VulnerableShare,
            Metric::RegionFundedShare,
            Metric::ApbdAllocated,
            Metric::DanaDesaVillageShare,
            Metric::ProgrammesPerWorker,
        ] {
            assert_eq!(value(&f, metric), None, "{metric}");
        }
        assert_eq!(value(&f, Metric::CoveredJkk), Some(0));
        let business = EntrantKind::Business {
            scale: BusinessScale::Large,
        };
        assert!(
            figures(
                crate::award::ids::EntryId(3),
                business,
                &facts,
                d(2025, 12, 31)
            )
            .is_empty()
        );
        assert_eq!(year_before(d(2024, 2, 29)), d(2023, 2, 28));
    }
}
