//! The Kab. Paser 2023 seed scenario (DOMAIN.md §8) as worker lists: the demo data set shows it
//! and the coverage tests reproduce its figures from it.
//!
//! On 31 December 2023: 81,436 protected = 37,521 formal + non-ASN and 43,915 informal +
//! vulnerable; at the start of 2023: 65,894 = 34,052 + 31,842. The cohorts:
//! - formal (PU, non-ASN): 33,652 enrolled since 2022 and still covered, 400 whose coverage ended
//!   on 30 June 2023, 3,869 enrolled in March 2023;
//! - informal (BPU, vulnerable fishers): 30,842 covered from July 2022 to the end of 2023, 1,000
//!   whose coverage ended on 30 September 2023, 13,073 enrolled in May 2023.

use crate::nik::{Nik, Sex};
use crate::region::{Level, RegionCode, RegionTree};
use chrono::NaiveDate;

/// The header of the seed lists (the participant import's Indonesian headers).
pub const PASER_HEADER: &str = "NIK,Nama,Jenis Kelamin,Tanggal Lahir,Kode Desa,Segmen,Kategori,Sektor,Sumber Dana,Program,Mulai,Selesai,Upah";

/// Kab. Paser's target for 2023 (employed persons), the denominator of the seed's 90.43 %.
pub const PASER_TARGET_2023: u64 = 90_052;

struct Cohort {
    count: u32,
    formal: bool,
    start: &'static str,
    end: &'static str,
}

const COHORTS: [Cohort; 6] = [
    Cohort {
        count: 33_652,
        formal: true,
        start: "2022-01-01",
        end: "",
    },
    Cohort {
        count: 400,
        formal: true,
        start: "2022-01-01",
        end: "2023-06-30",
    },
    Cohort {
        count: 3_869,
        formal: true,
        start: "2023-03-01",
        end: "",
    },
    Cohort {
        count: 30_842,
        formal: false,
        start: "2022-07-01",
        end: "2023-12-31",
    },
    Cohort {
        count: 1_000,
        formal: false,
        start: "2022-07-01",
        end: "2023-09-30",
    },
    Cohort {
        count: 13_073,
        formal: false,
        start: "2023-05-01",
        end: "2023-12-31",
    },
];

/// A serial no generated list reaches, so the seed's NIKs never collide with the generator's.
const SERIAL: u16 = 9_876;

/// The seed lists as CSV bodies (each with the header), the workers dealt round-robin over
/// `parts` lists. `None` when the tree lacks Kab. Paser.
pub fn paser_2023(tree: &RegionTree, parts: usize) -> Option<Vec<String>> {
    let paser = RegionCode::parse("64.01").ok()?;
    let districts: Vec<(RegionCode, RegionCode)> = tree
        .children(paser)
        .filter_map(|d| {
            let village = tree.children(d.code).find(|v| v.level == Level::Village)?;
            Some((d.code, village.code))
        })
        .collect();
    if districts.is_empty() || parts == 0 {
        return None;
    }
    let mut bodies: Vec<String> = (0..parts).map(|_| format!("{PASER_HEADER}\n")).collect();
    let born = NaiveDate::from_ymd_opt(1962, 1, 1)?;
    let n = districts.len() as u64;
    let mut i: u64 = 0;
    for c in &COHORTS {
        for _ in 0..c.count {
            // (kecamatan, birth date) is unique per worker, so every NIK is.
            let (district, village) = districts[(i % n) as usize];
            let birth = born + chrono::Days::new(i / n);
            let sex = if i.is_multiple_of(3) {
                Sex::Female
            } else {
                Sex::Male
            };
            let nik = Nik::compose(district, birth, sex, SERIAL)?;
            let (profile, wage) = if c.formal {
                ("PU,NON_ASN,,APBD_KABKOTA,\"JKK,JKM,JHT\"", 3_400_000)
            } else {
                (
                    "BPU,PEKERJA_RENTAN,NELAYAN,APBD_KABKOTA,\"JKK,JKM\"",
                    1_000_000,
                )
            };
            bodies[(i % parts as u64) as usize].push_str(&format!(
                "{nik},Pekerja Paser {i},{},{birth},{village},{profile},{},{},{wage}\n",
                sex.code(),
                c.start,
                c.end
            ));
            i += 1;
        }
    }
    Some(bodies)
}
