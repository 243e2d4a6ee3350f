//! Assignments (penugasan): which panel member scores which entry. An assignment is only made
//! when the member belongs to the panel, the entry belongs to the panel's round and
//! [`may_score`] finds no conflict; an assessor sees only the entries assigned to them.

use super::conflict::{Conflict, may_score};
use super::entry::Entry;
use super::ids::{AssessorId, EntryId, PanelId};
use super::panel::Panel;
use crate::Lang;
use crate::lang::Localized;
use crate::region::RegionCode;
use serde::{Deserialize, Serialize};

/// One member assigned to score one entry, in every stage of the panel's round.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Assignment {
    pub panel: PanelId,
    pub assessor: AssessorId,
    pub entry: EntryId,
}

/// Why an assignment was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AssignmentError {
    #[error("{assessor} is not a member of {panel}")]
    NotAMember {
        assessor: AssessorId,
        panel: PanelId,
    },
    #[error("entry {entry} (region {region}) is not in the round of {panel}")]
    OutsidePanel {
        entry: EntryId,
        region: RegionCode,
        panel: PanelId,
    },
    #[error(transparent)]
    Conflict(#[from] Conflict),
}

impl Localized for AssignmentError {
    fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (AssignmentError::NotAMember { assessor, panel }, Lang::Id) => {
                format!("{assessor} bukan anggota {panel}")
            }
            (
                AssignmentError::OutsidePanel {
                    entry,
                    region,
                    panel,
                },
                Lang::Id,
            ) => format!("peserta {entry} (wilayah {region}) tidak termasuk babak {panel}"),
            (AssignmentError::Conflict(c), lang) => c.message(lang),
            (_, Lang::En) => self.to_string(),
        }
    }
}

/// Assigns `assessor` of `panel` to `entry`, or says why not.
pub fn assign(
    panel: &Panel,
    assessor: AssessorId,
    entry: &Entry,
) -> Result<Assignment, AssignmentError> {
    let member = panel.member(assessor).ok_or(AssignmentError::NotAMember {
        assessor,
        panel: panel.id,
    })?;
    if !panel.covers(entry.region) {
        return Err(AssignmentError::OutsidePanel {
            entry: entry.id,
            region: entry.region,
            panel: panel.id,
        });
    }
    may_score(member, entry)?;
    Ok(Assignment {
        panel: panel.id,
        assessor,
        entry: entry.id,
    })
}

/// The entries an assessor may open: those assigned to them, in registration order.
pub fn visible_entries<'a>(
    assessor: AssessorId,
    assignments: &[Assignment],
    entries: &'a [Entry],
) -> Vec<&'a Entry> {
    let mut seen: Vec<&Entry> = entries
        .iter()
        .filter(|e| {
            assignments
                .iter()
                .any(|a| a.assessor == assessor && a.entry == e.id)
        })
        .collect();
    seen.sort_by_key(|e| e.id);
    seen
}
