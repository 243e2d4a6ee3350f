//! From assessors' stage scores to an entry's stage score. The pool an aggregation sees is one
//! stage of one category in one round (one province in the provincial round): scores under
//! different frameworks are never mixed.
//!
//! All values are milli-points; every division rounds half away from zero.
//!
//! - **Mean** (default): `E = round(Σ_a S_a / n)`.
//! - **Trimmed mean**: with at least `min_assessors` (never fewer than 3) scores, the single
//!   highest and single lowest are dropped and the rest averaged as above; with fewer, the mean.
//! - **Z-score**: removes each assessor's harshness or leniency. For assessor `a` with `n_a`
//!   scores in the pool, sum `s_a` and `Q_a = n_a·Σx² − s_a²` (so `σ_a = √Q_a / n_a`, the
//!   population deviation), and the pool's `N`, `SUM`, `Q = N·Σx² − SUM²` (`σ = √Q / N`):
//!   ```text
//!   z  = (x − s_a/n_a) / σ_a = (n_a·x − s_a) / √Q_a
//!   x' = SUM/N + σ·z       = (SUM·Q_a + (n_a·x − s_a)·⌊√(Q·Q_a)⌋) / (N·Q_a)
//!   ```
//!   one rounded division, `⌊√…⌋` the integer square root rounded down, `x'` clamped to 0–100.
//!   An assessor whose scores do not spread (`Q_a = 0`, e.g. a single entry) has `z = 0`:
//!   every one of their scores becomes the pool mean `round(SUM/N)`. The entry's score is then
//!   the mean of its rescaled `x'`.

use super::ids::{AssessorId, EntryId};
use super::points::{Points, div_points, div_round};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// How assessors' stage scores are combined.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(tag = "method", rename_all = "snake_case")]
pub enum Aggregation {
    #[default]
    Mean,
    TrimmedMean {
        min_assessors: u32,
    },
    ZScore,
}

/// The complete stage scores of one pool: entry → assessor → stage score.
pub type StageSheet = BTreeMap<EntryId, BTreeMap<AssessorId, Points>>;

/// Each entry's stage score under `method`. Entries without any score are absent.
pub fn aggregate(method: Aggregation, sheet: &StageSheet) -> BTreeMap<EntryId, Points> {
    match method {
        Aggregation::Mean => mean_each(sheet),
        Aggregation::TrimmedMean { min_assessors } => sheet
            .iter()
            .filter(|(_, by)| !by.is_empty())
            .map(|(entry, by)| {
                let mut values: Vec<Points> = by.values().copied().collect();
                values.sort();
                let trimmed = if values.len() >= (min_assessors.max(3) as usize) {
                    &values[1..values.len() - 1]
                } else {
                    &values[..]
                };
                (*entry, mean(trimmed))
            })
            .collect(),
        Aggregation::ZScore => mean_each(&standardise(sheet)),
    }
}

fn mean_each(sheet: &StageSheet) -> BTreeMap<EntryId, Points> {
    sheet
        .iter()
        .filter(|(_, by)| !by.is_empty())
        .map(|(entry, by)| (*entry, mean(&by.values().copied().collect::<Vec<_>>())))
        .collect()
}

fn mean(values: &[Points]) -> Points {
    let sum: i128 = values.iter().map(|v| i128::from(v.milli())).sum();
    div_points(sum, values.len().max(1) as i128)
}

/// Count, sum and `n·Σx² − (Σx)²` of some scores.
#[derive(Default)]
struct Moments {
    n: i128,
    sum: i128,
    squares: i128,
}

impl Moments {
    fn add(&mut self, x: Points) {
        let x = i128::from(x.milli());
        self.n += 1;
        self.sum += x;
        self.squares += x * x;
    }

    fn q(&self) -> i128 {
        self.n * self.squares - self.sum * self.sum
    }
}

/// Every score replaced by its rescaled z-score `x'` (formula in the module doc).
pub fn standardise(sheet: &StageSheet) -> StageSheet {
    let mut pool = Moments::default();
    let mut by_assessor: BTreeMap<AssessorId, Moments> = BTreeMap::new();
    for (assessor, x) in sheet.values().flat_map(|by| by.iter()) {
        pool.add(*x);
        by_assessor.entry(*assessor).or_default().add(*x);
    }
    let q = pool.q();
    sheet
        .iter()
        .map(|(entry, by)| {
            let rescaled = by
                .iter()
                .map(|(assessor, x)| {
                    let own = &by_assessor[assessor];
                    let q_a = own.q();
                    let value = if q_a == 0 {
                        div_round(pool.sum, pool.n)
                    } else {
                        let root = (q as u128 * q_a as u128).isqrt() as i128;
                        let deviation = own.n * i128::from(x.milli()) - own.sum;
                        div_round(pool.sum * q_a + deviation * root, pool.n * q_a)
                    };
                    let value = value.clamp(0, i128::from(Points::HUNDRED.milli()));
                    (*assessor, Points::from_milli(value as i64))
                })
                .collect();
            (*entry, rescaled)
        })
        .collect()
}
