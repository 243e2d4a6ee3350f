//! Deterministic synthetic worker lists, for demos, load tests and importer tests. Pure: the
//! caller hands in the region tree, the population table and the options, and gets rows of text
//! back through an iterator; writing them (CSV, XLSX) is the caller's job.
//!
//! # Where people live
//! A kab/kota is drawn with probability proportional to its Dukcapil 2024 S2 population, then a
//! desa/kelurahan uniformly among its villages. The NIK's kecamatan is the village's own 85 % of
//! the time, otherwise another kecamatan of the same kab/kota (people move). Birth dates put
//! workers between 18 and 65 years old on `today` (1961–2007 for 2026), peaking in their forties;
//! sex is 50/50; the NIK serial is the first free one from a small random start, so every NIK of
//! the file is unique.
//!
//! # The mix (shares of clean rows, roughly)
//! | segment | share | categories | funding |
//! |---|---|---|---|
//! | BPU | 65 % | `PEKERJA_RENTAN` 85 %, `KETUA_RT_RW` 7 %, `PERANGKAT_DESA` 5 %, `BPD` 2 %, `KEPALA_DESA` 1 % (a kelurahan has no BPD or kepala desa: those become RT/RW) | rentan: `APBD_KABKOTA` 60, `APBD_PROVINSI` 12, `DANA_DESA` 10, `CSR` 8, `MANDIRI` 10; village apparatus: `DANA_DESA` 75, `APBD_KABKOTA` 20, `MANDIRI` 5; RT/RW: `APBD_KABKOTA` 60, `DANA_DESA` 35, `MANDIRI` 5 (no Dana Desa in a kelurahan) |
//! | PU | 30 % | `NON_ASN` 35 %, `THL` 15 %, `GURU_HONORER` 20 %, `PEKERJA_FORMAL` 30 % | non-ASN, THL, teachers: `APBD_KABKOTA` 70, `APBD_PROVINSI` 20, `PEMBERI_KERJA` 10; formal: `PEMBERI_KERJA` |
//! | JAKON | 3 % | `PEKERJA_FORMAL` 60 %, `LAINNYA` 40 % | `PEMBERI_KERJA` |
//! | PMI | 2 % | `LAINNYA` | `MANDIRI` 80, `APBD_PROVINSI` 20 |
//!
//! Sectors of vulnerable workers follow Kab. Kutai Kartanegara 2021 (`NELAYAN` 13,107, `PETANI`
//! 8,771, `BURUH_HARIAN_LEPAS` 4,176, `PERKEBUNAN` 4,124, `PEDAGANG` 2,433, and 2,829 over the
//! other twelve). CSR rows name a company ("PT Kaltim Prima Coal" …).
//!
//! Programmes: BPU, JAKON and PMI `JKK,JKM` (with `JHT` for 10 %, 40 % of the self-paying);
//! teachers `JKK,JKM,JHT,JP`; non-ASN and THL `JKK,JKM,JHT` (20 % with `JP`); formal workers
//! `JKK,JKM,JHT` 10 %, `+JP` 50 %, `+JP,JKP` 40 %.
//! Periods start on the 1st of a month from January 2019 (or the month after the 18th birthday)
//! to today's month, recent months more likely; 55 % are open, the rest end on the last day of a
//! month: 31 December of the start year 60 % of the time, else 0–23 months after the start, never
//! past 31 December of today's year. Wages: BPU and PMI declared income Rp 1,000,000–3,000,000
//! in steps of 50,000 (60 % of non-self-paying rows at the Rp 1,000,000 minimum); PU and JAKON
//! Rp 2,000,000–8,000,000 in steps of 25,000, skewed low.
//!
//! # Dirty rows
//! With `dirty` = P, each row independently is dirty with probability P, its [`DirtyKind`] drawn
//! uniformly (a duplicate NIK needs an earlier clean row, so it is not drawn before one exists).
//! A dirty row carries exactly one defect; every other cell is as clean as in a clean row.
//!
//! # Determinism
//! Same tree, population table and options: byte-identical rows. Everything is drawn from one
//! `ChaCha8Rng` seeded with `seed`; no hash map is ever iterated.

mod cells;
mod dirty;
mod mix;
mod names;
mod population;
pub mod seed;

pub use dirty::DirtyKind;
pub use population::PopulationWeights;

use chrono::{Datelike, Months, NaiveDate};
use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;
use std::collections::HashSet;
use std::hash::{BuildHasherDefault, Hasher};

use crate::lang::{Lang, Localized};
use crate::nik::{Nik, Sex};
use crate::region::{Level, RegionCode, RegionTree};
use population::Cumulative;

/// The CSV header the generator writes: the standard participant columns.
pub const HEADER: [&str; 14] = crate::import::STANDARD_HEADERS;

/// Column indexes into [`HEADER`] and [`GeneratedRow::fields`].
pub mod col {
    pub const NIK: usize = 0;
    pub const NAME: usize = 1;
    pub const SEX: usize = 2;
    pub const BIRTH_DATE: usize = 3;
    pub const VILLAGE: usize = 4;
    pub const SEGMENT: usize = 5;
    pub const CATEGORY: usize = 6;
    pub const SECTOR: usize = 7;
    pub const FUNDING: usize = 8;
    pub const CSR_COMPANY: usize = 9;
    pub const PROGRAMME: usize = 10;
    pub const START: usize = 11;
    pub const END: usize = 12;
    pub const WAGE: usize = 13;
}

/// What to generate.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct GenOptions {
    /// How many rows.
    pub rows: u64,
    /// The seed of the random generator: same seed, same rows.
    pub seed: u64,
    /// The fraction of dirty rows, `0.0..=1.0`.
    pub dirty: f64,
    /// The reference date: ages, start dates and NIK birth dates are taken relative to it.
    pub today: NaiveDate,
}

/// One generated row: the 14 cells in [`HEADER`] order, and its defect if it is dirty.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GeneratedRow {
    pub fields: [String; 14],
    /// `None` for a clean row.
    pub dirty: Option<DirtyKind>,
}

/// Why the generator could not be set up.
#[derive(Debug, thiserror::Error)]
pub enum GenerateError {
    /// A row of the population file is malformed.
    #[error("population file, line {line}: {reason}")]
    PopulationRow { line: u64, reason: String },
    /// The population file is not CSV.
    #[error("population file: {0}")]
    Csv(#[from] csv::Error),
    /// The population file has no kab/kota with people.
    #[error("population file: no kab/kota with a population above 0")]
    NoPopulation,
    /// No kab/kota of the population file has villages in the region tree.
    #[error("no kab/kota of the population file has villages in the region tree")]
    NoVillages,
    /// `dirty` is not a fraction.
    #[error("the dirty fraction must be between 0 and 1, not {0}")]
    DirtyOutOfRange(f64),
}

impl Localized for GenerateError {
    fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (GenerateError::PopulationRow { line, reason }, Lang::Id) => {
                format!("berkas penduduk, baris {line}: {reason}")
            }
            (GenerateError::Csv(e), Lang::Id) => format!("berkas penduduk bukan CSV yang sah: {e}"),
            (GenerateError::NoPopulation, Lang::Id) => {
                "berkas penduduk tidak memuat kabupaten/kota dengan jumlah penduduk di atas 0"
                    .into()
            }
            (GenerateError::NoVillages, Lang::Id) => {
                "tidak ada kabupaten/kota dari berkas penduduk yang memiliki desa di pohon wilayah"
                    .into()
            }
            (GenerateError::DirtyOutOfRange(p), Lang::Id) => {
                format!("proporsi baris kotor harus antara 0 dan 1, bukan {p}")
            }
            (e, Lang::En) => e.to_string(),
        }
    }
}

/// One kab/kota that can be drawn: its villages and kecamatan as ranges into shared lists.
#[derive(Debug, Clone)]
struct Regency {
    code: RegionCode,
    villages: std::ops::Range<usize>,
    districts: std::ops::Range<usize>,
}

/// A person drawn for a row, before any defect.
#[derive(Debug, Clone, Copy)]
struct Person {
    nik: Nik,
    sex: Sex,
    birth_date: NaiveDate,
}

/// A hasher for NIKs, which are already well-spread numbers: one multiply instead of SipHash
/// (the set of issued NIKs is the hottest structure of the generator). The set is never
/// iterated, so the hash has no effect on the output.
#[derive(Debug, Clone, Copy, Default)]
struct NikHasher(u64);

impl Hasher for NikHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.write_u64(u64::from(b));
        }
    }

    fn write_u64(&mut self, n: u64) {
        // Fold the high half in, then a 64-bit odd multiplier so every input bit reaches the
        // high bits (the table's control bytes) and the low bits (its buckets).
        let x = (self.0 ^ n ^ (n >> 29)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        self.0 = x ^ (x >> 32);
    }
}

type NikSet = HashSet<u64, BuildHasherDefault<NikHasher>>;

/// How many recent clean people a duplicate NIK may copy from.
const RECENT: usize = 64;

/// The synthetic row generator: an iterator of [`GeneratedRow`]s over a real region tree.
#[derive(Debug, Clone)]
pub struct Generator<'a> {
    tree: &'a RegionTree,
    opts: GenOptions,
    rng: ChaCha8Rng,
    regencies: Vec<Regency>,
    villages: Vec<RegionCode>,
    districts: Vec<RegionCode>,
    cumulative: Cumulative,
    /// Every NIK written so far, so none is issued twice.
    issued: NikSet,
    /// Recent clean people, the source of duplicate NIKs.
    recent: Vec<Person>,
    /// Two-digit province codes that are not in the tree.
    unknown_provinces: Vec<u8>,
    oldest: NaiveDate,
    birth_span_days: i64,
    emitted: u64,
}

impl<'a> Generator<'a> {
    /// Prepares the draw tables (villages and kecamatan per kab/kota, cumulative population).
    /// Kab/kota of the population file that are missing from the tree are skipped.
    pub fn new(
        tree: &'a RegionTree,
        weights: &'a PopulationWeights,
        opts: GenOptions,
    ) -> Result<Self, GenerateError> {
        if !(0.0..=1.0).contains(&opts.dirty) {
            return Err(GenerateError::DirtyOutOfRange(opts.dirty));
        }
        let mut regencies = Vec::new();
        let mut villages = Vec::new();
        let mut districts = Vec::new();
        let mut populations = Vec::new();
        for &(code, population) in weights.regencies() {
            if population == 0 || !tree.contains(code) {
                continue;
            }
            let (v0, d0) = (villages.len(), districts.len());
            for r in tree.children_below(code) {
                match r.level {
                    Level::Village => villages.push(r.code),
                    Level::District => districts.push(r.code),
                    _ => {}
                }
            }
            if villages.len() == v0 {
                districts.truncate(d0);
                continue;
            }
            regencies.push(Regency {
                code,
                villages: v0..villages.len(),
                districts: d0..districts.len(),
            });
            populations.push(population);
        }
        if regencies.is_empty() {
            return Err(GenerateError::NoVillages);
        }
        let unknown_provinces = (10u8..=99)
            .filter(|&p| RegionCode::from_u64(u64::from(p)).is_some_and(|c| !tree.contains(c)))
            .collect();
        // Workers are 18 to 65 years old on `today`.
        let youngest = opts
            .today
            .checked_sub_months(Months::new(18 * 12))
            .unwrap_or(opts.today);
        let oldest = opts
            .today
            .checked_sub_months(Months::new(65 * 12))
            .and_then(|d| d.succ_opt())
            .unwrap_or(youngest);
        let capacity = usize::try_from(opts.rows.min(4_000_000)).unwrap_or(0);
        Ok(Generator {
            tree,
            opts,
            rng: ChaCha8Rng::seed_from_u64(opts.seed),
            regencies,
            villages,
            districts,
            cumulative: Cumulative::new(populations),
            issued: NikSet::with_capacity_and_hasher(capacity, BuildHasherDefault::default()),
            recent: Vec::with_capacity(RECENT),
            unknown_provinces,
            oldest,
            birth_span_days: (youngest - oldest).num_days().max(0),
            emitted: 0,
        })
    }

    /// A birth date between `oldest` and `youngest`, peaking in the middle (the sum of two draws).
    fn birth_date(&mut self) -> NaiveDate {
        let half = self.birth_span_days / 2;
        let a = self.rng.random_range(0..=half);
        let b = self.rng.random_range(0..=self.birth_span_days - half);
        self.oldest + chrono::Duration::days(a + b)
    }

    /// A new person registered in `district`, with a NIK not issued before.
    fn person(&mut self, district: RegionCode) -> Person {
        loop {
            let sex = if self.rng.random_bool(0.5) {
                Sex::Male
            } else {
                Sex::Female
            };
            let birth_date = self.birth_date();
            // Real serials are small: start low and take the first one not yet issued.
            let mut serial: u16 = self.rng.random_range(1..=12);
            while serial <= 9999 {
                match Nik::compose(district, birth_date, sex, serial) {
                    Some(nik) if self.issued.insert(nik.as_u64()) => {
                        return Person {
                            nik,
                            sex,
                            birth_date,
                        };
                    }
                    Some(_) => serial += 1,
                    // Not a kecamatan code: cannot happen for codes taken from the tree.
                    None => break,
                }
            }
            // Every serial of that day taken (or an impossible code): draw another birth date.
            // A kecamatan code from the tree always composes, so this loop ends.
        }
    }

    /// A well-formed village code that is not in the tree, inside the row's kab/kota.
    fn unknown_village(&self, regency: RegionCode) -> String {
        (10..=99u64)
            .rev()
            .filter_map(|d| RegionCode::from_u64((regency.as_u64() * 100 + d) * 10_000 + 2999))
            .find(|c| !self.tree.contains(*c))
            .map_or_else(|| "99.99.99.2999".to_string(), |c| c.to_string())
    }

    fn next_row(&mut self) -> GeneratedRow {
        let kind = if self.opts.dirty > 0.0 && self.rng.random_bool(self.opts.dirty) {
            let kinds = if self.recent.is_empty() {
                &DirtyKind::ALL[..DirtyKind::ALL.len() - 1]
            } else {
                &DirtyKind::ALL[..]
            };
            Some(kinds[self.rng.random_range(0..kinds.len())])
        } else {
            None
        };

        // Where: kab/kota by population, village uniformly, NIK kecamatan mostly the village's.
        let draw = self.rng.random_range(0..self.cumulative.total());
        let regency = self.regencies[self.cumulative.index_of(draw)].clone();
        let village = self.villages[self.rng.random_range(regency.villages.clone())];
        let own_district = village.parent().unwrap_or(village);
        let district = if self.rng.random_bool(0.85) {
            own_district
        } else {
            self.districts[self.rng.random_range(regency.districts.clone())]
        };

        // Who: a new person, or for a duplicate an earlier clean row's NIK.
        let person = match kind {
            Some(DirtyKind::DuplicateNik) => {
                self.recent[self.rng.random_range(0..self.recent.len())]
            }
            _ => self.person(district),
        };
        let province = regency.code.as_u64() / 100;
        let name = names::person_name(&mut self.rng, province, person.sex);

        // What: an enrolment from the mix, shaped for the defect when it needs one.
        let turns_18 = person
            .birth_date
            .checked_add_months(Months::new(18 * 12 + 1))
            .and_then(|d| d.with_day(1))
            .unwrap_or(self.opts.today);
        let ctx = mix::Context {
            kelurahan: village.as_u64() % 10_000 < 2000,
            earliest_start: turns_18.max(NaiveDate::from_ymd_opt(2019, 1, 1).unwrap_or(turns_18)),
            today: self.opts.today,
        };
        let shape = match kind {
            Some(DirtyKind::RentanWithoutSector) => mix::Shape::Rentan,
            Some(DirtyKind::CsrWithoutCompany) => mix::Shape::RentanCsr,
            _ => mix::Shape::Any,
        };
        let e = mix::enrolment(&mut self.rng, &ctx, shape);

        let mut fields = [
            cells::digits(person.nik.as_u64(), 16),
            name,
            person.sex.code().to_string(),
            cells::date(person.birth_date),
            cells::village_code(village),
            e.segment.code().to_string(),
            e.category.code().to_string(),
            e.sector.map_or("", |s| s.code()).to_string(),
            e.funding.code().to_string(),
            e.csr_company.unwrap_or_default(),
            cells::programmes(e.programmes),
            cells::date(e.start),
            e.end.map(cells::date).unwrap_or_default(),
            e.wage.map(|w| cells::rupiah(w.0)).unwrap_or_default(),
        ];
        match kind {
            None => {
                if self.recent.len() < RECENT {
                    self.recent.push(person);
                } else {
                    let slot = (self.emitted % RECENT as u64) as usize;
                    self.recent[slot] = person;
                }
            }
            Some(k) if k.is_nik_defect() => {
                fields[col::NIK] = dirty::spoil_nik(
                    &mut self.rng,
                    k,
                    person.nik,
                    person.sex,
                    &self.unknown_provinces,
                );
            }
            Some(DirtyKind::DuplicateNik) => {}
            Some(k) => {
                let unknown = if k == DirtyKind::UnknownVillage {
                    self.unknown_village(regency.code)
                } else {
                    String::new()
                };
                dirty::spoil_cell(
                    &mut self.rng,
                    k,
                    &mut fields,
                    e.start,
                    person.birth_date,
                    || unknown,
                );
            }
        }
        GeneratedRow {
            fields,
            dirty: kind,
        }
    }
}

impl Iterator for Generator<'_> {
    type Item = GeneratedRow;

    fn next(&mut self) -> Option<GeneratedRow> {
        if self.emitted >= self.opts.rows {
            return None;
        }
        let row = self.next_row();
        self.emitted += 1;
        Some(row)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let left = usize::try_from(self.opts.rows - self.emitted).unwrap_or(usize::MAX);
        (left, usize::try_from(self.opts.rows - self.emitted).ok())
    }
}
