//! Fuzz targets over the one-value readers of core: NIK, dates (typed and Excel serials), wages,
//! region codes and the region tree's look-ups, and certificate verification codes. Each target
//! replays its corpus, then generated inputs: arbitrary text, and text shaped like the real
//! thing. Properties: no panic, errors are the typed errors, and format → parse round-trips.

use chrono::{Datelike, NaiveDate};
use paritrana_core::award::verification::{RANDOM_BYTES, VerificationCode, VerificationCodeError};
use paritrana_core::contribution::plan_file::read_amount;
use paritrana_core::date::{date_from_serial, from_excel_serial, parse_date};
use paritrana_core::import::Cell;
use paritrana_core::lang::{Lang, Localized, long_date};
use paritrana_core::nik::{self, Nik, Sex};
use paritrana_core::region::{Level, RegionCode, RegionTree};
use paritrana_core::worker::Rupiah;
use paritrana_fuzz::{budget, replay, run};
use proptest::prelude::*;
use std::sync::LazyLock;

static TREE: LazyLock<RegionTree> = LazyLock::new(|| {
    RegionTree::from_csv(include_str!("../../../data/regions.csv")).expect("regions.csv")
});

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).expect("a date")
}

/// Text as hostile input comes: any Unicode, or bytes of a few troublesome kinds (digits of
/// other scripts, multi-byte letters next to ASCII, controls, separators).
fn hostile_text() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        proptest::collection::vec(
            prop_oneof![
                Just('0'),
                Just('9'),
                Just('.'),
                Just(','),
                Just('-'),
                Just('/'),
                Just(' '),
                Just('\u{a0}'),
                Just('é'),
                Just('١'),
                Just('０'),
                Just('\u{0}'),
                Just('R'),
                Just('p'),
                Just('€'),
                proptest::char::any(),
            ],
            0..24
        )
        .prop_map(|cs| cs.into_iter().collect()),
    ]
}

fn save_text<S: AsRef<str>>(s: &S) -> Vec<u8> {
    s.as_ref().as_bytes().to_vec()
}

// ---------------------------------------------------------------- NIK

fn check_nik(input: &str) {
    let c = nik::check(input, &TREE, today());
    match (c.valid, c.nik, &c.facts) {
        (true, Some(n), Some(facts)) => {
            let digits: String = input.chars().filter(|c| !c.is_whitespace()).collect();
            assert_eq!(n.to_string(), digits, "a valid NIK is its digits");
            assert_eq!(Nik::from_stored(n.as_u64()), Some(n));
            assert!(facts.birth_date <= today());
            let _ = n.masked();
            assert_eq!(n.regency().level(), Level::Regency);
        }
        (false, None, _) => assert!(!c.problems.is_empty(), "refused without a reason"),
        other => panic!("inconsistent check: {other:?}"),
    }
    for p in &c.problems {
        assert!(!p.message(Lang::Id).is_empty() && !p.message(Lang::En).is_empty());
    }
}

/// A NIK composed from its parts: a real kecamatan, a birth date within the century its
/// two-digit year is read in (1927–2026 for today in 2026), a serial.
fn composed_nik(districts: usize) -> impl Strategy<Value = (usize, u32, bool, u16)> {
    (0..districts, 0u32..36_000, any::<bool>(), 1u16..=9999)
}

#[test]
fn nik() {
    replay("nik", |bytes| {
        for line in String::from_utf8_lossy(bytes).split('\n') {
            check_nik(line);
        }
    });
    run(
        "nik",
        budget(1),
        prop_oneof![
            hostile_text(),
            "[0-9]{16}",
            "[1-9][0-9]{3} ?[0-9]{4} ?[0-9]{4} ?[0-9]{4}"
        ],
        save_text,
        |s| {
            check_nik(&s);
            Ok(())
        },
    );
    let districts: Vec<RegionCode> = TREE.at_level(Level::District).map(|r| r.code).collect();
    run(
        "nik",
        budget(1),
        composed_nik(districts.len()),
        |v| format!("{v:?}").into_bytes(),
        |(d, age_days, female, serial)| {
            let birth = today() - chrono::Days::new(u64::from(age_days));
            let sex = if female { Sex::Female } else { Sex::Male };
            let n = Nik::compose(districts[d], birth, sex, serial).expect("composes");
            let c = nik::check(&n.to_string(), &TREE, today());
            let facts = c.facts.expect("a composed NIK is valid");
            prop_assert!(c.valid);
            prop_assert_eq!(c.nik, Some(n));
            prop_assert_eq!(
                (facts.birth_date, facts.sex, facts.serial),
                (birth, sex, serial)
            );
            prop_assert_eq!(facts.district, districts[d]);
            Ok(())
        },
    );
}

// ---------------------------------------------------------------- dates

fn check_date(s: &str) {
    match parse_date(s) {
        Ok(d) => assert!((1900..=2199).contains(&d.year()), "{s:?} → {d}"),
        Err(p) => {
            assert!(!p.code().is_empty());
            assert!(!p.message(Lang::Id).is_empty());
        }
    }
}

fn check_serial(x: f64) {
    let a = from_excel_serial(x);
    let b = date_from_serial(x);
    assert_eq!(a, b.clone().ok(), "the two serial readers agree on {x}");
    let _ = Cell::DateTime(x).display();
    let _ = Cell::Number(x).display();
}

#[test]
fn date() {
    replay("date", |bytes| {
        for line in String::from_utf8_lossy(bytes).split('\n') {
            check_date(line);
            if let Ok(x) = line.trim().parse::<f64>() {
                check_serial(x);
            }
        }
    });
    run(
        "date",
        budget(1),
        prop_oneof![
            hostile_text(),
            "[0-9]{1,2}[/.-][0-9]{1,2}[/.-][0-9]{1,5}( [0-9]{2}:[0-9]{2})?",
            "[0-9]{1,2} [A-Za-z]{2,10} [0-9]{1,5}",
            "[0-9]{1,7}(\\.[0-9]{1,4})?",
        ],
        save_text,
        |s| {
            check_date(&s);
            Ok(())
        },
    );
    run(
        "date",
        budget(1),
        any::<f64>(),
        |x| x.to_string().into_bytes(),
        |x| {
            check_serial(x);
            Ok(())
        },
    );
    // Every plausible date, written in each shape people use, reads back as itself.
    let first = NaiveDate::from_ymd_opt(1900, 3, 1).expect("a date");
    run(
        "date",
        budget(1),
        (0u64..109_000, 0usize..5),
        |v| format!("{v:?}").into_bytes(),
        move |(offset, shape)| {
            let d = first + chrono::Days::new(offset);
            let text = match shape {
                0 => d.format("%Y-%m-%d").to_string(),
                1 => d.format("%d/%m/%Y").to_string(),
                2 => long_date(d, Lang::Id),
                3 => d.format("%b %d, %Y").to_string(),
                _ => d.format("%-d.%-m.%Y 08:30").to_string(),
            };
            prop_assert_eq!(parse_date(&text), Ok(d), "{}", text);
            Ok(())
        },
    );
}

// ---------------------------------------------------------------- wages

fn check_wage(cell: &Cell) {
    match read_amount(cell) {
        Ok(_) => {}
        Err(p) => {
            assert!(!p.message(Lang::Id).is_empty() && !p.message(Lang::En).is_empty());
        }
    }
}

/// An amount written with '.' thousands, as Pemda staff type it.
fn grouped(n: i64, sep: char) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::new();
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(sep);
        }
        out.push(ch);
    }
    if n < 0 { format!("-{out}") } else { out }
}

#[test]
fn wage() {
    replay("wage", |bytes| {
        for line in String::from_utf8_lossy(bytes).split('\n') {
            check_wage(&Cell::Text(line.to_string()));
        }
    });
    run(
        "wage",
        budget(1),
        prop_oneof![
            hostile_text().prop_map(Cell::Text),
            "(Rp\\.? ?|IDR )?[0-9.,]{0,20}(,-|,00)?".prop_map(Cell::Text),
            any::<f64>().prop_map(Cell::Number),
            any::<f64>().prop_map(Cell::DateTime),
        ],
        |c| format!("{c:?}").into_bytes(),
        |c| {
            check_wage(&c);
            Ok(())
        },
    );
    run(
        "wage",
        budget(1),
        (0i64..1_000_000_000_000, 0usize..6),
        |v| format!("{v:?}").into_bytes(),
        |(n, shape)| {
            let text = match shape {
                0 => n.to_string(),
                1 => format!("Rp {}", grouped(n, '.')),
                2 => format!("Rp. {},-", grouped(n, '.')),
                3 => format!("{},00", grouped(n, '.')),
                4 => format!("IDR {}", grouped(n, ',')),
                _ => format!("{}.00", grouped(n, ',')),
            };
            // A lone separator before exactly three digits groups thousands (1.000 is 1000).
            prop_assert_eq!(
                read_amount(&Cell::Text(text.clone())),
                Ok(Some(Rupiah(n))),
                "{}",
                text
            );
            prop_assert_eq!(read_amount(&Cell::Number(n as f64)), Ok(Some(Rupiah(n))));
            Ok(())
        },
    );
}

// ---------------------------------------------------------------- region codes

fn check_region(text: &str) {
    if let Ok(code) = RegionCode::parse(text) {
        assert_eq!(RegionCode::parse(&code.to_string()), Ok(code));
        assert_eq!(RegionCode::parse(&code.undotted()), Ok(code));
        assert_eq!(RegionCode::from_u64(code.as_u64()), Some(code));
        let _ = code.village_range();
        let _ = code.parent();
        assert!(code.is_within(RegionCode::NATION));
        let _ = TREE.get(code);
        let _ = TREE.ancestors(code);
        let _ = TREE.children(code).count();
    }
    match TREE.resolve(text) {
        Ok(code) => assert!(code == RegionCode::NATION || TREE.contains(code)),
        Err(e) => assert!(!e.message(Lang::Id).is_empty()),
    }
    let hits = TREE.find(text, None, 20);
    assert!(hits.len() <= 20);
    let _ = TREE.villages_named(text, RegionCode::NATION);
}

#[test]
fn region() {
    replay("region", |bytes| {
        for line in String::from_utf8_lossy(bytes).split('\n') {
            check_region(line);
        }
    });
    // Name look-ups scan the whole tree (90,000 regions): fewer cases.
    run(
        "region",
        budget(4),
        prop_oneof![
            hostile_text(),
            "[0-9]{1,2}(\\.[0-9]{1,2}(\\.[0-9]{1,2}(\\.[0-9]{1,4})?)?)?",
            "[0-9]{1,12}",
            "(Kab\\.|Kota|Kec\\.|Desa|Provinsi)? ?[A-Za-z ]{0,12}",
        ],
        save_text,
        |s| {
            check_region(&s);
            Ok(())
        },
    );
    // Every region of the tree is found by its code, dotted or not, and lies within its parent.
    let codes: Vec<RegionCode> = TREE.iter().map(|r| r.code).collect();
    run(
        "region",
        budget(1),
        0..codes.len(),
        |i| format!("{i}").into_bytes(),
        |i| {
            let code = codes[i];
            prop_assert_eq!(TREE.resolve(&code.to_string()).ok(), Some(code));
            prop_assert_eq!(TREE.resolve(&code.undotted()).ok(), Some(code));
            let parent = code.parent().expect("a region below the nation");
            prop_assert!(code.is_within(parent));
            prop_assert!(parent == RegionCode::NATION || TREE.contains(parent));
            Ok(())
        },
    );
}

// ---------------------------------------------------------------- certificate codes

fn check_code(text: &str) {
    match VerificationCode::parse(text) {
        Ok(code) => {
            assert_eq!(VerificationCode::parse(&code.to_string()), Ok(code));
            assert!(code.year_digits() < 100);
        }
        Err(e) => {
            assert!(!e.message(Lang::Id).is_empty());
            assert!(!e.to_string().is_empty());
        }
    }
}

#[test]
fn certificate() {
    replay("certificate", |bytes| {
        for line in String::from_utf8_lossy(bytes).split('\n') {
            check_code(line);
        }
    });
    run(
        "certificate",
        budget(1),
        prop_oneof![
            hostile_text(),
            "[Pp][Aa][0-9OoIl]{2}-?[0-9A-Za-z]{4}-?[0-9A-Za-z]{4}-?[0-9A-Za-z]",
        ],
        save_text,
        |s| {
            check_code(&s);
            Ok(())
        },
    );
    // Printed codes read back as typed by people: lower case, no dashes, O for 0, I/L for 1;
    // one substituted symbol is caught by the check symbol.
    run(
        "certificate",
        budget(1),
        (
            2000u16..2200,
            any::<[u8; RANDOM_BYTES]>(),
            4usize..16,
            0usize..32,
        ),
        |v| format!("{v:?}").into_bytes(),
        |(year, random, at, symbol)| {
            let code = VerificationCode::new(year, random);
            let printed = code.to_string();
            prop_assert!(code.is_for_year(year));
            prop_assert_eq!(VerificationCode::parse(&printed), Ok(code));
            let typed: String = printed
                .chars()
                .filter(|&c| c != '-')
                .map(|c| match c {
                    '0' => 'o',
                    '1' => 'l',
                    c => c.to_ascii_lowercase(),
                })
                .collect();
            prop_assert_eq!(VerificationCode::parse(&typed), Ok(code));
            let mut chars: Vec<char> = printed.chars().collect();
            let replacement = char::from(b"0123456789ABCDEFGHJKMNPQRSTVWXYZ"[symbol]);
            if chars[at] != '-' && chars[at] != replacement {
                chars[at] = replacement;
                let wrong: String = chars.into_iter().collect();
                let err = VerificationCode::parse(&wrong).expect_err("a mistyped code");
                prop_assert!(
                    matches!(
                        err,
                        VerificationCodeError::Check { .. } | VerificationCodeError::Year { .. }
                    ),
                    "{:?}",
                    err
                );
            }
            Ok(())
        },
    );
}
