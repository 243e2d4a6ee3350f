//! Provincial winners and national nominees: the top three of each category in each province
//! (juara I, II, III) go to the national round automatically. The provincial panel may replace
//! a nominee by another ranked entry of the same group, always with a recorded reason; the
//! replacement takes the replaced entry's place.

use super::ids::{AssessorId, CategoryCode, EntryId};
use super::round::GroupRanking;
use crate::Lang;
use crate::lang::Localized;
use crate::region::RegionCode;
use serde::{Deserialize, Serialize};

/// How many entries of each category and province are awarded and nominated.
pub const NOMINEES_PER_GROUP: usize = 3;

/// A recorded change to the automatic nominees of one group.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NominationOverride {
    pub category: CategoryCode,
    pub province: RegionCode,
    /// The automatic nominee taken out.
    pub remove: EntryId,
    /// The ranked entry put in its place.
    pub add: EntryId,
    pub by: AssessorId,
    pub reason: String,
}

/// Why an entry is nominated.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "basis", rename_all = "snake_case")]
pub enum Basis {
    /// Its rank.
    Ranking,
    /// An override replacing `replaced`.
    Override {
        replaced: EntryId,
        by: AssessorId,
        reason: String,
    },
}

/// One nominee: juara `place` of its category in its province.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Nomination {
    pub category: CategoryCode,
    pub province: RegionCode,
    /// 1, 2 or 3.
    pub place: u32,
    pub entry: EntryId,
    pub basis: Basis,
}

/// Why nominations could not be made.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NominationError {
    #[error("override for category {category} in {province}: no such provincial ranking")]
    NoSuchGroup {
        category: CategoryCode,
        province: RegionCode,
    },
    #[error("override: entry {0} is not a nominee of that group")]
    NotNominated(EntryId),
    #[error("override: entry {0} is not ranked in that group")]
    NotRanked(EntryId),
    #[error("override: entry {0} is already nominated")]
    AlreadyNominated(EntryId),
    #[error("override replacing entry {0} gives no reason")]
    NoReason(EntryId),
}

impl Localized for NominationError {
    fn message(&self, lang: Lang) -> String {
        use NominationError::*;
        match (self, lang) {
            (NoSuchGroup { category, province }, Lang::Id) => format!(
                "perubahan nominasi kategori {category} di {province}: peringkat provinsi itu tidak ada"
            ),
            (NotNominated(e), Lang::Id) => {
                format!("perubahan nominasi: peserta {e} bukan nomine kelompok itu")
            }
            (NotRanked(e), Lang::Id) => {
                format!("perubahan nominasi: peserta {e} tidak berperingkat di kelompok itu")
            }
            (AlreadyNominated(e), Lang::Id) => {
                format!("perubahan nominasi: peserta {e} sudah dinominasikan")
            }
            (NoReason(e), Lang::Id) => {
                format!("perubahan nominasi yang mengganti peserta {e} tidak menyebut alasan")
            }
            (_, Lang::En) => self.to_string(),
        }
    }
}

/// The nominees of every provincial ranking (national rankings are skipped), overrides
/// applied in the order given.
pub fn nominate(
    rankings: &[GroupRanking],
    overrides: &[NominationOverride],
) -> Result<Vec<Nomination>, NominationError> {
    let mut out: Vec<Nomination> = Vec::new();
    for group in rankings {
        let Some(province) = group.province else {
            continue;
        };
        out.extend(
            group
                .ranked
                .iter()
                .take(NOMINEES_PER_GROUP)
                .map(|r| Nomination {
                    category: group.category.clone(),
                    province,
                    place: r.rank,
                    entry: r.standing.entry,
                    basis: Basis::Ranking,
                }),
        );
    }
    for o in overrides {
        let group = rankings
            .iter()
            .find(|g| g.category == o.category && g.province == Some(o.province))
            .ok_or_else(|| NominationError::NoSuchGroup {
                category: o.category.clone(),
                province: o.province,
            })?;
        if o.reason.trim().is_empty() {
            return Err(NominationError::NoReason(o.remove));
        }
        if !group.ranked.iter().any(|r| r.standing.entry == o.add) {
            return Err(NominationError::NotRanked(o.add));
        }
        if out.iter().any(|n| n.entry == o.add) {
            return Err(NominationError::AlreadyNominated(o.add));
        }
        let slot = out
            .iter_mut()
            .find(|n| n.entry == o.remove && n.category == o.category && n.province == o.province)
            .ok_or(NominationError::NotNominated(o.remove))?;
        slot.entry = o.add;
        slot.basis = Basis::Override {
            replaced: o.remove,
            by: o.by,
            reason: o.reason.clone(),
        };
    }
    Ok(out)
}
