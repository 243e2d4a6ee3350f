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
