//! The kinds of bad row a real worker list contains, and how each is written into an otherwise
//! clean row. Every dirty row carries exactly one defect, so an importer's rejection reason can
//! be checked per kind. Which rows are dirty is decided by the generator, not here.

use chrono::{Datelike, NaiveDate};
use rand::RngExt;
use rand_chacha::ChaCha8Rng;
use serde::Serialize;

use super::{col, mix};
use crate::nik::{Nik, Sex};

/// One kind of defect a dirty row carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DirtyKind {
    /// A digit of the NIK is missing (15 digits).
    NikTooShort,
    /// A digit of the NIK was typed as a letter (`O` for `0`, `I` for `1` …).
    NikWithLetter,
    /// The NIK starts with a province code that does not exist.
    NikUnknownProvince,
    /// The NIK's birth date part has day 32 or month 13.
    NikImpossibleBirthDate,
    /// The NIK's serial is `0000`.
    NikZeroSerial,
    /// The NIK went through Excel as a number: `6.40101E+15`.
    NikScientificNotation,
    /// The name cell is empty.
    EmptyName,
    /// The category is a text that names no category (`IBU RUMAH TANGGA`).
    UnknownCategory,
    /// The programme list names a programme that does not exist (`JKX`, or health's `JKN`).
    UnknownProgramme,
    /// The end date lies before the start date.
    EndBeforeStart,
    /// The start date is a day the calendar does not have (`31/02/2023`).
    InvalidDate,
    /// The birth date has a two-digit year (`17/08/85`): the century is a guess.
    TwoDigitYear,
    /// The village code is well formed but not in the region tree (`64.01.99.2999`).
    UnknownVillage,
    /// The sex column says the opposite of the NIK.
    SexContradictsNik,
    /// The birth date column is a real date other than the NIK's.
    BirthDateContradictsNik,
    /// The wage is negative.
    NegativeWage,
    /// A `PEKERJA_RENTAN` without a sector.
    RentanWithoutSector,
    /// CSR funding without the company's name.
    CsrWithoutCompany,
    /// The NIK of an earlier clean row, on another person.
    DuplicateNik,
}

impl DirtyKind {
    /// Every kind, in declaration order; a dirty row's kind is drawn uniformly from this list.
    pub const ALL: [DirtyKind; 19] = [
        DirtyKind::NikTooShort,
        DirtyKind::NikWithLetter,
        DirtyKind::NikUnknownProvince,
        DirtyKind::NikImpossibleBirthDate,
        DirtyKind::NikZeroSerial,
        DirtyKind::NikScientificNotation,
        DirtyKind::EmptyName,
        DirtyKind::UnknownCategory,
        DirtyKind::UnknownProgramme,
        DirtyKind::EndBeforeStart,
        DirtyKind::InvalidDate,
        DirtyKind::TwoDigitYear,
        DirtyKind::UnknownVillage,
        DirtyKind::SexContradictsNik,
        DirtyKind::BirthDateContradictsNik,
        DirtyKind::NegativeWage,
        DirtyKind::RentanWithoutSector,
        DirtyKind::CsrWithoutCompany,
        DirtyKind::DuplicateNik,
    ];

    /// The index in [`super::HEADER`] of the column that carries the defect.
    pub fn column(self) -> usize {
        use DirtyKind::*;
        match self {
            NikTooShort
            | NikWithLetter
            | NikUnknownProvince
            | NikImpossibleBirthDate
            | NikZeroSerial
            | NikScientificNotation
            | DuplicateNik => col::NIK,
            EmptyName => col::NAME,
            UnknownCategory => col::CATEGORY,
            UnknownProgramme => col::PROGRAMME,
            EndBeforeStart => col::END,
            InvalidDate => col::START,
            TwoDigitYear | BirthDateContradictsNik => col::BIRTH_DATE,
            UnknownVillage => col::VILLAGE,
            SexContradictsNik => col::SEX,
            NegativeWage => col::WAGE,
            RentanWithoutSector => col::SECTOR,
            CsrWithoutCompany => col::CSR_COMPANY,
        }
    }

    /// Whether the defect sits in the NIK itself (so [`crate::nik::check`] rejects it).
    pub fn is_nik_defect(self) -> bool {
        use DirtyKind::*;
        matches!(
            self,
            NikTooShort
                | NikWithLetter
                | NikUnknownProvince
                | NikImpossibleBirthDate
                | NikZeroSerial
                | NikScientificNotation
        )
    }
}

/// Category texts seen in lists that name no category of the product.
const UNKNOWN_CATEGORIES: &[&str] = &[
    "IBU RUMAH TANGGA",
    "Pelajar/Mahasiswa",
    "PENSIUNAN",
    "Belum/Tidak Bekerja",
    "Serabutan",
];

/// Programme lists with a programme that does not exist (JKN is health insurance, not BPJS TK).
const UNKNOWN_PROGRAMMES: &[&str] = &["JKK,JKM,JKX", "JKK,JKN", "JKK,JKM,JKN", "JKX"];

/// The NIK as Excel shows a 16-digit number in a General cell: six significant digits.
pub(super) fn excel_scientific(nik: Nik) -> String {
    // `{:.5e}` rounds to six significant digits, as Excel does: "6.40101e15".
    let raw = format!("{:.5e}", nik.as_u64() as f64);
    let (mantissa, exponent) = raw.split_once('e').unwrap_or((raw.as_str(), "0"));
    let mantissa = mantissa.trim_end_matches('0').trim_end_matches('.');
    let exponent: i32 = exponent.parse().unwrap_or(0);
    let sign = if exponent < 0 { '-' } else { '+' };
    format!("{mantissa}E{sign}{:02}", exponent.abs())
}

/// Rewrites the NIK cell of `fields` with a NIK defect. `unknown_provinces` holds two-digit
/// province codes absent from the tree.
pub(super) fn spoil_nik(
    rng: &mut ChaCha8Rng,
    kind: DirtyKind,
    nik: Nik,
    sex: Sex,
    unknown_provinces: &[u8],
) -> String {
    let digits = nik.to_string();
    match kind {
        DirtyKind::NikTooShort => {
            let at = rng.random_range(0..digits.len());
            format!("{}{}", &digits[..at], &digits[at + 1..])
        }
        DirtyKind::NikWithLetter => {
            let at = rng.random_range(0..digits.len());
            let letter = match &digits[at..=at] {
                "0" => 'O',
                "1" => 'I',
                "5" => 'S',
                "8" => 'B',
                _ => ['O', 'I', 'S', 'B'][rng.random_range(0..4)],
            };
            format!("{}{letter}{}", &digits[..at], &digits[at + 1..])
        }
        DirtyKind::NikUnknownProvince => {
            let p = if unknown_provinces.is_empty() {
                0
            } else {
                unknown_provinces[rng.random_range(0..unknown_provinces.len())]
            };
            format!("{p:02}{}", &digits[2..])
        }
        DirtyKind::NikImpossibleBirthDate => {
            if rng.random_bool(0.5) {
                let day = if sex == Sex::Female { 72 } else { 32 };
                format!("{}{day}{}", &digits[..6], &digits[8..])
            } else {
                format!("{}13{}", &digits[..8], &digits[10..])
            }
        }
        DirtyKind::NikZeroSerial => format!("{}0000", &digits[..12]),
        DirtyKind::NikScientificNotation => excel_scientific(nik),
        _ => digits,
    }
}

/// Rewrites one non-NIK cell of `fields` with the defect of `kind`. `start` is the clean start
/// date; `birth_date` the NIK's.
pub(super) fn spoil_cell(
    rng: &mut ChaCha8Rng,
    kind: DirtyKind,
    fields: &mut [String; 14],
    start: NaiveDate,
    birth_date: NaiveDate,
    unknown_village: impl FnOnce() -> String,
) {
    match kind {
        DirtyKind::EmptyName => fields[col::NAME].clear(),
        DirtyKind::UnknownCategory => {
            fields[col::CATEGORY] =
                UNKNOWN_CATEGORIES[rng.random_range(0..UNKNOWN_CATEGORIES.len())].to_string();
        }
        DirtyKind::UnknownProgramme => {
            fields[col::PROGRAMME] =
                UNKNOWN_PROGRAMMES[rng.random_range(0..UNKNOWN_PROGRAMMES.len())].to_string();
        }
        DirtyKind::EndBeforeStart => {
            let end = mix::last_of(mix::month_of(start) - rng.random_range(1..=12));
            fields[col::END] = end.to_string();
        }
        DirtyKind::InvalidDate => {
            let (day, month) =
                [(31, 2), (30, 2), (31, 4), (31, 6), (31, 9), (31, 11)][rng.random_range(0..6)];
            fields[col::START] = format!("{day:02}/{month:02}/{}", start.year());
        }
        DirtyKind::TwoDigitYear => {
            fields[col::BIRTH_DATE] = format!(
                "{:02}/{:02}/{:02}",
                birth_date.day(),
                birth_date.month(),
                birth_date.year().rem_euclid(100)
            );
        }
        DirtyKind::UnknownVillage => fields[col::VILLAGE] = unknown_village(),
        DirtyKind::SexContradictsNik => {
            let flipped = if fields[col::SEX] == Sex::Male.code() {
                Sex::Female
            } else {
                Sex::Male
            };
            fields[col::SEX] = flipped.code().to_string();
        }
        DirtyKind::BirthDateContradictsNik => {
            // A typo in the year, or day and month swapped when that is still a date.
            let swapped =
                NaiveDate::from_ymd_opt(birth_date.year(), birth_date.day(), birth_date.month())
                    .filter(|d| *d != birth_date);
            let other = match swapped {
                Some(d) if rng.random_bool(0.5) => d,
                _ => {
                    let years = rng.random_range(1..=5) * if rng.random_bool(0.5) { 1 } else { -1 };
                    birth_date
                        .with_year(birth_date.year() + years)
                        .or_else(|| NaiveDate::from_ymd_opt(birth_date.year() + years, 2, 28))
                        .unwrap_or(NaiveDate::MIN)
                }
            };
            fields[col::BIRTH_DATE] = other.to_string();
        }
        DirtyKind::NegativeWage => fields[col::WAGE] = format!("-{}", fields[col::WAGE]),
        DirtyKind::RentanWithoutSector => fields[col::SECTOR].clear(),
        DirtyKind::CsrWithoutCompany => fields[col::CSR_COMPANY].clear(),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::region::RegionCode;

    #[test]
    fn excel_keeps_six_significant_digits() {
        let d = RegionCode::parse("64.01.01").unwrap();
        let born = NaiveDate::from_ymd_opt(1985, 8, 17).unwrap();
        let nik = Nik::compose(d, born, Sex::Male, 3).unwrap();
        assert_eq!(excel_scientific(nik), "6.40101E+15");
        let d = RegionCode::parse("32.73.05").unwrap();
        let nik = Nik::compose(d, born, Sex::Male, 3).unwrap();
        assert_eq!(excel_scientific(nik), "3.27305E+15");
        let d = RegionCode::parse("11.01.01").unwrap();
        let nik = Nik::compose(d, born, Sex::Male, 3).unwrap();
        assert_eq!(excel_scientific(nik), "1.10101E+15");
    }
}
