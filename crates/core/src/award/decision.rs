//! The final decision (penetapan pemenang): the national panel's chair names the winners of a
//! category. Following the national ranking needs no reason; any departure from it does.

use super::ids::{AssessorId, CategoryCode, EntryId};
use super::nomination::NOMINEES_PER_GROUP;
use super::panel::{Panel, PanelLevel};
use super::round::GroupRanking;
use crate::Lang;
use crate::lang::Localized;
use serde::{Deserialize, Serialize};

/// The chair's decision for one category.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FinalDecision {
    pub category: CategoryCode,
    pub chair: AssessorId,
    /// Winners, first place first (at most three).
    pub winners: Vec<EntryId>,
    #[serde(default)]
    pub reason: String,
}

/// One national winner.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Winner {
    pub category: CategoryCode,
    pub place: u32,
    pub entry: EntryId,
}

/// Why a decision was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DecisionError {
    #[error("final decisions are made by the national panel on a national ranking")]
    NotNational,
    #[error("{0} is not the chair of the national panel")]
    NotChair(AssessorId),
    #[error("the decision is for category {decision}, the ranking for {ranking}")]
    WrongCategory {
        decision: CategoryCode,
        ranking: CategoryCode,
    },
    #[error("at most {NOMINEES_PER_GROUP} winners per category, not {0}")]
    TooMany(usize),
    #[error("entry {0} is named twice")]
    Duplicate(EntryId),
    #[error("entry {0} is not in the national ranking")]
    NotRanked(EntryId),
    #[error(
        "place {place} goes to entry {chosen} although entry {ranked} ranks there: give the reason"
    )]
    DeviationWithoutReason {
        place: u32,
        ranked: EntryId,
        chosen: EntryId,
    },
}

impl Localized for DecisionError {
    fn message(&self, lang: Lang) -> String {
        use DecisionError::*;
        match (self, lang) {
            (NotNational, Lang::Id) => {
                "penetapan pemenang dilakukan tim nasional atas peringkat nasional".into()
            }
            (NotChair(a), Lang::Id) => format!("{a} bukan ketua tim penilai nasional"),
            (WrongCategory { decision, ranking }, Lang::Id) => {
                format!("penetapan untuk kategori {decision}, sedangkan peringkat untuk {ranking}")
            }
            (TooMany(n), Lang::Id) => {
                format!("paling banyak {NOMINEES_PER_GROUP} pemenang per kategori, bukan {n}")
            }
            (Duplicate(e), Lang::Id) => format!("peserta {e} disebut dua kali"),
            (NotRanked(e), Lang::Id) => format!("peserta {e} tidak ada di peringkat nasional"),
            (
                DeviationWithoutReason {
                    place,
                    ranked,
                    chosen,
                },
                Lang::Id,
            ) => format!(
                "juara {place} diberikan kepada peserta {chosen} padahal peringkatnya milik peserta {ranked}: sebutkan alasannya"
            ),
            (_, Lang::En) => self.to_string(),
        }
    }
}

/// Checks the chair's decision against the national panel and ranking and gives the winners.
pub fn decide(
    panel: &Panel,
    ranking: &GroupRanking,
    decision: &FinalDecision,
) -> Result<Vec<Winner>, DecisionError> {
    if panel.level != PanelLevel::National || ranking.province.is_some() {
        return Err(DecisionError::NotNational);
    }
    if panel.chair().map(|c| c.assessor) != Some(decision.chair) {
        return Err(DecisionError::NotChair(decision.chair));
    }
    if decision.category != ranking.category {
        return Err(DecisionError::WrongCategory {
            decision: decision.category.clone(),
            ranking: ranking.category.clone(),
        });
    }
    if decision.winners.len() > NOMINEES_PER_GROUP {
        return Err(DecisionError::TooMany(decision.winners.len()));
    }
    let mut winners = Vec::with_capacity(decision.winners.len());
    for (i, entry) in decision.winners.iter().enumerate() {
        if decision.winners[..i].contains(entry) {
            return Err(DecisionError::Duplicate(*entry));
        }
        if !ranking.ranked.iter().any(|r| r.standing.entry == *entry) {
            return Err(DecisionError::NotRanked(*entry));
        }
        let place = i as u32 + 1;
        let ranked = ranking.ranked.get(i).map(|r| r.standing.entry);
        match ranked {
            Some(ranked) if ranked != *entry && decision.reason.trim().is_empty() => {
                return Err(DecisionError::DeviationWithoutReason {
                    place,
                    ranked,
                    chosen: *entry,
                });
            }
            _ => {}
        }
        winners.push(Winner {
            category: decision.category.clone(),
            place,
            entry: *entry,
        });
    }
    Ok(winners)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::award::framework::Stage;
    use crate::award::ids::PanelId;
    use crate::award::panel::{Institution, Member};
    use crate::award::points::Points;
    use crate::award::ranking::{StageResult, Standing, rank};
    use crate::region::RegionCode;

    fn national_panel() -> Panel {
        let member = |id: i64, chair: bool| Member {
            assessor: AssessorId(id),
            name: format!("Anggota {id}"),
            institution: Institution::KemenkoPmk,
            expertise: None,
            home_region: None,
            company: None,
            chair,
            declared: vec![],
        };
        Panel::new(
            PanelId(1),
            2024,
            PanelLevel::National,
            vec![member(1, true), member(2, false)],
        )
        .unwrap()
    }

    fn national_ranking() -> GroupRanking {
        let standings = [(11, 88), (12, 85), (13, 80), (14, 79)]
            .into_iter()
            .map(|(entry, score)| Standing {
                entry: EntryId(entry),
                final_score: Points::whole(score),
                stages: vec![StageResult {
                    stage: Stage::Document,
                    score: Points::whole(score),
                    assessors: 9,
                }],
                figure: None,
            })
            .collect();
        GroupRanking {
            category: CategoryCode::parse("PEMKAB").unwrap(),
            province: None,
            ranked: rank(standings, None),
            unranked: vec![],
            incomplete: vec![],
        }
    }

    fn decision(chair: i64, winners: &[u32], reason: &str) -> FinalDecision {
        FinalDecision {
            category: CategoryCode::parse("PEMKAB").unwrap(),
            chair: AssessorId(chair),
            winners: winners.iter().map(|w| EntryId(*w)).collect(),
            reason: reason.into(),
        }
    }

    #[test]
    fn the_chair_follows_the_ranking_or_says_why_not() {
        let (panel, ranking) = (national_panel(), national_ranking());
        let winners = decide(&panel, &ranking, &decision(1, &[11, 12, 13], "")).unwrap();
        let places: Vec<(u32, u32)> = winners.iter().map(|w| (w.place, w.entry.0)).collect();
        assert_eq!(places, vec![(1, 11), (2, 12), (3, 13)]);

        let swapped = decision(1, &[11, 14, 12], "");
        let err = decide(&panel, &ranking, &swapped).unwrap_err();
        assert_eq!(
            err,
            DecisionError::DeviationWithoutReason {
                place: 2,
                ranked: EntryId(12),
                chosen: EntryId(14)
            }
        );
        assert!(err.message(Lang::Id).contains("sebutkan alasannya"));
        let reasoned = decision(1, &[11, 14, 12], "temuan verifikasi lapangan atas #12");
        assert_eq!(
            decide(&panel, &ranking, &reasoned).unwrap()[1].entry,
            EntryId(14)
        );

        assert_eq!(
            decide(&panel, &ranking, &decision(2, &[11], "")),
            Err(DecisionError::NotChair(AssessorId(2)))
        );
        assert_eq!(
            decide(&panel, &ranking, &decision(1, &[11, 99], "x")),
            Err(DecisionError::NotRanked(EntryId(99)))
        );
        assert_eq!(
            decide(&panel, &ranking, &decision(1, &[11, 11], "x")),
            Err(DecisionError::Duplicate(EntryId(11)))
        );
        assert_eq!(
            decide(&panel, &ranking, &decision(1, &[11, 12, 13, 14], "x")),
            Err(DecisionError::TooMany(4))
        );
        let mut provincial = ranking;
        provincial.province = Some(RegionCode::parse("64").unwrap());
        assert_eq!(
            decide(&panel, &provincial, &decision(1, &[11], "")),
            Err(DecisionError::NotNational)
        );
    }
}
