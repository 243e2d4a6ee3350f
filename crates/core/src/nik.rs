//! NIK (Nomor Induk Kependudukan), the 16-digit population number that keys the registry.
//!
//! Layout `PPKKCC DDMMYY SSSS`: the province, kab/kota and kecamatan of registration, the birth
//! date with 40 added to the day for women, and a serial from 0001. Two-digit years are read in
//! the most recent century that does not put the birth date after the reference date's year.
//! Kecamatan codes of old NIKs may predate later splits, so an unknown kecamatan is only a
//! warning; an unknown province or kab/kota is an error.

use crate::lang::{Lang, Localized};
use crate::region::{RegionCode, RegionTree};
use chrono::{Datelike, NaiveDate};
use serde::{Serialize, Serializer};

/// A NIK that passed [`check`]. Stored as its 16-digit number (it never starts with 0).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Nik(u64);

/// Jenis kelamin, as derived from the NIK (and written "L"/"P" in Indonesian forms).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, serde::Deserialize)]
pub enum Sex {
    /// Laki-laki.
    #[serde(rename = "L")]
    Male,
    /// Perempuan.
    #[serde(rename = "P")]
    Female,
}

impl Sex {
    /// `L` or `P`.
    pub fn code(self) -> &'static str {
        match self {
            Sex::Male => "L",
            Sex::Female => "P",
        }
    }

    /// Reads "L", "P", "Laki-laki", "Perempuan", "M", "F", "Pria", "Wanita", "Male", "Female".
    pub fn parse(s: &str) -> Option<Sex> {
        match crate::text::fold(s).as_str() {
            "l" | "lk" | "lakilaki" | "laki" | "pria" | "m" | "male" => Some(Sex::Male),
            "p" | "pr" | "perempuan" | "wanita" | "f" | "female" | "w" => Some(Sex::Female),
            _ => None,
        }
    }
}

/// A reason a NIK is rejected. Each has its own code so reports can be filtered by reason.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum NikProblem {
    /// Empty cell.
    Empty,
    /// Not exactly 16 characters once spaces are removed.
    WrongLength { length: usize },
    /// Something other than digits.
    NotDigits,
    /// The province part does not exist.
    UnknownProvince { province: String },
    /// The kab/kota part does not exist in that province.
    UnknownRegency { regency: String },
    /// Day or month out of range, or a day that month does not have (e.g. 29 February 2023).
    InvalidBirthDate { day: u32, month: u32, year: i32 },
    /// The birth date lies after the reference date.
    BirthDateInFuture { birth_date: NaiveDate },
    /// The serial is `0000`; serials start at `0001`.
    ZeroSerial,
}

/// Something odd about a NIK that does not make it invalid.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum NikWarning {
    /// The kecamatan part is not in today's tree (it may predate a split).
    UnknownDistrict { district: String },
}

impl Localized for NikProblem {
    fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (NikProblem::Empty, Lang::Id) => "NIK kosong".into(),
            (NikProblem::Empty, Lang::En) => "NIK is empty".into(),
            (NikProblem::WrongLength { length }, Lang::Id) => {
                format!("NIK harus 16 digit, bukan {length}")
            }
            (NikProblem::WrongLength { length }, Lang::En) => {
                format!("a NIK has 16 digits, not {length}")
            }
            (NikProblem::NotDigits, Lang::Id) => "NIK hanya boleh berisi angka".into(),
            (NikProblem::NotDigits, Lang::En) => "a NIK holds digits only".into(),
            (NikProblem::UnknownProvince { province }, Lang::Id) => {
                format!("kode provinsi {province} pada NIK tidak ada")
            }
            (NikProblem::UnknownProvince { province }, Lang::En) => {
                format!("province code {province} in the NIK does not exist")
            }
            (NikProblem::UnknownRegency { regency }, Lang::Id) => {
                format!("kode kabupaten/kota {regency} pada NIK tidak ada")
            }
            (NikProblem::UnknownRegency { regency }, Lang::En) => {
                format!("kab/kota code {regency} in the NIK does not exist")
            }
            (NikProblem::InvalidBirthDate { day, month, year }, Lang::Id) => format!(
                "tanggal lahir pada NIK tidak valid (tanggal {day}, bulan {month}, tahun {year})"
            ),
            (NikProblem::InvalidBirthDate { day, month, year }, Lang::En) => format!(
                "the birth date in the NIK is not a real date (day {day}, month {month}, year {year})"
            ),
            (NikProblem::BirthDateInFuture { birth_date }, Lang::Id) => {
                format!("tanggal lahir pada NIK ({birth_date}) berada di masa depan")
            }
            (NikProblem::BirthDateInFuture { birth_date }, Lang::En) => {
                format!("the birth date in the NIK ({birth_date}) is in the future")
            }
            (NikProblem::ZeroSerial, Lang::Id) => "nomor urut NIK tidak boleh 0000".into(),
            (NikProblem::ZeroSerial, Lang::En) => "the NIK serial cannot be 0000".into(),
        }
    }
}

impl Localized for NikWarning {
    fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (NikWarning::UnknownDistrict { district }, Lang::Id) => format!(
                "kode kecamatan {district} pada NIK tidak ada di pohon wilayah saat ini (mungkin sebelum pemekaran)"
            ),
            (NikWarning::UnknownDistrict { district }, Lang::En) => format!(
                "kecamatan code {district} in the NIK is not in today's tree (it may predate a split)"
            ),
        }
    }
}

/// What a valid NIK says about its holder.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NikFacts {
    pub sex: Sex,
    pub birth_date: NaiveDate,
    /// The kecamatan of registration (dotted), which may no longer exist.
    pub district: RegionCode,
    pub serial: u16,
}

/// The full outcome of checking a NIK: every problem and warning found, and the facts when valid.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NikCheck {
    pub valid: bool,
    #[serde(serialize_with = "ser_opt_nik")]
    pub nik: Option<Nik>,
    pub problems: Vec<NikProblem>,
    pub warnings: Vec<NikWarning>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub facts: Option<NikFacts>,
}

fn ser_opt_nik<S: Serializer>(nik: &Option<Nik>, s: S) -> Result<S::Ok, S::Error> {
    match nik {
        Some(n) => s.collect_str(n),
        None => s.serialize_none(),
    }
}

/// Checks a NIK against the region tree, taking `today` as the latest possible birth date.
/// Every problem found is reported, not just the first.
pub fn check(input: &str, tree: &RegionTree, today: NaiveDate) -> NikCheck {
    let mut problems = Vec::new();
    let mut warnings = Vec::new();
    let s: String = input.chars().filter(|c| !c.is_whitespace()).collect();
    let fail = |problems| NikCheck {
        valid: false,
        nik: None,
        problems,
        warnings: Vec::new(),
        facts: None,
    };
    if s.is_empty() {
        return fail(vec![NikProblem::Empty]);
    }
    if !s.bytes().all(|b| b.is_ascii_digit()) {
        problems.push(NikProblem::NotDigits);
    }
    if s.chars().count() != 16 {
        problems.push(NikProblem::WrongLength {
            length: s.chars().count(),
        });
    }
    if !problems.is_empty() {
        return fail(problems);
    }
    let digit = |i: usize| u32::from(s.as_bytes()[i] - b'0');
    let two = |i: usize| digit(i) * 10 + digit(i + 1);

    // Region part. A leading 0 can never be a province, so parse cannot fail on shape here
    // except for that; report it as an unknown province.
    let province = RegionCode::parse(&s[0..2]);
    let regency = RegionCode::parse(&s[0..4]);
    let district = RegionCode::parse(&s[0..6]);
    match (province, regency) {
        (Ok(p), _) if !tree.contains(p) => problems.push(NikProblem::UnknownProvince {
            province: s[0..2].to_string(),
        }),
        (Err(_), _) => problems.push(NikProblem::UnknownProvince {
            province: s[0..2].to_string(),
        }),
        (Ok(_), Ok(r)) if !tree.contains(r) => problems.push(NikProblem::UnknownRegency {
            regency: r.to_string(),
        }),
        (Ok(_), Ok(_)) => {
            if let Ok(d) = district
                && !tree.contains(d)
            {
                warnings.push(NikWarning::UnknownDistrict {
                    district: d.to_string(),
                });
            }
        }
        (Ok(_), Err(_)) => problems.push(NikProblem::UnknownRegency {
            regency: s[0..4].to_string(),
        }),
    }

    // Birth date part.
    let raw_day = two(6);
    let month = two(8);
    let yy = two(10) as i32;
    let (sex, day) = if raw_day > 40 {
        (Sex::Female, raw_day - 40)
    } else {
        (Sex::Male, raw_day)
    };
    let year = if 2000 + yy <= today.year() {
        2000 + yy
    } else {
        1900 + yy
    };
    let birth_date = NaiveDate::from_ymd_opt(year, month, day);
    match birth_date {
        None => problems.push(NikProblem::InvalidBirthDate { day, month, year }),
        Some(d) if d > today => problems.push(NikProblem::BirthDateInFuture { birth_date: d }),
        Some(_) => {}
    }

    let serial = (digit(12) * 1000 + digit(13) * 100 + digit(14) * 10 + digit(15)) as u16;
    if serial == 0 {
        problems.push(NikProblem::ZeroSerial);
    }

    if !problems.is_empty() {
        return NikCheck {
            valid: false,
            nik: None,
            problems,
            warnings,
            facts: None,
        };
    }
    let (Some(birth_date), Ok(district)) = (birth_date, district) else {
        return fail(problems);
    };
    let nik = s.parse::<u64>().ok().map(Nik);
    NikCheck {
        valid: nik.is_some(),
        nik,
        problems,
        warnings,
        facts: Some(NikFacts {
            sex,
            birth_date,
            district,
            serial,
        }),
    }
}

impl Nik {
    /// Rebuilds a NIK already validated (read back from the store). `None` if not 16 digits.
    pub fn from_stored(n: u64) -> Option<Nik> {
        (1_000_000_000_000_000..10_000_000_000_000_000)
            .contains(&n)
            .then_some(Nik(n))
    }

    /// Composes the NIK of someone registered in `district`, born on `birth_date`, with `serial`
    /// (1–9999). Used by the synthetic data generator and by tests.
    pub fn compose(
        district: RegionCode,
        birth_date: NaiveDate,
        sex: Sex,
        serial: u16,
    ) -> Option<Nik> {
        if district.level() != crate::region::Level::District || serial == 0 || serial > 9999 {
            return None;
        }
        let day = birth_date.day() + if sex == Sex::Female { 40 } else { 0 };
        let yy = (birth_date.year() % 100) as u64;
        let n = district.as_u64() * 10_000_000_000
            + u64::from(day) * 100_000_000
            + u64::from(birth_date.month()) * 1_000_000
            + yy * 10_000
            + u64::from(serial);
        Some(Nik(n))
    }

    /// The 16-digit number.
    pub fn as_u64(self) -> u64 {
        self.0
    }

    /// The kab/kota part as a region code (`64.01`).
    pub fn regency(self) -> RegionCode {
        RegionCode::from_u64(self.0 / 1_000_000_000_000).unwrap_or(RegionCode::NATION)
    }

    /// The NIK with its middle eight digits hidden: `6401••••••••0003`.
    pub fn masked(self) -> String {
        let s = self.0.to_string();
        format!("{}••••••••{}", &s[..4], &s[12..])
    }
}

impl std::fmt::Display for Nik {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:016}", self.0)
    }
}

impl Serialize for Nik {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "code,parent_code,level,name,kind
64,,province,Kalimantan Timur,
64.01,64,regency,Kabupaten Paser,KABUPATEN
64.01.01,64.01,district,Batu Sopang,
64.01.01.2001,64.01.01,village,Batu Kajang,DESA
";

    fn tree() -> RegionTree {
        RegionTree::from_csv(SAMPLE).unwrap()
    }

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
    }

    fn codes(c: &NikCheck) -> Vec<String> {
        c.problems
            .iter()
            .map(|p| {
                serde_json::to_value(p).unwrap()["code"]
                    .as_str()
                    .unwrap()
                    .to_string()
            })
            .collect()
    }

    #[test]
    fn a_man_born_in_1985() {
        let c = check("6401011708850003", &tree(), today());
        assert!(c.valid, "{:?}", c.problems);
        let f = c.facts.unwrap();
        assert_eq!(f.sex, Sex::Male);
        assert_eq!(f.birth_date, NaiveDate::from_ymd_opt(1985, 8, 17).unwrap());
        assert_eq!(f.serial, 3);
        assert_eq!(c.nik.unwrap().masked(), "6401••••••••0003");
    }

    #[test]
    fn women_have_forty_added_to_the_day() {
        let c = check("6401015708850001", &tree(), today());
        let f = c.facts.unwrap();
        assert_eq!(f.sex, Sex::Female);
        assert_eq!(f.birth_date, NaiveDate::from_ymd_opt(1985, 8, 17).unwrap());
        // day 71 is a woman born on the 31st; 72 is no day at all
        assert!(check("6401017101900001", &tree(), today()).valid);
        assert_eq!(
            codes(&check("6401017201900001", &tree(), today())),
            ["invalid_birth_date"]
        );
    }

    #[test]
    fn twenty_ninth_of_february_only_in_leap_years() {
        assert!(
            check("6401012902000001", &tree(), today()).valid,
            "2000 is a leap year"
        );
        assert!(
            check("6401012902960001", &tree(), today()).valid,
            "1996 is a leap year"
        );
        assert_eq!(
            codes(&check("6401012902230001", &tree(), today())),
            ["invalid_birth_date"]
        );
        assert_eq!(
            codes(&check("6401016902230001", &tree(), today())),
            ["invalid_birth_date"]
        );
        assert!(
            check("6401016902240001", &tree(), today()).valid,
            "2024, a woman"
        );
    }

    #[test]
    fn century_is_the_latest_not_after_this_year() {
        let c = check("6401010101260001", &tree(), today());
        assert_eq!(c.facts.unwrap().birth_date.year(), 2026);
        let c = check("6401010101270001", &tree(), today());
        assert_eq!(c.facts.unwrap().birth_date.year(), 1927);
        // 25 December 2026 is after "today"
        assert_eq!(
            codes(&check("6401012512260001", &tree(), today())),
            ["birth_date_in_future"]
        );
    }

    #[test]
    fn every_rejection_has_its_own_reason() {
        let t = tree();
        assert_eq!(codes(&check("", &t, today())), ["empty"]);
        assert_eq!(
            codes(&check("640101170885000", &t, today())),
            ["wrong_length"]
        );
        assert_eq!(
            codes(&check("64010117088500O3", &t, today())),
            ["not_digits"]
        );
        assert_eq!(
            codes(&check("9901011708850003", &t, today())),
            ["unknown_province"]
        );
        assert_eq!(
            codes(&check("6499011708850003", &t, today())),
            ["unknown_regency"]
        );
        assert_eq!(
            codes(&check("6401011713850003", &t, today())),
            ["invalid_birth_date"]
        );
        assert_eq!(
            codes(&check("6401013208850003", &t, today())),
            ["invalid_birth_date"]
        );
        assert_eq!(
            codes(&check("6401011708850000", &t, today())),
            ["zero_serial"]
        );
        assert_eq!(
            codes(&check("6499013208850000", &t, today())),
            ["unknown_regency", "invalid_birth_date", "zero_serial"]
        );
    }

    #[test]
    fn unknown_kecamatan_is_only_a_warning() {
        let c = check("6401991708850003", &tree(), today());
        assert!(c.valid);
        assert_eq!(
            c.warnings,
            vec![NikWarning::UnknownDistrict {
                district: "64.01.99".into()
            }]
        );
    }

    #[test]
    fn spaces_are_ignored() {
        assert!(check(" 6401 0117 0885 0003 ", &tree(), today()).valid);
    }

    #[test]
    fn compose_round_trips() {
        let d = RegionCode::parse("64.01.01").unwrap();
        let born = NaiveDate::from_ymd_opt(1999, 2, 28).unwrap();
        let nik = Nik::compose(d, born, Sex::Female, 42).unwrap();
        assert_eq!(nik.to_string(), "6401016802990042");
        let c = check(&nik.to_string(), &tree(), today());
        assert_eq!(c.facts.unwrap().birth_date, born);
    }

    #[test]
    fn messages_exist_in_both_languages() {
        let p = NikProblem::WrongLength { length: 15 };
        assert_eq!(p.message(Lang::Id), "NIK harus 16 digit, bukan 15");
        assert_eq!(p.message(Lang::En), "a NIK has 16 digits, not 15");
    }
}
