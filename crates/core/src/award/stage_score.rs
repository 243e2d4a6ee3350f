//! One assessor's stage score for one entry: the weighted sum of their indicator scores,
//! normalised to 0–100.
//!
//! ```text
//! n_i = indicator i's value on 0–100        (Scale::normalise: round((v − min) × 100 / (max − min)),
//!                                            a rubric level's own score)
//! S   = round( Σ_groups Σ_indicators  w_group × w_indicator × n_i  / 10 000 )
//! ```
//! Weights are whole percents adding up to 100 per stage and per group, so `S` lies in 0–100
//! and only the final division rounds (half away from zero, to the milli-point). An assessor
//! who left any indicator of the stage blank has no stage score: the sheet is incomplete.

use super::framework::{Framework, Stage};
use super::ids::IndicatorCode;
use super::points::{Points, div_points};
use std::collections::BTreeMap;

/// The indicators of a stage an assessor has not scored yet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Incomplete {
    pub missing: Vec<IndicatorCode>,
}

/// The stage score from one assessor's values for one entry (values keyed by indicator; values
/// of other stages are ignored). Values are assumed checked against their scales.
pub fn assessor_stage_score(
    framework: &Framework,
    stage: Stage,
    values: &BTreeMap<IndicatorCode, Points>,
) -> Result<Points, Incomplete> {
    let mut sum: i128 = 0;
    let mut missing = Vec::new();
    for (group, indicator) in framework.indicators(stage) {
        match values.get(&indicator.code) {
            Some(value) => {
                let normalised = indicator.scale.normalise(*value);
                sum += i128::from(group.weight.0)
                    * i128::from(indicator.weight.0)
                    * i128::from(normalised.milli());
            }
            None => missing.push(indicator.code.clone()),
        }
    }
    if missing.is_empty() {
        Ok(div_points(sum, 10_000))
    } else {
        Err(Incomplete { missing })
    }
}

/// The final score from an entry's stage scores: `round(Σ_stages w_stage × E_stage / 100)`.
/// `None` when a weighted stage has no score.
pub fn final_score(
    framework: &Framework,
    stage_scores: &BTreeMap<Stage, Points>,
) -> Option<Points> {
    let mut sum: i128 = 0;
    for stage in framework.scored_stages() {
        let score = stage_scores.get(&stage)?;
        sum += i128::from(framework.stage_weight(stage).0) * i128::from(score.milli());
    }
    Some(div_points(sum, 100))
}
