//! How values become cell text, without the `fmt` machinery: a million rows write five million
//! dates, codes and numbers, and `Display` with its per-character writes would dominate.
//! The output is exactly what `Display` gives (checked in the tests below).

use chrono::{Datelike, NaiveDate};

use crate::codes::ProgrammeSet;
use crate::region::RegionCode;

/// Appends `n` with at least `width` digits, zero-padded.
fn push_padded(out: &mut String, n: u64, width: usize) {
    let mut buf = [b'0'; 20];
    let mut i = buf.len();
    let mut rest = n;
    loop {
        i -= 1;
        buf[i] = b'0' + (rest % 10) as u8;
        rest /= 10;
        if rest == 0 {
            break;
        }
    }
    let start = i.min(buf.len() - width.min(buf.len()));
    // Only ASCII digits were written, so this never falls back.
    out.push_str(std::str::from_utf8(&buf[start..]).unwrap_or_default());
}

/// `YYYY-MM-DD`, as `NaiveDate`'s `Display` for years 0–9999.
pub(super) fn date(d: NaiveDate) -> String {
    let mut s = String::with_capacity(10);
    push_padded(&mut s, u64::try_from(d.year()).unwrap_or(0), 4);
    s.push('-');
    push_padded(&mut s, u64::from(d.month()), 2);
    s.push('-');
    push_padded(&mut s, u64::from(d.day()), 2);
    s
}

/// A number as plain digits, zero-padded to `width`.
pub(super) fn digits(n: u64, width: usize) -> String {
    let mut s = String::with_capacity(width.max(8));
    push_padded(&mut s, n, width);
    s
}

/// Whole rupiah as plain digits, with a leading `-` when negative.
pub(super) fn rupiah(n: i64) -> String {
    let mut s = String::with_capacity(10);
    if n < 0 {
        s.push('-');
    }
    push_padded(&mut s, n.unsigned_abs(), 0);
    s
}

/// A programme list as `JKK,JKM,JHT`, as `ProgrammeSet`'s `Display`.
pub(super) fn programmes(set: ProgrammeSet) -> String {
    let mut s = String::with_capacity(20);
    for p in set.iter() {
        if !s.is_empty() {
            s.push(',');
        }
        s.push_str(p.code());
    }
    s
}

/// The dotted code of a village (`64.01.01.2001`); other levels fall back to `Display`.
pub(super) fn village_code(code: RegionCode) -> String {
    let n = code.as_u64();
    if !(1_000_000_000..10_000_000_000).contains(&n) {
        return code.to_string();
    }
    let mut s = String::with_capacity(13);
    push_padded(&mut s, n / 100_000_000, 2);
    s.push('.');
    push_padded(&mut s, n / 1_000_000 % 100, 2);
    s.push('.');
    push_padded(&mut s, n / 10_000 % 100, 2);
    s.push('.');
    push_padded(&mut s, n % 10_000, 4);
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_match_display() {
        for (y, m, d) in [(1961, 1, 1), (2007, 12, 31), (2024, 2, 29), (999, 3, 4)] {
            let day = NaiveDate::from_ymd_opt(y, m, d).unwrap();
            assert_eq!(date(day), day.to_string());
        }
        for c in ["64.01.01.2001", "11.01.01.1001", "91.03.10.3001"] {
            let code = RegionCode::parse(c).unwrap();
            assert_eq!(village_code(code), c);
        }
        assert_eq!(village_code(RegionCode::parse("64.01").unwrap()), "64.01");
        assert_eq!(digits(1_000_000, 0), "1000000");
        assert_eq!(digits(6_401_011_708_850_003, 16), "6401011708850003");
        assert_eq!(digits(7, 4), "0007");
        assert_eq!(rupiah(-1_500_000), "-1500000");
        let set = ProgrammeSet::parse("JKP JP JHT JKM JKK").unwrap();
        assert_eq!(programmes(set), set.to_string());
    }
}
