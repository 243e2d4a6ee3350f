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

#[cfg(test)]
mod tests {
    use super::*;

    fn sheet(rows: &[(u32, i64, i64)]) -> StageSheet {
        let mut out = StageSheet::new();
        for (entry, assessor, milli) in rows {
            out.entry(EntryId(*entry))
                .or_default()
                .insert(AssessorId(*assessor), Points::from_milli(*milli));
        }
        out
    }

    fn milli(scores: &BTreeMap<EntryId, Points>) -> Vec<(u32, i64)> {
        scores.iter().map(|(e, p)| (e.0, p.milli())).collect()
    }

    /// | entry | scores | mean | trimmed (≥ 4) | trimmed (≥ 3) |
    /// |---|---|---|---|---|
    /// | 1 | 70, 80, 85, 100 | 335/4 = 83.750 | (80 + 85)/2 = 82.500 | 82.500 |
    /// | 2 | 60, 90, 91 | 241/3 = 80.333 | fewer than 4: 80.333 | 90.000 |
    /// | 3 | 70, 71, 71, 72, 90 | 374/5 = 74.800 | 214/3 = 71.333 | 71.333 |
    #[test]
    fn the_trimmed_mean_drops_one_highest_and_one_lowest() {
        let s = sheet(&[
            (1, 1, 70_000),
            (1, 2, 80_000),
            (1, 3, 85_000),
            (1, 4, 100_000),
            (2, 1, 60_000),
            (2, 2, 90_000),
            (2, 3, 91_000),
            (3, 1, 70_000),
            (3, 2, 71_000),
            (3, 3, 71_000),
            (3, 4, 72_000),
            (3, 5, 90_000),
        ]);
        assert_eq!(
            milli(&aggregate(Aggregation::Mean, &s)),
            vec![(1, 83_750), (2, 80_333), (3, 74_800)]
        );
        let four = Aggregation::TrimmedMean { min_assessors: 4 };
        assert_eq!(
            milli(&aggregate(four, &s)),
            vec![(1, 82_500), (2, 80_333), (3, 71_333)]
        );
        // Asking for fewer than 3 behaves as 3: never trim two of two scores away.
        for min_assessors in [0, 3] {
            let three = Aggregation::TrimmedMean { min_assessors };
            assert_eq!(
                milli(&aggregate(three, &s)),
                vec![(1, 82_500), (2, 90_000), (3, 71_333)]
            );
        }
    }

    /// A harsh assessor H (1) scores #1 66 and #2 58; a lenient L (2) scores #2 64 and #3 72.
    /// The mean puts #3 (72, from L alone) above #1 (66, from H alone).
    ///
    /// In milli-points: H: n = 2, s = 124 000, Q_H = 2·(66 000² + 58 000²) − 124 000² =
    /// 64 000 000 (σ_H = √Q_H / 2 = 4 000); L likewise Q_L = 64 000 000, s = 136 000.
    /// Pool: N = 4, SUM = 260 000, Σx² = 17 000 000 000, Q = 4·17·10⁹ − 260 000² =
    /// 400 000 000 (σ = 5 000). ⌊√(Q·Q_H)⌋ = 160 000 000.
    ///
    /// x'(H, #1) = (260 000·64 000 000 + (2·66 000 − 124 000)·160 000 000) / (4·64 000 000)
    ///           = (16 640 000 000 000 + 1 280 000 000 000) / 256 000 000 = 70 000
    /// and likewise x'(H, #2) = 60 000, x'(L, #2) = 60 000, x'(L, #3) = 70 000:
    /// #1 = 70, #2 = 60, #3 = 70. Both extremes are one σ from their assessor's mean, so
    /// after removing the bias #1 and #3 are equal.
    #[test]
    fn z_scores_remove_a_harsh_and_a_lenient_assessor() {
        let s = sheet(&[
            (1, 1, 66_000),
            (2, 1, 58_000),
            (2, 2, 64_000),
            (3, 2, 72_000),
        ]);
        assert_eq!(
            milli(&aggregate(Aggregation::Mean, &s)),
            vec![(1, 66_000), (2, 61_000), (3, 72_000)]
        );
        let z = standardise(&s);
        assert_eq!(z[&EntryId(1)][&AssessorId(1)], Points::whole(70));
        assert_eq!(z[&EntryId(2)][&AssessorId(1)], Points::whole(60));
        assert_eq!(z[&EntryId(2)][&AssessorId(2)], Points::whole(60));
        assert_eq!(z[&EntryId(3)][&AssessorId(2)], Points::whole(70));
        assert_eq!(
            milli(&aggregate(Aggregation::ZScore, &s)),
            vec![(1, 70_000), (2, 60_000), (3, 70_000)]
        );
    }

    /// A (1) scores #1 50 and #2 70; B (2) scores only #1, 80. B has no spread (Q_B = 0), so
    /// B's 80 becomes the pool mean round(200 000 / 3) = 66 667.
    /// Q_A = 2·(50 000² + 70 000²) − 120 000² = 400 000 000; pool N = 3, SUM = 200 000,
    /// Q = 3·(50 000² + 70 000² + 80 000²) − 200 000² = 1 400 000 000;
    /// ⌊√(Q·Q_A)⌋ = ⌊√560 000 000 000 000 000⌋ = 748 331 477.
    /// x'(A, #1) = (200 000·Q_A − 20 000·748 331 477) / (3·Q_A)
    ///           = 65 033 370 460 000 / 1 200 000 000 = 54 194.47… → 54 194
    /// x'(A, #2) = 94 966 629 540 000 / 1 200 000 000 = 79 138.85… → 79 139
    /// #1 = (54 194 + 66 667) / 2 = 60 430.5 → 60 431; #2 = 79 139.
    #[test]
    fn an_assessor_without_spread_maps_to_the_pool_mean() {
        let s = sheet(&[(1, 1, 50_000), (2, 1, 70_000), (1, 2, 80_000)]);
        let z = standardise(&s);
        assert_eq!(z[&EntryId(1)][&AssessorId(2)], Points::from_milli(66_667));
        assert_eq!(z[&EntryId(1)][&AssessorId(1)], Points::from_milli(54_194));
        assert_eq!(z[&EntryId(2)][&AssessorId(1)], Points::from_milli(79_139));
        assert_eq!(
            milli(&aggregate(Aggregation::ZScore, &s)),
            vec![(1, 60_431), (2, 79_139)]
        );
    }
}
