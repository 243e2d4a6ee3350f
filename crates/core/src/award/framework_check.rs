//! The checks a framework must pass before it is frozen, and their errors in Bahasa Indonesia
//! and English. The weight rules are stated in [`super::framework`].

use super::computed::Rule;
use super::framework::{FrameworkSpec, Scale, Stage};
use super::points::Points;
use crate::Lang;
use crate::lang::Localized;
use std::collections::BTreeSet;

/// A problem with a framework. Codes of groups and indicators are carried as text so the error
/// can name them.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FrameworkError {
    #[error(
        "the framework of {category} (version {version}) is frozen: scoring has started; draft a new version instead"
    )]
    Frozen { category: String, version: u32 },
    #[error("stage weights add up to {total} %, not 100 %")]
    StageWeightTotal { total: u32 },
    #[error("stage {stage} is weighted twice")]
    DuplicateStage { stage: Stage },
    #[error("stage {stage} has a weight but no indicator group")]
    StageWithoutGroups { stage: Stage },
    #[error("group {group} belongs to stage {stage}, which has no weight")]
    StageNotWeighted { group: String, stage: Stage },
    #[error("the group weights of stage {stage} add up to {total} %, not 100 %")]
    GroupWeightTotal { stage: Stage, total: u32 },
    #[error("the indicator weights of group {group} add up to {total} %, not 100 %")]
    IndicatorWeightTotal { group: String, total: u32 },
    #[error("{code} has weight 0 %; remove it or give it a weight")]
    ZeroWeight { code: String },
    #[error("group code {group} is used twice")]
    DuplicateGroup { group: String },
    #[error("indicator code {indicator} is used twice")]
    DuplicateIndicator { indicator: String },
    #[error("group {group} has no indicators")]
    EmptyGroup { group: String },
    #[error("{code} needs a label in both Bahasa Indonesia and English")]
    MissingLabel { code: String },
    #[error("indicator {indicator}: the range minimum {min} must be below the maximum {max}")]
    RangeInverted {
        indicator: String,
        min: Points,
        max: Points,
    },
    #[error("indicator {indicator}: a rubric needs at least two levels")]
    RubricTooFewLevels { indicator: String },
    #[error(
        "indicator {indicator}: rubric level {level} ({score}) must score higher than the level before it"
    )]
    RubricNotAscending {
        indicator: String,
        level: usize,
        score: Points,
    },
    #[error("indicator {indicator}: rubric score {score} lies outside 0–100")]
    RubricLevelOutOfBounds { indicator: String, score: Points },
    #[error("indicator {indicator}: a linear rule needs a range scale")]
    LinearNeedsRange { indicator: String },
    #[error("indicator {indicator}: the linear rule's two thresholds are equal")]
    LinearFlat { indicator: String },
    #[error(
        "indicator {indicator}: the rule's steps must be non-empty and sorted by threshold, ascending"
    )]
    StepsNotAscending { indicator: String },
    #[error("indicator {indicator}: the rule gives {value}, which is not a value of the scale")]
    StepOffScale { indicator: String, value: Points },
}

impl Localized for FrameworkError {
    fn message(&self, lang: Lang) -> String {
        if lang == Lang::En {
            return self.to_string();
        }
        use FrameworkError::*;
        match self {
            Frozen { category, version } => format!(
                "kerangka indikator {category} (versi {version}) sudah dikunci karena penilaian sudah dimulai; buat versi baru"
            ),
            StageWeightTotal { total } => {
                format!("jumlah bobot tahap {total} %, seharusnya 100 %")
            }
            DuplicateStage { stage } => {
                format!("tahap {} diberi bobot dua kali", stage.label(Lang::Id))
            }
            StageWithoutGroups { stage } => format!(
                "tahap {} berbobot tetapi tidak punya kelompok indikator",
                stage.label(Lang::Id)
            ),
            StageNotWeighted { group, stage } => format!(
                "kelompok {group} termasuk tahap {} yang tidak berbobot",
                stage.label(Lang::Id)
            ),
            GroupWeightTotal { stage, total } => format!(
                "jumlah bobot kelompok pada tahap {} {total} %, seharusnya 100 %",
                stage.label(Lang::Id)
            ),
            IndicatorWeightTotal { group, total } => {
                format!("jumlah bobot indikator kelompok {group} {total} %, seharusnya 100 %")
            }
            ZeroWeight { code } => {
                format!("{code} berbobot 0 %; hapus atau beri bobot")
            }
            DuplicateGroup { group } => format!("kode kelompok {group} dipakai dua kali"),
            DuplicateIndicator { indicator } => {
                format!("kode indikator {indicator} dipakai dua kali")
            }
            EmptyGroup { group } => format!("kelompok {group} tidak punya indikator"),
            MissingLabel { code } => {
                format!("{code} membutuhkan nama dalam Bahasa Indonesia dan bahasa Inggris")
            }
            RangeInverted {
                indicator,
                min,
                max,
            } => format!(
                "indikator {indicator}: nilai minimum {} harus lebih kecil dari maksimum {}",
                min.format(Lang::Id),
                max.format(Lang::Id)
            ),
            RubricTooFewLevels { indicator } => {
                format!("indikator {indicator}: rubrik membutuhkan paling sedikit dua tingkat")
            }
            RubricNotAscending {
                indicator,
                level,
                score,
            } => format!(
                "indikator {indicator}: tingkat rubrik {level} ({}) harus bernilai lebih tinggi dari tingkat sebelumnya",
                score.format(Lang::Id)
            ),
            RubricLevelOutOfBounds { indicator, score } => format!(
                "indikator {indicator}: nilai rubrik {} di luar 0–100",
                score.format(Lang::Id)
            ),
            LinearNeedsRange { indicator } => {
                format!("indikator {indicator}: aturan linear membutuhkan skala rentang")
            }
            LinearFlat { indicator } => {
                format!("indikator {indicator}: kedua ambang aturan linear sama")
            }
            StepsNotAscending { indicator } => format!(
                "indikator {indicator}: tangga aturan tidak boleh kosong dan harus urut naik menurut ambangnya"
            ),
            StepOffScale { indicator, value } => format!(
                "indikator {indicator}: aturan memberi {}, yang bukan nilai pada skalanya",
                value.format(Lang::Id)
            ),
        }
    }
}

/// Every problem of a framework's content, in the order of the framework.
pub fn check(spec: &FrameworkSpec) -> Vec<FrameworkError> {
    use FrameworkError::*;
    let mut out = Vec::new();

    let mut stages = BTreeSet::new();
    for sw in &spec.stage_weights {
        if !stages.insert(sw.stage) {
            out.push(DuplicateStage { stage: sw.stage });
        }
    }
    let total: u32 = spec.stage_weights.iter().map(|s| s.weight.0).sum();
    if total != 100 {
        out.push(StageWeightTotal { total });
    }
    let weighted = |stage: Stage| {
        spec.stage_weights
            .iter()
            .any(|s| s.stage == stage && s.weight.0 > 0)
    };
    for stage in Stage::ALL.iter().copied() {
        let groups: Vec<_> = spec.groups.iter().filter(|g| g.stage == stage).collect();
        if weighted(stage) && groups.is_empty() {
            out.push(StageWithoutGroups { stage });
        }
        if !groups.is_empty() {
            let total: u32 = groups.iter().map(|g| g.weight.0).sum();
            if total != 100 {
                out.push(GroupWeightTotal { stage, total });
            }
        }
    }

    let mut group_codes = BTreeSet::new();
    let mut indicator_codes = BTreeSet::new();
    for g in &spec.groups {
        let group = g.code.to_string();
        if !group_codes.insert(&g.code) {
            out.push(DuplicateGroup {
                group: group.clone(),
            });
        }
        if !weighted(g.stage) {
            out.push(StageNotWeighted {
                group: group.clone(),
                stage: g.stage,
            });
        }
        if g.weight.0 == 0 {
            out.push(ZeroWeight {
                code: group.clone(),
            });
        }
        if g.label.is_incomplete() {
            out.push(MissingLabel {
                code: group.clone(),
            });
        }
        if g.indicators.is_empty() {
            out.push(EmptyGroup {
                group: group.clone(),
            });
        } else {
            let total: u32 = g.indicators.iter().map(|i| i.weight.0).sum();
            if total != 100 {
                out.push(IndicatorWeightTotal { group, total });
            }
        }
        for i in &g.indicators {
            let indicator = i.code.to_string();
            if !indicator_codes.insert(&i.code) {
                out.push(DuplicateIndicator {
                    indicator: indicator.clone(),
                });
            }
            if i.weight.0 == 0 {
                out.push(ZeroWeight {
                    code: indicator.clone(),
                });
            }
            if i.label.is_incomplete() {
                out.push(MissingLabel {
                    code: indicator.clone(),
                });
            }
            check_scale(&indicator, &i.scale, &mut out);
            if let Some(computed) = &i.computed {
                check_rule(&indicator, &computed.rule, &i.scale, &mut out);
            }
        }
    }
    out
}

fn check_scale(indicator: &str, scale: &Scale, out: &mut Vec<FrameworkError>) {
    use FrameworkError::*;
    let indicator = indicator.to_string();
    match scale {
        Scale::Range { min, max } if min >= max => out.push(RangeInverted {
            indicator,
            min: *min,
            max: *max,
        }),
        Scale::Range { .. } => {}
        Scale::Rubric { levels } => {
            if levels.len() < 2 {
                out.push(RubricTooFewLevels {
                    indicator: indicator.clone(),
                });
            }
            for (n, level) in levels.iter().enumerate() {
                if !(Points::ZERO..=Points::HUNDRED).contains(&level.score) {
                    out.push(RubricLevelOutOfBounds {
                        indicator: indicator.clone(),
                        score: level.score,
                    });
                }
                if n > 0 && level.score <= levels[n - 1].score {
                    out.push(RubricNotAscending {
                        indicator: indicator.clone(),
                        level: n + 1,
                        score: level.score,
                    });
                }
                if level.label.is_incomplete() {
                    out.push(MissingLabel {
                        code: format!("{indicator} tingkat/level {}", n + 1),
                    });
                }
            }
        }
    }
}

fn check_rule(indicator: &str, rule: &Rule, scale: &Scale, out: &mut Vec<FrameworkError>) {
    use FrameworkError::*;
    let indicator = indicator.to_string();
    match rule {
        Rule::Linear { .. } if !matches!(scale, Scale::Range { .. }) => {
            out.push(LinearNeedsRange { indicator })
        }
        Rule::Linear { low, high } if low == high => out.push(LinearFlat { indicator }),
        Rule::Linear { .. } => {}
        Rule::Steps { steps } => {
            if steps.is_empty() || steps.windows(2).any(|w| w[0].from >= w[1].from) {
                out.push(StepsNotAscending {
                    indicator: indicator.clone(),
                });
            }
            for step in steps {
                if scale.check(step.value).is_err() {
                    out.push(StepOffScale {
                        indicator: indicator.clone(),
                        value: step.value,
                    });
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::award::computed::{Computed, Metric};
    use crate::award::framework::{Group, Indicator, RubricLevel, StageWeight};
    use crate::award::ids::{GroupCode, IndicatorCode, Label};
    use crate::award::points::Weight;

    fn indicator(code: &str, weight: u32, scale: Scale) -> Indicator {
        Indicator {
            code: IndicatorCode::parse(code).unwrap(),
            label: Label::new(code, code),
            weight: Weight(weight),
            scale,
            computed: None,
        }
    }

    fn level(score: i64) -> RubricLevel {
        RubricLevel {
            score: Points::whole(score),
            label: Label::new("tingkat", "level"),
        }
    }

    #[test]
    fn a_broken_framework_lists_every_problem_in_both_languages() {
        let mut linear_on_rubric = indicator(
            "B2",
            50,
            Scale::Rubric {
                levels: vec![level(0), level(100)],
            },
        );
        linear_on_rubric.computed = Some(Computed {
            metric: Metric::UcjCoverage,
            rule: Rule::Linear {
                low: 0,
                high: 100_000,
            },
        });
        let spec = FrameworkSpec {
            stage_weights: vec![
                StageWeight {
                    stage: Stage::Document,
                    weight: Weight(60),
                },
                StageWeight {
                    stage: Stage::Interview,
                    weight: Weight(30),
                },
            ],
            groups: vec![
                Group {
                    code: GroupCode::parse("A").unwrap(),
                    label: Label::new("Cakupan", "Coverage"),
                    stage: Stage::Document,
                    weight: Weight(50),
                    indicators: vec![
                        indicator(
                            "A1",
                            60,
                            Scale::Range {
                                min: Points::HUNDRED,
                                max: Points::ZERO,
                            },
                        ),
                        indicator("A2", 30, Scale::percent()),
                    ],
                },
                Group {
                    code: GroupCode::parse("B").unwrap(),
                    label: Label::new("Regulasi", ""),
                    stage: Stage::Document,
                    weight: Weight(40),
                    indicators: vec![
                        indicator(
                            "A1",
                            50,
                            Scale::Rubric {
                                levels: vec![level(50), level(25), level(120)],
                            },
                        ),
                        linear_on_rubric,
                    ],
                },
            ],
            tie_break_metric: None,
        };
        let problems = check(&spec);
        use FrameworkError::*;
        assert_eq!(
            problems,
            vec![
                StageWeightTotal { total: 90 },
                GroupWeightTotal {
                    stage: Stage::Document,
                    total: 90
                },
                StageWithoutGroups {
                    stage: Stage::Interview
                },
                IndicatorWeightTotal {
                    group: "A".into(),
                    total: 90
                },
                RangeInverted {
                    indicator: "A1".into(),
                    min: Points::HUNDRED,
                    max: Points::ZERO
                },
                MissingLabel { code: "B".into() },
                DuplicateIndicator {
                    indicator: "A1".into()
                },
                RubricNotAscending {
                    indicator: "A1".into(),
                    level: 2,
                    score: Points::whole(25)
                },
                RubricLevelOutOfBounds {
                    indicator: "A1".into(),
                    score: Points::whole(120)
                },
                LinearNeedsRange {
                    indicator: "B2".into()
                },
            ]
        );
        assert_eq!(
            problems[0].message(Lang::Id),
            "jumlah bobot tahap 90 %, seharusnya 100 %"
        );
        assert_eq!(
            problems[0].message(Lang::En),
            "stage weights add up to 90 %, not 100 %"
        );
        assert_eq!(
            problems[4].message(Lang::Id),
            "indikator A1: nilai minimum 100 harus lebih kecil dari maksimum 0"
        );
        assert_eq!(
            problems[7].message(Lang::En),
            "indicator A1: rubric level 2 (25.000) must score higher than the level before it"
        );
    }
}
