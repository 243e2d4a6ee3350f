//! Dates as Pemda staff type them into spreadsheets.

use chrono::NaiveDate;
use paritrana_core::Lang;
use paritrana_core::date::{DateProblem, date_from_serial, from_excel_serial, parse_date};
use paritrana_core::lang::Localized;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn independence_day_2023() -> NaiveDate {
    d(2023, 8, 17)
}

#[test]
fn iso_dates_are_read() {
    assert_eq!(parse_date("2023-08-17"), Ok(independence_day_2023()));
    assert_eq!(parse_date(" 2023-08-17 "), Ok(independence_day_2023()));
    assert_eq!(
        parse_date("2023-08-17 00:00:00"),
        Ok(independence_day_2023())
    );
    assert_eq!(parse_date("2023-08-17T08:30"), Ok(independence_day_2023()));
}

#[test]
fn numeric_dates_are_day_first_with_any_separator() {
    for text in ["17/08/2023", "17-08-2023", "17.08.2023", "'17/08/2023"] {
        assert_eq!(parse_date(text), Ok(independence_day_2023()), "{text}");
    }
    assert_eq!(parse_date("1/8/2023"), Ok(d(2023, 8, 1)));
    assert_eq!(parse_date("01/08/2023"), Ok(d(2023, 8, 1)));
}

#[test]
fn indonesian_month_names_full_short_and_old_spellings() {
    for text in [
        "17 Agustus 2023",
        "17 agustus 2023",
        "17 AGUSTUS 2023",
        "17 Agu 2023",
        "17 Agt 2023",
        "17 Agt. 2023",
        "17-Agustus-2023",
        "Kamis, 17 Agustus 2023",
    ] {
        assert_eq!(parse_date(text), Ok(independence_day_2023()), "{text}");
    }
    assert_eq!(parse_date("10 Nopember 2023"), Ok(d(2023, 11, 10)));
    assert_eq!(parse_date("10 November 2023"), Ok(d(2023, 11, 10)));
    assert_eq!(parse_date("1 Pebruari 1990"), Ok(d(1990, 2, 1)));
    assert_eq!(parse_date("1 Mei 1990"), Ok(d(1990, 5, 1)));
    assert_eq!(parse_date("25 Des 1990"), Ok(d(1990, 12, 25)));
    assert_eq!(parse_date("3 Okt 1990"), Ok(d(1990, 10, 3)));
}

#[test]
fn english_month_names_in_both_orders() {
    assert_eq!(parse_date("17 August 2023"), Ok(independence_day_2023()));
    assert_eq!(parse_date("Aug 17, 2023"), Ok(independence_day_2023()));
    assert_eq!(parse_date("August 17 2023"), Ok(independence_day_2023()));
    assert_eq!(parse_date("1 May 1990"), Ok(d(1990, 5, 1)));
}

#[test]
fn excel_serial_45155_is_independence_day_2023() {
    assert_eq!(parse_date("45155"), Ok(independence_day_2023()));
    assert_eq!(from_excel_serial(45155.0), Some(independence_day_2023()));
}

#[test]
fn excel_serial_time_part_is_dropped() {
    assert_eq!(from_excel_serial(45155.75), Some(independence_day_2023()));
    assert_eq!(parse_date("45155.5"), Ok(independence_day_2023()));
}

#[test]
fn excel_serials_around_lotus_phantom_leap_day() {
    assert_eq!(from_excel_serial(1.0), Some(d(1900, 1, 1)));
    assert_eq!(from_excel_serial(59.0), Some(d(1900, 2, 28)));
    assert_eq!(
        from_excel_serial(60.0),
        None,
        "29 February 1900 never existed"
    );
    assert_eq!(
        date_from_serial(60.0),
        Err(DateProblem::InvalidDate {
            day: 29,
            month: 2,
            year: 1900
        })
    );
    assert_eq!(from_excel_serial(61.0), Some(d(1900, 3, 1)));
    assert_eq!(from_excel_serial(0.0), None);
    assert_eq!(from_excel_serial(-5.0), None);
    assert_eq!(from_excel_serial(f64::NAN), None);
    assert_eq!(from_excel_serial(2_958_465.0), Some(d(9999, 12, 31)));
    assert_eq!(from_excel_serial(2_958_466.0), None);
}

#[test]
fn twenty_ninth_of_february_only_in_leap_years() {
    assert_eq!(parse_date("29/02/2024"), Ok(d(2024, 2, 29)));
    assert_eq!(parse_date("29 Februari 2000"), Ok(d(2000, 2, 29)));
    assert_eq!(
        parse_date("29/02/2023"),
        Err(DateProblem::InvalidDate {
            day: 29,
            month: 2,
            year: 2023
        })
    );
    assert_eq!(
        parse_date("29/02/1900"),
        Err(DateProblem::InvalidDate {
            day: 29,
            month: 2,
            year: 1900
        })
    );
}

#[test]
fn impossible_dates_are_refused_naming_the_date() {
    let p = parse_date("31/02/2023").unwrap_err();
    assert_eq!(
        p,
        DateProblem::InvalidDate {
            day: 31,
            month: 2,
            year: 2023
        }
    );
    assert!(p.message(Lang::Id).contains("31/02/2023"));
    assert!(p.message(Lang::En).contains("31/02/2023"));
    // American order is caught because there is no month 17
    assert!(matches!(
        parse_date("08/17/2023"),
        Err(DateProblem::InvalidDate { month: 17, .. })
    ));
}

#[test]
fn two_digit_years_are_refused_as_ambiguous() {
    assert_eq!(
        parse_date("17/08/23"),
        Err(DateProblem::TwoDigitYear { year: 23 })
    );
    assert_eq!(
        parse_date("17 Agustus 85"),
        Err(DateProblem::TwoDigitYear { year: 85 })
    );
    assert!(
        DateProblem::TwoDigitYear { year: 5 }
            .message(Lang::Id)
            .contains("tahun 05")
    );
}

#[test]
fn other_rejections_have_their_own_reason() {
    assert_eq!(parse_date(""), Err(DateProblem::Empty));
    assert_eq!(parse_date("   "), Err(DateProblem::Empty));
    assert_eq!(
        parse_date("17 Agustos 2023"),
        Err(DateProblem::UnknownMonth {
            word: "Agustos".into()
        })
    );
    assert_eq!(
        parse_date("17/08/0223"),
        Err(DateProblem::ImplausibleYear { year: 223 })
    );
    assert_eq!(
        parse_date("17/08/20233"),
        Err(DateProblem::ImplausibleYear { year: 20233 })
    );
    assert_eq!(parse_date("besok"), Err(DateProblem::Unrecognised));
    assert_eq!(parse_date("2023"), Err(DateProblem::Unrecognised));
    assert_eq!(parse_date("17/08"), Err(DateProblem::Unrecognised));
    assert_eq!(parse_date("17a/08/2023"), Err(DateProblem::Unrecognised));
}

#[test]
fn every_date_problem_speaks_both_languages() {
    let all = [
        DateProblem::Empty,
        DateProblem::TwoDigitYear { year: 23 },
        DateProblem::InvalidDate {
            day: 31,
            month: 2,
            year: 2023,
        },
        DateProblem::UnknownMonth { word: "x".into() },
        DateProblem::ImplausibleYear { year: 223 },
        DateProblem::SerialOutOfRange { serial: "0".into() },
        DateProblem::Unrecognised,
    ];
    for p in all {
        let (id, en) = (p.message(Lang::Id), p.message(Lang::En));
        assert!(!id.is_empty() && !en.is_empty() && id != en, "{p:?}");
    }
}
