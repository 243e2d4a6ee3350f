//! Piagam penghargaan — what an award certificate says: to whom, which place (juara I, II,
//! III) in which category at which level, in which year, when and where it was presented, who
//! signed it, and the verification code with its public URL.
//!
//! This module holds the data and the wording shared by the printed certificate
//! (`paritrana_sheets::certificate_pdf`) and the public verification page, so both say the same
//! thing. It does not draw, store, or choose codes: the caller brings fresh random bytes for
//! [`VerificationCode::new`] and keeps codes unique.

use super::cycle::{Cycle, Phase};
use super::entry::Entry;
use super::ids::{CategoryCode, Label};
use super::verification::VerificationCode;
use crate::Lang;
use crate::lang::{Localized, long_date};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// At most this many people sign a certificate.
pub const MAX_SIGNATORIES: usize = 3;

/// Juara — the place awarded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "u32", into = "u32")]
pub enum Place {
    First,
    Second,
    Third,
}

impl Place {
    /// The place of rank 1–3 of a ranking or decision; `None` below the podium.
    pub fn from_rank(rank: u32) -> Option<Place> {
        match rank {
            1 => Some(Place::First),
            2 => Some(Place::Second),
            3 => Some(Place::Third),
            _ => None,
        }
    }

    pub fn rank(self) -> u32 {
        match self {
            Place::First => 1,
            Place::Second => 2,
            Place::Third => 3,
        }
    }

    /// "Juara I" / "First Place".
    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Place::First, Lang::Id) => "Juara I",
            (Place::Second, Lang::Id) => "Juara II",
            (Place::Third, Lang::Id) => "Juara III",
            (Place::First, Lang::En) => "First Place",
            (Place::Second, Lang::En) => "Second Place",
            (Place::Third, Lang::En) => "Third Place",
        }
    }
}

impl TryFrom<u32> for Place {
    type Error = String;
    fn try_from(rank: u32) -> Result<Place, String> {
        Place::from_rank(rank).ok_or_else(|| format!("place {rank} is not 1, 2 or 3"))
    }
}

impl From<Place> for u32 {
    fn from(p: Place) -> u32 {
        p.rank()
    }
}

/// Tingkat — the round whose award the certificate records.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "level", rename_all = "snake_case")]
pub enum AwardLevel {
    /// Tingkat provinsi: a provincial winner, with the province's name ("Kalimantan Timur").
    Provincial { province: String },
    /// Tingkat nasional: a winner named by the national panel's chair.
    National,
}

/// Someone who signs the certificate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Signatory {
    pub name: String,
    /// "Menteri Ketenagakerjaan Republik Indonesia" / "Minister of Manpower"; a blank English
    /// title prints the Indonesian one.
    pub title: Label,
}

impl Signatory {
    /// The title in `lang`, falling back to the Indonesian one.
    pub fn title(&self, lang: Lang) -> &str {
        let text = self.title.get(lang);
        if text.trim().is_empty() {
            &self.title.id
        } else {
            text
        }
    }
}

/// One certificate (piagam penghargaan).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Certificate {
    /// The entrant as registered: "Kabupaten Paser", "PT Contoh Sawit Lestari".
    pub recipient: String,
    pub place: Place,
    /// The category's labels ("Pemerintah Kabupaten" / "Regency government").
    pub category: Label,
    pub level: AwardLevel,
    /// The cycle's year.
    pub year: u16,
    /// The first day of the cycle's ceremony phase (penganugerahan).
    pub date: NaiveDate,
    /// Where it is presented: "Jakarta".
    pub city: String,
    /// One to three, printed left to right.
    pub signatories: Vec<Signatory>,
    pub code: VerificationCode,
    /// `{base}/piagam/{code}` ([`VerificationCode::url`]).
    pub url: String,
}

/// Why a certificate cannot be issued.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CertificateError {
    #[error("the recipient's name is blank")]
    NoRecipient,
    #[error("category {0} is not a category of the cycle")]
    UnknownCategory(CategoryCode),
    #[error("the category's Indonesian label is blank")]
    NoCategory,
    #[error("the province of a provincial award is blank")]
    NoProvince,
    #[error("the place of the ceremony is blank")]
    NoCity,
    #[error("a certificate is signed by 1 to {MAX_SIGNATORIES} people, not {0}")]
    Signatories(usize),
    #[error("signatory {0} has a blank name or title")]
    BlankSignatory(usize),
    #[error("code {code} is not for year {year}")]
    CodeYear { code: VerificationCode, year: u16 },
    #[error("the verification URL `{url}` does not end with /piagam/{code}")]
    Url { url: String, code: VerificationCode },
}

impl Localized for CertificateError {
    fn message(&self, lang: Lang) -> String {
        use CertificateError::*;
        match (self, lang) {
            (NoRecipient, Lang::Id) => "nama penerima piagam kosong".into(),
            (UnknownCategory(c), Lang::Id) => format!("kategori {c} tidak ada dalam siklus ini"),
            (NoCategory, Lang::Id) => "nama kategori (bahasa Indonesia) kosong".into(),
            (NoProvince, Lang::Id) => "provinsi untuk penghargaan tingkat provinsi kosong".into(),
            (NoCity, Lang::Id) => "tempat penganugerahan kosong".into(),
            (Signatories(n), Lang::Id) => {
                format!("piagam ditandatangani oleh 1 sampai {MAX_SIGNATORIES} orang, bukan {n}")
            }
            (BlankSignatory(i), Lang::Id) => {
                format!("penanda tangan ke-{i} tidak punya nama atau jabatan")
            }
            (CodeYear { code, year }, Lang::Id) => {
                format!("kode {code} bukan untuk tahun {year}")
            }
            (Url { url, code }, Lang::Id) => {
                format!("alamat verifikasi `{url}` tidak berakhir dengan /piagam/{code}")
            }
            (_, Lang::En) => self.to_string(),
        }
    }
}

/// Who is awarded what, for [`Certificate::for_entry`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Award<'a> {
    pub cycle: &'a Cycle,
    pub entry: &'a Entry,
    pub place: Place,
    pub level: AwardLevel,
}

impl Certificate {
    /// The certificate of an entry's award: the recipient is the entry's name, the category's
    /// labels and the year come from the cycle, the date is the first day of its ceremony
    /// phase, and the URL is the code's under `base_url`. Checked as [`Certificate::check`].
    pub fn for_entry(
        award: Award<'_>,
        city: &str,
        signatories: Vec<Signatory>,
        code: VerificationCode,
        base_url: &str,
    ) -> Result<Certificate, CertificateError> {
        let category = award
            .cycle
            .category(&award.entry.category)
            .ok_or_else(|| CertificateError::UnknownCategory(award.entry.category.clone()))?;
        // `Cycle::new` guarantees every phase, the ceremony included; the fallback is never
        // taken for a cycle built through it.
        let date = award
            .cycle
            .milestone(Phase::Ceremony)
            .map_or(award.cycle.cut_off, |m| m.start);
        let certificate = Certificate {
            recipient: award.entry.name.trim().to_string(),
            place: award.place,
            category: category.label.clone(),
            level: award.level,
            year: award.cycle.year,
            date,
            city: city.trim().to_string(),
            signatories,
            code,
            url: code.url(base_url),
        };
        certificate.check()?;
        Ok(certificate)
    }

    /// Checks what must hold before a certificate is printed: a recipient, a category, a
    /// province for a provincial award, a place, 1–3 complete signatories, a code of the year
    /// and the URL of the code. (The ceremony may fall after the cycle's year, so the date is
    /// not tied to it.)
    pub fn check(&self) -> Result<(), CertificateError> {
        if self.recipient.trim().is_empty() {
            return Err(CertificateError::NoRecipient);
        }
        if self.category.id.trim().is_empty() {
            return Err(CertificateError::NoCategory);
        }
        if let AwardLevel::Provincial { province } = &self.level
            && province.trim().is_empty()
        {
            return Err(CertificateError::NoProvince);
        }
        if self.city.trim().is_empty() {
            return Err(CertificateError::NoCity);
        }
        let n = self.signatories.len();
        if !(1..=MAX_SIGNATORIES).contains(&n) {
            return Err(CertificateError::Signatories(n));
        }
        if let Some(i) = self
            .signatories
            .iter()
            .position(|s| s.name.trim().is_empty() || s.title.id.trim().is_empty())
        {
            return Err(CertificateError::BlankSignatory(i + 1));
        }
        if !self.code.is_for_year(self.year) {
            return Err(CertificateError::CodeYear {
                code: self.code,
                year: self.year,
            });
        }
        if !self.url.ends_with(&format!("/piagam/{}", self.code)) {
            return Err(CertificateError::Url {
                url: self.url.clone(),
                code: self.code,
            });
        }
        Ok(())
    }

    /// "Paritrana Award 2026".
    pub fn award_name(&self) -> String {
        format!("Paritrana Award {}", self.year)
    }

    /// What was won, as the certificate's sentence ends:
    /// "Juara I Kategori Pemerintah Kabupaten Tingkat Nasional",
    /// "Juara II Kategori Badan Usaha Kecil Tingkat Provinsi Kalimantan Timur";
    /// "First Place, Regency government category, national level".
    pub fn achievement(&self, lang: Lang) -> String {
        let place = self.place.label(lang);
        match lang {
            Lang::Id => {
                let level = match &self.level {
                    AwardLevel::National => "Tingkat Nasional".to_string(),
                    AwardLevel::Provincial { province } => {
                        format!("Tingkat Provinsi {}", province.trim())
                    }
                };
                format!("{place} Kategori {} {level}", self.category.id.trim())
            }
            Lang::En => {
                let category = match self.category.en.trim() {
                    "" => self.category.id.trim(),
                    en => en,
                };
                let level = match &self.level {
                    AwardLevel::National => "national level".to_string(),
                    AwardLevel::Provincial { province } => {
                        format!("provincial level, {}", province.trim())
                    }
                };
                format!("{place}, {category} category, {level}")
            }
        }
    }

    /// "Jakarta, 9 Desember 2026" / "Jakarta, 9 December 2026".
    pub fn place_and_date(&self, lang: Lang) -> String {
        format!("{}, {}", self.city.trim(), long_date(self.date, lang))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn certificate() -> Certificate {
        let code = VerificationCode::new(2026, [7, 1, 2, 3, 4]);
        Certificate {
            recipient: "Kabupaten Paser".into(),
            place: Place::First,
            category: Label::new("Pemerintah Kabupaten", "Regency government"),
            level: AwardLevel::National,
            year: 2026,
            date: NaiveDate::from_ymd_opt(2026, 12, 9).unwrap(),
            city: "Jakarta".into(),
            signatories: vec![Signatory {
                name: "Nama Menteri".into(),
                title: Label::new("Menteri Ketenagakerjaan", ""),
            }],
            code,
            url: code.url("https://paritrana.example.id"),
        }
    }

    #[test]
    fn the_certificate_sentence_names_place_category_and_level() {
        let mut c = certificate();
        assert_eq!(c.check(), Ok(()));
        assert_eq!(c.award_name(), "Paritrana Award 2026");
        assert_eq!(
            c.achievement(Lang::Id),
            "Juara I Kategori Pemerintah Kabupaten Tingkat Nasional"
        );
        assert_eq!(
            c.achievement(Lang::En),
            "First Place, Regency government category, national level"
        );
        assert_eq!(c.place_and_date(Lang::Id), "Jakarta, 9 Desember 2026");
        assert_eq!(c.place_and_date(Lang::En), "Jakarta, 9 December 2026");
        // A blank English title falls back to the Indonesian one.
        assert_eq!(c.signatories[0].title(Lang::En), "Menteri Ketenagakerjaan");

        c.place = Place::from_rank(2).unwrap();
        c.level = AwardLevel::Provincial {
            province: "Kalimantan Timur".into(),
        };
        assert_eq!(
            c.achievement(Lang::Id),
            "Juara II Kategori Pemerintah Kabupaten Tingkat Provinsi Kalimantan Timur"
        );
        assert_eq!(Place::from_rank(4), None);
        assert_eq!(serde_json::to_string(&Place::Third).unwrap(), "3");
        assert!(serde_json::from_str::<Place>("4").is_err());
    }

    #[test]
    fn a_winner_s_certificate_takes_its_wording_from_the_cycle_and_the_entry() {
        use crate::award::category::Category;
        use crate::award::cycle::Milestone;
        use crate::award::ids::{CategoryCode, EntryId};
        use crate::region::RegionCode;
        let day = |m, d| NaiveDate::from_ymd_opt(2026, m, d).unwrap();
        let timeline = Phase::ALL
            .iter()
            .enumerate()
            .map(|(i, &phase)| Milestone {
                phase,
                start: day(3 + i as u32, 1),
                end: day(3 + i as u32, 20),
            })
            .collect();
        let cycle = Cycle::new(2026, timeline, day(1, 31), Category::defaults()).unwrap();
        let entry = Entry {
            id: EntryId(11),
            category: CategoryCode::parse("PEMKAB").unwrap(),
            name: " Kabupaten Paser ".into(),
            region: RegionCode::parse("64.01").unwrap(),
            company: None,
        };
        let code = VerificationCode::new(2026, [9, 8, 7, 6, 5]);
        let signatories = certificate().signatories;
        let award = Award {
            cycle: &cycle,
            entry: &entry,
            place: Place::First,
            level: AwardLevel::National,
        };
        let c = Certificate::for_entry(
            award.clone(),
            "Jakarta",
            signatories.clone(),
            code,
            "https://p.example.id/",
        )
        .unwrap();
        assert_eq!(c.recipient, "Kabupaten Paser");
        assert_eq!(c.date, day(10, 1), "the ceremony is the eighth phase");
        assert_eq!(c.url, format!("https://p.example.id/piagam/{code}"));
        assert_eq!(
            c.achievement(Lang::Id),
            "Juara I Kategori Pemerintah Kabupaten Tingkat Nasional"
        );
        let other_year = VerificationCode::new(2025, [9, 8, 7, 6, 5]);
        assert!(matches!(
            Certificate::for_entry(
                award.clone(),
                "Jakarta",
                signatories.clone(),
                other_year,
                "x"
            ),
            Err(CertificateError::CodeYear { .. })
        ));
        let mut stranger = entry.clone();
        stranger.category = CategoryCode::parse("LAIN").unwrap();
        let award = Award {
            entry: &stranger,
            ..award
        };
        assert!(matches!(
            Certificate::for_entry(award, "Jakarta", signatories, code, "x"),
            Err(CertificateError::UnknownCategory(_))
        ));
    }

    #[test]
    fn an_incomplete_certificate_is_refused_with_the_reason() {
        type Breakage = fn(&mut Certificate);
        let broken: Vec<(Breakage, CertificateError)> = vec![
            (|c| c.recipient = " ".into(), CertificateError::NoRecipient),
            (|c| c.signatories.clear(), CertificateError::Signatories(0)),
            (
                |c| {
                    let s = c.signatories[0].clone();
                    c.signatories = vec![s.clone(), s.clone(), s.clone(), s];
                },
                CertificateError::Signatories(4),
            ),
            (
                |c| c.signatories[0].name.clear(),
                CertificateError::BlankSignatory(1),
            ),
            (
                |c| {
                    c.level = AwardLevel::Provincial {
                        province: "".into(),
                    }
                },
                CertificateError::NoProvince,
            ),
            (|c| c.city.clear(), CertificateError::NoCity),
        ];
        for (breaks, expected) in broken {
            let mut c = certificate();
            breaks(&mut c);
            assert_eq!(c.check(), Err(expected.clone()));
            assert!(!expected.message(Lang::Id).is_empty());
        }
        let mut c = certificate();
        c.year = 2027;
        c.date = NaiveDate::from_ymd_opt(2027, 1, 5).unwrap();
        assert!(matches!(c.check(), Err(CertificateError::CodeYear { .. })));
        let mut c = certificate();
        c.date = NaiveDate::from_ymd_opt(2027, 1, 5).unwrap();
        assert_eq!(c.check(), Ok(()));
        let mut c = certificate();
        c.url = VerificationCode::new(2026, [0; 5]).url("https://x.id");
        assert!(
            c.check()
                .unwrap_err()
                .message(Lang::Id)
                .contains("/piagam/PA26-")
        );
    }
}
