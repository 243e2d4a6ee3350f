//! The two languages the product speaks, Bahasa Indonesia (default) and English, and how counts
//! and dates are written in each: the one place that holds month names for writing (reading
//! typed dates, with their many spellings, is [`crate::date`]).

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

/// A user-facing language. Bahasa Indonesia is the default everywhere.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    /// Bahasa Indonesia.
    #[default]
    Id,
    /// English.
    En,
}

impl Lang {
    /// Parses `id`/`en` (and a few spellings people type); anything else is `None`.
    pub fn parse(s: &str) -> Option<Lang> {
        match s.trim().to_ascii_lowercase().as_str() {
            "id" | "in" | "ind" | "indonesia" | "bahasa" => Some(Lang::Id),
            "en" | "eng" | "english" => Some(Lang::En),
            _ => None,
        }
    }
}

/// Something that can explain itself to a user in either language.
pub trait Localized {
    /// The message in the given language.
    fn message(&self, lang: Lang) -> String;
}

/// A count with digit grouping: `1.234.567` in Bahasa Indonesia, `1,234,567` in English.
pub fn format_count(n: u64, lang: Lang) -> String {
    let sep = match lang {
        Lang::Id => '.',
        Lang::En => ',',
    };
    let s = n.to_string();
    let mut out = String::with_capacity(s.len() + s.len() / 3);
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(sep);
        }
        out.push(c);
    }
    out
}

/// Month names, January first.
const MONTHS: [(&str, &str); 12] = [
    ("Januari", "January"),
    ("Februari", "February"),
    ("Maret", "March"),
    ("April", "April"),
    ("Mei", "May"),
    ("Juni", "June"),
    ("Juli", "July"),
    ("Agustus", "August"),
    ("September", "September"),
    ("Oktober", "October"),
    ("November", "November"),
    ("Desember", "December"),
];

/// Short month names as Indonesian calendars print them (`Agu`, `Okt`, `Des`), January first.
const SHORT_MONTHS: [(&str, &str); 12] = [
    ("Jan", "Jan"),
    ("Feb", "Feb"),
    ("Mar", "Mar"),
    ("Apr", "Apr"),
    ("Mei", "May"),
    ("Jun", "Jun"),
    ("Jul", "Jul"),
    ("Agu", "Aug"),
    ("Sep", "Sep"),
    ("Okt", "Oct"),
    ("Nov", "Nov"),
    ("Des", "Dec"),
];

fn pick(names: &[(&'static str, &'static str); 12], date: NaiveDate, lang: Lang) -> &'static str {
    // `month0` is 0–11 for every date chrono can hold.
    let (id, en) = names[date.month0() as usize % 12];
    match lang {
        Lang::Id => id,
        Lang::En => en,
    }
}

/// The name of a date's month: `Agustus` / `August`.
pub fn month_name(date: NaiveDate, lang: Lang) -> &'static str {
    pick(&MONTHS, date, lang)
}

/// A date in words, day without a leading zero: `17 Agustus 1945` / `17 August 1945`.
pub fn long_date(date: NaiveDate, lang: Lang) -> String {
    format!("{} {} {}", date.day(), month_name(date, lang), date.year())
}

/// A month and its year, short (chart axes): `Des 2023` / `Dec 2023`.
pub fn month_label(date: NaiveDate, lang: Lang) -> String {
    format!("{} {}", pick(&SHORT_MONTHS, date, lang), date.year())
}

#[cfg(test)]
mod format_tests {
    use super::*;

    #[test]
    fn counts_are_grouped_per_language() {
        assert_eq!(format_count(81_436, Lang::Id), "81.436");
        assert_eq!(format_count(1_234_567, Lang::En), "1,234,567");
        assert_eq!(format_count(999, Lang::Id), "999");
        assert_eq!(format_count(0, Lang::Id), "0");
    }

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn dates_are_written_in_words_per_language() {
        assert_eq!(long_date(d(1945, 8, 17), Lang::Id), "17 Agustus 1945");
        assert_eq!(long_date(d(2026, 12, 7), Lang::Id), "7 Desember 2026");
        assert_eq!(long_date(d(2024, 1, 1), Lang::En), "1 January 2024");
        assert_eq!(month_name(d(2024, 5, 31), Lang::Id), "Mei");
        assert_eq!(month_name(d(2024, 5, 31), Lang::En), "May");
        assert_eq!(month_label(d(2023, 12, 31), Lang::Id), "Des 2023");
        assert_eq!(month_label(d(2023, 12, 31), Lang::En), "Dec 2023");
        assert_eq!(month_label(d(2024, 8, 31), Lang::Id), "Agu 2024");
        assert_eq!(month_label(d(2024, 10, 1), Lang::Id), "Okt 2024");
    }
}
