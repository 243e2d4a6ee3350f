//! Fuzz targets over rows of cells, as the sheets crate hands them to core: finding the header
//! row of a participant list, validating its data rows (NIK, names, dates, codes, wages, all at
//! once), and reading budget plan files (their header and cohorts, costed). Properties: no panic,
//! every refusal is a typed error with a message in both languages, a header written with known
//! column names is found with each column where it was put, and a plan's totals add up without
//! wrapping, whatever its counts, incomes and months.

use chrono::NaiveDate;
use paritrana_core::auth::Scope;
use paritrana_core::contribution::plan_file::read_plan_rows;
use paritrana_core::contribution::plan_header::find_plan_header;
use paritrana_core::contribution::{Cohort, MAX_COHORT_WORKERS, RateTable, cost_plan};
use paritrana_core::import::{
    Cell, Field, RowContext, STANDARD_HEADERS, find_header, validate_row,
};
use paritrana_core::lang::{Lang, Localized, format_count};
use paritrana_core::region::{RegionCode, RegionTree};
use paritrana_fuzz::{budget, replay, run};
use proptest::prelude::*;
use std::sync::LazyLock;

static TREE: LazyLock<RegionTree> = LazyLock::new(|| {
    RegionTree::from_csv(include_str!("../../../data/regions.csv")).expect("regions.csv")
});

static RATES: LazyLock<RateTable> = LazyLock::new(|| {
    RateTable::parse(include_str!("../../../data/contribution_rates.csv")).expect("rates")
});

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).expect("a date")
}

/// Texts that mean something in these files: header names and aliases, codes, typical values.
fn known_words() -> Vec<String> {
    let mut words: Vec<String> = STANDARD_HEADERS.iter().map(|s| s.to_string()).collect();
    for f in Field::ALL {
        words.extend(f.aliases().iter().map(|s| s.to_string()));
    }
    words.extend(
        [
            "Uraian",
            "Jumlah Pekerja",
            "Segmen",
            "Penghasilan",
            "Program",
            "Bulan",
            "Sumber Dana",
            "Kelas Risiko",
            "Mulai",
            "Jumlah",
            "Total",
            "BPU",
            "PU",
            "JAKON",
            "PMI",
            "PEKERJA_RENTAN",
            "NELAYAN",
            "APBD_KABKOTA",
            "Dana Desa",
            "JKK, JKM",
            "JKK+JKM+JHT",
            "L",
            "P",
            "Perempuan",
            "6401040204830021",
            "6402010204830041",
            "64.01.04.2001",
            "64.02.01.2001",
            "Tanah Grogot",
            "Muara Pasir",
            "2024-01-01",
            "31/12/2024",
            "Rp 1.000.000",
            "12",
            "100",
            "-5",
            "99999999999999999999",
        ]
        .map(String::from),
    );
    words
}

/// A cell of any kind, leaning on the words files hold.
fn cell() -> impl Strategy<Value = Cell> {
    let words = known_words();
    prop_oneof![
        Just(Cell::Empty),
        proptest::sample::select(words).prop_map(Cell::Text),
        any::<String>().prop_map(Cell::Text),
        "[0-9 .,/-]{0,20}".prop_map(Cell::Text),
        any::<f64>().prop_map(Cell::Number),
        (0.0f64..3e16).prop_map(Cell::Number),
        any::<f64>().prop_map(Cell::DateTime),
        (0.0f64..80_000.0).prop_map(Cell::DateTime),
        any::<bool>().prop_map(Cell::Bool),
    ]
}

fn rows(max_rows: usize, max_cells: usize) -> impl Strategy<Value = Vec<Vec<Cell>>> {
    proptest::collection::vec(proptest::collection::vec(cell(), 0..max_cells), 0..max_rows)
}

fn save_rows(rows: &Vec<Vec<Cell>>) -> Vec<u8> {
    format!("{rows:#?}").into_bytes()
}

/// Rows of a corpus file: a CSV excerpt split naively (fields hold no quoted delimiters).
fn corpus_rows(bytes: &[u8]) -> Vec<Vec<Cell>> {
    let text = String::from_utf8_lossy(bytes);
    let text = text.trim_start_matches('\u{feff}');
    let delimiter = if text.lines().next().is_some_and(|l| l.contains(';')) {
        ';'
    } else {
        ','
    };
    text.lines()
        .map(|l| {
            l.trim_end_matches('\r')
                .split(delimiter)
                .map(|f| match f.trim() {
                    "" => Cell::Empty,
                    t => Cell::Text(t.to_string()),
                })
                .collect()
        })
        .collect()
}

/// Header search and, when a header is found, every row below it validated.
fn check_import(rows: &[Vec<Cell>]) {
    let ctx = RowContext {
        tree: &TREE,
        today: today(),
        regency: RegionCode::parse("64.01").ok(),
        scope: Scope::National,
    };
    let header = match find_header(rows) {
        Ok(h) => h,
        Err(e) => {
            assert!(!e.message(Lang::Id).is_empty() && !e.message(Lang::En).is_empty());
            return;
        }
    };
    assert!(header.row_index < rows.len());
    for f in Field::ALL {
        if let Some(c) = header.column_of(f) {
            assert!(c < header.columns.len());
        }
        let _ = header.column_name(f);
    }
    for (i, row) in rows.iter().enumerate().skip(header.row_index + 1) {
        match validate_row(i as u64 + 1, row, &header, &ctx) {
            Ok(valid) => assert_eq!(valid.line, i as u64 + 1),
            Err(issues) => {
                assert!(!issues.is_empty(), "a refused row names its problems");
                for issue in issues {
                    assert!(!issue.message(Lang::Id).is_empty());
                    assert!(!issue.message(Lang::En).is_empty());
                }
            }
        }
    }
}

#[test]
fn header() {
    replay("header", |bytes| {
        let _ = find_header(&corpus_rows(bytes));
    });
    run("header", budget(1), rows(40, 20), save_rows, |rows| {
        let _ = find_header(&rows);
        Ok(())
    });
    // The standard header, shuffled, below title rows, is found with each column in place.
    run(
        "header",
        budget(1),
        (
            Just(STANDARD_HEADERS.to_vec()).prop_shuffle(),
            0usize..29,
            proptest::collection::vec("[A-Z ]{0,30}", 0..3),
        ),
        |v| format!("{v:?}").into_bytes(),
        |(names, titles, title_cells)| {
            let mut rows: Vec<Vec<Cell>> = (0..titles)
                .map(|_| title_cells.iter().cloned().map(Cell::Text).collect())
                .collect();
            rows.push(names.iter().map(|n| Cell::Text(n.to_string())).collect());
            let header = find_header(&rows).map_err(|e| TestCaseError::fail(e.to_string()))?;
            prop_assert_eq!(header.row_index, titles);
            for (col, name) in names.iter().enumerate() {
                let field = Field::from_header(name).expect("a standard header");
                prop_assert_eq!(header.column_of(field), Some(col));
            }
            Ok(())
        },
    );
}

#[test]
fn import_row() {
    replay("import_row", |bytes| check_import(&corpus_rows(bytes)));
    let standard: Vec<Cell> = STANDARD_HEADERS
        .iter()
        .map(|s| Cell::Text(s.to_string()))
        .collect();
    run(
        "import_row",
        budget(1),
        rows(12, 16),
        save_rows,
        |mut rows| {
            rows.insert(0, standard.clone());
            check_import(&rows);
            Ok(())
        },
    );
}

fn check_plan(rows: &[Vec<Cell>]) {
    let _ = find_plan_header(rows);
    let date = NaiveDate::from_ymd_opt(2025, 1, 1).expect("a date");
    match read_plan_rows(rows, &RATES, date) {
        Ok(cohorts) => {
            assert!(!cohorts.is_empty());
            check_plan_totals(&cohorts, date);
        }
        Err(e) => {
            assert!(!e.message(Lang::Id).is_empty() && !e.message(Lang::En).is_empty());
        }
    }
}

/// The cohorts a plan file yields are costed, and the totals add up without wrapping: counts are
/// bounded, no amount is negative, and a sum is at least each of its parts (it saturates).
fn check_plan_totals(cohorts: &[Cohort], date: NaiveDate) {
    assert!(cohorts.iter().all(|c| c.count <= MAX_COHORT_WORKERS));
    let cost = cost_plan(&RATES, cohorts, date).expect("cohorts that were read are costed");
    // At most a few dozen cohorts of 300 million: the exact sum fits in a u64.
    let workers: u64 = cohorts.iter().map(|c| c.count).sum();
    assert_eq!(cost.workers, workers);
    assert_eq!(
        cost.by_funding.iter().map(|f| f.workers).sum::<u64>(),
        workers
    );
    for c in &cost.cohorts {
        for part in [c.per_month, c.total, c.funded, c.deducted_from_wage] {
            assert!(part.0 >= 0, "{c:?}");
        }
        assert!(cost.total >= c.total && cost.per_month >= c.per_month);
    }
    assert!(cost.per_month.0 >= 0 && cost.per_year >= cost.per_month);
    for part in cost.by_programme.iter().map(|p| p.total) {
        assert!(part.0 >= 0 && part <= cost.total.max(part));
    }
    for f in &cost.by_funding {
        assert!(f.total.0 >= 0 && f.per_month.0 >= 0);
    }
}

/// A cohort row under [`plan`]'s header, shaped to pass most checks, with counts, incomes and
/// months at and beyond their limits.
fn cohort_row() -> impl Strategy<Value = Vec<Cell>> {
    // Mostly counts a plan accepts, so that whole plans read and their totals are checked.
    let count = prop_oneof![
        4 => (0u64..=1_000).prop_map(|n| n.to_string()),
        3 => Just(MAX_COHORT_WORKERS.to_string()),
        2 => (MAX_COHORT_WORKERS - 1_000..=MAX_COHORT_WORKERS)
            .prop_map(|n| format_count(n, Lang::Id)),
        1 => (MAX_COHORT_WORKERS + 1..=MAX_COHORT_WORKERS + 1_000)
            .prop_map(|n| format_count(n, Lang::Id)),
        1 => Just(i64::MAX.to_string()),
        1 => Just(u64::MAX.to_string()),
        1 => any::<u64>().prop_map(|n| n.to_string()),
    ];
    let income = prop_oneof![
        3 => (1i64..100_000_000).prop_map(|n| n.to_string()),
        2 => Just(i64::MAX.to_string()),
        1 => any::<i64>().prop_map(|n| format!("Rp {}", format_count(n.unsigned_abs(), Lang::Id))),
    ];
    let kind = proptest::sample::select(vec![
        ("BPU", "JKK, JKM"),
        ("BPU", "JKK, JKM, JHT"),
        ("PU", "JKK, JKM"),
        ("PU", "JKK, JKM, JHT, JP"),
        ("PMI", "JKK, JKM"),
        ("JAKON", "JKK, JKM"),
    ]);
    let risk = proptest::sample::select(vec!["", "1", "3", "5"]);
    let months = prop_oneof![
        9 => (1u32..=120).prop_map(|m| m.to_string()),
        1 => Just("121".to_string()),
    ];
    let funding = proptest::sample::select(vec!["APBD", "APBD_KABKOTA", "Dana Desa", "CSR"]);
    let start = proptest::sample::select(vec!["", "2024-01-01", "2021-03-01"]);
    (count, kind, income, risk, months, funding, start).prop_map(
        |(count, (segment, programmes), income, risk, months, funding, start)| {
            [
                "Kelompok", &count, segment, &income, risk, programmes, &months, funding, start,
            ]
            .iter()
            .map(|t| match *t {
                "" => Cell::Empty,
                t => Cell::Text(t.to_string()),
            })
            .collect()
        },
    )
}

#[test]
fn plan() {
    replay("plan", |bytes| check_plan(&corpus_rows(bytes)));
    let header: Vec<Cell> = [
        "Uraian",
        "Jumlah Pekerja",
        "Segmen",
        "Penghasilan",
        "Kelas Risiko",
        "Program",
        "Bulan",
        "Sumber Dana",
        "Mulai",
    ]
    .iter()
    .map(|s| Cell::Text(s.to_string()))
    .collect();
    run("plan", budget(1), rows(12, 12), save_rows, |mut rows| {
        check_plan(&rows);
        rows.insert(0, header.clone());
        check_plan(&rows);
        Ok(())
    });
    // Plans that read, at the edges of counts and amounts: the totals must not wrap.
    run(
        "plan",
        budget(1),
        proptest::collection::vec(cohort_row(), 1..6),
        save_rows,
        |mut rows| {
            rows.insert(0, header.clone());
            check_plan(&rows);
            Ok(())
        },
    );
}
