//! Conflicts of interest (benturan kepentingan): the one rule that says whether a panel member
//! may score an entry. Assignment and score intake both ask [`may_score`]; nothing else decides.
//!
//! A member may not score an entry when
//! 1. they declared a conflict with that entry;
//! 2. the entry is a business and the member works for or represents that company;
//! 3. the member's home region is the entry's region or lies inside it (a Paser officer may not
//!    score Kabupaten Paser, nor Provinsi Kalimantan Timur, nor a business registered in Paser).
//!    A provincial officer scoring the regencies of their province is the normal case and is
//!    allowed: the province contains the regency, not the other way round.

use super::entry::Entry;
use super::ids::{AssessorId, CompanyId, EntryId};
use super::panel::Member;
use crate::Lang;
use crate::lang::Localized;
use crate::region::RegionCode;
use serde::Serialize;

/// Why a member may not score an entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, thiserror::Error)]
#[serde(tag = "conflict", rename_all = "snake_case")]
pub enum Conflict {
    #[error("{assessor} declared a conflict with entry {entry}: {reason}")]
    Declared {
        assessor: AssessorId,
        entry: EntryId,
        reason: String,
    },
    #[error("{assessor} belongs to company {company}, the entrant of entry {entry}")]
    SameCompany {
        assessor: AssessorId,
        entry: EntryId,
        company: CompanyId,
    },
    #[error("{assessor} works for region {home}, which is within entry {entry}'s region {region}")]
    SameRegion {
        assessor: AssessorId,
        entry: EntryId,
        home: RegionCode,
        region: RegionCode,
    },
}

impl Localized for Conflict {
    fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (
                Conflict::Declared {
                    assessor,
                    entry,
                    reason,
                },
                Lang::Id,
            ) => format!(
                "{assessor} menyatakan benturan kepentingan dengan peserta {entry}: {reason}"
            ),
            (
                Conflict::SameCompany {
                    assessor,
                    entry,
                    company,
                },
                Lang::Id,
            ) => format!("{assessor} berasal dari perusahaan {company}, yaitu peserta {entry}"),
            (
                Conflict::SameRegion {
                    assessor,
                    entry,
                    home,
                    region,
                },
                Lang::Id,
            ) => format!(
                "{assessor} bertugas di wilayah {home}, yang termasuk wilayah peserta {entry} ({region})"
            ),
            (_, Lang::En) => self.to_string(),
        }
    }
}

/// May `member` score `entry`? The rules, in the order they are tried, are in the module doc.
pub fn may_score(member: &Member, entry: &Entry) -> Result<(), Conflict> {
    if let Some(d) = member.declared.iter().find(|d| d.entry == entry.id) {
        return Err(Conflict::Declared {
            assessor: member.assessor,
            entry: entry.id,
            reason: d.reason.clone(),
        });
    }
    match (&member.company, &entry.company) {
        (Some(own), Some(theirs)) if own == theirs => {
            return Err(Conflict::SameCompany {
                assessor: member.assessor,
                entry: entry.id,
                company: own.clone(),
            });
        }
        _ => {}
    }
    match member.home_region {
        Some(home) if home.is_within(entry.region) => Err(Conflict::SameRegion {
            assessor: member.assessor,
            entry: entry.id,
            home,
            region: entry.region,
        }),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::award::ids::CategoryCode;
    use crate::award::panel::{Declaration, Institution};

    fn member(home: Option<&str>, company: Option<&str>) -> Member {
        Member {
            assessor: AssessorId(7),
            name: "Asesor".into(),
            institution: Institution::Pemda,
            expertise: None,
            home_region: home.map(|h| RegionCode::parse(h).unwrap()),
            company: company.map(|c| CompanyId::parse(c).unwrap()),
            chair: false,
            declared: vec![],
        }
    }

    fn entry(region: &str, company: Option<&str>) -> Entry {
        Entry {
            id: EntryId(3),
            category: CategoryCode::parse("PEMKAB").unwrap(),
            name: "x".into(),
            region: RegionCode::parse(region).unwrap(),
            company: company.map(|c| CompanyId::parse(c).unwrap()),
        }
    }

    #[test]
    fn an_officer_of_a_regency_may_not_score_it_nor_its_province() {
        let paser_officer = member(Some("64.01"), None);
        assert!(matches!(
            may_score(&paser_officer, &entry("64.01", None)),
            Err(Conflict::SameRegion { .. })
        ));
        assert!(matches!(
            may_score(&paser_officer, &entry("64", None)),
            Err(Conflict::SameRegion { .. })
        ));
        assert_eq!(may_score(&paser_officer, &entry("64.02", None)), Ok(()));
        let provincial_officer = member(Some("64"), None);
        assert_eq!(
            may_score(&provincial_officer, &entry("64.01", None)),
            Ok(())
        );
        let err = may_score(&paser_officer, &entry("64.01", None)).unwrap_err();
        assert_eq!(
            err.message(Lang::Id),
            "asesor 7 bertugas di wilayah 64.01, yang termasuk wilayah peserta #3 (64.01)"
        );
    }

    #[test]
    fn company_staff_and_declared_conflicts_are_refused() {
        let staff = member(None, Some("NPWP-1"));
        assert!(matches!(
            may_score(&staff, &entry("64.01.01", Some("npwp-1"))),
            Err(Conflict::SameCompany { .. })
        ));
        assert_eq!(
            may_score(&staff, &entry("64.01.01", Some("NPWP-2"))),
            Ok(())
        );
        let mut declared = member(None, None);
        declared.declared.push(Declaration {
            entry: EntryId(3),
            reason: "saudara kandung kepala dinas".into(),
        });
        let err = may_score(&declared, &entry("11.01", None)).unwrap_err();
        assert!(err.to_string().contains("saudara kandung"));
    }
}
