//! Binding dates as ISO `YYYY-MM-DD` text without going through a formatter: imports bind
//! millions of them, and chrono's `%F` path allocates for each.

use chrono::{Datelike, NaiveDate};
use rusqlite::types::{ToSql, ToSqlOutput, ValueRef};

/// A date rendered once into ten bytes, bindable as SQL text.
pub struct IsoDate([u8; 10]);

/// Renders `d` as `YYYY-MM-DD` (years 0–9999, which is all a registry holds).
pub fn iso(d: NaiveDate) -> IsoDate {
    let (y, m, day) = (d.year().clamp(0, 9999) as u32, d.month(), d.day());
    let digit = |n: u32| b'0' + (n % 10) as u8;
    IsoDate([
        digit(y / 1000),
        digit(y / 100),
        digit(y / 10),
        digit(y),
        b'-',
        digit(m / 10),
        digit(m),
        b'-',
        digit(day / 10),
        digit(day),
    ])
}

impl ToSql for IsoDate {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(ToSqlOutput::Borrowed(ValueRef::Text(&self.0)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_like_chrono() {
        for (y, m, d) in [(2023, 8, 17), (1961, 1, 1), (2000, 2, 29), (9999, 12, 31)] {
            let date = NaiveDate::from_ymd_opt(y, m, d).unwrap();
            assert_eq!(
                std::str::from_utf8(&iso(date).0).unwrap(),
                date.format("%Y-%m-%d").to_string()
            );
        }
    }
}
