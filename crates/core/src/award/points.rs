//! Exact award arithmetic: scores in milli-points, weights in whole percents, and the one
//! rounding rule every division of the award follows.
//!
//! A score is an `i64` count of thousandths of a point (`87.125` points is `87_125`), so sums
//! and weighted sums are exact integers. Only divisions round, and all of them round **half away
//! from zero to the nearest milli-point** ([`div_round`]). Intermediate products are taken in
//! `i128`, so no weighted sum of realistic size can overflow.

use crate::Lang;
use serde::{Deserialize, Serialize};
use std::fmt;

/// A score or scale value in milli-points: `Points::from_milli(87_125)` is 87.125 points.
/// Stored and exported as the integer count of milli-points, which is exact.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize,
)]
#[serde(transparent)]
pub struct Points(i64);

/// Why a typed score could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{0}` is not a score (a number with at most three decimals, e.g. 87.5)")]
pub struct PointsError(pub String);

impl crate::lang::Localized for PointsError {
    fn message(&self, lang: Lang) -> String {
        match lang {
            Lang::Id => format!(
                "`{}` bukan nilai (angka dengan paling banyak tiga desimal, mis. 87,5)",
                self.0
            ),
            Lang::En => self.to_string(),
        }
    }
}

impl Points {
    pub const ZERO: Points = Points(0);
    /// The top of every normalised score: 100 points.
    pub const HUNDRED: Points = Points(100_000);

    pub const fn from_milli(milli: i64) -> Points {
        Points(milli)
    }

    /// Whole points: `Points::whole(80)` is 80.000.
    pub const fn whole(points: i64) -> Points {
        Points(points * 1000)
    }

    pub const fn milli(self) -> i64 {
        self.0
    }

    /// Reads `87`, `87.5`, `87,5` or `-3.25` (at most three decimals; no digit grouping).
    pub fn parse(input: &str) -> Result<Points, PointsError> {
        let bad = || PointsError(input.to_string());
        let s = input.trim();
        let (negative, body) = match s.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, s),
        };
        let (int, frac) = match body.split_once(['.', ',']) {
            Some((i, f)) => (i, f),
            None => (body, ""),
        };
        let digits = |t: &str| t.bytes().all(|b| b.is_ascii_digit());
        if int.is_empty() || int.len() > 12 || !digits(int) || frac.len() > 3 || !digits(frac) {
            return Err(bad());
        }
        let whole: i64 = int.parse().map_err(|_| bad())?;
        let frac_milli: i64 = format!("{frac:0<3}").parse().map_err(|_| bad())?;
        let milli = whole * 1000 + frac_milli;
        Ok(Points(if negative { -milli } else { milli }))
    }

    /// For people: the decimal mark of the language and no trailing zeros (`87,5` / `87.5`,
    /// `100`). Exports use [`Display`](fmt::Display), which always shows three decimals.
    pub fn format(self, lang: Lang) -> String {
        let full = self.to_string();
        let text = full.trim_end_matches('0').trim_end_matches('.');
        match lang {
            Lang::Id => text.replace('.', ","),
            Lang::En => text.to_string(),
        }
    }
}

impl fmt::Display for Points {
    /// Always three decimals with a point: `87.125`, `-0.500`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = if self.0 < 0 { "-" } else { "" };
        let abs = self.0.unsigned_abs();
        write!(f, "{sign}{}.{:03}", abs / 1000, abs % 1000)
    }
}

/// A weight in whole percents (0–100). Weights of siblings must add up to exactly 100, which
/// the framework check enforces.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize,
)]
#[serde(transparent)]
pub struct Weight(pub u32);

impl Weight {
    pub fn percent(self) -> u32 {
        self.0
    }
}

impl fmt::Display for Weight {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} %", self.0)
    }
}

/// `n / d` rounded half away from zero (`d` must not be zero; callers guard it).
/// `7/2 → 4`, `-7/2 → -4`, `5/3 → 2`, `4/3 → 1`.
pub fn div_round(n: i128, d: i128) -> i128 {
    debug_assert!(d != 0, "division by zero in award arithmetic");
    let (n, d) = if d < 0 { (-n, -d) } else { (n, d) };
    let q = n / d;
    let r = n % d;
    if 2 * r.abs() >= d { q + n.signum() } else { q }
}

/// [`div_round`] for results known to fit milli-points (scores are bounded by their scales).
pub(crate) fn div_points(n: i128, d: i128) -> Points {
    Points(clamp_i64(div_round(n, d)))
}

fn clamp_i64(v: i128) -> i64 {
    v.clamp(i64::MIN as i128, i64::MAX as i128) as i64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn halves_round_away_from_zero() {
        assert_eq!(div_round(7, 2), 4);
        assert_eq!(div_round(-7, 2), -4);
        assert_eq!(div_round(5, 3), 2);
        assert_eq!(div_round(4, 3), 1);
        assert_eq!(div_round(-4, 3), -1);
        assert_eq!(div_round(7, -2), -4);
        assert_eq!(div_round(249_999, 5), 50_000);
    }

    #[test]
    fn scores_read_and_print_with_three_decimals() {
        assert_eq!(Points::parse("87,5"), Ok(Points::from_milli(87_500)));
        assert_eq!(Points::parse(" 87.125 "), Ok(Points::from_milli(87_125)));
        assert_eq!(Points::parse("100"), Ok(Points::HUNDRED));
        assert_eq!(Points::parse("-0.5"), Ok(Points::from_milli(-500)));
        assert!(Points::parse("87.1255").is_err());
        assert!(Points::parse("8 7").is_err());
        assert!(Points::parse("").is_err());
        assert!(Points::parse(".5").is_err());
        assert_eq!(Points::from_milli(87_125).to_string(), "87.125");
        assert_eq!(Points::from_milli(-500).to_string(), "-0.500");
        assert_eq!(Points::from_milli(90_430).format(Lang::Id), "90,43");
        assert_eq!(Points::HUNDRED.format(Lang::Id), "100");
        assert_eq!(Points::from_milli(87_500).format(Lang::En), "87.5");
        assert_eq!(Points::ZERO.format(Lang::En), "0");
    }
}
