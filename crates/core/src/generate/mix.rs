//! The mix of synthetic enrolments: which segment, category, sector, funding, programmes, dates
//! and wage a generated worker gets (the shares are listed in the module doc of `generate`).
//! Every enrolment built here satisfies [`Enrolment::problems`]; defects are added elsewhere.

use chrono::{Datelike, NaiveDate};
use rand::RngExt;
use rand_chacha::ChaCha8Rng;

use crate::codes::{Category, Funding, Programme, ProgrammeSet, Sector, Segment};
use crate::worker::{Enrolment, Rupiah};

/// Companies that fund vulnerable workers through CSR (TJSL), as lists name them.
const CSR_COMPANIES: &[&str] = &[
    "PT Kaltim Prima Coal",
    "PT Pertamina Hulu Mahakam",
    "PT Bank Rakyat Indonesia (Persero) Tbk",
    "PT Pupuk Kalimantan Timur",
    "PT Bank Mandiri (Persero) Tbk",
    "PT Telkom Indonesia (Persero) Tbk",
    "PT PLN (Persero)",
    "PT Semen Indonesia (Persero) Tbk",
    "PT Vale Indonesia Tbk",
    "PT Freeport Indonesia",
    "PT Adaro Indonesia",
    "PT Bukit Asam Tbk",
    "PT Astra International Tbk",
    "PT Indofood Sukses Makmur Tbk",
    "PT Bank Negara Indonesia (Persero) Tbk",
    "PT Pertamina (Persero)",
    "PT Antam Tbk",
    "PT Sinar Mas Agro Resources and Technology Tbk",
    "PT Bank Pembangunan Daerah Jawa Timur Tbk",
    "PT Berau Coal",
];

/// Vulnerable workers per sector, Kab. Kutai Kartanegara 2021 (35,440 in all; the five named
/// sectors are the published figures, the remaining 2,829 are spread over the other sectors).
const SECTOR_WEIGHTS: &[(Sector, u32)] = &[
    (Sector::Nelayan, 13_107),
    (Sector::Petani, 8_771),
    (Sector::BuruhHarianLepas, 4_176),
    (Sector::Perkebunan, 4_124),
    (Sector::Pedagang, 2_433),
    (Sector::PerikananTambak, 500),
    (Sector::Transportasi, 400),
    (Sector::Peternak, 350),
    (Sector::JasaKemasyarakatan, 350),
    (Sector::Tukang, 300),
    (Sector::Hortikultura, 200),
    (Sector::Kehutanan, 150),
    (Sector::PekerjaRumahTangga, 139),
    (Sector::JasaKesehatan, 120),
    (Sector::JasaPendidikan, 120),
    (Sector::Pemulung, 100),
    (Sector::Lainnya, 100),
];

/// Draws from a small table of weights (percentages or counts).
fn weighted<T: Copy>(rng: &mut ChaCha8Rng, table: &[(T, u32)]) -> T {
    let total: u32 = table.iter().map(|&(_, w)| w).sum();
    let mut draw = rng.random_range(0..total.max(1));
    for &(value, w) in table {
        if draw < w {
            return value;
        }
        draw -= w;
    }
    table[table.len() - 1].0
}

/// What the row's defect (if any) needs from its enrolment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Shape {
    /// Anything from the normal mix.
    Any,
    /// A vulnerable worker (BPU, `PEKERJA_RENTAN`).
    Rentan,
    /// A vulnerable worker funded through CSR.
    RentanCsr,
}

/// Where and when the worker is, for the parts of the enrolment that depend on it.
pub(super) struct Context {
    /// Desa get Dana Desa, a BPD and a kepala desa; kelurahan do not.
    pub kelurahan: bool,
    /// The first month the worker could be enrolled (not before 2019, not before turning 18).
    pub earliest_start: NaiveDate,
    pub today: NaiveDate,
}

/// One enrolment from the mix, valid under [`Enrolment::problems`].
pub(super) fn enrolment(rng: &mut ChaCha8Rng, ctx: &Context, shape: Shape) -> Enrolment {
    let segment = match shape {
        Shape::Any => weighted(
            rng,
            &[
                (Segment::Bpu, 65),
                (Segment::Pu, 30),
                (Segment::Jakon, 3),
                (Segment::Pmi, 2),
            ],
        ),
        Shape::Rentan | Shape::RentanCsr => Segment::Bpu,
    };
    let category = match (segment, shape) {
        (Segment::Bpu, Shape::Any) => {
            let c = weighted(
                rng,
                &[
                    (Category::PekerjaRentan, 85),
                    (Category::KetuaRtRw, 7),
                    (Category::PerangkatDesa, 5),
                    (Category::Bpd, 2),
                    (Category::KepalaDesa, 1),
                ],
            );
            // A kelurahan has no BPD; its head (lurah) is a civil servant, not enrolled here.
            match (c, ctx.kelurahan) {
                (Category::Bpd | Category::KepalaDesa, true) => Category::KetuaRtRw,
                _ => c,
            }
        }
        (Segment::Bpu, _) => Category::PekerjaRentan,
        (Segment::Pu, _) => weighted(
            rng,
            &[
                (Category::NonAsn, 35),
                (Category::Thl, 15),
                (Category::GuruHonorer, 20),
                (Category::PekerjaFormal, 30),
            ],
        ),
        (Segment::Jakon, _) => weighted(
            rng,
            &[(Category::PekerjaFormal, 60), (Category::Lainnya, 40)],
        ),
        (Segment::Pmi, _) => Category::Lainnya,
    };
    let sector = (category == Category::PekerjaRentan).then(|| weighted(rng, SECTOR_WEIGHTS));
    let funding = match (shape, category) {
        (Shape::RentanCsr, _) => Funding::Csr,
        (_, Category::PekerjaRentan) => weighted(
            rng,
            &[
                (Funding::ApbdKabkota, 60),
                (Funding::ApbdProvinsi, 12),
                (Funding::DanaDesa, if ctx.kelurahan { 0 } else { 10 }),
                (Funding::Csr, 8),
                (Funding::Mandiri, 10),
            ],
        ),
        (_, Category::KepalaDesa | Category::PerangkatDesa | Category::Bpd) => weighted(
            rng,
            &[
                (Funding::DanaDesa, if ctx.kelurahan { 0 } else { 75 }),
                (Funding::ApbdKabkota, 20),
                (Funding::Mandiri, 5),
            ],
        ),
        (_, Category::KetuaRtRw) => weighted(
            rng,
            &[
                (Funding::ApbdKabkota, 60),
                (Funding::DanaDesa, if ctx.kelurahan { 0 } else { 35 }),
                (Funding::Mandiri, 5),
            ],
        ),
        (_, Category::NonAsn | Category::Thl | Category::GuruHonorer) => weighted(
            rng,
            &[
                (Funding::ApbdKabkota, 70),
                (Funding::ApbdProvinsi, 20),
                (Funding::PemberiKerja, 10),
            ],
        ),
        _ if segment == Segment::Pmi => {
            weighted(rng, &[(Funding::Mandiri, 80), (Funding::ApbdProvinsi, 20)])
        }
        _ => Funding::PemberiKerja,
    };
    let csr_company =
        (funding == Funding::Csr).then(|| CSR_COMPANIES[rng.random_range(0..CSR_COMPANIES.len())]);
    let programmes = programmes(rng, segment, category, funding);
    let (start, end) = period(rng, ctx);
    let wage = match segment {
        // Regional schemes declare the lowest income so the cheapest protection is bought.
        Segment::Bpu | Segment::Pmi if funding != Funding::Mandiri && rng.random_bool(0.6) => {
            1_000_000
        }
        Segment::Bpu | Segment::Pmi => 1_000_000 + 50_000 * rng.random_range(0..=40i64),
        // Wages skew low: the smaller of two uniform draws.
        _ => {
            let a = rng.random_range(0..=240i64);
            let b = rng.random_range(0..=240i64);
            2_000_000 + 25_000 * a.min(b)
        }
    };
    Enrolment {
        segment,
        category,
        sector,
        funding,
        csr_company: csr_company.map(str::to_string),
        programmes,
        start,
        end,
        wage: Some(Rupiah(wage)),
    }
}

fn programmes(
    rng: &mut ChaCha8Rng,
    segment: Segment,
    category: Category,
    funding: Funding,
) -> ProgrammeSet {
    use Programme::*;
    let list: &[Programme] = match (segment, category) {
        (Segment::Pu, Category::GuruHonorer) => &[Jkk, Jkm, Jht, Jp],
        (Segment::Pu, Category::NonAsn | Category::Thl) => {
            if rng.random_bool(0.2) {
                &[Jkk, Jkm, Jht, Jp]
            } else {
                &[Jkk, Jkm, Jht]
            }
        }
        (Segment::Pu, _) => match rng.random_range(0..10u32) {
            0 => &[Jkk, Jkm, Jht],
            1..=5 => &[Jkk, Jkm, Jht, Jp],
            _ => &[Jkk, Jkm, Jht, Jp, Jkp],
        },
        // JHT is optional outside PU; those who pay themselves take it more often.
        _ if rng.random_bool(if funding == Funding::Mandiri {
            0.4
        } else {
            0.1
        }) =>
        {
            &[Jkk, Jkm, Jht]
        }
        _ => &[Jkk, Jkm],
    };
    let mut set = ProgrammeSet::EMPTY;
    for &p in list {
        set.insert(p);
    }
    set
}

/// Months since January 2019 style counting: `year * 12 + month0`.
fn month_index(d: NaiveDate) -> i32 {
    d.year() * 12 + d.month0() as i32
}

fn first_of(index: i32) -> NaiveDate {
    NaiveDate::from_ymd_opt(index.div_euclid(12), index.rem_euclid(12) as u32 + 1, 1)
        .unwrap_or(NaiveDate::MIN)
}

/// The last day of the month with this index.
pub(super) fn last_of(index: i32) -> NaiveDate {
    first_of(index + 1).pred_opt().unwrap_or(NaiveDate::MIN)
}

/// Start on the 1st of a month between `earliest_start` and today, recent months more likely;
/// about 55 % open, the rest end on the last day of a month (often 31 December of the start year).
fn period(rng: &mut ChaCha8Rng, ctx: &Context) -> (NaiveDate, Option<NaiveDate>) {
    let last = month_index(ctx.today);
    let first = month_index(ctx.earliest_start).min(last);
    // The larger of two uniform draws: density rising towards today.
    let a = rng.random_range(first..=last);
    let b = rng.random_range(first..=last);
    let start_index = a.max(b);
    let start = first_of(start_index);
    if rng.random_bool(0.55) {
        return (start, None);
    }
    let year_end = NaiveDate::from_ymd_opt(start.year(), 12, 31).unwrap_or(start);
    let end = if rng.random_bool(0.6) {
        year_end
    } else {
        last_of(start_index + rng.random_range(0..24))
    };
    // Budgets are set a year at a time: nothing is paid beyond the current year.
    let horizon = NaiveDate::from_ymd_opt(ctx.today.year(), 12, 31).unwrap_or(ctx.today);
    (start, Some(if end > horizon { year_end } else { end }))
}

/// The month index of a date, for callers that move dates by whole months.
pub(super) fn month_of(d: NaiveDate) -> i32 {
    month_index(d)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;

    #[test]
    fn every_enrolment_of_the_mix_is_valid() {
        let mut rng = ChaCha8Rng::seed_from_u64(7);
        let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        for i in 0..20_000 {
            let ctx = Context {
                kelurahan: i % 3 == 0,
                earliest_start: NaiveDate::from_ymd_opt(2019, 1, 1).unwrap(),
                today,
            };
            let shape = [Shape::Any, Shape::Rentan, Shape::RentanCsr][i % 3];
            let e = enrolment(&mut rng, &ctx, shape);
            assert!(e.problems().is_empty(), "{e:?}: {:?}", e.problems());
            assert_eq!(e.start.day(), 1);
            assert!(e.start <= today);
            if let Some(end) = e.end {
                assert_eq!(end.succ_opt().unwrap().day(), 1, "{end} is not a month end");
            }
            if ctx.kelurahan {
                assert_ne!(e.funding, Funding::DanaDesa);
            }
        }
    }

    #[test]
    fn month_ends() {
        assert_eq!(last_of(2024 * 12 + 1).to_string(), "2024-02-29");
        assert_eq!(last_of(2023 * 12 + 11).to_string(), "2023-12-31");
    }
}
