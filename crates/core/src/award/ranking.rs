//! Ranking one group (a category in a province, or a category nationally) and the tie-break
//! chain. Ranks are never shared: the chain ends in a rule that always separates two entries.
//!
//! Entry `a` is ranked above entry `b` by the first of these that tells them apart:
//! 1. **final score**, higher first;
//! 2. **tie-break figure**: the framework's `tie_break_metric` on the cut-off date (UCJ
//!    coverage for governments, share of own workers registered for businesses), higher first;
//!    an entry without the figure comes after one with it;
//! 3. **interview score** (aggregated interview-stage score), higher first;
//! 4. **document score** (aggregated document-stage score), higher first;
//! 5. **chair's order**: when the panel chair recorded an order (with its reason) for the
//!    group, entries in that list come in its order and before entries not in it;
//! 6. **registration number**, lower (earlier) first.
//!
//! Each ranked entry records which step separated it from the entry just above it.

use super::framework::Stage;
use super::ids::{AssessorId, CategoryCode, EntryId};
use super::points::Points;
use crate::region::RegionCode;
use serde::{Deserialize, Serialize};
use std::cmp::Ordering;

/// The step of the chain that decided between two neighbouring entries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TieBreak {
    FinalScore,
    Figure,
    InterviewScore,
    DocumentScore,
    ChairOrder,
    RegistrationNumber,
}

/// An order the panel chair set for entries the scores leave tied, with the reason.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChairOrder {
    pub category: CategoryCode,
    /// The province of a provincial ranking; `None` nationally.
    pub province: Option<RegionCode>,
    pub chair: AssessorId,
    /// Best first.
    pub order: Vec<EntryId>,
    pub reason: String,
}

/// An entry's aggregated stage score.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct StageResult {
    pub stage: Stage,
    pub score: Points,
    /// How many assessors' complete sheets made the score.
    pub assessors: u32,
}

/// What the chain compares for one entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Standing {
    pub entry: EntryId,
    pub final_score: Points,
    pub stages: Vec<StageResult>,
    /// The tie-break figure, in thousandths of its unit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub figure: Option<i64>,
}

impl Standing {
    pub fn stage_score(&self, stage: Stage) -> Option<Points> {
        self.stages
            .iter()
            .find(|s| s.stage == stage)
            .map(|s| s.score)
    }
}

/// One place of a ranking.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RankedEntry {
    /// 1 for the best.
    pub rank: u32,
    pub standing: Standing,
    /// The step that put the entry below the one ranked just above it (`None` for rank 1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub separated_by: Option<TieBreak>,
}

/// Compares two standings along the chain: the first step that differs and its ordering
/// (`Less` means `a` ranks above `b`).
pub fn compare(a: &Standing, b: &Standing, chair: Option<&ChairOrder>) -> (TieBreak, Ordering) {
    let higher_first = |x: Option<Points>, y: Option<Points>| y.cmp(&x);
    let position = |e: EntryId| chair.and_then(|c| c.order.iter().position(|o| *o == e));
    let steps = [
        (TieBreak::FinalScore, b.final_score.cmp(&a.final_score)),
        // `Option` orders `None` below `Some`, so an entry without the figure comes last.
        (TieBreak::Figure, b.figure.cmp(&a.figure)),
        (
            TieBreak::InterviewScore,
            higher_first(
                a.stage_score(Stage::Interview),
                b.stage_score(Stage::Interview),
            ),
        ),
        (
            TieBreak::DocumentScore,
            higher_first(
                a.stage_score(Stage::Document),
                b.stage_score(Stage::Document),
            ),
        ),
        (
            TieBreak::ChairOrder,
            match (position(a.entry), position(b.entry)) {
                (Some(pa), Some(pb)) => pa.cmp(&pb),
                (Some(_), None) => Ordering::Less,
                (None, Some(_)) => Ordering::Greater,
                (None, None) => Ordering::Equal,
            },
        ),
        (TieBreak::RegistrationNumber, a.entry.cmp(&b.entry)),
    ];
    steps
        .into_iter()
        .find(|(_, o)| o.is_ne())
        .unwrap_or((TieBreak::RegistrationNumber, Ordering::Equal))
}

/// Ranks standings along the chain.
pub fn rank(mut standings: Vec<Standing>, chair: Option<&ChairOrder>) -> Vec<RankedEntry> {
    standings.sort_by(|a, b| compare(a, b, chair).1);
    let mut ranked: Vec<RankedEntry> = Vec::with_capacity(standings.len());
    for (i, standing) in standings.into_iter().enumerate() {
        let separated_by = ranked
            .last()
            .map(|above| compare(&above.standing, &standing, chair).0);
        ranked.push(RankedEntry {
            rank: i as u32 + 1,
            standing,
            separated_by,
        });
    }
    ranked
}

#[cfg(test)]
mod tests {
    use super::*;

    fn standing(entry: u32, figure: Option<i64>, interview: i64, document: i64) -> Standing {
        let stage = |stage, whole| StageResult {
            stage,
            score: Points::whole(whole),
            assessors: 3,
        };
        Standing {
            entry: EntryId(entry),
            // Ties on the final score are the point of this test.
            final_score: Points::whole(70),
            stages: vec![
                stage(Stage::Document, document),
                stage(Stage::Interview, interview),
            ],
            figure,
        }
    }

    #[test]
    fn every_step_of_the_chain_decides_in_its_turn() {
        let standings = vec![
            standing(1, None, 80, 65),
            standing(2, None, 75, 73),
            standing(3, None, 75, 70),
            standing(4, None, 75, 70),
            standing(5, Some(50_000), 60, 60),
            standing(6, None, 75, 70),
            standing(7, None, 75, 70),
        ];
        let chair = ChairOrder {
            category: CategoryCode::parse("PEMKAB").unwrap(),
            province: None,
            chair: AssessorId(1),
            order: vec![EntryId(6), EntryId(3)],
            reason: "inovasi #6 lebih berkelanjutan".into(),
        };
        let ranked = rank(standings.clone(), Some(&chair));
        let order: Vec<(u32, u32, Option<TieBreak>)> = ranked
            .iter()
            .map(|r| (r.rank, r.standing.entry.0, r.separated_by))
            .collect();
        assert_eq!(
            order,
            vec![
                (1, 5, None),
                (2, 1, Some(TieBreak::Figure)),
                (3, 2, Some(TieBreak::InterviewScore)),
                (4, 6, Some(TieBreak::DocumentScore)),
                (5, 3, Some(TieBreak::ChairOrder)),
                (6, 4, Some(TieBreak::ChairOrder)),
                (7, 7, Some(TieBreak::RegistrationNumber)),
            ]
        );
        // Without the chair's order the registration number settles the rest, and the input
        // order never matters.
        let mut reversed = standings;
        reversed.reverse();
        let plain: Vec<u32> = rank(reversed, None)
            .iter()
            .map(|r| r.standing.entry.0)
            .collect();
        assert_eq!(plain, vec![5, 1, 2, 3, 4, 6, 7]);
    }
}
