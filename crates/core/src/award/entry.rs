//! Entries (peserta penghargaan): a regional government or a business competing in one
//! category of a cycle, with the region that places it in a provincial round.

use super::category::{Category, EntrantKind};
use super::cycle::{Cycle, Phase};
use super::ids::{CategoryCode, CompanyId, CompanyKey, EntryId};
use crate::Lang;
use crate::codes::code_enum;
use crate::lang::Localized;
use crate::region::{Level, RegionCode};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// One entry of a cycle.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    pub id: EntryId,
    pub category: CategoryCode,
    /// "Kabupaten Paser", "PT Contoh Sawit Lestari".
    pub name: String,
    /// The government's own region, or where the business is registered.
    pub region: RegionCode,
    /// Businesses only: the company, as on its operator accounts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub company: Option<CompanyId>,
}

/// Why an entry does not fit its category.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EntryError {
    #[error("entry {entry} is in category {entry_category}, not {category}")]
    WrongCategory {
        entry: EntryId,
        entry_category: String,
        category: String,
    },
    #[error("entry {entry}: region {region} is not a {expected} as category {category} needs")]
    RegionLevel {
        entry: EntryId,
        region: RegionCode,
        expected: &'static str,
        category: String,
    },
    #[error("entry {entry}: a business entry must name its company")]
    MissingCompany { entry: EntryId },
    #[error("entry {entry}: a government entry names no company")]
    UnexpectedCompany { entry: EntryId },
}

impl Localized for EntryError {
    fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (
                EntryError::WrongCategory {
                    entry,
                    entry_category,
                    category,
                },
                Lang::Id,
            ) => format!("peserta {entry} berkategori {entry_category}, bukan {category}"),
            (
                EntryError::RegionLevel {
                    entry,
                    region,
                    expected,
                    category,
                },
                Lang::Id,
            ) => format!(
                "peserta {entry}: wilayah {region} bukan {} seperti yang diminta kategori {category}",
                level_name_id(expected)
            ),
            (EntryError::MissingCompany { entry }, Lang::Id) => {
                format!("peserta {entry}: peserta badan usaha harus menyebut perusahaannya")
            }
            (EntryError::UnexpectedCompany { entry }, Lang::Id) => {
                format!("peserta {entry}: peserta pemerintah daerah tidak menyebut perusahaan")
            }
            (_, Lang::En) => self.to_string(),
        }
    }
}

fn level_name_id(expected: &str) -> &'static str {
    match expected {
        "province" => "provinsi",
        "regency" => "kabupaten",
        "city" => "kota",
        _ => "wilayah provinsi atau di bawahnya",
    }
}

impl Entry {
    /// The province whose round the entry enters (the nation for a malformed nation code).
    pub fn province(&self) -> RegionCode {
        self.region
            .ancestor(Level::Province)
            .unwrap_or(RegionCode::NATION)
    }

    /// Checks the entry against its category: the region's level matches the kind of
    /// government (kab/kota codes from 71 up are kota), and only businesses name a company.
    pub fn check(&self, category: &Category) -> Result<(), EntryError> {
        if self.category != category.code {
            return Err(EntryError::WrongCategory {
                entry: self.id,
                entry_category: self.category.to_string(),
                category: category.code.to_string(),
            });
        }
        let regency_part = self.region.as_u64() % 100;
        let level = self.region.level();
        let (fits, expected) = match category.kind {
            EntrantKind::Province => (level == Level::Province, "province"),
            EntrantKind::Regency => (level == Level::Regency && regency_part < 71, "regency"),
            EntrantKind::City => (level == Level::Regency && regency_part >= 71, "city"),
            EntrantKind::Business { .. } => (level != Level::Nation, "region"),
        };
        if !fits {
            return Err(EntryError::RegionLevel {
                entry: self.id,
                region: self.region,
                expected,
                category: category.code.to_string(),
            });
        }
        match (category.kind.is_government(), &self.company) {
            (false, None) => Err(EntryError::MissingCompany { entry: self.id }),
            (true, Some(_)) => Err(EntryError::UnexpectedCompany { entry: self.id }),
            _ => Ok(()),
        }
    }
}

code_enum! {
    /// Status berkas — a draft the entrant still edits, or submitted and locked.
    pub enum EntryState {
        Draft = ("DRAF", "Draf", "Draft", "DRAFT"),
        Submitted = ("TERKIRIM", "Terkirim", "Submitted", "SUBMITTED"),
    }
}

/// Who an entry belongs to, as the access rule sees it ([`crate::auth::Action::EnterAward`]):
/// its region, and for a business its company.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Entrant {
    pub region: RegionCode,
    pub company: Option<CompanyKey>,
}

impl Entry {
    pub fn entrant(&self) -> Entrant {
        Entrant {
            region: self.region,
            company: self.company.as_ref().map(CompanyId::key),
        }
    }
}

/// Why an entry (its statement, its evidence) can no longer, or not yet, be changed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EntryLocked {
    #[error("the entry has been submitted and is locked")]
    Submitted,
    #[error("registration for {year} opens on {start}")]
    NotOpen { year: u16, start: NaiveDate },
    #[error("registration for {year} closed on {end}")]
    Closed { year: u16, end: NaiveDate },
}

impl Localized for EntryLocked {
    fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (EntryLocked::Submitted, Lang::Id) => {
                "berkas peserta sudah dikirim dan terkunci".into()
            }
            (EntryLocked::NotOpen { year, start }, Lang::Id) => {
                format!("pendaftaran {year} baru dibuka {start}")
            }
            (EntryLocked::Closed { year, end }, Lang::Id) => {
                format!("pendaftaran {year} sudah ditutup {end}")
            }
            (_, Lang::En) => self.to_string(),
        }
    }
}

/// May an entry in `state` be registered, edited or submitted on `today`? Only a draft, and
/// only during the registration phase (its last day included): the deadline is the end of
/// [`Phase::Registration`].
pub fn may_change(cycle: &Cycle, state: EntryState, today: NaiveDate) -> Result<(), EntryLocked> {
    if state == EntryState::Submitted {
        return Err(EntryLocked::Submitted);
    }
    let Some(registration) = cycle.milestone(Phase::Registration) else {
        return Ok(());
    };
    if today < registration.start {
        return Err(EntryLocked::NotOpen {
            year: cycle.year,
            start: registration.start,
        });
    }
    if today > registration.end {
        return Err(EntryLocked::Closed {
            year: cycle.year,
            end: registration.end,
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(category: &str, region: &str, company: Option<&str>) -> Entry {
        Entry {
            id: EntryId(1),
            category: CategoryCode::parse(category).unwrap(),
            name: "x".into(),
            region: RegionCode::parse(region).unwrap(),
            company: company.map(|c| CompanyId::parse(c).unwrap()),
        }
    }

    #[test]
    fn an_entry_must_match_the_kind_of_its_category() {
        let cats = Category::defaults();
        let (prov, kab, kota, micro) = (&cats[0], &cats[1], &cats[2], &cats[6]);
        assert_eq!(entry("PEMKAB", "64.01", None).check(kab), Ok(()));
        assert_eq!(entry("PEMKOT", "64.71", None).check(kota), Ok(()));
        assert_eq!(entry("PEMPROV", "64", None).check(prov), Ok(()));
        let samarinda_as_kab = entry("PEMKAB", "64.72", None).check(kab).unwrap_err();
        assert!(
            samarinda_as_kab
                .message(Lang::Id)
                .contains("bukan kabupaten")
        );
        assert!(matches!(
            entry("PEMKAB", "64.01", None).check(kota),
            Err(EntryError::WrongCategory { .. })
        ));
        assert_eq!(
            entry("BU_MIKRO", "64.01.01", None).check(micro),
            Err(EntryError::MissingCompany { entry: EntryId(1) })
        );
        assert_eq!(
            entry("BU_MIKRO", "64.01.01", Some("NPWP-1")).check(micro),
            Ok(())
        );
    }

    #[test]
    fn only_drafts_change_and_only_until_registration_closes() {
        let cycle = crate::award::defaults::default_cycle(2026);
        let reg = *cycle.milestone(Phase::Registration).unwrap();
        assert_eq!(may_change(&cycle, EntryState::Draft, reg.start), Ok(()));
        assert_eq!(may_change(&cycle, EntryState::Draft, reg.end), Ok(()));
        let late = may_change(&cycle, EntryState::Draft, reg.end.succ_opt().unwrap());
        assert_eq!(
            late,
            Err(EntryLocked::Closed {
                year: 2026,
                end: reg.end
            })
        );
        assert_eq!(
            late.unwrap_err().message(Lang::Id),
            format!("pendaftaran 2026 sudah ditutup {}", reg.end)
        );
        assert!(matches!(
            may_change(&cycle, EntryState::Draft, reg.start.pred_opt().unwrap()),
            Err(EntryLocked::NotOpen { .. })
        ));
        assert_eq!(
            may_change(&cycle, EntryState::Submitted, reg.start),
            Err(EntryLocked::Submitted)
        );
        let business = entry("BU_MIKRO", "64.01.01", Some("npwp-1"));
        assert_eq!(business.entrant().company, CompanyKey::parse("NPWP-1"));
    }
}
