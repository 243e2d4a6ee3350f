//! Scoring progress of a panel: how many indicator scores its assignments call for, how many
//! are in, per assessor, and the list of what is missing.
//!
//! An assignment calls for one score per indicator of every weighted stage of the entry's
//! framework. A score counts when its round, assessor, entry, stage and indicator match an
//! expected one (scores the assignments do not call for are not counted).

use super::assignment::Assignment;
use super::entry::Entry;
use super::framework::{Framework, Stage};
use super::ids::{AssessorId, EntryId, IndicatorCode, PanelId};
use super::panel::Panel;
use super::points::{Points, div_points};
use super::score::Score;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// One score still to be given.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Missing {
    pub assessor: AssessorId,
    pub entry: EntryId,
    pub stage: Stage,
    pub indicator: IndicatorCode,
}

/// Expected and given scores.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Count {
    pub expected: u32,
    pub given: u32,
}

impl Count {
    /// `given / expected` in percent, rounded to the milli-point (100 when nothing is expected).
    pub fn percent(self) -> Points {
        if self.expected == 0 {
            return Points::HUNDRED;
        }
        div_points(
            i128::from(self.given) * i128::from(Points::HUNDRED.milli()),
            i128::from(self.expected),
        )
    }
}

/// A panel's progress.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PanelProgress {
    pub panel: PanelId,
    pub total: Count,
    pub per_assessor: BTreeMap<AssessorId, Count>,
    /// Sorted by assessor, entry, stage, indicator.
    pub missing: Vec<Missing>,
}

/// The progress of `panel` from its assignments and the scores given so far. Assignments of
/// other panels and entries without a framework are skipped.
pub fn progress(
    panel: &Panel,
    assignments: &[Assignment],
    entries: &[Entry],
    frameworks: &[Framework],
    scores: &[Score],
) -> PanelProgress {
    let round = panel.round();
    let given: BTreeSet<(AssessorId, EntryId, Stage, &IndicatorCode)> = scores
        .iter()
        .filter(|s| s.round == round)
        .map(|s| (s.assessor, s.entry, s.stage, &s.indicator))
        .collect();
    let mut total = Count::default();
    let mut per_assessor: BTreeMap<AssessorId, Count> = BTreeMap::new();
    let mut missing = Vec::new();
    for a in assignments.iter().filter(|a| a.panel == panel.id) {
        let framework = entries
            .iter()
            .find(|e| e.id == a.entry)
            .and_then(|e| frameworks.iter().find(|f| f.category == e.category));
        let Some(framework) = framework else {
            continue;
        };
        let count = per_assessor.entry(a.assessor).or_default();
        for stage in framework.scored_stages() {
            for (_, indicator) in framework.indicators(stage) {
                count.expected += 1;
                total.expected += 1;
                if given.contains(&(a.assessor, a.entry, stage, &indicator.code)) {
                    count.given += 1;
                    total.given += 1;
                } else {
                    missing.push(Missing {
                        assessor: a.assessor,
                        entry: a.entry,
                        stage,
                        indicator: indicator.code.clone(),
                    });
                }
            }
        }
    }
    missing.sort();
    PanelProgress {
        panel: panel.id,
        total,
        per_assessor,
        missing,
    }
}
