//! The default indicator frameworks of DOMAIN.md §11: one for regional governments (provinsi,
//! kabupaten, kota) and one for businesses (by scale). The published juknis of a year replaces
//! them; they are a starting point the secretariat edits before freezing.
//!
//! From DOMAIN.md: the stage weights (governments 60/40, businesses 70/30), the document groups
//! and their weights, the indicators and which are computed. Chosen here, because DOMAIN.md does
//! not give them (documented in docs/award.md): the indicator weights inside each group, the
//! thresholds of computed indicators, the rubric levels, and the interview stage's indicators.

mod business;
mod government;

use super::category::{Category, EntrantKind};
use super::computed::{Computed, Metric, Rule};
use super::cycle::{Cycle, Milestone, Phase};
use super::framework::{Framework, Group, Indicator, RubricLevel, Scale, Stage, StageWeight};
use super::ids::{GroupCode, IndicatorCode, Label};
use super::points::{Points, Weight};

/// The default framework of a category: the government one for provinsi/kabupaten/kota, the
/// business one (with CSR thresholds by scale) for businesses. Version 1, not frozen.
pub fn default_framework(year: u16, category: &Category) -> Framework {
    let spec = match category.kind {
        EntrantKind::Business { scale } => business::spec(scale),
        _ => government::spec(),
    };
    Framework::new(year, category.code.clone(), spec)
}

/// The usual calendar of a cycle, for the secretariat to adjust: registration in February and
/// March, document assessment April–May, provincial interviews and decisions in June–July,
/// national nomination in July, national interviews August–mid September, the final decision
/// in the second half of September and the ceremony on 20 November. Figures are cut off on
/// 31 December of the year before. Every category of [`Category::defaults`].
pub fn default_cycle(year: u16) -> Cycle {
    let y = i32::from(year);
    let d = |m: u32, day: u32| chrono::NaiveDate::from_ymd_opt(y, m, day).expect("a valid date");
    let dates = [
        ((2, 1), (3, 31)),
        ((4, 1), (5, 31)),
        ((6, 1), (6, 30)),
        ((7, 1), (7, 10)),
        ((7, 11), (7, 31)),
        ((8, 1), (9, 15)),
        ((9, 16), (9, 30)),
        ((11, 20), (11, 20)),
    ];
    let timeline = Phase::ALL
        .iter()
        .zip(dates)
        .map(|(phase, ((sm, sd), (em, ed)))| Milestone {
            phase: *phase,
            start: d(sm, sd),
            end: d(em, ed),
        })
        .collect();
    let cut_off = chrono::NaiveDate::from_ymd_opt(y - 1, 12, 31).expect("a valid date");
    Cycle::new(year, timeline, cut_off, Category::defaults())
        .expect("the default calendar is valid")
}

/// The five-level evidence rubric most evidence indicators use.
fn evidence_rubric() -> Scale {
    rubric(&[
        (0, "Tidak ada", "None"),
        (25, "Direncanakan", "Planned"),
        (50, "Ada, belum berjalan", "In place, not yet running"),
        (75, "Berjalan sebagian", "Partly running"),
        (
            100,
            "Berjalan penuh dan terbukti",
            "Fully running, with evidence",
        ),
    ])
}

fn rubric(levels: &[(i64, &str, &str)]) -> Scale {
    Scale::Rubric {
        levels: levels
            .iter()
            .map(|(score, id, en)| RubricLevel {
                score: Points::whole(*score),
                label: Label::new(id, en),
            })
            .collect(),
    }
}

fn linear(metric: Metric, low: i64, high: i64) -> Option<Computed> {
    Some(Computed {
        metric,
        rule: Rule::Linear { low, high },
    })
}

fn indicator(
    code: &str,
    id: &str,
    en: &str,
    weight: u32,
    scale: Scale,
    computed: Option<Computed>,
) -> Indicator {
    Indicator {
        code: IndicatorCode::builtin(code),
        label: Label::new(id, en),
        weight: Weight(weight),
        scale,
        computed,
    }
}

fn group(
    code: &str,
    id: &str,
    en: &str,
    stage: Stage,
    weight: u32,
    indicators: Vec<Indicator>,
) -> Group {
    Group {
        code: GroupCode::builtin(code),
        label: Label::new(id, en),
        stage,
        weight: Weight(weight),
        indicators,
    }
}

fn stages(documents: u32, interview: u32) -> Vec<StageWeight> {
    vec![
        StageWeight {
            stage: Stage::Document,
            weight: Weight(documents),
        },
        StageWeight {
            stage: Stage::Interview,
            weight: Weight(interview),
        },
    ]
}

/// 100 % in thousandths of a percent.
const ALL: i64 = 100_000;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_default_framework_passes_its_checks_and_freezes() {
        for category in Category::defaults() {
            let mut f = default_framework(2024, &category);
            assert_eq!(f.problems(), vec![], "{}", category.code);
            f.freeze().unwrap();
            assert!(f.is_frozen());
        }
    }

    #[test]
    fn the_default_cycle_is_valid_for_any_year() {
        use super::super::cycle::CycleStatus;
        let c = default_cycle(2026);
        assert_eq!(c.cut_off.to_string(), "2025-12-31");
        assert_eq!(c.categories.len(), 7);
        let on = |s: &str| c.status(s.parse().unwrap());
        assert_eq!(
            on("2026-03-31"),
            CycleStatus::In {
                phase: Phase::Registration
            }
        );
        assert_eq!(on("2026-11-23"), CycleStatus::Finished);
        default_cycle(2028); // a leap year
    }

    #[test]
    fn the_government_framework_keeps_the_weights_of_domain_md() {
        let cats = Category::defaults();
        let f = default_framework(2024, &cats[1]);
        assert_eq!(f.stage_weight(Stage::Document), Weight(60));
        assert_eq!(f.stage_weight(Stage::Interview), Weight(40));
        let weights: Vec<(String, u32)> = f
            .groups(Stage::Document)
            .map(|g| (g.code.to_string(), g.weight.0))
            .collect();
        let expected = [("A", 35), ("B", 20), ("C", 20), ("D", 10), ("E", 15)];
        assert_eq!(weights, expected.map(|(c, w)| (c.to_string(), w)).to_vec());
        let (_, a1) = f.indicator(&IndicatorCode::builtin("A1")).unwrap();
        assert_eq!(a1.computed.as_ref().unwrap().metric, Metric::UcjCoverage);

        let business = default_framework(2024, &cats[6]);
        assert_eq!(business.stage_weight(Stage::Document), Weight(70));
        let weights: Vec<u32> = business
            .groups(Stage::Document)
            .map(|g| g.weight.0)
            .collect();
        assert_eq!(weights, vec![40, 30, 20, 10]);
    }
}
