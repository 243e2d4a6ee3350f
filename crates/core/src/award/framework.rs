//! The indicator framework (kerangka indikator) of one category in one cycle: stage weights,
//! groups of indicators per stage, each indicator with its weight, scale and optional computed
//! source. A framework is versioned; once frozen (when scoring starts) it cannot change.
//!
//! Weights, all whole percents:
//! - the stage weights (documents, interview) add up to 100;
//! - within each stage, the group weights add up to 100;
//! - within each group, the indicator weights add up to 100.
//!
//! So an indicator's share of its stage is `group weight × indicator weight / 10 000`. The
//! checks live in [`super::framework_check`].

use super::computed::{Computed, Metric};
use super::framework_check::{FrameworkError, check};
use super::ids::{CategoryCode, GroupCode, IndicatorCode, Label};
use super::points::{Points, Weight, div_points};
use crate::codes::code_enum;
use serde::{Deserialize, Serialize};

code_enum! {
    /// Tahap penilaian — a scored stage of a round. Each round (provincial, national) has both.
    pub enum Stage {
        Document = ("DOKUMEN", "Penilaian dokumen", "Document assessment", "Dokumen"),
        Interview = ("WAWANCARA", "Wawancara", "Interview"),
    }
}

/// One level of a rubric: its score on the 0–100 scale and what it means.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RubricLevel {
    pub score: Points,
    pub label: Label,
}

/// What values an indicator takes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "scale", rename_all = "snake_case")]
pub enum Scale {
    /// Any value from `min` to `max` (in milli-points), normalised linearly onto 0–100.
    Range { min: Points, max: Points },
    /// One of the levels, each already on 0–100; levels sorted by score, ascending.
    Rubric { levels: Vec<RubricLevel> },
}

/// Why a value does not fit a scale.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OffScale {
    OutOfRange { min: Points, max: Points },
    NotALevel { levels: Vec<Points> },
}

impl Scale {
    /// The usual 0–100 range.
    pub fn percent() -> Scale {
        Scale::Range {
            min: Points::ZERO,
            max: Points::HUNDRED,
        }
    }

    /// The lowest and highest value of the scale.
    pub fn bounds(&self) -> (Points, Points) {
        match self {
            Scale::Range { min, max } => (*min, *max),
            Scale::Rubric { levels } => (
                levels.first().map_or(Points::ZERO, |l| l.score),
                levels.last().map_or(Points::ZERO, |l| l.score),
            ),
        }
    }

    /// Whether `value` is allowed.
    pub fn check(&self, value: Points) -> Result<(), OffScale> {
        match self {
            Scale::Range { min, max } if (*min..=*max).contains(&value) => Ok(()),
            Scale::Range { min, max } => Err(OffScale::OutOfRange {
                min: *min,
                max: *max,
            }),
            Scale::Rubric { levels } if levels.iter().any(|l| l.score == value) => Ok(()),
            Scale::Rubric { levels } => Err(OffScale::NotALevel {
                levels: levels.iter().map(|l| l.score).collect(),
            }),
        }
    }

    /// The value on 0–100: `round((value − min) × 100 / (max − min))` for a range (exact for
    /// 0–100), the level's own score for a rubric. Call [`Scale::check`] first.
    pub fn normalise(&self, value: Points) -> Points {
        match self {
            Scale::Range { min, max } if max > min => div_points(
                i128::from(value.milli() - min.milli()) * i128::from(Points::HUNDRED.milli()),
                i128::from(max.milli() - min.milli()),
            ),
            Scale::Range { .. } => Points::ZERO,
            Scale::Rubric { .. } => value,
        }
    }
}

/// One indicator.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Indicator {
    pub code: IndicatorCode,
    pub label: Label,
    /// Share of the group, in percent.
    pub weight: Weight,
    pub scale: Scale,
    /// Set when the product suggests the value from its own figures.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub computed: Option<Computed>,
}

/// A group of indicators scored in one stage.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Group {
    pub code: GroupCode,
    pub label: Label,
    pub stage: Stage,
    /// Share of the stage, in percent.
    pub weight: Weight,
    pub indicators: Vec<Indicator>,
}

/// A stage and its share of the final score.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct StageWeight {
    pub stage: Stage,
    pub weight: Weight,
}

/// The editable content of a framework.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FrameworkSpec {
    pub stage_weights: Vec<StageWeight>,
    pub groups: Vec<Group>,
    /// The figure compared first when two entries tie on the final score (UCJ coverage for
    /// governments); see [`super::ranking`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tie_break_metric: Option<Metric>,
}

/// The framework of one category in one cycle.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Framework {
    pub year: u16,
    pub category: CategoryCode,
    version: u32,
    frozen: bool,
    spec: FrameworkSpec,
}

impl Framework {
    /// Version 1, not frozen.
    pub fn new(year: u16, category: CategoryCode, spec: FrameworkSpec) -> Framework {
        Framework {
            year,
            category,
            version: 1,
            frozen: false,
            spec,
        }
    }

    pub fn version(&self) -> u32 {
        self.version
    }

    pub fn is_frozen(&self) -> bool {
        self.frozen
    }

    pub fn spec(&self) -> &FrameworkSpec {
        &self.spec
    }

    /// Changes the content of an unfrozen framework and raises its version by one. A frozen
    /// framework is refused untouched.
    pub fn edit(&mut self, change: impl FnOnce(&mut FrameworkSpec)) -> Result<(), FrameworkError> {
        if self.frozen {
            return Err(FrameworkError::Frozen {
                category: self.category.to_string(),
                version: self.version,
            });
        }
        change(&mut self.spec);
        self.version += 1;
        Ok(())
    }

    /// Every problem of the content (empty when it may be frozen).
    pub fn problems(&self) -> Vec<FrameworkError> {
        check(&self.spec)
    }

    /// Freezes the framework for scoring, after checking it. Freezing twice is harmless.
    pub fn freeze(&mut self) -> Result<(), Vec<FrameworkError>> {
        let problems = self.problems();
        if !problems.is_empty() {
            return Err(problems);
        }
        self.frozen = true;
        Ok(())
    }

    /// A new, unfrozen version with the same content (a correction drafted after freezing,
    /// or next year's starting point).
    pub fn draft_next_version(&self) -> Framework {
        Framework {
            version: self.version + 1,
            frozen: false,
            ..self.clone()
        }
    }

    /// The weight of a stage in the final score (0 when the stage is not scored).
    pub fn stage_weight(&self, stage: Stage) -> Weight {
        self.spec
            .stage_weights
            .iter()
            .find(|s| s.stage == stage)
            .map_or(Weight(0), |s| s.weight)
    }

    /// The stages with a weight above zero, in [`Stage::ALL`] order.
    pub fn scored_stages(&self) -> Vec<Stage> {
        Stage::ALL
            .iter()
            .copied()
            .filter(|s| self.stage_weight(*s).0 > 0)
            .collect()
    }

    /// The groups of one stage.
    pub fn groups(&self, stage: Stage) -> impl Iterator<Item = &Group> {
        self.spec.groups.iter().filter(move |g| g.stage == stage)
    }

    /// Every indicator of one stage with its group.
    pub fn indicators(&self, stage: Stage) -> impl Iterator<Item = (&Group, &Indicator)> {
        self.groups(stage)
            .flat_map(|g| g.indicators.iter().map(move |i| (g, i)))
    }

    /// An indicator by code, with its group.
    pub fn indicator(&self, code: &IndicatorCode) -> Option<(&Group, &Indicator)> {
        self.spec
            .groups
            .iter()
            .flat_map(|g| g.indicators.iter().map(move |i| (g, i)))
            .find(|(_, i)| &i.code == code)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Lang;
    use crate::award::category::Category;
    use crate::award::defaults::default_framework;
    use crate::lang::Localized;

    #[test]
    fn a_frozen_framework_cannot_be_edited() {
        let mut f = default_framework(2024, &Category::defaults()[1]);
        assert_eq!(f.version(), 1);
        f.edit(|spec| spec.groups[0].weight = Weight(30)).unwrap();
        assert_eq!(f.version(), 2);
        // 30 + 20 + 20 + 10 + 15 = 95: freezing refuses and leaves it open.
        assert_eq!(
            f.freeze(),
            Err(vec![FrameworkError::GroupWeightTotal {
                stage: Stage::Document,
                total: 95
            }])
        );
        assert!(!f.is_frozen());
        f.edit(|spec| spec.groups[0].weight = Weight(35)).unwrap();
        f.freeze().unwrap();
        let before = f.clone();
        let err = f
            .edit(|spec| spec.groups[0].weight = Weight(50))
            .unwrap_err();
        assert_eq!(f, before);
        assert_eq!(
            err.message(Lang::Id),
            "kerangka indikator PEMKAB (versi 3) sudah dikunci karena penilaian sudah dimulai; buat versi baru"
        );
        let next = f.draft_next_version();
        assert_eq!((next.version(), next.is_frozen()), (4, false));
        assert_eq!(next.spec(), f.spec());
    }

    #[test]
    fn range_values_are_normalised_onto_0_to_100() {
        let one_to_five = Scale::Range {
            min: Points::whole(1),
            max: Points::whole(5),
        };
        // (4 − 1) × 100 / 4 = 75; (2.5 − 1) × 100 / 4 = 37.5; (1.001 − 1) × 100 / 4 = 0.025.
        assert_eq!(one_to_five.normalise(Points::whole(4)), Points::whole(75));
        assert_eq!(
            one_to_five.normalise(Points::from_milli(2_500)),
            Points::from_milli(37_500)
        );
        assert_eq!(
            one_to_five.normalise(Points::from_milli(1_001)),
            Points::from_milli(25)
        );
        // (1 × 100 000) / 3 = 33 333.3… → 33.333 on a 0–3 scale.
        let zero_to_three = Scale::Range {
            min: Points::ZERO,
            max: Points::whole(3),
        };
        assert_eq!(
            zero_to_three.normalise(Points::whole(1)),
            Points::from_milli(33_333)
        );
        assert!(one_to_five.check(Points::from_milli(5_001)).is_err());
    }
}
