//! The rankings of a round computed from its flat score records: per category per province in
//! the provincial round, per category in the national round. This is the one path from scores
//! to ranks, used both when a round closes and when an export is re-checked
//! ([`super::reproduce`]).
//!
//! For each group and each weighted stage: every assessor's complete sheet gives a stage score
//! ([`super::stage_score`]); incomplete sheets are left out and listed; the sheets are
//! aggregated ([`super::aggregation`]); the final score weighs the stages. An entry lacking a
//! weighted stage is listed as unranked. The rest is ranked by [`super::ranking`].

use super::aggregation::{Aggregation, StageSheet, aggregate};
use super::computed::Figure;
use super::entry::Entry;
use super::framework::{Framework, Stage};
use super::framework_check::FrameworkError;
use super::ids::{AssessorId, CategoryCode, EntryId, IndicatorCode};
use super::panel::Round;
use super::points::Points;
use super::ranking::{ChairOrder, RankedEntry, StageResult, Standing, rank};
use super::score::{Score, ScoreError};
use super::stage_score::{assessor_stage_score, final_score};
use crate::Lang;
use crate::lang::Localized;
use crate::region::RegionCode;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Everything a round's rankings depend on.
#[derive(Debug, Clone, Copy)]
pub struct RoundInput<'a> {
    pub round: Round,
    pub method: Aggregation,
    /// One frozen framework per category.
    pub frameworks: &'a [Framework],
    /// The entries of the round (all entries in the provincial round, the nominees nationally).
    pub entries: &'a [Entry],
    /// Figures on the cut-off date; only the frameworks' tie-break metrics are read here.
    pub figures: &'a [Figure],
    /// Score records; those of other rounds are ignored.
    pub scores: &'a [Score],
    pub chair_orders: &'a [ChairOrder],
}

/// An assessor's sheet left out because indicators are blank.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IncompleteSheet {
    pub assessor: AssessorId,
    pub entry: EntryId,
    pub stage: Stage,
    pub missing: Vec<IndicatorCode>,
}

/// An entry that could not be ranked: no complete sheet for a weighted stage.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Unranked {
    pub entry: EntryId,
    pub stage: Stage,
}

/// The ranking of one category in one province (provincial round) or nationally.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GroupRanking {
    pub category: CategoryCode,
    pub province: Option<RegionCode>,
    pub ranked: Vec<RankedEntry>,
    #[serde(default)]
    pub unranked: Vec<Unranked>,
    #[serde(default)]
    pub incomplete: Vec<IncompleteSheet>,
}

/// Why a round could not be ranked.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RoundError {
    #[error("category {0} has no framework")]
    NoFramework(CategoryCode),
    #[error("category {0} has more than one framework")]
    DuplicateFramework(CategoryCode),
    #[error("the framework of category {category} is invalid: {first}")]
    InvalidFramework {
        category: CategoryCode,
        first: FrameworkError,
    },
    #[error("entry {0} is listed twice")]
    DuplicateEntry(EntryId),
    #[error("a score names entry {0}, which is not in the round")]
    UnknownEntry(EntryId),
    #[error("{assessor} scored indicator {indicator} of entry {entry} twice")]
    DuplicateScore {
        assessor: AssessorId,
        entry: EntryId,
        indicator: IndicatorCode,
    },
    #[error("score of {assessor} for entry {entry}: {error}")]
    BadScore {
        assessor: AssessorId,
        entry: EntryId,
        error: ScoreError,
    },
    #[error("entry {entry} has two {metric} figures")]
    DuplicateFigure { entry: EntryId, metric: String },
    #[error("the chair's order for category {0} gives no reason")]
    ChairOrderWithoutReason(CategoryCode),
}

impl Localized for RoundError {
    fn message(&self, lang: Lang) -> String {
        use RoundError::*;
        match (self, lang) {
            (NoFramework(c), Lang::Id) => format!("kategori {c} tidak punya kerangka indikator"),
            (DuplicateFramework(c), Lang::Id) => {
                format!("kategori {c} punya lebih dari satu kerangka indikator")
            }
            (InvalidFramework { category, first }, Lang::Id) => format!(
                "kerangka indikator kategori {category} tidak sah: {}",
                first.message(Lang::Id)
            ),
            (DuplicateEntry(e), Lang::Id) => format!("peserta {e} tercantum dua kali"),
            (UnknownEntry(e), Lang::Id) => {
                format!("ada nilai untuk peserta {e}, yang tidak ikut babak ini")
            }
            (
                DuplicateScore {
                    assessor,
                    entry,
                    indicator,
                },
                Lang::Id,
            ) => format!("{assessor} menilai indikator {indicator} peserta {entry} dua kali"),
            (
                BadScore {
                    assessor,
                    entry,
                    error,
                },
                Lang::Id,
            ) => format!(
                "nilai {assessor} untuk peserta {entry}: {}",
                error.message(Lang::Id)
            ),
            (DuplicateFigure { entry, metric }, Lang::Id) => {
                format!("peserta {entry} punya dua angka {metric}")
            }
            (ChairOrderWithoutReason(c), Lang::Id) => {
                format!("urutan dari ketua tim untuk kategori {c} tidak menyebut alasan")
            }
            (_, Lang::En) => self.to_string(),
        }
    }
}

type GroupKey = (CategoryCode, Option<RegionCode>);

/// Score values per entry → stage → assessor → indicator.
type Values =
    BTreeMap<EntryId, BTreeMap<Stage, BTreeMap<AssessorId, BTreeMap<IndicatorCode, Points>>>>;

/// The rankings of every group of the round, ordered by category code then province.
pub fn rank_round(input: &RoundInput) -> Result<Vec<GroupRanking>, RoundError> {
    check_frameworks(input.frameworks)?;
    let mut entries: BTreeMap<EntryId, (&Entry, &Framework)> = BTreeMap::new();
    for e in input.entries {
        let framework = input
            .frameworks
            .iter()
            .find(|f| f.category == e.category)
            .ok_or_else(|| RoundError::NoFramework(e.category.clone()))?;
        if entries.insert(e.id, (e, framework)).is_some() {
            return Err(RoundError::DuplicateEntry(e.id));
        }
    }
    let values = checked_values(input, &entries)?;
    let mut groups: BTreeMap<GroupKey, (Vec<EntryId>, &Framework)> = BTreeMap::new();
    for (id, (e, framework)) in &entries {
        let province = (input.round == Round::Provincial).then(|| e.province());
        groups
            .entry((e.category.clone(), province))
            .or_insert_with(|| (Vec::new(), framework))
            .0
            .push(*id);
    }
    groups
        .into_iter()
        .map(|(key, (members, framework))| rank_group(input, key, &members, framework, &values))
        .collect()
}

/// A framework read back from an export is checked again: its weights decide the ranks.
fn check_frameworks(frameworks: &[Framework]) -> Result<(), RoundError> {
    for (i, f) in frameworks.iter().enumerate() {
        if frameworks[..i].iter().any(|g| g.category == f.category) {
            return Err(RoundError::DuplicateFramework(f.category.clone()));
        }
        if let Some(first) = f.problems().into_iter().next() {
            return Err(RoundError::InvalidFramework {
                category: f.category.clone(),
                first,
            });
        }
    }
    Ok(())
}

/// The round's scores, each checked against its entry's framework, without duplicates.
fn checked_values(
    input: &RoundInput,
    entries: &BTreeMap<EntryId, (&Entry, &Framework)>,
) -> Result<Values, RoundError> {
    let mut values = Values::new();
    for s in input.scores.iter().filter(|s| s.round == input.round) {
        let (_, framework) = entries
            .get(&s.entry)
            .ok_or(RoundError::UnknownEntry(s.entry))?;
        s.check(framework).map_err(|error| RoundError::BadScore {
            assessor: s.assessor,
            entry: s.entry,
            error,
        })?;
        let sheet = values
            .entry(s.entry)
            .or_default()
            .entry(s.stage)
            .or_default()
            .entry(s.assessor)
            .or_default();
        if sheet.insert(s.indicator.clone(), s.value).is_some() {
            return Err(RoundError::DuplicateScore {
                assessor: s.assessor,
                entry: s.entry,
                indicator: s.indicator.clone(),
            });
        }
    }
    Ok(values)
}

fn rank_group(
    input: &RoundInput,
    (category, province): GroupKey,
    members: &[EntryId],
    framework: &Framework,
    values: &Values,
) -> Result<GroupRanking, RoundError> {
    let mut incomplete = Vec::new();
    let aggregated: Vec<BTreeMap<EntryId, StageResult>> = framework
        .scored_stages()
        .into_iter()
        .map(|stage| {
            let results = stage_results(input.method, framework, stage, members, values);
            incomplete.extend(results.1);
            results.0
        })
        .collect();

    let mut unranked = Vec::new();
    let mut standings = Vec::new();
    for entry in members {
        let stages: Vec<StageResult> = aggregated
            .iter()
            .filter_map(|by_entry| by_entry.get(entry).copied())
            .collect();
        let by_stage: BTreeMap<Stage, Points> = stages.iter().map(|s| (s.stage, s.score)).collect();
        let Some(total) = final_score(framework, &by_stage) else {
            let stage = framework
                .scored_stages()
                .into_iter()
                .find(|s| !by_stage.contains_key(s))
                .unwrap_or(Stage::Document);
            unranked.push(Unranked {
                entry: *entry,
                stage,
            });
            continue;
        };
        standings.push(Standing {
            entry: *entry,
            final_score: total,
            stages,
            figure: figure(input.figures, *entry, framework)?,
        });
    }
    let chair = input
        .chair_orders
        .iter()
        .find(|c| c.category == category && c.province == province);
    if chair.is_some_and(|c| c.reason.trim().is_empty()) {
        return Err(RoundError::ChairOrderWithoutReason(category));
    }
    Ok(GroupRanking {
        category,
        province,
        ranked: rank(standings, chair),
        unranked,
        incomplete,
    })
}

/// One stage of one group: each entry's aggregated score with the number of complete sheets
/// behind it, and the incomplete sheets left out.
fn stage_results(
    method: Aggregation,
    framework: &Framework,
    stage: Stage,
    members: &[EntryId],
    values: &Values,
) -> (BTreeMap<EntryId, StageResult>, Vec<IncompleteSheet>) {
    let mut sheet = StageSheet::new();
    let mut incomplete = Vec::new();
    for entry in members {
        let by_assessor = values.get(entry).and_then(|v| v.get(&stage));
        for (assessor, vals) in by_assessor.into_iter().flatten() {
            match assessor_stage_score(framework, stage, vals) {
                Ok(score) => {
                    sheet.entry(*entry).or_default().insert(*assessor, score);
                }
                Err(missing) => incomplete.push(IncompleteSheet {
                    assessor: *assessor,
                    entry: *entry,
                    stage,
                    missing: missing.missing,
                }),
            }
        }
    }
    let results = aggregate(method, &sheet)
        .into_iter()
        .map(|(entry, score)| {
            let assessors = sheet.get(&entry).map_or(0, |s| s.len() as u32);
            let result = StageResult {
                stage,
                score,
                assessors,
            };
            (entry, result)
        })
        .collect();
    (results, incomplete)
}

fn figure(
    figures: &[Figure],
    entry: EntryId,
    framework: &Framework,
) -> Result<Option<i64>, RoundError> {
    let Some(metric) = framework.spec().tie_break_metric else {
        return Ok(None);
    };
    let mut found = figures
        .iter()
        .filter(|f| f.entry == entry && f.metric == metric);
    let first = found.next().map(|f| f.value);
    if found.next().is_some() {
        return Err(RoundError::DuplicateFigure {
            entry,
            metric: metric.code().to_string(),
        });
    }
    Ok(first)
}
