//! Rates and their arithmetic: a percentage held exactly as parts per million of the base, and
//! the one rounding rule of the product.
//!
//! Rounding rule: an amount is the exact product `base × rate` (integer rupiah × parts per
//! million, in 128-bit integers), rounded **half up** to the whole rupiah once. Each payer's share
//! of a programme is rounded on its own, and the programme's amount is the sum of the rounded
//! shares, so the shares always add up to the amount shown.

use serde::Serialize;

/// Parts per million of the base in one percent.
const PPM_PER_PERCENT: i64 = 10_000;

/// A rate as parts per million of its base: 0.24 % is `Ppm(2_400)`, 0.0021 % is `Ppm(21)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize)]
pub struct Ppm(pub i64);

impl Ppm {
    /// Reads a percentage written with a decimal point and at most four decimals (`"0.24"`,
    /// `"3.7"`, `"0.0021"`). `None` for anything else, including negative values.
    pub fn parse_percent(text: &str) -> Option<Ppm> {
        let t = text.trim();
        let (whole, fraction) = t.split_once('.').unwrap_or((t, ""));
        let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
        if whole.is_empty() || !digits(whole) || !digits(fraction) || fraction.len() > 4 {
            return None;
        }
        let whole: i64 = whole.parse().ok()?;
        let mut frac: i64 = if fraction.is_empty() {
            0
        } else {
            fraction.parse().ok()?
        };
        for _ in fraction.len()..4 {
            frac *= 10;
        }
        whole
            .checked_mul(PPM_PER_PERCENT)
            .and_then(|w| w.checked_add(frac))
            .map(Ppm)
    }

    /// The percentage as text without trailing zeros, with `.` or `,` as the decimal mark
    /// (`"0.24"`, `"0,0021"`, `"2"`).
    pub fn percent_text(self, decimal_mark: char) -> String {
        let whole = self.0 / PPM_PER_PERCENT;
        let frac = self.0 % PPM_PER_PERCENT;
        if frac == 0 {
            return whole.to_string();
        }
        let frac = format!("{frac:04}");
        format!("{whole}{decimal_mark}{}", frac.trim_end_matches('0'))
    }

    /// `base × self`, rounded half up to the rupiah (see the module documentation).
    pub fn of(self, base: i64) -> i64 {
        round_half_up(i128::from(base) * i128::from(self.0))
    }
}

/// An amount as people read it: `Rp 9.376.416.000` in Bahasa Indonesia, `Rp 9,376,416,000` in
/// English.
pub fn format_rupiah(r: crate::worker::Rupiah, lang: crate::Lang) -> String {
    let digits = crate::lang::format_count(r.0.unsigned_abs(), lang);
    if r.0 < 0 {
        format!("-Rp {digits}")
    } else {
        format!("Rp {digits}")
    }
}

/// Rounds an exact amount in millionths of a rupiah half up to the rupiah. Amounts are never
/// negative here; a negative input rounds half away from zero, symmetrically.
pub(crate) fn round_half_up(millionths: i128) -> i64 {
    let half = 500_000i128;
    let rounded = if millionths >= 0 {
        (millionths + half) / 1_000_000
    } else {
        -((-millionths + half) / 1_000_000)
    };
    i64::try_from(rounded).unwrap_or(if rounded > 0 { i64::MAX } else { i64::MIN })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentages_are_read_exactly() {
        assert_eq!(Ppm::parse_percent("0.24"), Some(Ppm(2_400)));
        assert_eq!(Ppm::parse_percent("3.7"), Some(Ppm(37_000)));
        assert_eq!(Ppm::parse_percent("2"), Some(Ppm(20_000)));
        assert_eq!(Ppm::parse_percent("0.0021"), Some(Ppm(21)));
        assert_eq!(Ppm::parse_percent("0.00021"), None, "five decimals");
        assert_eq!(Ppm::parse_percent("-1"), None);
        assert_eq!(Ppm::parse_percent("0,24"), None, "the data uses a point");
        assert_eq!(Ppm::parse_percent(""), None);
        assert_eq!(Ppm(2_400).percent_text(','), "0,24");
        assert_eq!(Ppm(21).percent_text('.'), "0.0021");
        assert_eq!(Ppm(20_000).percent_text(','), "2");
    }

    #[test]
    fn amounts_round_half_up_to_the_rupiah() {
        // 0.24 % of 1,234,567 = 2,962.9608 → 2,963
        assert_eq!(Ppm(2_400).of(1_234_567), 2_963);
        // 0.30 % of 1,000,500 = 3,001.5 → 3,002 (half up)
        assert_eq!(Ppm(3_000).of(1_000_500), 3_002);
        // 0.30 % of 1,000,499 = 3,001.497 → 3,001
        assert_eq!(Ppm(3_000).of(1_000_499), 3_001);
        // 1 % of 1,000,000 = 10,000 exactly
        assert_eq!(Ppm(10_000).of(1_000_000), 10_000);
        // 0.0024 % of 2,500,000 = 60 exactly; of 2,520,833 = 60.499992 → 60
        assert_eq!(Ppm(24).of(2_500_000), 60);
        assert_eq!(Ppm(24).of(2_520_833), 60);
        assert_eq!(round_half_up(-1_500_000), -2);
    }
}
