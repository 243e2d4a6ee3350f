//! Dates typed into query strings and command-line options (`date=`, `from=`, `to=`,
//! `tanggal=`): ISO `YYYY-MM-DD`, within the years Paritrana can answer about. Spreadsheet
//! dates, with their many shapes, are `paritrana_core::date`'s business, not this module's.

use crate::coverage::BadParam;
use chrono::{Datelike, NaiveDate};
use std::ops::RangeInclusive;

/// The years a question may be about. Wider than the programme's life (1977 on) so that old
/// birth dates and long plans still read, narrow enough that no date near the calendar's ends
/// (year ±262,143) reaches date arithmetic, where it would overflow.
pub const QUERY_YEARS: RangeInclusive<i32> = 1900..=2200;

/// Reads the value of parameter `name` as a date within [`QUERY_YEARS`]; the message names the
/// parameter and the value in both languages.
pub fn parse(name: &str, text: &str) -> Result<NaiveDate, BadParam> {
    let t = text.trim();
    let date = NaiveDate::parse_from_str(t, "%Y-%m-%d").map_err(|_| BadParam {
        id: format!("{name} `{t}` bukan tanggal (pakai TTTT-BB-HH, mis. 2023-12-31)"),
        en: format!("{name} `{t}` is not a date (use YYYY-MM-DD, e.g. 2023-12-31)"),
    })?;
    if !QUERY_YEARS.contains(&date.year()) {
        let (first, last) = (QUERY_YEARS.start(), QUERY_YEARS.end());
        return Err(BadParam {
            id: format!("{name} `{t}` di luar rentang tahun {first}–{last}"),
            en: format!("{name} `{t}` is outside the years {first}–{last}"),
        });
    }
    Ok(date)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_outside_the_years_are_refused_naming_parameter_and_value() {
        assert_eq!(
            parse("from", " 1969-12-01 ").unwrap().to_string(),
            "1969-12-01"
        );
        let e = parse("from", "1899-12-31").unwrap_err();
        assert!(
            e.id.contains("from `1899-12-31`") && e.id.contains("1900–2200"),
            "{}",
            e.id
        );
        assert!(e.en.contains("outside the years"), "{}", e.en);
        assert!(parse("to", "+99999-01-01").is_err());
        assert!(parse("to", "2201-01-01").is_err());
        let e = parse("date", "31/12/2023").unwrap_err();
        assert!(e.en.contains("date `31/12/2023` is not a date"), "{}", e.en);
    }
}
