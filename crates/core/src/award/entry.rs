//! Entries (peserta penghargaan): a regional government or a business competing in one
//! category of a cycle, with the region that places it in a provincial round.

use super::category::{Category, EntrantKind};
use super::ids::{CategoryCode, CompanyId, EntryId};
use crate::Lang;
use crate::lang::Localized;
use crate::region::{Level, RegionCode};
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
}
