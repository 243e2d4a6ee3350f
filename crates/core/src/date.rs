//! Reading of calendar dates as people type them into spreadsheets: ISO (`2023-08-17`), day-first
//! numeric forms (`17/08/2023`, `17-08-2023`, `17.08.2023`, `1/8/2023`), Indonesian and English
//! month names (`17 Agustus 2023`, `17 Agt 2023`, `17 Nopember 2023`, `Aug 17, 2023`) and Excel
//! serial numbers (`45155`).
//!
//! Only dates are read: a time of day after the date is dropped. Two-digit years are refused,
//! since `17/08/23` could be 1923 or 2023 and a birth date must not be guessed. This module holds
//! no knowledge of which date a column means; the import rules decide that.

use crate::lang::{Lang, Localized};
use chrono::{Days, NaiveDate};
use serde::Serialize;

/// Why a cell could not be read as a date. Each reason has its own code for filtering reports.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum DateProblem {
    /// The cell is empty.
    Empty,
    /// The year has two digits (`17/08/23`): the century would be a guess.
    TwoDigitYear { year: u32 },
    /// Day and month are in range of the form but the calendar has no such day (31/02/2023,
    /// 29/02/2023, month 13).
    InvalidDate { day: u32, month: u32, year: i32 },
    /// A word where a month name was expected that is no month in Indonesian or English.
    UnknownMonth { word: String },
    /// A year too far from today to be meant (a typo such as `0223` or `20233`).
    ImplausibleYear { year: i32 },
    /// An Excel serial number that is no date of the 1900 date system (below 1 or past 9999).
    SerialOutOfRange { serial: String },
    /// The text has no date shape the product knows.
    Unrecognised,
}

impl DateProblem {
    /// The reason's code, as serialised (`"invalid_date"`).
    pub fn code(&self) -> &'static str {
        match self {
            DateProblem::Empty => "empty",
            DateProblem::TwoDigitYear { .. } => "two_digit_year",
            DateProblem::InvalidDate { .. } => "invalid_date",
            DateProblem::UnknownMonth { .. } => "unknown_month",
            DateProblem::ImplausibleYear { .. } => "implausible_year",
            DateProblem::SerialOutOfRange { .. } => "serial_out_of_range",
            DateProblem::Unrecognised => "unrecognised",
        }
    }
}

/// Years outside this range are typos, not dates of a worker registry.
const PLAUSIBLE_YEARS: std::ops::RangeInclusive<i32> = 1900..=2199;

/// The largest Excel serial, 9999-12-31.
const MAX_SERIAL: f64 = 2_958_465.0;

impl Localized for DateProblem {
    fn message(&self, lang: Lang) -> String {
        use DateProblem::*;
        match (self, lang) {
            (Empty, Lang::Id) => "tanggal kosong".into(),
            (Empty, Lang::En) => "the date is empty".into(),
            (TwoDigitYear { year }, Lang::Id) => format!(
                "tahun {year:02} hanya dua digit sehingga abadnya tidak jelas; tulis tahun empat digit (mis. 17/08/2023)"
            ),
            (TwoDigitYear { year }, Lang::En) => format!(
                "year {year:02} has two digits, so its century is unclear; write a four-digit year (e.g. 17/08/2023)"
            ),
            (InvalidDate { day, month, year }, Lang::Id) => format!(
                "tanggal {day:02}/{month:02}/{year} tidak ada di kalender (tanggal {day}, bulan {month}, tahun {year})"
            ),
            (InvalidDate { day, month, year }, Lang::En) => format!(
                "{day:02}/{month:02}/{year} is not a calendar date (day {day}, month {month}, year {year})"
            ),
            (UnknownMonth { word }, Lang::Id) => {
                format!("`{word}` bukan nama bulan (mis. Agustus, Agt, August, Aug)")
            }
            (UnknownMonth { word }, Lang::En) => {
                format!("`{word}` is not a month name (e.g. Agustus, Agt, August, Aug)")
            }
            (ImplausibleYear { year }, Lang::Id) => {
                format!("tahun {year} tidak masuk akal; periksa kembali penulisannya")
            }
            (ImplausibleYear { year }, Lang::En) => {
                format!("year {year} is implausible; check how it was typed")
            }
            (SerialOutOfRange { serial }, Lang::Id) => {
                format!("angka {serial} bukan tanggal Excel yang sah")
            }
            (SerialOutOfRange { serial }, Lang::En) => {
                format!("{serial} is not a valid Excel date number")
            }
            (Unrecognised, Lang::Id) => "format tanggal tidak dikenali; gunakan mis. 17/08/2023, 2023-08-17 atau 17 Agustus 2023".into(),
            (Unrecognised, Lang::En) => "unrecognised date format; use e.g. 17/08/2023, 2023-08-17 or 17 Agustus 2023".into(),
        }
    }
}

/// Converts an Excel serial of the 1900 date system to a date, dropping any time of day.
///
/// Serial 1 is 1900-01-01. Excel (after Lotus 1-2-3) counts a 29 February 1900 that never
/// existed as serial 60, so serials 1–59 count from 1899-12-31 and serials from 61 on from
/// 1899-12-30. Serial 60, below 1, past 9999-12-31 or not finite gives `None`.
pub fn from_excel_serial(serial: f64) -> Option<NaiveDate> {
    if !serial.is_finite() || !(1.0..MAX_SERIAL + 1.0).contains(&serial) {
        return None;
    }
    let days = serial.floor() as u64;
    let (epoch, days) = match days {
        60 => return None,
        0..60 => (NaiveDate::from_ymd_opt(1899, 12, 31)?, days),
        _ => (NaiveDate::from_ymd_opt(1899, 12, 30)?, days),
    };
    epoch.checked_add_days(Days::new(days))
}

/// Like [`from_excel_serial`], with the reason when the serial is no date: serial 60 is reported
/// as the impossible date 29/02/1900 that Excel shows for it.
pub fn date_from_serial(serial: f64) -> Result<NaiveDate, DateProblem> {
    if serial.is_finite() && serial.floor() == 60.0 {
        return Err(DateProblem::InvalidDate {
            day: 29,
            month: 2,
            year: 1900,
        });
    }
    from_excel_serial(serial).ok_or_else(|| DateProblem::SerialOutOfRange {
        serial: format!("{serial}"),
    })
}

/// Month names and abbreviations in Indonesian (with the old spellings Pebruari and Nopember)
/// and English, lower case.
const MONTHS: &[(&str, u32)] = &[
    ("januari", 1),
    ("january", 1),
    ("jan", 1),
    ("februari", 2),
    ("pebruari", 2),
    ("february", 2),
    ("feb", 2),
    ("peb", 2),
    ("maret", 3),
    ("march", 3),
    ("mar", 3),
    ("mrt", 3),
    ("april", 4),
    ("apr", 4),
    ("mei", 5),
    ("may", 5),
    ("juni", 6),
    ("june", 6),
    ("jun", 6),
    ("juli", 7),
    ("july", 7),
    ("jul", 7),
    ("agustus", 8),
    ("august", 8),
    ("agu", 8),
    ("agt", 8),
    ("ags", 8),
    ("agus", 8),
    ("aug", 8),
    ("september", 9),
    ("sep", 9),
    ("sept", 9),
    ("oktober", 10),
    ("october", 10),
    ("okt", 10),
    ("oct", 10),
    ("november", 11),
    ("nopember", 11),
    ("nov", 11),
    ("nop", 11),
    ("desember", 12),
    ("december", 12),
    ("des", 12),
    ("dec", 12),
];

/// Weekday names that may precede a date ("Kamis, 17 Agustus 2023"); they are skipped.
const WEEKDAYS: &[&str] = &[
    "senin",
    "selasa",
    "rabu",
    "kamis",
    "jumat",
    "sabtu",
    "minggu",
    "ahad",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "mon",
    "tue",
    "wed",
    "thu",
    "fri",
    "sat",
    "sun",
];

fn month_number(word: &str) -> Option<u32> {
    MONTHS
        .iter()
        .find(|(name, _)| name.eq_ignore_ascii_case(word))
        .map(|&(_, m)| m)
}

fn is_weekday(word: &str) -> bool {
    WEEKDAYS.iter().any(|w| w.eq_ignore_ascii_case(word))
}

#[derive(Debug, Clone, Copy)]
enum Token<'a> {
    /// Digits: their value and how many were written.
    Num(u32, usize),
    Word(&'a str),
}

/// Splits on spaces, `-`, `/`, `.` and `,`; `None` when a piece mixes letters and digits or
/// holds anything else, or when there are too many pieces to be a date.
fn tokens(s: &str) -> Option<([Token<'_>; 4], usize)> {
    let mut out = [Token::Num(0, 0); 4];
    let mut n = 0;
    let pieces = s
        .split(|c: char| c.is_whitespace() || matches!(c, '-' | '/' | '.' | ','))
        .filter(|p| !p.is_empty());
    for piece in pieces {
        let token = if piece.bytes().all(|b| b.is_ascii_digit()) {
            if piece.len() > 9 {
                return None;
            }
            Token::Num(piece.parse().ok()?, piece.len())
        } else if piece.bytes().all(|b| b.is_ascii_alphabetic()) {
            if is_weekday(piece) {
                continue;
            }
            Token::Word(piece)
        } else {
            return None;
        };
        if n == out.len() {
            return None;
        }
        out[n] = token;
        n += 1;
    }
    Some((out, n))
}

/// Drops a time of day written after the date ("2023-08-17 00:00:00", "2023-08-17T08:30").
fn without_time(s: &str) -> &str {
    match s.find(':') {
        Some(colon) => match s[..colon].rfind(|c: char| c.is_whitespace() || c == 'T') {
            Some(cut) => s[..cut].trim_end(),
            None => s,
        },
        None => s,
    }
}

/// Whether the text is a five-digit Excel serial, optionally with a time fraction.
fn as_serial(s: &str) -> Option<f64> {
    let (whole, frac) = match s.split_once(['.', ',']) {
        Some((w, f)) => (w, Some(f)),
        None => (s, None),
    };
    let digits = |p: &str| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit());
    if whole.len() != 5 || !digits(whole) || frac.is_some_and(|f| !digits(f)) {
        return None;
    }
    let whole: f64 = whole.parse().ok()?;
    let frac = match frac {
        Some(f) => format!("0.{f}").parse::<f64>().ok()?,
        None => 0.0,
    };
    Some(whole + frac)
}

fn year_of(value: u32, width: usize) -> Result<i32, DateProblem> {
    match width {
        1 | 2 => Err(DateProblem::TwoDigitYear { year: value }),
        4 => {
            let year = value as i32;
            if PLAUSIBLE_YEARS.contains(&year) {
                Ok(year)
            } else {
                Err(DateProblem::ImplausibleYear { year })
            }
        }
        _ => Err(DateProblem::ImplausibleYear { year: value as i32 }),
    }
}

fn ymd(year: i32, month: u32, day: u32) -> Result<NaiveDate, DateProblem> {
    NaiveDate::from_ymd_opt(year, month, day).ok_or(DateProblem::InvalidDate { day, month, year })
}

/// Reads a date as typed in a spreadsheet cell. Numeric dates are day first (Indonesian order);
/// the forms accepted are listed in the module documentation.
pub fn parse_date(cell_text: &str) -> Result<NaiveDate, DateProblem> {
    let s = cell_text.trim().trim_start_matches('\'').trim();
    if s.is_empty() {
        return Err(DateProblem::Empty);
    }
    if let Some(serial) = as_serial(s) {
        return date_from_serial(serial);
    }
    let (toks, n) = tokens(without_time(s)).ok_or(DateProblem::Unrecognised)?;
    use Token::{Num, Word};
    let small = |w: usize| (1..=2).contains(&w);
    match &toks[..n] {
        // 2023-08-17
        [Num(y, 4), Num(m, mw), Num(d, dw)] if small(*mw) && small(*dw) => {
            ymd(year_of(*y, 4)?, *m, *d)
        }
        // 17/08/2023, 1/8/2023
        [Num(d, dw), Num(m, mw), Num(y, yw)] if small(*dw) && small(*mw) => {
            ymd(year_of(*y, *yw)?, *m, *d)
        }
        // 17 Agustus 2023
        [Num(d, dw), Word(month), Num(y, yw)] if small(*dw) => {
            let m = month_number(month).ok_or_else(|| DateProblem::UnknownMonth {
                word: (*month).to_string(),
            })?;
            ymd(year_of(*y, *yw)?, m, *d)
        }
        // Aug 17, 2023
        [Word(month), Num(d, dw), Num(y, yw)] if small(*dw) => {
            let m = month_number(month).ok_or_else(|| DateProblem::UnknownMonth {
                word: (*month).to_string(),
            })?;
            ymd(year_of(*y, *yw)?, m, *d)
        }
        _ => Err(DateProblem::Unrecognised),
    }
}
