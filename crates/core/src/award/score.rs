//! Scores (nilai): one assessor's value for one indicator of one entry in one stage of a round,
//! with a comment. This flat record is what is stored and what a closed round exports; the
//! checks here are the ones intake applies, and [`prefill_computed`] fills computed indicators
//! from the product's figures.

use super::assignment::Assignment;
use super::computed::Figure;
use super::conflict::{Conflict, may_score};
use super::entry::Entry;
use super::framework::{Framework, OffScale, Stage};
use super::ids::{AssessorId, EntryId, IndicatorCode};
use super::panel::{Panel, Round};
use super::points::Points;
use crate::Lang;
use crate::lang::Localized;
use serde::{Deserialize, Serialize};

/// The longest comment kept with a score, in characters.
pub const MAX_COMMENT_CHARS: usize = 2000;

/// One score record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Score {
    pub round: Round,
    pub assessor: AssessorId,
    pub entry: EntryId,
    pub stage: Stage,
    pub indicator: IndicatorCode,
    /// On the indicator's scale, in milli-points.
    pub value: Points,
    #[serde(default)]
    pub comment: String,
}

/// Why a score was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ScoreError {
    #[error("the framework of {category} is not frozen yet: freeze it before scoring starts")]
    FrameworkNotFrozen { category: String },
    #[error("indicator {indicator} is not in the framework of {category}")]
    UnknownIndicator {
        indicator: IndicatorCode,
        category: String,
    },
    #[error("indicator {indicator} is scored in stage {expected}, not {stage}")]
    WrongStage {
        indicator: IndicatorCode,
        stage: Stage,
        expected: Stage,
    },
    #[error("indicator {indicator}: {value} is outside the scale {min}–{max}")]
    OutOfRange {
        indicator: IndicatorCode,
        value: Points,
        min: Points,
        max: Points,
    },
    #[error("indicator {indicator}: {value} is not a rubric level (levels: {levels})")]
    NotALevel {
        indicator: IndicatorCode,
        value: Points,
        levels: String,
    },
    #[error("the comment has {chars} characters; at most {MAX_COMMENT_CHARS} are kept")]
    CommentTooLong { chars: usize },
    #[error("{assessor} is not assigned to entry {entry}")]
    NotAssigned {
        assessor: AssessorId,
        entry: EntryId,
    },
    #[error("this score belongs to the {score} round, the panel scores the {panel} round")]
    WrongRound { score: Round, panel: Round },
    #[error(transparent)]
    Conflict(#[from] Conflict),
}

impl Localized for ScoreError {
    fn message(&self, lang: Lang) -> String {
        use ScoreError::*;
        match (self, lang) {
            (FrameworkNotFrozen { category }, Lang::Id) => format!(
                "kerangka indikator {category} belum dikunci: kunci dulu sebelum penilaian dimulai"
            ),
            (
                UnknownIndicator {
                    indicator,
                    category,
                },
                Lang::Id,
            ) => format!("indikator {indicator} tidak ada dalam kerangka {category}"),
            (
                WrongStage {
                    indicator,
                    stage,
                    expected,
                },
                Lang::Id,
            ) => format!(
                "indikator {indicator} dinilai pada tahap {}, bukan {}",
                expected.label(Lang::Id),
                stage.label(Lang::Id)
            ),
            (
                OutOfRange {
                    indicator,
                    value,
                    min,
                    max,
                },
                Lang::Id,
            ) => format!(
                "indikator {indicator}: nilai {} di luar skala {}–{}",
                value.format(Lang::Id),
                min.format(Lang::Id),
                max.format(Lang::Id)
            ),
            (
                NotALevel {
                    indicator,
                    value,
                    levels,
                },
                Lang::Id,
            ) => format!(
                "indikator {indicator}: nilai {} bukan tingkat rubrik (tingkat: {levels})",
                value.format(Lang::Id)
            ),
            (CommentTooLong { chars }, Lang::Id) => {
                format!("catatan berisi {chars} karakter; paling banyak {MAX_COMMENT_CHARS}")
            }
            (NotAssigned { assessor, entry }, Lang::Id) => {
                format!("{assessor} tidak ditugaskan menilai peserta {entry}")
            }
            (WrongRound { score, panel }, Lang::Id) => format!(
                "nilai ini untuk {}, sedangkan tim menilai {}",
                score.label(Lang::Id),
                panel.label(Lang::Id)
            ),
            (Conflict(c), lang) => c.message(lang),
            (_, Lang::En) => self.to_string(),
        }
    }
}

impl Score {
    /// Checks the score against the (frozen) framework of its entry's category: known
    /// indicator, right stage, a value on the scale, a comment of bounded length.
    pub fn check(&self, framework: &Framework) -> Result<(), ScoreError> {
        if !framework.is_frozen() {
            return Err(ScoreError::FrameworkNotFrozen {
                category: framework.category.to_string(),
            });
        }
        let (group, indicator) =
            framework
                .indicator(&self.indicator)
                .ok_or_else(|| ScoreError::UnknownIndicator {
                    indicator: self.indicator.clone(),
                    category: framework.category.to_string(),
                })?;
        if group.stage != self.stage {
            return Err(ScoreError::WrongStage {
                indicator: self.indicator.clone(),
                stage: self.stage,
                expected: group.stage,
            });
        }
        match indicator.scale.check(self.value) {
            Ok(()) => {}
            Err(OffScale::OutOfRange { min, max }) => {
                return Err(ScoreError::OutOfRange {
                    indicator: self.indicator.clone(),
                    value: self.value,
                    min,
                    max,
                });
            }
            Err(OffScale::NotALevel { levels }) => {
                let levels: Vec<String> = levels.iter().map(|l| l.to_string()).collect();
                return Err(ScoreError::NotALevel {
                    indicator: self.indicator.clone(),
                    value: self.value,
                    levels: levels.join(", "),
                });
            }
        }
        let chars = self.comment.chars().count();
        if chars > MAX_COMMENT_CHARS {
            return Err(ScoreError::CommentTooLong { chars });
        }
        Ok(())
    }
}

/// The whole intake rule for a score typed by an assessor of `panel`: the score is for the
/// panel's round, the assessor is assigned to the entry and has no conflict with it (checked
/// again, since a declaration may come after the assignment), and the score fits the framework.
pub fn accept(
    score: &Score,
    panel: &Panel,
    assignments: &[Assignment],
    entry: &Entry,
    framework: &Framework,
) -> Result<(), ScoreError> {
    if score.round != panel.round() {
        return Err(ScoreError::WrongRound {
            score: score.round,
            panel: panel.round(),
        });
    }
    let assigned = assignments
        .iter()
        .any(|a| a.panel == panel.id && a.assessor == score.assessor && a.entry == score.entry);
    let member = panel
        .member(score.assessor)
        .filter(|_| assigned && score.entry == entry.id);
    let Some(member) = member else {
        return Err(ScoreError::NotAssigned {
            assessor: score.assessor,
            entry: score.entry,
        });
    };
    may_score(member, entry)?;
    score.check(framework)
}

/// The scores the product suggests for the computed indicators of one stage, for one assessor
/// and one entry: the rule applied to the entry's figure, with the figure as the comment (the
/// assessor may change the value; the panel still scores). Also returns the computed
/// indicators for which no figure was handed in.
pub fn prefill_computed(
    framework: &Framework,
    round: Round,
    stage: Stage,
    assessor: AssessorId,
    entry: EntryId,
    figures: &[Figure],
) -> (Vec<Score>, Vec<IndicatorCode>) {
    let mut scores = Vec::new();
    let mut missing = Vec::new();
    for (_, indicator) in framework.indicators(stage) {
        let Some(computed) = &indicator.computed else {
            continue;
        };
        let figure = figures
            .iter()
            .find(|f| f.entry == entry && f.metric == computed.metric);
        let Some(figure) = figure else {
            missing.push(indicator.code.clone());
            continue;
        };
        let (min, max) = indicator.scale.bounds();
        scores.push(Score {
            round,
            assessor,
            entry,
            stage,
            indicator: indicator.code.clone(),
            value: computed.rule.apply(figure.value, min, max),
            comment: figure.source_note(),
        });
    }
    (scores, missing)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::award::category::Category;
    use crate::award::defaults::default_framework;

    fn score(stage: Stage, indicator: &str, value: Points) -> Score {
        Score {
            round: Round::Provincial,
            assessor: AssessorId(1),
            entry: EntryId(1),
            stage,
            indicator: IndicatorCode::parse(indicator).unwrap(),
            value,
            comment: String::new(),
        }
    }

    #[test]
    fn scores_are_checked_against_the_frozen_framework() {
        let mut f = default_framework(2024, &Category::defaults()[1]);
        let a1 = score(Stage::Document, "A1", Points::from_milli(90_430));
        assert!(matches!(
            a1.check(&f),
            Err(ScoreError::FrameworkNotFrozen { .. })
        ));
        f.freeze().unwrap();
        assert_eq!(a1.check(&f), Ok(()));

        let too_high = score(Stage::Document, "A1", Points::from_milli(100_001));
        let err = too_high.check(&f).unwrap_err();
        assert_eq!(
            err.message(Lang::Id),
            "indikator A1: nilai 100,001 di luar skala 0–100"
        );
        let between_levels = score(Stage::Document, "C1", Points::whole(60));
        assert_eq!(
            between_levels.check(&f).unwrap_err().to_string(),
            "indicator C1: 60.000 is not a rubric level (levels: 0.000, 40.000, 75.000, 100.000)"
        );
        assert_eq!(
            score(Stage::Document, "C1", Points::whole(75)).check(&f),
            Ok(())
        );
        assert!(matches!(
            score(Stage::Document, "W1", Points::whole(80)).check(&f),
            Err(ScoreError::WrongStage {
                expected: Stage::Interview,
                ..
            })
        ));
        assert!(matches!(
            score(Stage::Document, "Z9", Points::whole(80)).check(&f),
            Err(ScoreError::UnknownIndicator { .. })
        ));
        let mut chatty = a1.clone();
        chatty.comment = "x".repeat(MAX_COMMENT_CHARS + 1);
        assert_eq!(
            chatty.check(&f),
            Err(ScoreError::CommentTooLong {
                chars: MAX_COMMENT_CHARS + 1
            })
        );
    }
}
